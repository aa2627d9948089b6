"""Évaluations des besoins stored in the database, read and written through the request's data access.

Every function takes the :class:`~opendui_sdk.RequestContext`: the usager is opened with
``context.access.usagers.get`` (``NOT_FOUND`` outside the caller's scope), writes run in
``context.access.write()`` with their audit entry, reads are audited. Domain errors
(:class:`~opendui_serafin.errors.SerafinError`) become :class:`~opendui_sdk.ValidationError` with a
core error code and the plugin's own code in ``details["serafinCode"]``.
"""

from __future__ import annotations

import datetime as dt
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

from opendui_serafin import nomenclature
from opendui_serafin.errors import SerafinCodeError, SerafinError
from opendui_serafin.evaluation import BesoinEvaluation, BesoinItem
from opendui_serafin.nomenclature import Family
from opendui_serafin.tables import SerafinEvaluation, SerafinEvaluationItem
from opendui_serafin.validation import validate_code

#: Permission needed to record an evaluation.
WRITE_PERMISSION = "serafin.evaluation.write"
#: Object type written in audit entries.
AUDIT_TYPE = "SerafinEvaluation"

#: Plugin codes that mean "this code is not acceptable here" (core code ``INVALID_CODE``).
_CODE_ERRORS = frozenset(
    {"SERAFIN_UNKNOWN_CODE", "SERAFIN_WRONG_FAMILY", "SERAFIN_NOT_SELECTABLE", "SERAFIN_UNKNOWN_VERSION"}
)


def api_error(error: SerafinError, field: str) -> ValidationError:
    """Translate a domain error into the core's error model.

    :param error: the plugin error.
    :param field: the GraphQL input it concerns (``items[2].code``, ``version``...).
    :returns: ``INVALID_CODE`` for code and release problems, ``VALIDATION_ERROR`` otherwise, with
        ``details = {"field": field, "serafinCode": error.code}``.
    """
    code = "INVALID_CODE" if error.code in _CODE_ERRORS else "VALIDATION_ERROR"
    return ValidationError(error.message, code=code, details={"field": field, "serafinCode": error.code})


@dataclass(frozen=True, slots=True)
class ItemRecord:
    """A stored line of a grid."""

    code: str
    level: int
    comment: str | None


@dataclass(frozen=True, slots=True)
class EvaluationRecord:
    """A stored evaluation with its lines (in the order they were given)."""

    id: uuid.UUID
    usager_id: uuid.UUID
    evaluator_id: uuid.UUID | None
    evaluator_label: str
    evaluated_on: dt.date
    release_version: str
    created_at: dt.datetime
    supersedes: uuid.UUID | None
    superseded_by: uuid.UUID | None
    items: tuple[ItemRecord, ...]


@dataclass(frozen=True, slots=True)
class ItemInput:
    """One grid line as received from the API."""

    code: str
    level: int
    comment: str | None = None


def _uuid(value: Any) -> uuid.UUID | None:
    if value is None or isinstance(value, uuid.UUID):
        return value
    return uuid.UUID(str(value))


def _date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _datetime(value: Any) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))


def validate_grid(
    *,
    usager_id: uuid.UUID,
    evaluator: str,
    evaluated_on: dt.date,
    items: Sequence[ItemInput],
    version: str | None,
) -> BesoinEvaluation:
    """Check a grid line by line so that each error names its input field.

    :raises ValidationError: see :func:`api_error`; ``evaluatedOn`` more than one day in the future
        is refused too (``VALIDATION_ERROR``, no ``serafinCode``).
    """
    try:
        release = nomenclature.get(version)
    except SerafinError as error:
        raise api_error(error, "version") from None
    if evaluated_on > dt.date.today() + dt.timedelta(days=1):
        raise ValidationError("evaluatedOn cannot be in the future", details={"field": "evaluatedOn"})
    if not items:
        raise ValidationError(
            "an evaluation needs at least one besoin",
            details={"field": "items", "serafinCode": "SERAFIN_INVALID_EVALUATION"},
        )
    built: list[BesoinItem] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        try:
            line = BesoinItem(item.code, item.level, item.comment)  # type: ignore[arg-type]
        except SerafinError as error:
            raise api_error(error, f"items[{index}].level") from None
        try:
            validate_code(line.code, Family.BESOINS, release.version, selectable_only=True)
        except SerafinCodeError as error:
            raise api_error(error, f"items[{index}].code") from None
        if line.code in seen:
            raise ValidationError(
                f"besoin {line.code} appears twice",
                details={"field": f"items[{index}].code", "serafinCode": "SERAFIN_DUPLICATE_CODE"},
            )
        seen.add(line.code)
        built.append(line)
    try:
        return BesoinEvaluation(
            usager_id=str(usager_id),
            evaluator=evaluator,
            evaluated_on=evaluated_on,
            items=tuple(built),
            nomenclature_version=release.version,
        )
    except SerafinError as error:  # pragma: no cover - every rule was checked above
        raise api_error(error, "items") from None


