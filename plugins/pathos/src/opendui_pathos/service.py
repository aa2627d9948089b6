"""Coupes and points tables stored in the database, through the request's data access.

Usager data is opened with ``context.access.usagers.get`` (``NOT_FOUND`` outside the caller's
scope); writes run in ``context.access.write()`` with their audit entry; reads are audited. Domain
errors (:class:`~opendui_pathos.errors.PathosError`) become :class:`~opendui_sdk.ValidationError`
with a core error code and the plugin's own code in ``details["reason"]``.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from opendui_sdk import (
    AuditAction,
    IllegalTransitionError,
    NotFoundError,
    RequestContext,
    ValidationError,
)
from opendui_sdk.tables import mark_superseded

from opendui_pathos.errors import PathosError, PointsTableError
from opendui_pathos.model import CoupePathos, Couple, parse_etat, parse_profil
from opendui_pathos.points import JSON_FORMAT, PointsTable, parse_points_csv, parse_points_json
from opendui_pathos.tables import PathosCoupe, PathosCoupeItem, PathosPointsTable

#: Permission needed to record a coupe.
COUPE_PERMISSION = "pathos.coupe.write"
#: Permission needed to load a points table.
POINTS_PERMISSION = "pathos.points.write"
#: Object types written in audit entries.
COUPE_AUDIT = "PathosCoupe"
POINTS_AUDIT = "PathosPointsTable"
#: Accepted ``format`` values of :func:`load_points_table`.
FORMATS = ("CSV", "JSON")

_CODE_ERRORS = frozenset({"PATHOS_INVALID_ETAT", "PATHOS_UNKNOWN_PROFIL"})


def api_error(error: PathosError, field: str | None = None, **details: Any) -> ValidationError:
    """Translate a domain error: ``INVALID_CODE`` for malformed état or profil codes,
    ``VALIDATION_ERROR`` otherwise; ``details["reason"]`` is the plugin's code."""
    code = "INVALID_CODE" if error.code in _CODE_ERRORS else "VALIDATION_ERROR"
    extra: dict[str, Any] = {"reason": error.code, **details}
    if field is not None:
        extra["field"] = field
    return ValidationError(error.message, code=code, details=extra)


def _uuid(value: Any) -> uuid.UUID | None:
    if value is None or isinstance(value, uuid.UUID):
        return value
    return uuid.UUID(str(value))


def _date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _datetime(value: Any) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))


@dataclass(frozen=True, slots=True)
class CoupeRecord:
    """A stored coupe with its couples (in the order given)."""

    id: uuid.UUID
    usager_id: uuid.UUID
    evaluator_id: uuid.UUID | None
    evaluator_label: str
    evaluated_on: dt.date
    created_at: dt.datetime
    supersedes: uuid.UUID | None
    superseded_by: uuid.UUID | None
    couples: tuple[Couple, ...]

    def domain(self) -> CoupePathos:
        """The coupe as the domain core computes with it."""
        return CoupePathos(str(self.usager_id), self.evaluator_label, self.evaluated_on, self.couples)


@dataclass(frozen=True, slots=True)
class PointsTableRecord:
    """A stored points table (metadata; ``content`` only when asked for)."""

    id: uuid.UUID
    name: str
    source_note: str
    licence_note: str
    source_format: str
    couple_count: int
    loaded_at: dt.datetime
    loaded_by_label: str
    active: bool


# -- coupes -----------------------------------------------------------------------------------


