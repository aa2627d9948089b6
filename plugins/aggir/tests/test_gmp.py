"""GIR moyen pondéré (CASF R314-170-1, annexe 3-6 colonne C)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opendui_aggir import AggirInputError, gmp

POINTS = {1: 1000, 2: 840, 3: 660, 4: 420, 5: 250, 6: 70}  # annexe 3-6, colonne C


def test_single_residents() -> None:
    for gir_, points in POINTS.items():
        result = gmp([gir_])
        assert (result.residents, result.total_points, result.gmp_rounded) == (1, points, points)
        assert result.gmp == Decimal(points)
        assert result.exact


def test_small_establishment() -> None:
    # 2 GIR 1, 3 GIR 2, 1 GIR 4, 2 GIR 6: 2000 + 2520 + 420 + 140 = 5080 / 8 = 635
    result = gmp([1, 2, 1, 2, 2, 4, 6, 6])
    assert (result.residents, result.total_points) == (8, 5080)
    assert result.gmp == Decimal("635") and result.gmp_rounded == 635 and result.exact
    assert dict(result.residents_by_gir) == {1: 2, 2: 3, 3: 0, 4: 1, 5: 0, 6: 2}


def test_non_terminating_quotient_and_display_rounding() -> None:
    result = gmp([1, 2, 6])  # 1910 / 3
    assert not result.exact
    assert result.gmp == Decimal("636.6666666666666666666666666666667")
    assert result.gmp_rounded == 637
    assert gmp([5, 6]).gmp == Decimal("160")
    assert gmp([4, 5, 6, 6]).gmp == Decimal("202.5")  # 810 / 4
    assert gmp([4, 5, 6, 6]).gmp_rounded == 203  # half up (display convention)


def test_accepts_any_iterable() -> None:
    assert gmp(iter([3, 3])).gmp == 660
    assert gmp(g for g in (1, 6)).gmp == 535


def test_empty_input() -> None:
    with pytest.raises(AggirInputError) as info:
        gmp([])
    assert info.value.code == "AGGIR_NO_RESIDENTS"


@pytest.mark.parametrize("bad", [0, 7, -1, True, 2.0, "2", None])
def test_invalid_gir(bad: object) -> None:
    with pytest.raises(AggirInputError) as info:
        gmp([1, bad])  # type: ignore[list-item]
    assert info.value.code == "AGGIR_INVALID_GIR"
    assert "resident #2" in str(info.value)


@given(st.lists(st.integers(1, 6), min_size=1, max_size=500))
def test_gmp_is_the_mean_of_the_points(girs: list[int]) -> None:
    result = gmp(girs)
    assert result.total_points == sum(POINTS[g] for g in girs)
    assert result.residents == len(girs)
    assert abs(result.gmp - Decimal(result.total_points) / Decimal(len(girs))) < Decimal("1e-25")
    assert 70 <= result.gmp <= 1000
    assert abs(result.gmp - result.gmp_rounded) <= Decimal("0.5")
