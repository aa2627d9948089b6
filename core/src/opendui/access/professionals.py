"""Professionals, their memberships, and the resolution of an actor into a principal."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from opendui.access.audit import AuditAction
from opendui.access.base import placeholders
from opendui.db.database import Database
from opendui.db.errors import conflict_on_integrity
from opendui.domain.records import MembershipRecord, ProfessionalRecord, from_row
from opendui.domain.tables import Membership, Professional
from opendui.domain.terminologies import validate_profession
from opendui.domain.validation import checked_adeli, checked_rpps, required_text
from opendui.errors import ConflictError, ForbiddenError, NotFoundError, ValidationError
from opendui.security import ROLES, Actor, Principal

if TYPE_CHECKING:
    from opendui.access.base import DataAccess

_COLUMNS = (
    "id, login, id_nat_ps, rpps, adeli, last_name, first_name, profession_system, "
    "profession_code, email, active, version"
)
_LOGIN_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789.-_@")


async def resolve_principal(db: Database, actor: Actor) -> Principal | None:
    """The active professional behind ``actor`` (by login or idNatPS) and their memberships."""
    row = await db.fetchrow(
        f"SELECT {_COLUMNS} FROM core_professional WHERE (login = {{}} OR id_nat_ps = {{}}) "
        "AND active = {}",
        actor.subject,
        actor.subject,
        True,
    )
    if row is None:
        return None
    professional = from_row(ProfessionalRecord, row)
    memberships = await db.fetch(
        "SELECT etablissement, role FROM core_membership WHERE professional = {}", professional.id
    )
    roles: dict[uuid.UUID, set[str]] = defaultdict(set)
    for membership in memberships:
        roles[membership["etablissement"]].add(membership["role"])
    return Principal(
        actor=actor,
        professional_id=professional.id,
        label=f"{professional.first_name} {professional.last_name}",
        roles={etab: frozenset(r) for etab, r in roles.items()},
    )


class ProfessionalService:
    """Professionals of the principal's établissements."""

    def __init__(self, access: DataAccess) -> None:
        self.access = access
        self.db = access.db

    async def by_ids(self, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, ProfessionalRecord]:
        """Professionals by id (names and professions are visible to colleagues)."""
        if not ids:
            return {}
        rows = await self.db.fetch(
            f"SELECT {_COLUMNS} FROM core_professional WHERE id IN ({placeholders(len(ids))})", *ids
        )
        return {record.id: record for record in (from_row(ProfessionalRecord, r) for r in rows)}

    async def get(self, professional_id: uuid.UUID) -> ProfessionalRecord:
        found = (await self.by_ids([professional_id])).get(professional_id)
        if found is None:
            raise NotFoundError("professional not found")
        return found

    async def me(self) -> ProfessionalRecord | None:
        """The caller's own professional record (``None`` for the system actor)."""
        pid = self.access.principal.professional_id
        return await self.get(pid) if pid else None

    async def memberships(self, professional_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[MembershipRecord]]:
        """Memberships by professional."""
        result: dict[uuid.UUID, list[MembershipRecord]] = defaultdict(list)
        if not professional_ids:
            return result
        rows = await self.db.fetch(
            "SELECT id, professional, etablissement, role FROM core_membership "
            f"WHERE professional IN ({placeholders(len(professional_ids))}) ORDER BY role",
            *professional_ids,
        )
        for row in rows:
            record = from_row(MembershipRecord, row)
            result[record.professional].append(record)
        return result

    async def list(self, etablissement_id: uuid.UUID | None = None) -> list[ProfessionalRecord]:
        """Professionals who are members of the principal's établissements (or of one of them)."""
        visible = self.access.visible_etablissements()
        if etablissement_id is not None:
            if visible is not None and etablissement_id not in visible:
                raise NotFoundError("établissement not found")
            visible = [etablissement_id]
        if visible is not None and not visible:
            return []
        where = "" if visible is None else f"WHERE m.etablissement IN ({placeholders(len(visible))})"
        rows = await self.db.fetch(
            f"SELECT DISTINCT p.{_COLUMNS.replace(', ', ', p.')} FROM core_professional p "
            f"JOIN core_membership m ON m.professional = p.id {where} ORDER BY p.last_name, p.first_name",
            *(visible or []),
        )
        return [from_row(ProfessionalRecord, row) for row in rows]

    # -- writes ---------------------------------------------------------------------------------

    def _require_staff_admin(self, etablissement_id: uuid.UUID) -> None:
        self.access.context.require("core.professional.write", etablissement_id, object_type="Professional")

    async def create(
        self,
        *,
        login: str,
        last_name: str,
        first_name: str,
        profession_system: str,
        profession_code: str,
        memberships: Sequence[tuple[uuid.UUID, str]],
        rpps: str | None = None,
        adeli: str | None = None,
        email: str | None = None,
    ) -> ProfessionalRecord:
        """Create a professional with at least one membership.

        :raises ForbiddenError: without ``core.professional.write`` in every membership's établissement.
        """
        if not memberships:
            raise ValidationError("at least one membership is required", details={"field": "memberships"})
        for etab_id, role in memberships:
            await self.access.organisations.etablissement(etab_id)
            self._require_staff_admin(etab_id)
            _check_role(role)
        validate_profession(profession_system, profession_code)
        rpps = checked_rpps(rpps) if rpps else None
        adeli = checked_adeli(adeli) if adeli else None
        if rpps and adeli:
            raise ValidationError("give either an RPPS or an ADELI number, not both", details={"field": "adeli"})
        now = dt.datetime.now(dt.timezone.utc)
        row = Professional(
            id=uuid.uuid4(),
            login=_checked_login(login),
            id_nat_ps=f"8{rpps}" if rpps else (f"0{adeli}" if adeli else None),
            rpps=rpps,
            adeli=adeli,
            last_name=required_text(last_name, "lastName", 100).upper(),
            first_name=required_text(first_name, "firstName", 100),
            profession_system=profession_system,
            profession_code=profession_code,
            email=email,
            active=True,
            created_at=now,
            updated_at=now,
            version=1,
        )
        async with self.access.write():
            with conflict_on_integrity("a professional with this login, RPPS or ADELI already exists"):
                await Professional.insert(row)
                for etab_id, role in memberships:
                    await Membership.insert(
                        Membership(id=uuid.uuid4(), professional=row.id, etablissement=etab_id, role=role, created_at=now)
                    )
            self.access.audit.add(AuditAction.CREATE, "Professional", usager_id=None, object_id=row.id)
        return await self.get(row.id)

    async def update(
        self, professional_id: uuid.UUID, expected_version: int, changes: Mapping[str, Any]
    ) -> ProfessionalRecord:
        """Change names, profession, email or the active flag of a professional."""
        current = await self.get(professional_id)
        memberships = (await self.memberships([professional_id]))[professional_id]
        if not any(self.access.context.can("core.professional.write", m.etablissement) for m in memberships):
            raise ForbiddenError("permission core.professional.write is required")
        if current.version != expected_version:
            raise ConflictError("changed by someone else; reload it", details={"currentVersion": current.version})
        values: dict[Any, Any] = {}
        if "last_name" in changes:
            values[Professional.last_name] = required_text(changes["last_name"], "lastName", 100).upper()
        if "first_name" in changes:
            values[Professional.first_name] = required_text(changes["first_name"], "firstName", 100)
        if "profession_code" in changes or "profession_system" in changes:
            system = changes.get("profession_system", current.profession_system)
            code = changes.get("profession_code", current.profession_code)
            validate_profession(system, code)
            values[Professional.profession_system] = system
            values[Professional.profession_code] = code
        for name in ("email", "active"):
            if name in changes:
                values[getattr(Professional, name)] = changes[name]
        values[Professional.version] = current.version + 1
        values[Professional.updated_at] = dt.datetime.now(dt.timezone.utc)
        async with self.access.write():
            await Professional.update(values).where(
                (Professional.id == professional_id) & (Professional.version == current.version)
            )
            updated = await self.get(professional_id)
            if updated.version != current.version + 1:
                raise ConflictError("changed by someone else; reload it")
            self.access.audit.add(AuditAction.UPDATE, "Professional", usager_id=None, object_id=professional_id)
        return updated

    async def add_membership(self, professional_id: uuid.UUID, etablissement_id: uuid.UUID, role: str) -> MembershipRecord:
        """Give a professional a role in an établissement."""
        await self.get(professional_id)
        await self.access.organisations.etablissement(etablissement_id)
        self._require_staff_admin(etablissement_id)
        _check_role(role)
        row = Membership(
            id=uuid.uuid4(), professional=professional_id, etablissement=etablissement_id, role=role,
            created_at=dt.datetime.now(dt.timezone.utc),
        )
        async with self.access.write():
            with conflict_on_integrity("this membership already exists"):
                await Membership.insert(row)
            self.access.audit.add(AuditAction.CREATE, "Membership", usager_id=None, object_id=row.id)
        return MembershipRecord(row.id, professional_id, etablissement_id, role)


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise ValidationError(f"role must be one of {sorted(ROLES)}", details={"field": "role"})


def _checked_login(login: str) -> str:
    cleaned = login.strip().lower()
    if not 3 <= len(cleaned) <= 100 or not set(cleaned) <= _LOGIN_CHARS:
        raise ValidationError(
            "login must have 3 to 100 characters among a-z, 0-9, '.', '-', '_' and '@'",
            details={"field": "login"},
        )
    return cleaned
