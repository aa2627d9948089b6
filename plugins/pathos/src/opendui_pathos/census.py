"""PMP and GMPS of an établissement at a date, from the stored coupes and the active points table.

Residents are the usagers with a séjour in the établissement on the date (``entry_date <= date``
and no exit date or ``exit_date > date``: the day of exit is not counted, as for journées). Each
resident counts with the latest current coupe dated on or before the date; residents without one are
listed in ``without_coupe`` and left out of the PMP (the coupe is incomplete, the caller sees it).

Everything is read through the request's data access: the usagers visible to the caller are paged
through, their séjours loaded (both audited by the core), and each coupe read is audited.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from opendui_sdk import RequestContext, ValidationError

from opendui_pathos import service
from opendui_pathos.errors import PathosError, PointsTableMissing
from opendui_pathos.indicators import (
    DEFAULT_PMP_COEFFICIENT,
    gmps,
    resident_is_smti,
    resident_points,
    summarize,
)

#: Permission needed to compute the indicators of an établissement.
INDICATORS_PERMISSION = "pathos.indicators.read"


@dataclass(frozen=True, slots=True)
class ResidentPoints:
    """One resident's contribution."""

    usager_id: uuid.UUID
    coupe: service.CoupeRecord
    points: Decimal
    smti: bool


@dataclass(frozen=True, slots=True)
class Census:
    """The indicators of an établissement at a date."""

    etablissement_id: uuid.UUID
    on: dt.date
    table: service.PointsTableRecord
    residents: tuple[ResidentPoints, ...]
    without_coupe: tuple[uuid.UUID, ...]
    total_points: Decimal
    pmp: Decimal | None
    smti_residents: int
    coefficient: Decimal
    gmp: Decimal | None
    gmps: Decimal | None


def missing_table_error() -> ValidationError:
    """The error of a computation without a loaded points table."""
    error = PointsTableMissing()
    return ValidationError(error.message, details={"reason": error.code})


def _decimal(value: float | str, field: str) -> Decimal:
    text = repr(value) if isinstance(value, float) else value.strip().replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValidationError(f"{field} is not a number", details={"field": field}) from None
    if not number.is_finite() or number < 0:
        raise ValidationError(f"{field} must be finite and >= 0", details={"field": field})
    return number


async def residents_present(
    context: RequestContext, etablissement_id: uuid.UUID, on: dt.date
) -> list[uuid.UUID]:
    """Usagers visible to the caller with a séjour in the établissement on ``on``."""
    access = context.access
    page_size = context.settings.limits.max_page_size
    present: list[uuid.UUID] = []
    after: str | None = None
    while True:
        page = await access.usagers.page(first=page_size, after=after, search=None)
        ids = [record.id for record in page.items]
        sejours = await access.sejours.by_usagers(ids) if ids else {}
        for usager_id in ids:
            if any(
                s.etablissement == etablissement_id
                and s.entry_date <= on
                and (s.exit_date is None or s.exit_date > on)
                for s in sejours.get(usager_id, [])
            ):
                present.append(usager_id)
        if not page.has_next_page or not page.cursors:
            return present
        after = page.cursors[-1]


async def compute(
    context: RequestContext,
    *,
    etablissement_id: uuid.UUID,
    on: dt.date,
    gmp: float | None = None,
    coefficient: str | None = None,
) -> Census:
    """PMP (and GMPS when ``gmp`` is given) of an établissement at a date.

    :raises NotFoundError: unknown établissement.
    :raises ForbiddenError: without ``pathos.indicators.read`` in the établissement.
    :raises ValidationError: no points table (``details.reason = PATHOS_POINTS_TABLE_MISSING``), a
        couple missing from the table (``PATHOS_COUPLE_NOT_IN_TABLE``), bad ``gmp``/``coefficient``.
    """
    await context.access.organisations.etablissement(etablissement_id)
    context.require(INDICATORS_PERMISSION, etablissement_id, object_type="PathosIndicators")
    gmp_value = _decimal(gmp, "gmp") if gmp is not None else None
    coefficient_value = (
        _decimal(coefficient, "coefficient") if coefficient is not None else DEFAULT_PMP_COEFFICIENT
    )
    if coefficient_value == 0:
        raise ValidationError("coefficient must be > 0", details={"field": "coefficient"})
    active = await service.active_points_table()
    if active is None:
        raise missing_table_error()
    record, table = active
    present = await residents_present(context, etablissement_id, on)
    latest = await service.latest_by_usagers(context, present, on=on)
    residents: list[ResidentPoints] = []
    for usager_id in present:
        coupe = latest.get(usager_id)
        if coupe is None:
            continue
        try:
            points = resident_points(coupe.domain(), table)
            smti = resident_is_smti(coupe.domain(), table)
        except PathosError as error:
            raise service.api_error(error, usagerId=str(usager_id), coupeId=str(coupe.id)) from None
        residents.append(ResidentPoints(usager_id, coupe, points, smti))
    without = tuple(usager_id for usager_id in present if usager_id not in latest)
    if residents:
        summary = summarize([r.coupe.domain() for r in residents], table)
        total, pmp_value, smti_count = summary.total_points, summary.pmp, summary.smti_residents
    else:
        total, pmp_value, smti_count = Decimal(0), None, 0
    gmps_value = None
    if gmp_value is not None and pmp_value is not None:
        try:
            gmps_value = gmps(gmp_value, pmp_value, coefficient_value)
        except PathosError as error:  # pragma: no cover - inputs were checked above
            raise service.api_error(error, "gmp") from None
    return Census(
        etablissement_id=etablissement_id,
        on=on,
        table=record,
        residents=tuple(residents),
        without_coupe=without,
        total_points=total,
        pmp=pmp_value,
        smti_residents=smti_count,
        coefficient=coefficient_value,
        gmp=gmp_value,
        gmps=gmps_value,
    )
