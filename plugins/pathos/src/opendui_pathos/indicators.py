"""PMP and GMPS arithmetic (CASF R314-170-4 and R314-170-6).

* **Points Pathos** of a resident (R314-170-4): here, the sum of the ``total`` points of the
  resident's couples in the user-supplied table. The official PATHOS algorithm weighs the
  association of couples per poste de soins; a table of per-couple totals reproduces it only if
  the figures were built for that purpose. When per-resident points are available from a licensed
  tool (GALAAD export), pass them to :func:`pmp` directly.
* **PMP** (pathos moyen pondéré) = Σ points Pathos of the residents / number of residents. Every
  evaluated resident counts, including those with no état pathologique (0 point).
* **GMPS** (R314-170-6) = GMP + PMP × coefficient de valorisation. The coefficient is fixed by a
  joint ministerial arrêté; the default :data:`DEFAULT_PMP_COEFFICIENT` = 2.59 is the value of the
  arrêté du 15 novembre 2013, art. 1 (NOR AFSA1325048A, JORF n° 274 du 26 novembre 2013)
  **[to verify]**: read from a stored copy of the Légifrance page, not from the reference folder;
  check it is still in force before using it for a budget.

Rounding: articles R314-170-1, -4 and -6 (as copied in the reference folder) prescribe **no
rounding** of GMP, PMP or GMPS. The functions therefore compute with :class:`~decimal.Decimal`,
exact for sums and products, and round only a non-terminating quotient, to
:data:`PRECISION` significant digits (ROUND_HALF_EVEN). GMPS uses the unrounded PMP and GMP.
:func:`quantize_indicator` rounds for display only (OpenDUI convention: half up; whether GALAAD
publishes integer GMP/PMP is [to verify]).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import (
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
)

from opendui_pathos.errors import PathosError
from opendui_pathos.model import CoupePathos
from opendui_pathos.points import POSTES, PointsTable, require_table

__all__ = [
    "DEFAULT_PMP_COEFFICIENT",
    "NEW_ESTABLISHMENT_PMP",
    "PRECISION",
    "PathosSummary",
    "gmps",
    "pmp",
    "pmp_from_coupes",
    "quantize_indicator",
    "resident_is_smti",
    "resident_points",
    "resident_poste_points",
    "summarize",
]

#: Coefficient de valorisation of the PMP in the GMPS (arrêté du 15 novembre 2013, art. 1)
#: [to verify that it is still in force].
DEFAULT_PMP_COEFFICIENT = Decimal("2.59")
#: PMP retained for an establishment authorised for the first time (same arrêté, art. 2, for
#: R314-170-7) [to verify].
NEW_ESTABLISHMENT_PMP = Decimal(110)
#: Significant digits kept when a quotient does not terminate (IEEE 754 decimal128).
PRECISION = 34

Number = Decimal | int | str


def _context() -> Context:
    return Context(
        prec=PRECISION,
        rounding=ROUND_HALF_EVEN,
        traps=[InvalidOperation, DivisionByZero, Overflow],
    )


def _amount(value: object, what: str) -> Decimal:
    if isinstance(value, bool | float) or not isinstance(value, Decimal | int | str):
        raise PathosError(
            f"{what} must be a Decimal, an int or a decimal string, not {value!r}",
            code="PATHOS_INVALID_NUMBER",
        )
    try:
        number = Decimal(value.strip()) if isinstance(value, str) else Decimal(value)
    except InvalidOperation:
        raise PathosError(
            f"{what}: {value!r} is not a number", code="PATHOS_INVALID_NUMBER"
        ) from None
    if not number.is_finite() or number < 0:
        raise PathosError(f"{what} must be finite and >= 0", code="PATHOS_INVALID_NUMBER")
    return number


def resident_points(coupe: CoupePathos, table: PointsTable | None) -> Decimal:
    """Points Pathos of one resident: sum of the table's totals for the resident's couples.

    :param coupe: the resident's coupe.
    :param table: the loaded points table.
    :returns: the points (``0`` for a resident without état pathologique).
    :raises PointsTableMissing: ``PATHOS_POINTS_TABLE_MISSING`` when ``table`` is ``None``.
    :raises PathosError: ``PATHOS_COUPLE_NOT_IN_TABLE``.
    """
    points_table = require_table(table)
    context = _context()
    total = Decimal(0)
    for couple in coupe.couples:
        total = context.add(total, points_table.get(couple).total)
    return total


def resident_poste_points(coupe: CoupePathos, table: PointsTable | None) -> dict[str, Decimal]:
    """Per-poste sums for one resident, for the postes the table gives.

    :param coupe: the resident's coupe.
    :param table: the loaded points table.
    :returns: ``{poste: points}`` in :data:`~opendui_pathos.points.POSTES` order.
    :raises PointsTableMissing: when ``table`` is ``None``.
    :raises PathosError: ``PATHOS_COUPLE_NOT_IN_TABLE``.
    """
    points_table = require_table(table)
    context = _context()
    sums: dict[str, Decimal] = {}
    for couple in coupe.couples:
        for poste, value in points_table.get(couple).postes.items():
            sums[poste] = context.add(sums.get(poste, Decimal(0)), value)
    return {poste: sums[poste] for poste in POSTES if poste in sums}


def resident_is_smti(coupe: CoupePathos, table: PointsTable | None) -> bool:
    """Whether at least one of the resident's couples is flagged SMTI in the table.

    :raises PointsTableMissing: when ``table`` is ``None``.
    :raises PathosError: ``PATHOS_COUPLE_NOT_IN_TABLE``.
    """
    points_table = require_table(table)
    return any(points_table.get(couple).smti for couple in coupe.couples)


def pmp(points_per_resident: Iterable[Number]) -> Decimal:
    """Pathos moyen pondéré: Σ points Pathos / number of residents (CASF R314-170-4).

    :param points_per_resident: one value per evaluated resident (0 included).
    :returns: the PMP, unrounded (see the module docstring).
    :raises PathosError: ``PATHOS_NO_RESIDENTS`` for an empty input,
        ``PATHOS_INVALID_NUMBER`` for a negative, non-finite, float or non-numeric value.
    """
    context = _context()
    total = Decimal(0)
    residents = 0
    for value in points_per_resident:
        total = context.add(total, _amount(value, "points Pathos"))
        residents += 1
    if residents == 0:
        raise PathosError("the PMP needs at least one resident", code="PATHOS_NO_RESIDENTS")
    return context.divide(total, Decimal(residents))


def _check_unique(coupes: list[CoupePathos]) -> None:
    seen: set[str] = set()
    for coupe in coupes:
        if coupe.resident_id in seen:
            raise PathosError(
                f"resident {coupe.resident_id} has two coupes", code="PATHOS_DUPLICATE_RESIDENT"
            )
        seen.add(coupe.resident_id)


def pmp_from_coupes(coupes: Iterable[CoupePathos], table: PointsTable | None) -> Decimal:
    """PMP of a set of coupes (one per resident) with the loaded points table.

    :param coupes: the coupes, one per resident.
    :param table: the loaded points table.
    :returns: the PMP, unrounded.
    :raises PointsTableMissing: ``PATHOS_POINTS_TABLE_MISSING`` when ``table`` is ``None``
        (checked first, even with no coupe).
    :raises PathosError: ``PATHOS_NO_RESIDENTS``, ``PATHOS_DUPLICATE_RESIDENT``,
        ``PATHOS_COUPLE_NOT_IN_TABLE``.
    """
    return summarize(coupes, table).pmp


@dataclass(frozen=True, slots=True)
class PathosSummary:
    """Result of a coupe over an establishment.

    :param residents: number of residents evaluated.
    :param total_points: Σ points Pathos.
    :param pmp: pathos moyen pondéré, unrounded.
    :param smti_residents: number of residents with at least one SMTI couple.
    :param points_by_resident: ``{resident_id: points}``.
    """

    residents: int
    total_points: Decimal
    pmp: Decimal
    smti_residents: int
    points_by_resident: dict[str, Decimal]


def summarize(coupes: Iterable[CoupePathos], table: PointsTable | None) -> PathosSummary:
    """Compute points, PMP and SMTI count of a set of coupes.

    :param coupes: the coupes, one per resident.
    :param table: the loaded points table.
    :returns: the summary.
    :raises PointsTableMissing: when ``table`` is ``None``.
    :raises PathosError: ``PATHOS_NO_RESIDENTS``, ``PATHOS_DUPLICATE_RESIDENT``,
        ``PATHOS_COUPLE_NOT_IN_TABLE``.
    """
    points_table = require_table(table)
    coupe_list = list(coupes)
    _check_unique(coupe_list)
    by_resident = {c.resident_id: resident_points(c, points_table) for c in coupe_list}
    smti = sum(1 for c in coupe_list if resident_is_smti(c, points_table))
    value = pmp(by_resident.values())
    context = _context()
    total = Decimal(0)
    for points in by_resident.values():
        total = context.add(total, points)
    return PathosSummary(len(coupe_list), total, value, smti, by_resident)


def gmps(gmp: Number, pmp: Number, coefficient: Number = DEFAULT_PMP_COEFFICIENT) -> Decimal:
    """Groupe iso-ressources moyen pondéré soins: GMP + PMP × coefficient (CASF R314-170-6).

    :param gmp: the establishment's GMP (computed by the AGGIR side), unrounded preferably.
    :param pmp: the establishment's PMP.
    :param coefficient: coefficient de valorisation; default 2.59 [to verify].
    :returns: the GMPS, unrounded.
    :raises PathosError: ``PATHOS_INVALID_NUMBER`` for floats, negative or non-finite values, or
        a zero coefficient.
    """
    gmp_value = _amount(gmp, "GMP")
    pmp_value = _amount(pmp, "PMP")
    coefficient_value = _amount(coefficient, "coefficient")
    if coefficient_value == 0:
        raise PathosError("the coefficient must be > 0", code="PATHOS_INVALID_NUMBER")
    context = _context()
    return context.add(gmp_value, context.multiply(pmp_value, coefficient_value))


def quantize_indicator(value: Decimal, places: int = 0, rounding: str = ROUND_HALF_UP) -> Decimal:
    """Round an indicator for display (no regulatory rounding exists, see the module docstring).

    :param value: the unrounded indicator.
    :param places: decimal places to keep (``0`` for an integer).
    :param rounding: a :mod:`decimal` rounding mode; OpenDUI displays half up.
    :returns: the rounded value.
    :raises ValueError: ``places`` is negative.
    """
    if places < 0:
        raise ValueError("places must be >= 0")
    return value.quantize(Decimal(1).scaleb(-places), rounding=rounding, context=_context())