async def _load(where: Any) -> list[EvaluationRecord]:
    rows = (
        await SerafinEvaluation.select()
        .where(where)
        .order_by(SerafinEvaluation.evaluated_on, ascending=False)
        .order_by(SerafinEvaluation.created_at, ascending=False)
    )
    if not rows:
        return []
    ids = [_uuid(row["id"]) for row in rows]
    item_rows = (
        await SerafinEvaluationItem.select()
        .where(SerafinEvaluationItem.evaluation.is_in(ids))
        .order_by(SerafinEvaluationItem.position)
    )
    items: dict[uuid.UUID | None, list[ItemRecord]] = {}
    for row in item_rows:
        items.setdefault(_uuid(row["evaluation"]), []).append(
            ItemRecord(code=row["code"], level=int(row["level"]), comment=row["comment"])
        )
    result = []
    for row in rows:
        record_id = _uuid(row["id"])
        assert record_id is not None
        usager_id = _uuid(row["usager"])
        assert usager_id is not None
        result.append(
            EvaluationRecord(
                id=record_id,
                usager_id=usager_id,
                evaluator_id=_uuid(row["evaluator"]),
                evaluator_label=row["evaluator_label"],
                evaluated_on=_date(row["evaluated_on"]),
                release_version=row["release_version"],
                created_at=_datetime(row["created_at"]),
                supersedes=_uuid(row["supersedes"]),
                superseded_by=_uuid(row["superseded_by"]),
                items=tuple(items.get(record_id, ())),
            )
        )
    return result


async def evaluations(context: RequestContext, usager_id: uuid.UUID) -> list[EvaluationRecord]:
    """Every evaluation of a visible usager (superseded ones included), newest first.

    :raises NotFoundError: the usager does not exist or is outside the caller's scope.
    """
    access = context.access
    await access.usagers.get(usager_id)
    records = await _load(SerafinEvaluation.usager == usager_id)
    access.audit.add(AuditAction.READ, AUDIT_TYPE, usager_id=usager_id)
    return records


async def latest_by_usagers(
    context: RequestContext, usager_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, EvaluationRecord]:
    """The current (not superseded) evaluation with the latest date of each usager.

    Only usagers already opened by this request are read (the loader of ``Usager`` fields).
    """
    access = context.access
    allowed = access.opened(list(dict.fromkeys(usager_ids)))
    if not allowed:
        return {}
    records = await _load(SerafinEvaluation.usager.is_in(allowed) & SerafinEvaluation.superseded_by.is_null())
    latest: dict[uuid.UUID, EvaluationRecord] = {}
    for record in records:  # newest first
        latest.setdefault(record.usager_id, record)
    for usager_id in allowed:
        access.audit.add(AuditAction.READ, AUDIT_TYPE, usager_id=usager_id)
    return latest


async def record(
    context: RequestContext,
    *,
    usager_id: uuid.UUID,
    evaluated_on: dt.date,
    items: Sequence[ItemInput],
    version: str | None = None,
    replaces: uuid.UUID | None = None,
) -> EvaluationRecord:
    """Validate and store an evaluation (optionally correcting an earlier one, kept as history).

    :raises NotFoundError: usager (or ``replaces``) not visible.
    :raises ForbiddenError: without ``serafin.evaluation.write`` in the usager's établissement.
    :raises ValidationError: invalid grid (nothing is written).
    :raises IllegalTransitionError: ``replaces`` is already superseded.
    :raises ConflictError: a concurrent correction of the same evaluation won.
    """
    access = context.access
    usager = await access.usagers.get(usager_id)
    context.require(WRITE_PERMISSION, usager.etablissement, usager_id=usager.id, object_type=AUDIT_TYPE)
    principal = context.principal
    grid = validate_grid(
        usager_id=usager.id,
        evaluator=principal.label,
        evaluated_on=evaluated_on,
        items=items,
        version=version,
    )
    previous: EvaluationRecord | None = None
    if replaces is not None:
        found = await _load((SerafinEvaluation.id == replaces) & (SerafinEvaluation.usager == usager.id))
        if not found:
            raise NotFoundError("evaluation not found", details={"field": "replaces"})
        previous = found[0]
        if previous.superseded_by is not None:
            raise IllegalTransitionError("this evaluation was already replaced; correct the current one")
    new_id = uuid.uuid4()
    now = dt.datetime.now(dt.UTC)
    row = SerafinEvaluation(
        id=new_id,
        usager=usager.id,
        evaluator=principal.professional_id,
        evaluator_label=principal.label,
        evaluated_on=grid.evaluated_on,
        release_version=grid.nomenclature_version,
        created_at=now,
        supersedes=previous.id if previous else None,
        superseded_by=None,
    )
    lines = [
        SerafinEvaluationItem(
            id=uuid.uuid4(),
            evaluation=new_id,
            position=position,
            code=item.code,
            level=int(item.level),
            comment=item.comment,
        )
        for position, item in enumerate(grid.items)
    ]
    async with access.write():
        await SerafinEvaluation.insert(row)
        await SerafinEvaluationItem.insert(*lines)
        if previous is not None:
            await mark_superseded(SerafinEvaluation, previous.id, new_id, what="evaluation")
            access.audit.add(AuditAction.UPDATE, AUDIT_TYPE, usager_id=usager.id, object_id=previous.id)
        access.audit.add(AuditAction.CREATE, AUDIT_TYPE, usager_id=usager.id, object_id=new_id)
    return EvaluationRecord(
        id=new_id,
        usager_id=usager.id,
        evaluator_id=principal.professional_id,
        evaluator_label=principal.label,
        evaluated_on=grid.evaluated_on,
        release_version=grid.nomenclature_version,
        created_at=now,
        supersedes=previous.id if previous else None,
        superseded_by=None,
        items=tuple(ItemRecord(i.code, int(i.level), i.comment) for i in grid.items),
    )