async def load_coupes(where: Any) -> list[CoupeRecord]:
    """Coupes matching a piccolo ``where`` clause, newest first (no scope check: callers do it)."""
    rows = (
        await PathosCoupe.select()
        .where(where)
        .order_by(PathosCoupe.evaluated_on, ascending=False)
        .order_by(PathosCoupe.created_at, ascending=False)
    )
    if not rows:
        return []
    ids = [_uuid(row["id"]) for row in rows]
    item_rows = (
        await PathosCoupeItem.select()
        .where(PathosCoupeItem.coupe.is_in(ids))
        .order_by(PathosCoupeItem.position)
    )
    couples: dict[uuid.UUID | None, list[Couple]] = {}
    for row in item_rows:
        couples.setdefault(_uuid(row["coupe"]), []).append(Couple(row["etat"], parse_profil(row["profil"])))
    result = []
    for row in rows:
        coupe_id, usager_id = _uuid(row["id"]), _uuid(row["usager"])
        assert coupe_id is not None and usager_id is not None
        result.append(
            CoupeRecord(
                id=coupe_id,
                usager_id=usager_id,
                evaluator_id=_uuid(row["evaluator"]),
                evaluator_label=row["evaluator_label"],
                evaluated_on=_date(row["evaluated_on"]),
                created_at=_datetime(row["created_at"]),
                supersedes=_uuid(row["supersedes"]),
                superseded_by=_uuid(row["superseded_by"]),
                couples=tuple(couples.get(coupe_id, ())),
            )
        )
    return result


async def coupes(context: RequestContext, usager_id: uuid.UUID) -> list[CoupeRecord]:
    """Every coupe of a visible usager (superseded ones included), newest first.

    :raises NotFoundError: the usager does not exist or is outside the caller's scope.
    """
    access = context.access
    await access.usagers.get(usager_id)
    records = await load_coupes(PathosCoupe.usager == usager_id)
    access.audit.add(AuditAction.READ, COUPE_AUDIT, usager_id=usager_id)
    return records


async def latest_by_usagers(
    context: RequestContext, usager_ids: Iterable[uuid.UUID], *, on: dt.date | None = None
) -> dict[uuid.UUID, CoupeRecord]:
    """The current coupe with the latest date (on or before ``on``) of each usager opened by this
    request; usagers without one are absent. Each usager read is audited."""
    access = context.access
    allowed = access.opened(list(dict.fromkeys(usager_ids)))
    if not allowed:
        return {}
    where = PathosCoupe.usager.is_in(allowed) & PathosCoupe.superseded_by.is_null()
    if on is not None:
        where = where & (PathosCoupe.evaluated_on <= on)
    latest: dict[uuid.UUID, CoupeRecord] = {}
    for record in await load_coupes(where):  # newest first
        latest.setdefault(record.usager_id, record)
    for usager_id in allowed:
        access.audit.add(AuditAction.READ, COUPE_AUDIT, usager_id=usager_id)
    return latest


def validate_coupe(
    *, usager_id: uuid.UUID, evaluator: str, evaluated_on: dt.date, couples: Sequence[tuple[str, str]]
) -> CoupePathos:
    """Check a coupe couple by couple so that each error names its input field.

    :raises ValidationError: ``INVALID_CODE`` (malformed état, unknown profil) or
        ``VALIDATION_ERROR`` (état coded twice, date more than one day in the future).
    """
    if evaluated_on > dt.date.today() + dt.timedelta(days=1):
        raise ValidationError("evaluatedOn cannot be in the future", details={"field": "evaluatedOn"})
    built: list[Couple] = []
    seen: set[str] = set()
    for index, (etat, profil) in enumerate(couples):
        try:
            etat_code = parse_etat(etat)
        except PathosError as error:
            raise api_error(error, f"couples[{index}].etat") from None
        try:
            profil_code = parse_profil(profil)
        except PathosError as error:
            raise api_error(error, f"couples[{index}].profil") from None
        if etat_code in seen:
            raise ValidationError(
                f"état pathologique {etat_code} is coded twice",
                details={"field": f"couples[{index}].etat", "reason": "PATHOS_DUPLICATE_ETAT"},
            )
        seen.add(etat_code)
        built.append(Couple(etat_code, profil_code))
    try:
        return CoupePathos(str(usager_id), evaluator, evaluated_on, tuple(built))
    except PathosError as error:  # pragma: no cover - every rule was checked above
        raise api_error(error, "couples") from None


