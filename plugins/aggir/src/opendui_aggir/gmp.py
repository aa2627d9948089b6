"""GIR moyen pondéré (GMP) of an établissement (CASF R314-170-1 and annexe 3-6).

GMP = Σ points GIR of the residents / number of residents, with the points of annexe 3-6,
colonne C: GIR 1 = 1 000, GIR 2 = 840, GIR 3 = 660, GIR 4 = 420, GIR 5 = 250, GIR 6 = 70.

Rounding: R314-170-1 (and R314-171) prescribe **no rounding** of the GMP. :attr:`GmpResult.gmp`
is therefore the unrounded quotient, a :class:`~decimal.Decimal` exact whenever the division
terminates, otherwise rounded to :data:`PRECISION` significant digits (ROUND_HALF_EVEN), the same
convention as the PATHOS plugin's PMP. :attr:`GmpResult.gmp_rounded` is the integer for display
(OpenDUI convention, half up; not a regulatory figure). Pass the unrounded value to a GMPS.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, Inexact
from types import MappingProxyType
from typing import Final

from opendui_aggir.errors import AggirInputError
from opendui_aggir.tables import TABLES

__all__ = ["GIR_POINTS", "PRECISION", "GmpResult", "gmp"]

#: Points GIR per GIR (annexe 3-6, colonne C).
GIR_POINTS: Final[Mapping[int, int]] = TABLES.gir_points
#: Significant digits of a non-terminating GMP.
PRECISION: Final = 34


@dataclass(frozen=True, slots=True)
class GmpResult:
    """GMP of a set of residents.

    :param residents: number of residents classified.
    :param total_points: Σ points GIR.
    :param gmp: total_points / residents, unrounded (see the module docstring).
    :param gmp_rounded: ``gmp`` rounded half up to an integer, for display.
    :param exact: ``True`` when ``gmp`` is the exact quotient (the division terminates).
    :param residents_by_gir: number of residents in each GIR 1..6 (zeros included).
    """

    residents: int
    total_points: int
    gmp: Decimal
    gmp_rounded: int
    exact: bool
    residents_by_gir: Mapping[int, int]


def gmp(girs: Iterable[int]) -> GmpResult:
    """GIR moyen pondéré of an établissement.

    >>> gmp([1, 2, 6]).gmp
    Decimal('636.6666666666666666666666666666667')
    >>> gmp([1, 2, 6]).gmp_rounded
    637

    :param girs: the GIR (1 to 6) of each resident.
    :returns: totals, unrounded and display GMP, distribution.
    :raises AggirInputError: ``AGGIR_NO_RESIDENTS`` for an empty input, ``AGGIR_INVALID_GIR``
        for a value that is not an integer 1..6 (``bool`` and ``float`` rejected).
    """
    counts = dict.fromkeys(range(1, 7), 0)
    for position, value in enumerate(girs):
        if isinstance(value, bool) or not isinstance(value, int) or value not in counts:
            raise AggirInputError(
                f"resident #{position + 1}: GIR must be an integer from 1 to 6, not {value!r}",
                code="AGGIR_INVALID_GIR",
            )
        counts[value] += 1
    residents = sum(counts.values())
    if residents == 0:
        raise AggirInputError("the GMP needs at least one resident", code="AGGIR_NO_RESIDENTS")
    total = sum(GIR_POINTS[g] * n for g, n in counts.items())
    context = Context(prec=PRECISION, rounding=ROUND_HALF_EVEN)
    quotient = context.divide(Decimal(total), Decimal(residents))
    return GmpResult(
        residents=residents,
        total_points=total,
        gmp=quotient,
        gmp_rounded=int(quotient.quantize(Decimal(1), rounding=ROUND_HALF_UP)),
        exact=not context.flags[Inexact],
        residents_by_gir=MappingProxyType(counts),
    )
