"""Usagers and their identity: scoped reads, audited writes."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from opendui.access.audit import AuditAction
from opendui.access.base import placeholders
from opendui.access.pagination import Page, check_page_size, decode_cursor, encode_cursor
from opendui.db.errors import conflict_on_integrity
from opendui.domain import identity as rules
from opendui.domain.records import IdentityRecord, UsagerRecord, from_row
from opendui.domain.tables import Identity, Usager
from opendui.errors import ConflictError, IllegalTransitionError, NotFoundError
from opendui.text import fold, like_pattern

if TYPE_CHECKING:
    from opendui.access.base import DataAccess

_USAGER_COLUMNS = "u.id, u.etablissement, u.ipp, u.status, u.created_at, u.updated_at, u.version"
_IDENTITY_COLUMNS = (
    "id, usager, birth_name, birth_given_names, first_birth_given_name, used_name, "
    "used_given_name, birth_date, sex, birthplace_code, ins_matricule, ins_oid, status, "
    "attributes, validation_mode, validation_document, validated_at, version"
)


def sort_key(traits: rules.Traits) -> str:
    """Alphabetical key (birth name, first name, birth date) also used for search."""
    parts = [
        fold(traits.birth_name),
        fold(traits.first_birth_given_name),
        traits.birth_date.isoformat(),
        fold(traits.used_name or ""),
    ]
    return " ".join(parts).strip()


@dataclass
class IdentityInput:
    """What a caller gives to create or change an identity (GraphQL inputs map onto it)."""

    birth_name: str
    birth_given_names: Sequence[str]
    birth_date: dt.date
    sex: str
    birthplace_code: str | None = None
    used_name: str | None = None
    used_given_name: str | None = None
    ins_matricule: str | None = None
    ins_oid: str | None = None
    status: str = "PROV"
    validation_mode: str | None = None
    validation_document: str | None = None
    attributes: Sequence[str] = field(default_factory=tuple)


class UsagerService:
    """Usagers visible to the principal, and changes to them."""

    def __init__(self, access: DataAccess) -> None:
        self.access = access
        self.db = access.db

    # -- reads ----------------------------------------------------------------------------------

    def _opened(self, records: Iterable[UsagerRecord]) -> None:
        for record in records:
            self.access.opened_usagers.add(record.id)
            self.access.audit.add(AuditAction.READ, "Usager", usager_id=record.id, object_id=record.id)

    async def page(
        self, *, first: int | None, after: str | None, search: str | None
    ) -> Page[UsagerRecord]:
        """A page of visible usagers in alphabetical order, optionally filtered by name."""
        limits = self.access.context.settings.limits
        size = check_page_size(first, limits.default_page_size, limits.max_page_size)
        scope, args = self.access.usager_scope("u")
        conditions = [scope, "u.status != 'merged'"]
        if search:
            conditions.append("u.sort_key LIKE {} ESCAPE '\\'")
            args.append(like_pattern(search))
        if after:
            key, last_id = decode_cursor(after, 2)
            conditions.append("(u.sort_key > {} OR (u.sort_key = {} AND u.id > {}))")
            args.extend([key, key, uuid.UUID(last_id) if _is_uuid(last_id) else last_id])
        rows = await self.db.fetch(
            f"SELECT {_USAGER_COLUMNS}, u.sort_key FROM core_usager u "
            f"WHERE {' AND '.join(conditions)} ORDER BY u.sort_key, u.id LIMIT {size + 1}",
            *args,
        )
        has_next = len(rows) > size
        rows = rows[:size]
        records = [from_row(UsagerRecord, row) for row in rows]
        self._opened(records)
        cursors = [encode_cursor(row["sort_key"], str(row["id"])) for row in rows]
        return Page(records, cursors, has_next)

    async def count(self, *, search: str | None) -> int:
        """How many usagers the principal may see (matching ``search``)."""
        scope, args = self.access.usager_scope("u")
        conditions = [scope, "u.status != 'merged'"]
        if search:
            conditions.append("u.sort_key LIKE {} ESCAPE '\\'")
            args.append(like_pattern(search))
        row = await self.db.fetchrow(
            f"SELECT COUNT(*) AS n FROM core_usager u WHERE {' AND '.join(conditions)}", *args
        )
        return int(row["n"]) if row else 0

    async def by_ids(self, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, UsagerRecord]:
        """The visible usagers among ``ids`` (invisible ones are simply absent)."""
        if not ids:
            return {}
        scope, args = self.access.usager_scope("u")
        rows = await self.db.fetch(_by_ids_sql(len(ids), scope), *ids, *args)
        records = [from_row(UsagerRecord, row) for row in rows]
        self._opened(records)
        return {record.id: record for record in records}

    async def get(self, usager_id: uuid.UUID) -> UsagerRecord:
        """A visible usager.

        :raises NotFoundError: when the usager does not exist *or* is outside the caller's scope
            (the same answer, so that ids cannot be probed).
        """
        found = (await self.by_ids([usager_id])).get(usager_id)
        if found is None:
            raise NotFoundError("usager not found", details={"id": str(usager_id)})
        return found

    async def identities(self, usager_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, IdentityRecord]:
        """Identities of usagers already opened by this request."""
        allowed = self.access.opened(usager_ids)
        if not allowed:
            return {}
        rows = await self.db.fetch(
            f"SELECT {_IDENTITY_COLUMNS} FROM core_identity "
            f"WHERE usager IN ({placeholders(len(allowed))})",
            *allowed,
        )
        result = {}
        for row in rows:
            record = from_row(IdentityRecord, row)
            result[record.usager] = record
            self.access.audit.add(
                AuditAction.READ, "Identity", usager_id=record.usager, object_id=record.id
            )
        return result

    async def identity(self, usager_id: uuid.UUID) -> IdentityRecord:
        """The identity of a visible usager."""
        await self.get(usager_id)
        return (await self.identities([usager_id]))[usager_id]

    # -- writes ---------------------------------------------------------------------------------

    async def create(self, etablissement_id: uuid.UUID, data: IdentityInput) -> UsagerRecord:
        """Create a usager attached to ``etablissement_id`` with their first identity.

        :raises ForbiddenError: without ``core.usager.write`` in that établissement.
        :raises OpenDUIError: invalid traits or INS (``VALIDATION_ERROR``, ``INVALID_NIR_KEY``...).
        :raises ConflictError: when the INS matricule already belongs to another usager.
        """
        context = self.access.context
        context.require("core.usager.write", etablissement_id, object_type="Usager")
        await self.access.organisations.etablissement(etablissement_id)
        if data.status in rules.INSI_STATUSES and not context.principal.is_system:
            raise IllegalTransitionError(
                f"status {data.status} is obtained through the INSi téléservice, not by hand"
            )
        traits, ins = self._validate(data)
        now = dt.datetime.now(dt.timezone.utc)
        usager = Usager(
            id=uuid.uuid4(),
            etablissement=etablissement_id,
            ipp=f"IPP-{secrets.token_hex(5).upper()}",
            status="active",
            sort_key=sort_key(traits),
            created_at=now,
            updated_at=now,
            version=1,
        )
        identity = self._identity_row(usager.id, traits, ins, data, now)
        async with self.access.write():
            with conflict_on_integrity("this INS matricule already belongs to another usager"):
                await Usager.insert(usager)
                await Identity.insert(identity)
            record = await self._load(usager.id)
            self.access.audit.add(AuditAction.CREATE, "Usager", usager_id=record.id, object_id=record.id)
            await self.access.emit("on_usager_created", usager=record)
        return record

    async def update_identity(
        self, usager_id: uuid.UUID, expected_version: int, changes: Mapping[str, Any]
    ) -> IdentityRecord:
        """Change identity traits or status with optimistic concurrency.

        ``changes`` holds :class:`IdentityInput` field names. Strict traits of a ``RECUP`` or
        ``QUAL`` identity cannot be edited by hand; status changes follow the RNIV transitions.

        :raises ConflictError: when ``expected_version`` is not the current version.
        :raises IllegalTransitionError: for a forbidden status change or strict-trait edit.
        """
        context = self.access.context
        usager = await self.get(usager_id)
        context.require(
            "core.identity.write", usager.etablissement, usager_id=usager_id, object_type="Identity"
        )
        current = (await self.identities([usager_id]))[usager_id]
        if current.version != expected_version:
            raise ConflictError(
                "the identity was changed by someone else; reload it",
                details={"currentVersion": current.version},
            )
        merged = {
            "birth_name": current.birth_name,
            "birth_given_names": current.birth_given_names,
            "birth_date": current.birth_date,
            "sex": current.sex,
            "birthplace_code": current.birthplace_code,
            "used_name": current.used_name,
            "used_given_name": current.used_given_name,
            "ins_matricule": current.ins_matricule,
            "ins_oid": current.ins_oid,
            "status": current.status,
            "validation_mode": current.validation_mode,
            "validation_document": current.validation_document,
            "attributes": current.attributes,
        }
        merged.update(changes)
        data = IdentityInput(**merged)
        rules.check_transition(current.status, data.status)
        if (
            data.status in rules.INSI_STATUSES
            and data.status != current.status
            and not context.principal.is_system
        ):
            raise IllegalTransitionError(
                f"status {data.status} is obtained through the INSi téléservice, not by hand"
            )
        traits, ins = self._validate(data)
        normalised = {name: getattr(traits, name) for name in rules.STRICT_TRAITS}
        edited = rules.strict_changes(current, normalised)
        if edited and current.status in rules.INSI_STATUSES:
            raise IllegalTransitionError(
                f"strict traits ({', '.join(edited)}) of a {current.status} identity come from "
                "INSi and cannot be edited by hand; downgrade the identity first"
            )
        if (ins.matricule if ins else None) != current.ins_matricule and current.status in rules.INSI_STATUSES:
            raise IllegalTransitionError("the INS of a RECUP or QUAL identity comes from INSi")
        now = dt.datetime.now(dt.timezone.utc)
        values = self._identity_row(usager_id, traits, ins, data, now)
        async with self.access.write():
            with conflict_on_integrity("this INS matricule already belongs to another usager"):
                await Identity.update(
                    {
                        column: getattr(values, column._meta.name)
                        for column in Identity._meta.columns
                        if column._meta.name not in ("id", "usager", "created_at", "version")
                    }
                    | {Identity.version: current.version + 1}
                ).where(
                    (Identity.usager == usager_id) & (Identity.version == current.version)
                )
                await Usager.update(
                    {Usager.sort_key: sort_key(traits), Usager.updated_at: now}
                ).where(Usager.id == usager_id)
            updated = (await self.identities([usager_id]))[usager_id]
            if updated.version != current.version + 1:
                raise ConflictError("the identity was changed by someone else; reload it")
            diff = {
                name: (getattr(current, name), getattr(updated, name))
                for name in merged
                if getattr(current, name) != getattr(updated, name)
            }
            self.access.audit.add(
                AuditAction.UPDATE,
                "Identity",
                usager_id=usager_id,
                object_id=updated.id,
                details={"fields": sorted(diff)},
            )
            await self.access.emit("on_usager_updated", usager=usager, changes=diff)
            if current.status != updated.status:
                await self.access.emit(
                    "on_identity_status_changed",
                    identity=updated,
                    old_status=current.status,
                    new_status=updated.status,
                )
        return updated

    # -- helpers --------------------------------------------------------------------------------

    def _validate(self, data: IdentityInput) -> tuple[rules.Traits, rules.InsInput | None]:
        traits = rules.validate_traits(
            birth_name=data.birth_name,
            birth_given_names=data.birth_given_names,
            birth_date=data.birth_date,
            sex=data.sex,
            birthplace_code=data.birthplace_code,
            used_name=data.used_name,
            used_given_name=data.used_given_name,
        )
        ins = None
        if data.ins_matricule:
            ins = rules.validate_ins_for_traits(
                data.ins_matricule, data.ins_oid or rules.default_oid(data.ins_matricule), traits
            )
        rules.check_status(
            status=data.status,
            ins=ins,
            birthplace_code=traits.birthplace_code,
            validation_mode=data.validation_mode,
            attributes=list(data.attributes),
        )
        return traits, ins

    @staticmethod
    def _identity_row(
        usager_id: uuid.UUID,
        traits: rules.Traits,
        ins: rules.InsInput | None,
        data: IdentityInput,
        now: dt.datetime,
    ) -> Identity:
        validated = data.status in ("VALI", "QUAL")
        return Identity(
            id=uuid.uuid4(),
            usager=usager_id,
            birth_name=traits.birth_name,
            birth_given_names=list(traits.birth_given_names),
            first_birth_given_name=traits.first_birth_given_name,
            used_name=traits.used_name,
            used_given_name=traits.used_given_name,
            birth_date=traits.birth_date,
            sex=traits.sex,
            birthplace_code=traits.birthplace_code,
            ins_matricule=ins.matricule if ins else None,
            ins_oid=ins.oid if ins else None,
            status=data.status,
            attributes=sorted(set(data.attributes)),
            validation_mode=data.validation_mode if validated else None,
            validation_document=data.validation_document if validated else None,
            validated_at=now if validated else None,
            created_at=now,
            updated_at=now,
            version=1,
        )

    async def _load(self, usager_id: uuid.UUID) -> UsagerRecord:
        row = await self.db.fetchrow(
            f"SELECT {_USAGER_COLUMNS} FROM core_usager u WHERE u.id = {{}}", usager_id
        )
        assert row is not None
        record = from_row(UsagerRecord, row)
        self.access.opened_usagers.add(record.id)
        return record


@lru_cache(maxsize=512)
def _by_ids_sql(count: int, scope: str) -> str:
    return f"SELECT {_USAGER_COLUMNS} FROM core_usager u WHERE u.id IN ({placeholders(count)}) AND {scope}"


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