async def record_coupe(
    context: RequestContext,
    *,
    usager_id: uuid.UUID,
    evaluated_on: dt.date,
    couples: Sequence[tuple[str, str]],
    replaces: uuid.UUID | None = None,
) -> CoupeRecord:
    """Validate and store a coupe (optionally correcting an earlier one, kept as history).

    :raises NotFoundError: usager (or ``replaces``) not visible.
    :raises ForbiddenError: without ``pathos.coupe.write`` in the usager's établissement.
    :raises ValidationError: invalid coupe (nothing is written).
    :raises IllegalTransitionError: ``replaces`` is already superseded.
    :raises ConflictError: a concurrent correction of the same coupe won.
    """
    access = context.access
    usager = await access.usagers.get(usager_id)
    context.require(COUPE_PERMISSION, usager.etablissement, usager_id=usager.id, object_type=COUPE_AUDIT)
    principal = context.principal
    coupe = validate_coupe(
        usager_id=usager.id, evaluator=principal.label, evaluated_on=evaluated_on, couples=couples
    )
    previous: CoupeRecord | None = None
    if replaces is not None:
        found = await load_coupes((PathosCoupe.id == replaces) & (PathosCoupe.usager == usager.id))
        if not found:
            raise NotFoundError("coupe not found", details={"field": "replaces"})
        previous = found[0]
        if previous.superseded_by is not None:
            raise IllegalTransitionError("this coupe was already replaced; correct the current one")
    new_id = uuid.uuid4()
    now = dt.datetime.now(dt.UTC)
    row = PathosCoupe(
        id=new_id,
        usager=usager.id,
        evaluator=principal.professional_id,
        evaluator_label=principal.label,
        evaluated_on=coupe.evaluated_on,
        created_at=now,
        supersedes=previous.id if previous else None,
        superseded_by=None,
    )
    items = [
        PathosCoupeItem(id=uuid.uuid4(), coupe=new_id, position=position, etat=c.etat, profil=c.profil.value)
        for position, c in enumerate(coupe.couples)
    ]
    async with access.write():
        await PathosCoupe.insert(row)
        if items:
            await PathosCoupeItem.insert(*items)
        if previous is not None:
            await mark_superseded(PathosCoupe, previous.id, new_id, what="coupe")
            access.audit.add(AuditAction.UPDATE, COUPE_AUDIT, usager_id=usager.id, object_id=previous.id)
        access.audit.add(AuditAction.CREATE, COUPE_AUDIT, usager_id=usager.id, object_id=new_id)
    return CoupeRecord(
        id=new_id,
        usager_id=usager.id,
        evaluator_id=principal.professional_id,
        evaluator_label=principal.label,
        evaluated_on=coupe.evaluated_on,
        created_at=now,
        supersedes=previous.id if previous else None,
        superseded_by=None,
        couples=coupe.couples,
    )


# -- points tables ----------------------------------------------------------------------------


def _to_document(table: PointsTable) -> str:
    """The normalised JSON form of a table (decimal strings, never floats)."""
    return json.dumps(
        {
            "format": JSON_FORMAT,
            "name": table.name,
            "source": table.source,
            "licence_note": table.licence_note,
            "couples": [
                {
                    "etat": entry.couple.etat,
                    "profil": entry.couple.profil.value,
                    "total": str(entry.total),
                    "smti": entry.smti,
                    "postes": {name: str(value) for name, value in entry.postes.items()},
                }
                for entry in table
            ],
        },
        ensure_ascii=False,
        sort_keys=True,
    )


def _points_record(row: dict[str, Any]) -> PointsTableRecord:
    table_id = _uuid(row["id"])
    assert table_id is not None
    return PointsTableRecord(
        id=table_id,
        name=row["name"],
        source_note=row["source_note"],
        licence_note=row["licence_note"],
        source_format=row["source_format"],
        couple_count=int(row["couple_count"]),
        loaded_at=_datetime(row["loaded_at"]),
        loaded_by_label=row["loaded_by_label"],
        active=bool(row["active"]),
    )


