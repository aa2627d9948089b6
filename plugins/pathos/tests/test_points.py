"""Points table formats, loader and errors (fictitious values only)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from opendui_pathos import (
    Couple,
    PathosError,
    PointsTable,
    PointsTableError,
    ProfilDeSoins,
    load_points_table,
    parse_points_csv,
    parse_points_json,
)


def test_csv_semicolon_with_decimal_comma(fake_table: PointsTable) -> None:
    assert len(fake_table) == 5 and fake_table.name == "fictitious"
    a_t1 = fake_table.get(Couple("FAKE-A", ProfilDeSoins.T1))
    assert a_t1.total == Decimal(300) and a_t1.smti
    assert dict(a_t1.postes) == {"medecin_geriatre": Decimal(100), "soins_infirmiers": Decimal(200)}
    assert fake_table.points("FAKE-A", "s1") == Decimal("12.5")
    assert fake_table.get(Couple("FAKE-B", ProfilDeSoins.CH)).postes == {
        "soins_infirmiers": Decimal(150)
    }
    assert fake_table.get(Couple("FAKE-B", ProfilDeSoins.S0)).smti is False
    # total absent: sum of the poste values
    assert fake_table.points("FAKE-C", "M1") == Decimal("120.25")


def test_csv_comma() -> None:
    table = parse_points_csv("etat,profil,total\nFAKE-A,T2,42.5\n")
    assert table.points("FAKE-A", "T2") == Decimal("42.5")


def test_json(tmp_path: Path) -> None:
    document = {
        "format": "opendui-pathos-points/1",
        "name": "fictitious",
        "source": "invented for tests",
        "licence_note": "none - fictitious",
        "couples": [
            {"etat": "FAKE-A", "profil": "T1", "total": "300", "smti": True},
            {"etat": "FAKE-B", "profil": "CH", "total": 150.75},
            {"etat": "FAKE-C", "profil": "M1", "postes": {"pharmacie": "7", "biologie": 3}},
        ],
    }
    path = tmp_path / "fake.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    table = load_points_table(path)
    assert table.source == "invented for tests"
    assert table.points("FAKE-B", "CH") == Decimal("150.75")
    assert table.points("FAKE-C", "M1") == Decimal(10)
    assert table.get(Couple("FAKE-A", ProfilDeSoins.T1)).smti


def test_couple_not_in_table(fake_table: PointsTable) -> None:
    with pytest.raises(PathosError) as info:
        fake_table.points("FAKE-A", "P1")
    assert info.value.code == "PATHOS_COUPLE_NOT_IN_TABLE"


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("", None, "empty"),
        ("etat;profil;points\n", 1, "unknown column"),
        ("etat;total\nFAKE-A;1\n", 1, "missing column 'profil'"),
        ("etat;profil;smti\nFAKE-A;T1;oui\n", 1, "need a 'total'"),
        ("etat;profil;total\nFAKE-A;T9;1\n", 2, "unknown profil"),
        ("etat;profil;total\nFAKE-A;T1;-1\n", 2, ">= 0"),
        ("etat;profil;total\nFAKE-A;T1;abc\n", 2, "not a number"),
        ("etat;profil;total\nFAKE-A;T1;NaN\n", 2, "finite"),
        ("# c\n\netat;profil;total\nFAKE-A;T1;1\nFAKE-A;T1;2\n", None, "listed twice"),
        ("etat;profil;total\nFAKE-A;T1;1;2\n", 2, "expected 3 fields"),
        ("etat;profil;total;smti\nFAKE-A;T1;1;peut-être\n", 2, "yes/no"),
        ("etat;profil;total;pharmacie\nFAKE-A;T1;;\n", 2, "no total and no poste"),
        ("etat,profil,total\nFAKE-A,T1,1,5\n", 2, "expected 3 fields"),
        ("etat;profil;total\n", None, "no couple"),
    ],
)
def test_csv_errors(text: str, line: int | None, fragment: str) -> None:
    with pytest.raises(PointsTableError) as info:
        parse_points_csv(text)
    assert info.value.code == "PATHOS_POINTS_TABLE_INVALID"
    assert info.value.line == line
    assert fragment in str(info.value)


@pytest.mark.parametrize(
    ("document", "fragment"),
    [
        ("{", "invalid JSON"),
        ('{"format": "x", "couples": []}', "not a opendui-pathos-points/1"),
        ('{"format": "opendui-pathos-points/1", "couples": {}}', "must be a list"),
        (
            '{"format": "opendui-pathos-points/1", "couples": [{"etat": "A", "profil": "T1",'
            ' "total": 1, "extra": 2}]}',
            "unknown key",
        ),
        (
            '{"format": "opendui-pathos-points/1", "couples": [{"etat": "A", "profil": "T1",'
            ' "total": true}]}',
            "not True",
        ),
        (
            '{"format": "opendui-pathos-points/1", "couples": [{"etat": "A", "profil": "T1",'
            ' "postes": {"dentiste": 1}}]}',
            "unknown poste",
        ),
    ],
)
def test_json_errors(document: str, fragment: str) -> None:
    with pytest.raises(PointsTableError) as info:
        parse_points_json(document)
    assert fragment in str(info.value)


def test_loader_errors(tmp_path: Path) -> None:
    with pytest.raises(PointsTableError, match="cannot read"):
        load_points_table(tmp_path / "missing.csv")
    other = tmp_path / "table.xlsx"
    other.write_text("x", encoding="utf-8")
    with pytest.raises(PointsTableError, match="unknown points table format"):
        load_points_table(other)
