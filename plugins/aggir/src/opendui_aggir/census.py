"""GIR moyen pondéré of an établissement at a date, from the stored evaluations.

Residents are the usagers with a séjour in the établissement on the date, as the core's
``access.sejours.present`` lists them (entry on or before the date, no exit or exit after it; it
checks that the caller belongs to the établissement and audits each usager listed). Each resident
counts with their latest current (not superseded) evaluation dated on or before the date; residents
without one are listed in ``without_evaluation`` and left out of the GMP (the caller sees that the
count is incomplete). The computation itself is :func:`opendui_aggir.gmp`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from opendui_sdk import RequestContext

from opendui_aggir import service
from opendui_aggir.gmp import GIR_POINTS, GmpResult, gmp

#: Permission needed to compute the GMP of an établissement.
GMP_PERMISSION = "aggir.gmp.read"


@dataclass(frozen=True, slots=True)
class ResidentGir:
    """One resident's contribution: the evaluation used and its points GIR (annexe 3-6)."""

    usager_id: uuid.UUID
    evaluation: service.EvaluationRecord
    points: int


@dataclass(frozen=True, slots=True)
class Census:
    """The GMP of an établissement at a date (``result`` is ``None`` when nobody is evaluated)."""

    etablissement_id: uuid.UUID
    on: dt.date
    present: tuple[uuid.UUID, ...]
    residents: tuple[ResidentGir, ...]
    without_evaluation: tuple[uuid.UUID, ...]
    result: GmpResult | None


async def compute(context: RequestContext, *, etablissement_id: uuid.UUID, on: dt.date) -> Census:
    """GMP of an établissement on a date.

    :raises ForbiddenError: without ``aggir.gmp.read`` in the établissement (audited denial; the
        same answer for an unknown établissement).
    """
    context.require(GMP_PERMISSION, etablissement_id, object_type="AggirGmp")
    sejours = await context.access.sejours.present(etablissement_id, on=on)
    present = tuple(dict.fromkeys(sejour.usager for sejour in sejours))
    latest = await service.latest_by_usagers(context, present, on=on)
    residents = tuple(
        ResidentGir(usager_id, latest[usager_id], GIR_POINTS[latest[usager_id].gir])
        for usager_id in present
        if usager_id in latest
    )
    return Census(
        etablissement_id=etablissement_id,
        on=on,
        present=present,
        residents=residents,
        without_evaluation=tuple(usager_id for usager_id in present if usager_id not in latest),
        result=gmp(r.evaluation.gir for r in residents) if residents else None,
    )
