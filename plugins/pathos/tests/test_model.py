"""Profils de soins and coupes."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from opendui_pathos import PROFILS_DE_SOINS, CoupePathos, Couple, PathosError, ProfilDeSoins
from opendui_pathos.model import PROFILS_SOURCE, parse_profil

DAY = date(2025, 6, 2)


def test_twelve_profils() -> None:
    assert [p.value for p in ProfilDeSoins] == [
        "T1",
        "T2",
        "P1",
        "P2",
        "R1",
        "R2",
        "CH",
        "DG",
        "M1",
        "M2",
        "S1",
        "S0",
    ]
    assert set(PROFILS_DE_SOINS) == set(ProfilDeSoins)
    for code, info in PROFILS_DE_SOINS.items():
        assert info.code is code and info.label and info.group
        assert not info.verified and "[to verify]" in info.note
    assert "CNSA" in PROFILS_SOURCE


@pytest.mark.parametrize(("raw", "profil"), [("t1", ProfilDeSoins.T1), (" ch ", ProfilDeSoins.CH)])
def test_parse_profil(raw: str, profil: ProfilDeSoins) -> None:
    assert parse_profil(raw) is profil


@pytest.mark.parametrize("raw", ["T3", "", None, 1])
def test_unknown_profil(raw: object) -> None:
    with pytest.raises(PathosError) as info:
        parse_profil(raw)
    assert info.value.code == "PATHOS_UNKNOWN_PROFIL"


def test_coupe() -> None:
    coupe = CoupePathos.create(
        resident_id="r1",
        evaluator="medco",
        evaluated_on=DAY,
        couples=[("FAKE-A", "T1"), Couple("FAKE-B", ProfilDeSoins.CH)],
    )
    assert [str(c) for c in coupe.couples] == ["FAKE-A/T1", "FAKE-B/CH"]
    assert CoupePathos("r2", "medco", DAY).couples == ()


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"couples": [("FAKE-A", "T1"), ("FAKE-A", "S1")]}, "PATHOS_DUPLICATE_ETAT"),
        ({"couples": [("FAKE A", "T1")]}, "PATHOS_INVALID_ETAT"),
        ({"couples": [("FAKE-A", "X9")]}, "PATHOS_UNKNOWN_PROFIL"),
        ({"couples": ["FAKE-A/T1"]}, "PATHOS_INVALID_COUPE"),
        ({"resident_id": " "}, "PATHOS_INVALID_COUPE"),
        ({"evaluator": ""}, "PATHOS_INVALID_COUPE"),
        ({"evaluated_on": datetime(2025, 6, 2, 9, 0)}, "PATHOS_INVALID_COUPE"),
    ],
)
def test_invalid_coupe(kwargs: dict[str, object], code: str) -> None:
    params: dict[str, object] = {"resident_id": "r1", "evaluator": "medco", "evaluated_on": DAY}
    params.update(kwargs)
    with pytest.raises(PathosError) as info:
        CoupePathos.create(**params)  # type: ignore[arg-type]
    assert info.value.code == code
