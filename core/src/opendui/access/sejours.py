"""Séjours: admission, entry and exit of a usager in an établissement."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from opendui.access.audit import AuditAction
from opendui.access.base import placeholders
from opendui.db.errors import conflict_on_integrity
from opendui.domain.records import SejourRecord, from_row
from opendui.domain.tables import Sejour
from opendui.domain.terminologies import TYPES_ACCUEIL
from opendui.errors import ConflictError, IllegalTransitionError, NotFoundError, ValidationError

if TYPE_CHECKING:
    from opendui.access.base import DataAccess

_COLUMNS = (
    "id, usager, etablissement, numero_dossier, type_accueil, admission_date, entry_date, "
    "planned_exit_date, exit_date, entry_mode_label, exit_mode_label, status, version"
)


class SejourService:
    """Séjours of visible usagers."""

    def __init__(self, access: DataAccess) -> None:
        self.access = access
        self.db = access.db

    async def by_usagers(self, usager_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[SejourRecord]]:
        """Séjours of usagers opened by this request, newest entry first."""
        allowed = self.access.opened(usager_ids)
        result: dict[uuid.UUID, list[SejourRecord]] = defaultdict(list)
        if not allowed:
            return result
        rows = await self.db.fetch(
            f"SELECT {_COLUMNS} FROM core_sejour WHERE usager IN ({placeholders(len(allowed))}) "
            "ORDER BY entry_date DESC, id",
            *allowed,
        )
        for row in rows:
            record = from_row(SejourRecord, row)
            result[record.usager].append(record)
        for usager_id in allowed:
            self.access.audit.add(AuditAction.READ, "Sejour", usager_id=usager_id)
        return result

    async def present(self, etablissement_id: uuid.UUID, on: dt.date) -> list[SejourRecord]:
        """Séjours in ``etablissement_id`` during day ``on`` (entry on or before it, exit after it).

        Used by census indicators (GMP, PMP). The caller must belong to the établissement
        (``NOT_FOUND`` otherwise); every usager listed is audited as read.
        """
        visible = self.access.visible_etablissements()
        if visible is not None and etablissement_id not in visible:
            raise NotFoundError("établissement not found", details={"id": str(etablissement_id)})
        rows = await self.db.fetch(
            f"SELECT {_COLUMNS} FROM core_sejour WHERE etablissement = {{}} AND entry_date <= {{}} "
            "AND (exit_date IS NULL OR exit_date > {}) ORDER BY entry_date, id",
            etablissement_id,
            on,
            on,
        )
        records = [from_row(SejourRecord, row) for row in rows]
        for record in records:
            self.access.opened_usagers.add(record.usager)
            self.access.audit.add(AuditAction.READ, "Sejour", usager_id=record.usager, object_id=record.id)
        return records

    async def get(self, sejour_id: uuid.UUID) -> SejourRecord:
        """A séjour of a visible usager (``NOT_FOUND`` otherwise)."""
        row = await self.db.fetchrow(f"SELECT {_COLUMNS} FROM core_sejour WHERE id = {{}}", sejour_id)
        if row is None:
            raise NotFoundError("séjour not found", details={"id": str(sejour_id)})
        record = from_row(SejourRecord, row)
        await self.access.usagers.get(record.usager)  # scope check, NOT_FOUND if invisible
        self.access.audit.add(AuditAction.READ, "Sejour", usager_id=record.usager, object_id=record.id)
        return record

    async def open(
        self,
        *,
        usager_id: uuid.UUID,
        etablissement_id: uuid.UUID,
        type_accueil: str,
        entry_date: dt.date,
        admission_date: dt.date | None = None,
        planned_exit_date: dt.date | None = None,
        numero_dossier: str | None = None,
        entry_mode_label: str | None = None,
    ) -> SejourRecord:
        """Open a séjour (one open séjour per usager and établissement).

        :raises ForbiddenError: without ``core.sejour.write`` in the établissement.
        :raises ConflictError: when a séjour is already open there.
        """
        context = self.access.context
        await self.access.usagers.get(usager_id)
        await self.access.organisations.etablissement(etablissement_id)
        context.require(
            "core.sejour.write", etablissement_id, usager_id=usager_id, object_type="Sejour"
        )
        if type_accueil not in TYPES_ACCUEIL:
            raise ValidationError(
                f"typeAccueil {type_accueil} is not a TRE_R213 mode de prise en charge code",
                code="INVALID_CODE",
                details={"field": "typeAccueil"},
            )
        if admission_date and admission_date > entry_date:
            raise ValidationError(
                "admissionDate cannot be after entryDate", details={"field": "admissionDate"}
            )
        if planned_exit_date and planned_exit_date < entry_date:
            raise ValidationError(
                "plannedExitDate cannot be before entryDate", details={"field": "plannedExitDate"}
            )
        now = dt.datetime.now(dt.timezone.utc)
        row = Sejour(
            id=uuid.uuid4(),
            usager=usager_id,
            etablissement=etablissement_id,
            numero_dossier=numero_dossier,
            type_accueil=type_accueil,
            admission_date=admission_date,
            entry_date=entry_date,
            planned_exit_date=planned_exit_date,
            exit_date=None,
            entry_mode_label=entry_mode_label,
            exit_mode_label=None,
            status="open",
            created_at=now,
            updated_at=now,
            version=1,
        )
        async with self.access.write():
            with conflict_on_integrity("a séjour is already open for this usager in this établissement"):
                await Sejour.insert(row)
            record = await self._load(row.id)
            self.access.audit.add(AuditAction.CREATE, "Sejour", usager_id=usager_id, object_id=row.id)
            await self.access.emit("on_sejour_opened", sejour=record)
        return record

    async def close(
        self,
        sejour_id: uuid.UUID,
        *,
        exit_date: dt.date,
        expected_version: int,
        exit_mode_label: str | None = None,
    ) -> SejourRecord:
        """Close an open séjour.

        :raises IllegalTransitionError: when it is already closed.
        :raises ValidationError: when ``exit_date`` is before the entry date.
        :raises ConflictError: on a stale ``expected_version``.
        """
        current = await self.get(sejour_id)
        self.access.context.require(
            "core.sejour.write", current.etablissement, usager_id=current.usager, object_type="Sejour"
        )
        if current.status != "open":
            raise IllegalTransitionError("this séjour is already closed")
        if exit_date < current.entry_date:
            raise ValidationError("exitDate cannot be before entryDate", details={"field": "exitDate"})
        if current.version != expected_version:
            raise ConflictError("the séjour was changed by someone else; reload it")
        async with self.access.write():
            await Sejour.update(
                {
                    Sejour.status: "closed",
                    Sejour.exit_date: exit_date,
                    Sejour.exit_mode_label: exit_mode_label,
                    Sejour.updated_at: dt.datetime.now(dt.timezone.utc),
                    Sejour.version: current.version + 1,
                }
            ).where((Sejour.id == sejour_id) & (Sejour.version == current.version))
            record = await self._load(sejour_id)
            if record.version != current.version + 1:
                raise ConflictError("the séjour was changed by someone else; reload it")
            self.access.audit.add(AuditAction.UPDATE, "Sejour", usager_id=record.usager, object_id=record.id)
            await self.access.emit("on_sejour_closed", sejour=record)
        return record

    async def _load(self, sejour_id: uuid.UUID) -> SejourRecord:
        row = await self.db.fetchrow(f"SELECT {_COLUMNS} FROM core_sejour WHERE id = {{}}", sejour_id)
        assert row is not None
        return from_row(SejourRecord, row)
