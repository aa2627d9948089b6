"""PMP / GMPS arithmetic with a fictitious points table."""

from __future__ import annotations

import random
from datetime import date
from decimal import ROUND_HALF_EVEN, Context, Decimal
from fractions import Fraction

import pytest

from opendui_pathos import (
    DEFAULT_PMP_COEFFICIENT,
    CoupePathos,
    PathosError,
    PointsTable,
    PointsTableMissing,
    gmps,
    pmp,
    pmp_from_coupes,
    quantize_indicator,
    resident_is_smti,
    resident_points,
    summarize,
)
from opendui_pathos.indicators import PRECISION, resident_poste_points

DAY = date(2025, 6, 2)


def _coupe(resident: str, *couples: tuple[str, str]) -> CoupePathos:
    return CoupePathos.create(
        resident_id=resident, evaluator="medco", evaluated_on=DAY, couples=couples
    )


COUPES = [
    _coupe("r1", ("FAKE-A", "T1"), ("FAKE-B", "CH")),  # 450, SMTI
    _coupe("r2", ("FAKE-A", "S1")),  # 12.5
    _coupe("r3"),  # no état pathologique: 0, still counted
]


def test_resident_points(fake_table: PointsTable) -> None:
    assert resident_points(COUPES[0], fake_table) == Decimal(450)
    assert resident_points(COUPES[2], fake_table) == 0
    assert resident_is_smti(COUPES[0], fake_table) and not resident_is_smti(COUPES[1], fake_table)
    assert resident_poste_points(COUPES[0], fake_table) == {
        "medecin_geriatre": Decimal(100),
        "soins_infirmiers": Decimal(350),
    }


def test_pmp_from_coupes(fake_table: PointsTable) -> None:
    # (450 + 12.5 + 0) / 3 = 154.1666...
    value = pmp_from_coupes(COUPES, fake_table)
    assert value == Decimal("154.1666666666666666666666666666667")
    summary = summarize(COUPES, fake_table)
    assert summary.residents == 3 and summary.smti_residents == 1
    assert summary.total_points == Decimal("462.5")
    assert summary.points_by_resident["r2"] == Decimal("12.5")


def test_missing_table_has_stable_code() -> None:
    for call in (
        lambda: pmp_from_coupes(COUPES, None),
        lambda: pmp_from_coupes([], None),
        lambda: resident_points(COUPES[0], None),
        lambda: resident_is_smti(COUPES[0], None),
    ):
        with pytest.raises(PointsTableMissing) as info:
            call()
        assert info.value.code == "PATHOS_POINTS_TABLE_MISSING"
        assert isinstance(info.value, PathosError)


def test_errors(fake_table: PointsTable) -> None:
    with pytest.raises(PathosError) as info:
        pmp_from_coupes([], fake_table)
    assert info.value.code == "PATHOS_NO_RESIDENTS"
    with pytest.raises(PathosError) as info:
        pmp_from_coupes([COUPES[1], _coupe("r2")], fake_table)
    assert info.value.code == "PATHOS_DUPLICATE_RESIDENT"
    with pytest.raises(PathosError) as info:
        pmp_from_coupes([_coupe("r9", ("FAKE-C", "T1"))], fake_table)
    assert info.value.code == "PATHOS_COUPLE_NOT_IN_TABLE"


def test_pmp_exact() -> None:
    assert pmp([Decimal("100.5"), 201, "0"]) == Decimal("100.5")
    assert pmp([1, 2]) == Decimal("1.5")
    assert pmp([1, 1, 2]) == Decimal("1.333333333333333333333333333333333")


@pytest.mark.parametrize("bad", [[], [1.5], [-1], ["x"], [Decimal("Infinity")], [True]])
def test_pmp_rejects(bad: list[object]) -> None:
    with pytest.raises(PathosError) as info:
        pmp(bad)  # type: ignore[arg-type]
    assert info.value.code in {"PATHOS_NO_RESIDENTS", "PATHOS_INVALID_NUMBER"}


def test_gmps() -> None:
    assert Decimal("2.59") == DEFAULT_PMP_COEFFICIENT
    # 700 + 180 x 2.59 = 1166.2 (no binary float error)
    assert gmps(700, 180) == Decimal("1166.20")
    assert gmps("712.34", Decimal("191.5"), coefficient="2.6") == Decimal("1210.240")
    assert gmps(0, 0) == 0


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        ((700.0, 180), {}),
        ((700, -1), {}),
        ((700, 180), {"coefficient": 0}),
        ((700, 180), {"coefficient": 2.59}),
    ],
)
def test_gmps_rejects(args: tuple[object, ...], kwargs: dict[str, object]) -> None:
    with pytest.raises(PathosError) as info:
        gmps(*args, **kwargs)  # type: ignore[arg-type]
    assert info.value.code == "PATHOS_INVALID_NUMBER"


def test_pmp_matches_exact_rational() -> None:
    rng = random.Random(170)
    for _ in range(300):
        values = [Decimal(rng.randint(0, 200000)) / 100 for _ in range(rng.randint(1, 120))]
        exact = sum((Fraction(v) for v in values), Fraction(0)) / len(values)
        got = pmp(values)
        assert abs(Fraction(got) - exact) <= Fraction(1, 10**30) * max(exact, Fraction(1))


def test_gmps_uses_unrounded_pmp() -> None:
    value = pmp([1, 1, 2])  # 1.333...
    assert gmps(0, value) == Context(prec=PRECISION).multiply(value, DEFAULT_PMP_COEFFICIENT)
    assert gmps(0, value) == Decimal("3.453333333333333333333333333333332")
    assert quantize_indicator(gmps(0, value), 2) == Decimal("3.45")


def test_quantize_indicator() -> None:
    assert quantize_indicator(Decimal("154.5")) == Decimal(155)
    assert quantize_indicator(Decimal("154.5"), rounding=ROUND_HALF_EVEN) == Decimal(154)
    assert quantize_indicator(Decimal("154.1666"), 2) == Decimal("154.17")
    with pytest.raises(ValueError):
        quantize_indicator(Decimal(1), -1)
