"""AGGIR evaluations stored in the database, read and written through the request's data access.

Every function takes the :class:`~opendui_sdk.RequestContext`: the usager is opened with
``context.access.usagers.get`` (``NOT_FOUND`` outside the caller's scope), writes run in
``context.access.write()`` with their audit entry, reads are audited. Domain errors
(:class:`~opendui_aggir.errors.AggirInputError`) become :class:`~opendui_sdk.ValidationError`
(``VALIDATION_ERROR``) with ``details = {"field": <variable>, "pluginCode": <AGGIR_* code>}``.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable, Mapping
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

from opendui_aggir.adverbs import codes_from_adverbs
from opendui_aggir.algorithm import GirResult, classify, normalize_codes
from opendui_aggir.db_tables import AggirEvaluation
from opendui_aggir.errors import AggirInputError
from opendui_aggir.variables import DISCRIMINANT_VARIABLES, ILLUSTRATIVE_VARIABLES, Modalite, parse_modalite

#: Permission needed to record an evaluation.
WRITE_PERMISSION = "aggir.evaluation.write"
#: Object type written in audit entries.
AUDIT_TYPE = "AggirEvaluation"
#: The 17 variable keys, in annexe 2-1 order (the columns of ``aggir_evaluation``).
CODE_COLUMNS = (*DISCRIMINANT_VARIABLES, *ILLUSTRATIVE_VARIABLES)


def api_error(error: AggirInputError) -> ValidationError:
    """Translate a domain error into the core's error model.

    :param error: the plugin error.
    :returns: ``VALIDATION_ERROR`` with ``details = {"field": error.variable, "pluginCode": error.code}``
        (``field`` is the variable key, ``"habillage.haut"`` for a sub-variable).
    """
    return ValidationError(
        error.message, code="VALIDATION_ERROR", details={"field": error.variable, "pluginCode": error.code}
    )


@dataclass(frozen=True, slots=True)
class EvaluationRecord:
    """A stored evaluation.

    :ivar codes: every one of the 17 variable keys with its modalité; ``None`` for an illustrative
        variable that was not coded.
    :ivar adverbs: the S/T/C/H answers the grid was computed from (``None`` when coded directly),
        in the form :func:`~opendui_aggir.adverbs.codes_from_adverbs` reads.
    """

    id: uuid.UUID
    usager_id: uuid.UUID
    evaluator_id: uuid.UUID | None
    evaluator_label: str
    evaluated_on: dt.date
    codes: Mapping[str, str | None]
    adverbs: Mapping[str, Any] | None
    gir: int
    rang: int
    groupe: str
    score: int
    created_at: dt.datetime
    supersedes: uuid.UUID | None
    superseded_by: uuid.UUID | None

    @property
    def profile(self) -> str:
        """The 10 discriminant modalités in annexe order, e.g. ``"AABCAAAAAA"``."""
        return "".join(str(self.codes[key]) for key in DISCRIMINANT_VARIABLES)


@dataclass(frozen=True, slots=True)
class Grid:
    """A checked grid ready to store: its modalités, its adverb answers and its result."""

    codes: Mapping[str, Modalite | None]
    adverbs: Mapping[str, Any] | None
    result: GirResult


def _uuid(value: Any) -> uuid.UUID | None:
    if value is None or isinstance(value, uuid.UUID):
        return value
    return uuid.UUID(str(value))


def _date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _datetime(value: Any) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))


def evaluate(
    *, codes: Mapping[str, object] | None = None, adverbs: Mapping[str, object] | None = None
) -> Grid:
    """Check a grid given either as modalités or as adverb answers and run the algorithm.

    :param codes: ``{variable: "A" | "B" | "C"}``: the 10 discriminant variables, optionally
        illustrative ones (``None`` values are dropped).
    :param adverbs: the S/T/C/H answers (see :func:`~opendui_aggir.adverbs.codes_from_adverbs`).
    :returns: the grid.
    :raises ValidationError: both or neither given (``field: codes``), or the domain refused the
        input (see :func:`api_error`).
    """
    if (codes is None) == (adverbs is None):
        field = "codes" if codes is None else "adverbs"
        raise ValidationError("give exactly one of codes and adverbs", details={"field": field})
    try:
        if adverbs is not None:
            given: Mapping[str, object] = codes_from_adverbs(adverbs)
        else:
            assert codes is not None
            given = {key: value for key, value in codes.items() if value is not None}
        discriminant = normalize_codes(given)
        illustrative = {
            key: parse_modalite(given[key], key) for key in ILLUSTRATIVE_VARIABLES if key in given
        }
    except AggirInputError as error:
        raise api_error(error) from None
    all_codes: dict[str, Modalite | None] = {
        **discriminant,
        **{key: illustrative.get(key) for key in ILLUSTRATIVE_VARIABLES},
    }
    kept = dict(adverbs) if adverbs is not None else None
    return Grid(codes=all_codes, adverbs=kept, result=classify(discriminant))


def _record(row: Mapping[str, Any]) -> EvaluationRecord:
    record_id, usager_id = _uuid(row["id"]), _uuid(row["usager"])
    assert record_id is not None and usager_id is not None
    return EvaluationRecord(
        id=record_id,
        usager_id=usager_id,
        evaluator_id=_uuid(row["evaluator"]),
        evaluator_label=row["evaluator_label"],
        evaluated_on=_date(row["evaluated_on"]),
        codes={key: row[key] for key in CODE_COLUMNS},
        adverbs=json.loads(row["adverbs"]) if row["adverbs"] else None,
        gir=int(row["gir"]),
        rang=int(row["rang"]),
        groupe=row["groupe"],
        score=int(row["score"]),
        created_at=_datetime(row["created_at"]),
        supersedes=_uuid(row["supersedes"]),
        superseded_by=_uuid(row["superseded_by"]),
    )


async def load(where: Any) -> list[EvaluationRecord]:
    """Evaluations matching a piccolo ``where`` clause, newest first (no scope check: callers do it)."""
    rows = (
        await AggirEvaluation.select()
        .where(where)
        .order_by(AggirEvaluation.evaluated_on, ascending=False)
        .order_by(AggirEvaluation.created_at, ascending=False)
    )
    return [_record(row) for row in rows]


async def evaluations(context: RequestContext, usager_id: uuid.UUID) -> list[EvaluationRecord]:
    """Every evaluation of a visible usager (superseded ones included), newest first.

    :raises NotFoundError: the usager does not exist or is outside the caller's scope.
    """
    access = context.access
    await access.usagers.get(usager_id)
    records = await load(AggirEvaluation.usager == usager_id)
    access.audit.add(AuditAction.READ, AUDIT_TYPE, usager_id=usager_id)
    return records


async def latest_by_usagers(
    context: RequestContext, usager_ids: Iterable[uuid.UUID], *, on: dt.date | None = None
) -> dict[uuid.UUID, EvaluationRecord]:
    """The current (not superseded) evaluation with the latest date (on or before ``on``) of each
    usager already opened by this request; usagers without one are absent. Each usager read is
    audited. One query whatever the number of usagers.
    """
    access = context.access
    allowed = access.opened(list(dict.fromkeys(usager_ids)))
    if not allowed:
        return {}
    where = AggirEvaluation.usager.is_in(allowed) & AggirEvaluation.superseded_by.is_null()
    if on is not None:
        where = where & (AggirEvaluation.evaluated_on <= on)
    latest: dict[uuid.UUID, EvaluationRecord] = {}
    for record in await load(where):  # newest first
        latest.setdefault(record.usager_id, record)
    for usager_id in allowed:
        access.audit.add(AuditAction.READ, AUDIT_TYPE, usager_id=usager_id)
    return latest


async def record(
    context: RequestContext,
    *,
    usager_id: uuid.UUID,
    evaluated_on: dt.date,
    codes: Mapping[str, object] | None = None,
    adverbs: Mapping[str, object] | None = None,
    replaces: uuid.UUID | None = None,
) -> EvaluationRecord:
    """Check, classify and store an evaluation (optionally correcting an earlier one, kept as history).

    :raises NotFoundError: usager (or ``replaces``) not visible.
    :raises ForbiddenError: without ``aggir.evaluation.write`` in one of the usager's établissements
        (audited denial).
    :raises ValidationError: invalid grid, both or neither of ``codes`` and ``adverbs``, date more
        than one day in the future (nothing is written).
    :raises IllegalTransitionError: ``replaces`` is already superseded.
    :raises ConflictError: a concurrent correction of the same evaluation won.
    """
    access = context.access
    usager = await access.usagers.get(usager_id)
    await access.require_on_usager(WRITE_PERMISSION, usager.id, object_type=AUDIT_TYPE)
    if evaluated_on > dt.date.today() + dt.timedelta(days=1):
        raise ValidationError("evaluatedOn cannot be in the future", details={"field": "evaluatedOn"})
    grid = evaluate(codes=codes, adverbs=adverbs)
    previous: EvaluationRecord | None = None
    if replaces is not None:
        found = await load((AggirEvaluation.id == replaces) & (AggirEvaluation.usager == usager.id))
        if not found:
            raise NotFoundError("evaluation not found", details={"field": "replaces"})
        previous = found[0]
        if previous.superseded_by is not None:
            raise IllegalTransitionError("this evaluation was already replaced; correct the current one")
    principal = context.principal
    result = grid.result
    stored = EvaluationRecord(
        id=uuid.uuid4(),
        usager_id=usager.id,
        evaluator_id=principal.professional_id,
        evaluator_label=principal.label,
        evaluated_on=evaluated_on,
        codes=grid.codes,
        adverbs=grid.adverbs,
        gir=result.gir,
        rang=result.rang,
        groupe=result.groupe,
        score=result.score,
        created_at=dt.datetime.now(dt.UTC),
        supersedes=previous.id if previous else None,
        superseded_by=None,
    )
    values: dict[str, Any] = {
        "id": stored.id,
        "usager": stored.usager_id,
        "evaluator": stored.evaluator_id,
        "evaluator_label": stored.evaluator_label,
        "evaluated_on": stored.evaluated_on,
        **grid.codes,
        "adverbs": json.dumps(grid.adverbs, ensure_ascii=False) if grid.adverbs is not None else None,
        "gir": stored.gir,
        "rang": stored.rang,
        "groupe": stored.groupe,
        "score": stored.score,
        "created_at": stored.created_at,
        "supersedes": stored.supersedes,
        "superseded_by": None,
    }
    row = AggirEvaluation(**values)
    async with access.write():
        await AggirEvaluation.insert(row)
        if previous is not None:
            await mark_superseded(AggirEvaluation, previous.id, stored.id, what="evaluation")
            access.audit.add(AuditAction.UPDATE, AUDIT_TYPE, usager_id=usager.id, object_id=previous.id)
        access.audit.add(
            AuditAction.CREATE,
            AUDIT_TYPE,
            usager_id=usager.id,
            object_id=stored.id,
        )
    return stored