_META = (
    PathosPointsTable.id,
    PathosPointsTable.name,
    PathosPointsTable.source_note,
    PathosPointsTable.licence_note,
    PathosPointsTable.source_format,
    PathosPointsTable.couple_count,
    PathosPointsTable.loaded_at,
    PathosPointsTable.loaded_by_label,
    PathosPointsTable.active,
)


async def points_tables() -> list[PointsTableRecord]:
    """Every loaded table (metadata only), newest first."""
    rows = await PathosPointsTable.select(*_META).order_by(PathosPointsTable.loaded_at, ascending=False)
    return [_points_record(row) for row in rows]


async def active_points_table() -> tuple[PointsTableRecord, PointsTable] | None:
    """The active table (the most recently loaded active one), parsed; ``None`` when none is loaded."""
    row = (
        await PathosPointsTable.select()
        .where(PathosPointsTable.active.eq(True))
        .order_by(PathosPointsTable.loaded_at, ascending=False)
        .first()
    )
    if row is None:
        return None
    return _points_record(row), parse_points_json(row["content"])


def parse_upload(name: str, source_format: str, content: str, source: str) -> PointsTable:
    """Parse an uploaded table.

    :raises ValidationError: unknown format, blank or overlong name (``VALIDATION_ERROR``), or a
        malformed table (``details.reason = PATHOS_POINTS_TABLE_INVALID``, ``details.line``).
    """
    name = name.strip()
    if not 1 <= len(name) <= 200:
        raise ValidationError("name must have 1 to 200 characters", details={"field": "name"})
    if source_format not in FORMATS:
        raise ValidationError(f"format must be one of {', '.join(FORMATS)}", details={"field": "format"})
    try:
        if source_format == "CSV":
            return parse_points_csv(content, name=name, source=source.strip())
        parsed = parse_points_json(content)
    except PointsTableError as error:
        raise api_error(error, "content", line=error.line) from None
    return PointsTable(
        parsed, name=name, source=source.strip() or parsed.source, licence_note=parsed.licence_note
    )


async def load_points_table(
    context: RequestContext, *, name: str, source_format: str, content: str, source: str = ""
) -> PointsTableRecord:
    """Parse a user-supplied points table, store it and make it the active one.

    Earlier tables are kept (inactive). The permission is platform-wide data: it must be held in at
    least one établissement.

    :raises ForbiddenError: without ``pathos.points.write``.
    :raises ValidationError: see :func:`parse_upload`; nothing is written.
    """
    context.require(POINTS_PERMISSION, None, object_type=POINTS_AUDIT)
    table = parse_upload(name, source_format, content, source)
    access = context.access
    record = PointsTableRecord(
        id=uuid.uuid4(),
        name=table.name,
        source_note=table.source,
        licence_note=table.licence_note,
        source_format=source_format,
        couple_count=len(table),
        loaded_at=dt.datetime.now(dt.UTC),
        loaded_by_label=context.principal.label,
        active=True,
    )
    async with access.write():
        await PathosPointsTable.update({PathosPointsTable.active: False}).where(
            PathosPointsTable.active.eq(True)
        )
        await PathosPointsTable.insert(
            PathosPointsTable(
                id=record.id,
                name=record.name,
                source_note=record.source_note,
                licence_note=record.licence_note,
                source_format=source_format,
                content=_to_document(table),
                couple_count=record.couple_count,
                loaded_at=record.loaded_at,
                loaded_by_label=record.loaded_by_label,
                active=True,
            )
        )
        access.audit.add(
            AuditAction.CREATE,
            POINTS_AUDIT,
            usager_id=None,
            object_id=record.id,
            details={"name": record.name, "couples": record.couple_count},
        )
    return record
