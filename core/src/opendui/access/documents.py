"""Documents of the record: metadata (aligned on XDS DocumentEntry), content and versions."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import AsyncIterable, AsyncIterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from opendui.access.audit import AuditAction
from opendui.access.base import placeholders
from opendui.db.errors import INTEGRITY_ERRORS
from opendui.domain.records import DocumentRecord, from_row
from opendui.domain.sniffing import ACCEPTED_MEDIA_TYPES, check_content
from opendui.domain.tables import Document
from opendui.domain.terminologies import CONFIDENTIALITY, DOCUMENT_TYPES, FORMAT_CODES, class_for_type
from opendui.errors import ConflictError, IllegalTransitionError, NotFoundError, ValidationError

if TYPE_CHECKING:
    from opendui.access.base import DataAccess

LOINC = "2.16.840.1.113883.6.1"

#: Sections of the record a document is filed in (plugins may declare more in a later release).
SECTIONS: dict[str, str] = {
    "administratif": "Administratif",
    "social_educatif": "Social et éducatif",
    "accompagnement": "Accompagnement (projet personnalisé, transmissions)",
    "sante": "Santé et soins",
}

_COLUMNS = (
    "id, usager, etablissement, set_id, version_number, status, title, type_code, type_system, "
    "class_code, format_code, confidentiality, section, author, creation_time, service_start, "
    "service_stop, filename, mime_type, size, sha256, storage_backend, storage_key, created_at"
)


@dataclass
class DocumentInput:
    """Metadata given with an upload."""

    usager_id: uuid.UUID
    title: str
    type_code: str
    section: str
    filename: str
    mime_type: str
    confidentiality: str = "N"
    format_code: str | None = None
    service_start: dt.datetime | None = None
    service_stop: dt.datetime | None = None
    replaces: uuid.UUID | None = None


class DocumentService:
    """Documents of visible usagers."""

    def __init__(self, access: DataAccess) -> None:
        self.access = access
        self.db = access.db

    async def by_usagers(
        self, usager_ids: Sequence[uuid.UUID], *, include_superseded: bool = False
    ) -> dict[uuid.UUID, list[DocumentRecord]]:
        """Current documents (or every version) of usagers opened by this request."""
        allowed = self.access.opened(usager_ids)
        result: dict[uuid.UUID, list[DocumentRecord]] = defaultdict(list)
        if not allowed:
            return result
        status = "" if include_superseded else "AND status = 'current' "
        rows = await self.db.fetch(
            f"SELECT {_COLUMNS} FROM core_document WHERE usager IN ({placeholders(len(allowed))}) "
            f"{status}ORDER BY creation_time DESC, id",
            *allowed,
        )
        for row in rows:
            record = from_row(DocumentRecord, row)
            result[record.usager].append(record)
        for usager_id in allowed:
            self.access.audit.add(AuditAction.READ, "Document", usager_id=usager_id)
        return result

    async def get(self, document_id: uuid.UUID) -> DocumentRecord:
        """A document version of a visible usager (``NOT_FOUND`` otherwise)."""
        row = await self.db.fetchrow(
            f"SELECT {_COLUMNS} FROM core_document WHERE id = {{}}", document_id
        )
        if row is None:
            raise NotFoundError("document not found", details={"id": str(document_id)})
        record = from_row(DocumentRecord, row)
        await self.access.usagers.get(record.usager)
        self.access.audit.add(AuditAction.READ, "Document", usager_id=record.usager, object_id=record.id)
        return record

    async def versions(self, set_id: uuid.UUID) -> list[DocumentRecord]:
        """Every version of a logical document, newest first (scope-checked)."""
        rows = await self.db.fetch(
            f"SELECT {_COLUMNS} FROM core_document WHERE set_id = {{}} ORDER BY version_number DESC",
            set_id,
        )
        records = [from_row(DocumentRecord, row) for row in rows]
        if records:
            await self.access.usagers.get(records[0].usager)
        return records

    async def content(self, document_id: uuid.UUID) -> tuple[DocumentRecord, AsyncIterator[bytes]]:
        """A document and a stream of its content; audited as a read of the content."""
        record = await self.get(document_id)
        self.access.audit.add(
            AuditAction.READ, "DocumentContent", usager_id=record.usager, object_id=record.id
        )
        backend = self.access.context.runtime.storage(record.storage_backend)
        return record, backend.read(record.storage_key)

    def _validate(self, data: DocumentInput) -> tuple[str, str]:
        title = " ".join(data.title.split())
        if not 1 <= len(title) <= 250:
            raise ValidationError("title must have 1 to 250 characters", details={"field": "title"})
        if data.type_code not in DOCUMENT_TYPES:
            raise ValidationError(
                f"typeCode {data.type_code} is not a LOINC document type of the CI-SIS value set",
                code="INVALID_CODE",
                details={"field": "typeCode"},
            )
        if data.section not in SECTIONS:
            raise ValidationError(
                f"section must be one of {sorted(SECTIONS)}", details={"field": "section"}
            )
        if data.confidentiality not in CONFIDENTIALITY:
            raise ValidationError(
                "confidentiality must be N, R or V",
                code="INVALID_CODE",
                details={"field": "confidentiality"},
            )
        if data.mime_type not in ACCEPTED_MEDIA_TYPES:
            raise ValidationError(
                f"mimeType must be one of {sorted(ACCEPTED_MEDIA_TYPES)}",
                code="UNSUPPORTED_MEDIA_TYPE",
                details={"field": "mimeType"},
            )
        format_code = data.format_code or ACCEPTED_MEDIA_TYPES[data.mime_type]
        if format_code not in FORMAT_CODES:
            raise ValidationError(
                f"formatCode {format_code} is not in the CI-SIS value set",
                code="INVALID_CODE",
                details={"field": "formatCode"},
            )
        if data.service_start and data.service_stop and data.service_stop < data.service_start:
            raise ValidationError(
                "serviceStop cannot be before serviceStart", details={"field": "serviceStop"}
            )
        return title, format_code

    async def add(self, data: DocumentInput, content: AsyncIterable[bytes]) -> DocumentRecord:
        """Store a document (or a new version of ``data.replaces``) with its content.

        The content is streamed to storage, hashed (SHA-256) and sniffed; the row and its audit
        entry commit together; on any failure the blob is removed and nothing is written.

        :raises ForbiddenError: without ``core.document.write``.
        :raises PayloadTooLargeError: past the upload limit.
        :raises OpenDUIError: ``UNSUPPORTED_MEDIA_TYPE`` when the content contradicts the type.
        """
        context = self.access.context
        usager = await self.access.usagers.get(data.usager_id)
        await self.access.require_on_usager("core.document.write", usager.id, object_type="Document")
        title, format_code = self._validate(data)
        previous = await self.get(data.replaces) if data.replaces else None
        if previous is not None:
            if previous.usager != usager.id:
                raise ValidationError(
                    "a new version must belong to the same usager", details={"field": "replaces"}
                )
            if previous.status != "current":
                raise IllegalTransitionError("only the current version of a document can be replaced")
        backend = context.runtime.storage(context.settings.storage_backend)
        blob = await backend.write(content, max_bytes=context.settings.limits.max_upload_bytes)
        try:
            check_content(data.mime_type, blob.head)
            if blob.size == 0:
                raise ValidationError("the file is empty", details={"field": "file"})
            record = await self._insert(data, usager.etablissement, title, format_code, blob, previous, backend.name)
        except BaseException:
            await backend.delete(blob.key)
            raise
        return record

    async def _insert(
        self,
        data: DocumentInput,
        etablissement_id: uuid.UUID,
        title: str,
        format_code: str,
        blob: object,
        previous: DocumentRecord | None,
        backend_name: str,
    ) -> DocumentRecord:
        from opendui.storage import StoredBlob

        assert isinstance(blob, StoredBlob)
        context = self.access.context
        now = dt.datetime.now(dt.timezone.utc)
        row = Document(
            id=uuid.uuid4(),
            usager=data.usager_id,
            etablissement=etablissement_id,
            set_id=previous.set_id if previous else uuid.uuid4(),
            version_number=previous.version_number + 1 if previous else 1,
            status="current",
            title=title,
            type_code=data.type_code,
            type_system=LOINC,
            class_code=class_for_type(data.type_code) or "95",
            format_code=format_code,
            confidentiality=data.confidentiality,
            section=data.section,
            author=context.principal.professional_id,
            creation_time=now,
            service_start=data.service_start,
            service_stop=data.service_stop,
            filename=data.filename[:250] or "document",
            mime_type=data.mime_type,
            size=blob.size,
            sha256=blob.sha256,
            storage_backend=backend_name,
            storage_key=blob.key,
            created_at=now,
        )
        async with self.access.write():
            try:
                if previous is not None:
                    await Document.update({Document.status: "superseded"}).where(
                        (Document.id == previous.id) & (Document.status == "current")
                    )
                await Document.insert(row)
            except INTEGRITY_ERRORS as error:
                raise ConflictError("another version of this document was added meanwhile") from error
            record = await self._load(row.id)
            self.access.audit.add(
                AuditAction.CREATE, "Document", usager_id=record.usager, object_id=record.id
            )
            await self.access.emit("on_document_added", document=record)
        return record

    async def _load(self, document_id: uuid.UUID) -> DocumentRecord:
        row = await self.db.fetchrow(
            f"SELECT {_COLUMNS} FROM core_document WHERE id = {{}}", document_id
        )
        assert row is not None
        return from_row(DocumentRecord, row)
