"""Organismes gestionnaires (FINESS EJ) and their établissements (FINESS ET)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from opendui.access.audit import AuditAction
from opendui.access.base import placeholders
from opendui.db.errors import conflict_on_integrity
from opendui.domain.records import EtablissementRecord, OrganismeRecord, from_row
from opendui.domain.tables import Etablissement, OrganismeGestionnaire
from opendui.domain.terminologies import CATEGORIES_ETABLISSEMENT, SECTEURS_ACTIVITE
from opendui.domain.validation import checked_finess, checked_siren, required_text
from opendui.errors import ConflictError, ForbiddenError, NotFoundError, ValidationError

if TYPE_CHECKING:
    from opendui.access.base import DataAccess

_ORG_COLUMNS = "id, finess_ej, raison_sociale, siren, version"
_ETAB_COLUMNS = (
    "id, organisme, finess_et, name, categorie_code, secteur_activite, address_line, "
    "postal_code, city, active, version"
)


class OrganisationService:
    """Organisations are reference data: visible to members, changed by their administrators."""

    def __init__(self, access: DataAccess) -> None:
        self.access = access
        self.db = access.db

    # -- reads ----------------------------------------------------------------------------------

    async def etablissements(self) -> list[EtablissementRecord]:
        """Établissements the principal belongs to (all of them for the system actor)."""
        ids = self.access.visible_etablissements()
        if ids is None:
            rows = await self.db.fetch(f"SELECT {_ETAB_COLUMNS} FROM core_etablissement ORDER BY name")
        elif not ids:
            return []
        else:
            rows = await self.db.fetch(
                f"SELECT {_ETAB_COLUMNS} FROM core_etablissement "
                f"WHERE id IN ({placeholders(len(ids))}) ORDER BY name",
                *ids,
            )
        return [from_row(EtablissementRecord, row) for row in rows]

    async def etablissements_by_ids(
        self, ids: Sequence[uuid.UUID]
    ) -> dict[uuid.UUID, EtablissementRecord]:
        """Établissements by id (public FINESS reference data, not scoped)."""
        if not ids:
            return {}
        rows = await self.db.fetch(
            f"SELECT {_ETAB_COLUMNS} FROM core_etablissement WHERE id IN ({placeholders(len(ids))})",
            *ids,
        )
        return {record.id: record for record in (from_row(EtablissementRecord, r) for r in rows)}

    async def etablissement(self, etablissement_id: uuid.UUID) -> EtablissementRecord:
        """An établissement by id (``NOT_FOUND`` when it does not exist)."""
        found = (await self.etablissements_by_ids([etablissement_id])).get(etablissement_id)
        if found is None:
            raise NotFoundError("établissement not found", details={"id": str(etablissement_id)})
        return found

    async def organismes_by_ids(self, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, OrganismeRecord]:
        """Organismes gestionnaires by id."""
        if not ids:
            return {}
        rows = await self.db.fetch(
            f"SELECT {_ORG_COLUMNS} FROM core_organisme_gestionnaire "
            f"WHERE id IN ({placeholders(len(ids))})",
            *ids,
        )
        return {record.id: record for record in (from_row(OrganismeRecord, r) for r in rows)}

    async def organismes(self) -> list[OrganismeRecord]:
        """Organismes the principal works for."""
        etabs = await self.etablissements()
        found = await self.organismes_by_ids(sorted({e.organisme for e in etabs}, key=str))
        if self.access.principal.is_system:
            rows = await self.db.fetch(
                f"SELECT {_ORG_COLUMNS} FROM core_organisme_gestionnaire ORDER BY raison_sociale"
            )
            return [from_row(OrganismeRecord, row) for row in rows]
        return sorted(found.values(), key=lambda o: o.raison_sociale)

    # -- writes ---------------------------------------------------------------------------------

    async def _require_org_admin(self, organisme_id: uuid.UUID | None) -> None:
        principal = self.access.principal
        if principal.is_platform_admin:
            return
        if organisme_id is not None:
            for etab in await self.etablissements():
                if etab.organisme == organisme_id and self.access.context.can(
                    "core.organisation.write", etab.id
                ):
                    return
        raise ForbiddenError("managing organisations requires an administrator")

    async def create_organisme(
        self, *, finess_ej: str, raison_sociale: str, siren: str | None = None
    ) -> OrganismeRecord:
        """Create an organisme gestionnaire (platform administrators only)."""
        await self._require_org_admin(None)
        now = dt.datetime.now(dt.timezone.utc)
        row = OrganismeGestionnaire(
            id=uuid.uuid4(),
            finess_ej=checked_finess(finess_ej, "finessEj"),
            raison_sociale=required_text(raison_sociale, "raisonSociale", 200),
            siren=checked_siren(siren) if siren else None,
            created_at=now,
            updated_at=now,
            version=1,
        )
        async with self.access.write():
            with conflict_on_integrity("an organisme with this FINESS EJ already exists"):
                await OrganismeGestionnaire.insert(row)
            self.access.audit.add(AuditAction.CREATE, "OrganismeGestionnaire", usager_id=None, object_id=row.id)
        return (await self.organismes_by_ids([row.id]))[row.id]

    async def update_organisme(
        self, organisme_id: uuid.UUID, expected_version: int, changes: Mapping[str, Any]
    ) -> OrganismeRecord:
        """Change the raison sociale or SIREN of an organisme."""
        await self._require_org_admin(organisme_id)
        current = (await self.organismes_by_ids([organisme_id])).get(organisme_id)
        if current is None:
            raise NotFoundError("organisme not found")
        values: dict[Any, Any] = {}
        if "raison_sociale" in changes:
            values[OrganismeGestionnaire.raison_sociale] = required_text(
                changes["raison_sociale"], "raisonSociale", 200
            )
        if "siren" in changes:
            values[OrganismeGestionnaire.siren] = (
                checked_siren(changes["siren"]) if changes["siren"] else None
            )
        await self._versioned_update(OrganismeGestionnaire, organisme_id, current.version, expected_version, values)
        return (await self.organismes_by_ids([organisme_id]))[organisme_id]

    async def create_etablissement(
        self,
        *,
        organisme_id: uuid.UUID,
        finess_et: str,
        name: str,
        categorie_code: str,
        secteur_activite: str | None = None,
        address_line: str | None = None,
        postal_code: str | None = None,
        city: str | None = None,
    ) -> EtablissementRecord:
        """Create an établissement of an organisme."""
        await self._require_org_admin(organisme_id)
        if not (await self.organismes_by_ids([organisme_id])):
            raise NotFoundError("organisme not found")
        _check_codes(categorie_code, secteur_activite)
        now = dt.datetime.now(dt.timezone.utc)
        row = Etablissement(
            id=uuid.uuid4(),
            organisme=organisme_id,
            finess_et=checked_finess(finess_et, "finessEt"),
            name=required_text(name, "name", 200),
            categorie_code=categorie_code,
            secteur_activite=secteur_activite,
            address_line=address_line,
            postal_code=postal_code,
            city=city,
            active=True,
            created_at=now,
            updated_at=now,
            version=1,
        )
        async with self.access.write():
            with conflict_on_integrity("an établissement with this FINESS ET already exists"):
                await Etablissement.insert(row)
            self.access.audit.add(AuditAction.CREATE, "Etablissement", usager_id=None, object_id=row.id)
        return await self.etablissement(row.id)

    async def update_etablissement(
        self, etablissement_id: uuid.UUID, expected_version: int, changes: Mapping[str, Any]
    ) -> EtablissementRecord:
        """Change an établissement's name, category, sector, address or active flag."""
        current = await self.etablissement(etablissement_id)
        await self._require_org_admin(current.organisme)
        values: dict[Any, Any] = {}
        _check_codes(changes.get("categorie_code", current.categorie_code), changes.get("secteur_activite", current.secteur_activite))
        for name in ("categorie_code", "secteur_activite", "address_line", "postal_code", "city", "active"):
            if name in changes:
                values[getattr(Etablissement, name)] = changes[name]
        if "name" in changes:
            values[Etablissement.name] = required_text(changes["name"], "name", 200)
        await self._versioned_update(Etablissement, etablissement_id, current.version, expected_version, values)
        return await self.etablissement(etablissement_id)

    async def _versioned_update(
        self, table: Any, row_id: uuid.UUID, current: int, expected: int, values: dict[Any, Any]
    ) -> None:
        if current != expected:
            raise ConflictError("changed by someone else; reload it", details={"currentVersion": current})
        values[table.version] = current + 1
        values[table.updated_at] = dt.datetime.now(dt.timezone.utc)
        async with self.access.write():
            await table.update(values).where((table.id == row_id) & (table.version == current))
            rows = await self.db.fetch(f"SELECT version FROM {table._meta.tablename} WHERE id = {{}}", row_id)
            if not rows or rows[0]["version"] != current + 1:
                raise ConflictError("changed by someone else; reload it")
            self.access.audit.add(AuditAction.UPDATE, table.__name__, usager_id=None, object_id=row_id)


def _check_codes(categorie_code: str, secteur_activite: str | None) -> None:
    if categorie_code not in CATEGORIES_ETABLISSEMENT:
        raise ValidationError(
            f"categorieCode {categorie_code} is not a TRE_R66 catégorie d'établissement",
            code="INVALID_CODE",
            details={"field": "categorieCode"},
        )
    if secteur_activite is not None and secteur_activite not in SECTEURS_ACTIVITE:
        raise ValidationError(
            f"secteurActivite {secteur_activite} is not a TRE_R02 code",
            code="INVALID_CODE",
            details={"field": "secteurActivite"},
        )
