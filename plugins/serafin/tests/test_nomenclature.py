"""The bundled 2023.1.0 release: codes, hierarchy, families, search."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from opendui_serafin import Family, SerafinCodeError, get
from opendui_serafin.nomenclature import Nomenclature, natural_key, normalize_text


@pytest.fixture(scope="module")
def nomenclature() -> Nomenclature:
    return get("2023.1.0")


def test_release_metadata(nomenclature: Nomenclature) -> None:
    assert nomenclature.version == "2023.1.0"
    assert nomenclature.code_system["url"] == "https://smt.esante.gouv.fr/terminologie-SERAFINPH"
    assert "Licence Ouverte" in nomenclature.source["licence"]
    oids = {key: vs.oid for key, vs in nomenclature.value_sets.items()}
    assert oids == {
        "JDV_J282": "1.2.250.1.213.3.3.251",
        "JDV_J283": "1.2.250.1.213.3.3.252",
        "JDV_J284": "1.2.250.1.213.3.3.253",
        "JDV_J285": "1.2.250.1.213.3.3.254",
    }
    assert {vs.version for vs in nomenclature.value_sets.values()} == {"20241025120000"}


def test_107_codes(nomenclature: Nomenclature) -> None:
    assert len(nomenclature) == 107
    assert [c.code for c in nomenclature.roots()] == ["1", "2", "3"]
    assert "1.2.1.3" in nomenclature and "9.9" not in nomenclature
    assert Counter(c.level for c in nomenclature) == {1: 3, 2: 9, 3: 38, 4: 57}


def test_labels_verbatim(nomenclature: Nomenclature) -> None:
    assert nomenclature.get("1.2.1.3").label == "Besoins pour la mobilité"
    assert nomenclature.get("2.4.1").label == (
        "Prestation de coordination renforcée pour la cohérence du parcours"
    )
    concept = nomenclature.get("3.2.4.3")
    assert concept.label == "Transports liés à l'autonomie et la participation sociale"
    assert concept.alt_labels == ("Transports liés à l’autonomie et la participation sociale",)


def test_hierarchy(nomenclature: Nomenclature) -> None:
    parent = nomenclature.parent("1.2.1.3")
    assert parent is not None and parent.code == "1.2.1"
    assert nomenclature.parent("1") is None
    assert [c.code for c in nomenclature.ancestors("1.2.1.3")] == ["1", "1.2", "1.2.1"]
    assert [c.code for c in nomenclature.children("3.2.4")] == ["3.2.4.1", "3.2.4.2", "3.2.4.3"]
    assert [c.code for c in nomenclature.descendants("2.4")] == ["2.4.1"]
    assert len(nomenclature.descendants("1")) == 34
    assert nomenclature.children("1.1.10") == []


def test_natural_sort(nomenclature: Nomenclature) -> None:
    children = [c.code for c in nomenclature.children("1.1")]
    assert children == [f"1.1.{i}" for i in range(1, 11)]
    codes = [c.code for c in nomenclature]
    assert codes.index("1.1.10") == codes.index("1.1.9") + 1
    assert codes == sorted(codes, key=lambda c: tuple(int(p) for p in c.split(".")))


def test_family_split(nomenclature: Nomenclature) -> None:
    specific = Counter(c.family for c in nomenclature)
    assert specific == {
        Family.BESOINS: 35,
        Family.PRESTATIONS_DIRECTES: 37,
        Family.PRESTATIONS_INDIRECTES: 31,
        Family.TRANSPORTS: 4,
    }
    membership = {f: len(nomenclature.codes(f)) for f in Family}
    assert membership == {
        Family.BESOINS: 35,
        Family.PRESTATIONS_DIRECTES: 37,
        Family.PRESTATIONS_INDIRECTES: 35,
        Family.TRANSPORTS: 4,
    }
    assert [c.code for c in nomenclature.codes("transports")] == [
        "3.2.4",
        "3.2.4.1",
        "3.2.4.2",
        "3.2.4.3",
    ]


def test_family_lookup(nomenclature: Nomenclature) -> None:
    assert nomenclature.family("1.1.10") is Family.BESOINS
    assert nomenclature.family("2.3.4.3") is Family.PRESTATIONS_DIRECTES
    assert nomenclature.family("3.2.4.2") is Family.TRANSPORTS
    assert nomenclature.families("3.2.4.2") == {Family.TRANSPORTS, Family.PRESTATIONS_INDIRECTES}
    # mention transports in the label but are not in JDV_J282
    assert nomenclature.family("3.1.6") is Family.PRESTATIONS_INDIRECTES
    assert nomenclature.family("3.2.5") is Family.PRESTATIONS_INDIRECTES
    assert nomenclature.in_family("3.2.4", "prestations_indirectes")


def test_leaves(nomenclature: Nomenclature) -> None:
    assert len(nomenclature.codes(selectable_only=True)) == 73
    besoins = nomenclature.codes(Family.BESOINS, selectable_only=True)
    assert len(besoins) == 25
    assert nomenclature.is_leaf("1.1.10") and not nomenclature.is_leaf("1.2.1")


def test_unknown_code(nomenclature: Nomenclature) -> None:
    assert nomenclature.find("4") is None
    with pytest.raises(SerafinCodeError) as info:
        nomenclature.children("1.9")
    assert info.value.code == "SERAFIN_UNKNOWN_CODE"


def test_search_accents_and_case(nomenclature: Nomenclature) -> None:
    assert [c.code for c in nomenclature.search("MOBILITE")] == ["1.2.1.3"]
    assert [c.code for c in nomenclature.search("mobilité")] == ["1.2.1.3"]
    assert [c.code for c in nomenclature.search("  pair   aidant ")] == ["1.3.3.5"]
    assert "3.2.4.3" in [c.code for c in nomenclature.search("l’autonomie et la participation")]
    assert [c.code for c in nomenclature.search("hematopoietique")] == ["1.1.5"]
    assert nomenclature.search("   ") == []


def test_search_codes_and_filters(nomenclature: Nomenclature) -> None:
    assert [c.code for c in nomenclature.search("1.2")] == [
        "1.2",
        "1.2.1",
        "1.2.1.1",
        "1.2.1.2",
        "1.2.1.3",
        "1.2.1.4",
    ]
    assert [c.code for c in nomenclature.search("1.1.1")] == ["1.1.1"]
    found = nomenclature.search("transports", family=Family.TRANSPORTS, selectable_only=True)
    assert [c.code for c in found] == ["3.2.4.1", "3.2.4.2", "3.2.4.3"]
    assert [c.code for c in nomenclature.search("besoins logement")] == ["1.3.2", "1.3.2.1"]


def test_natural_key_matches_integer_tuples() -> None:
    rng = random.Random(2023)
    for _ in range(200):
        codes = [
            ".".join(str(rng.randint(0, 30)) for _ in range(rng.randint(1, 5)))
            for _ in range(rng.randint(2, 20))
        ]
        assert sorted(codes, key=natural_key) == sorted(
            codes, key=lambda c: tuple(int(x) for x in c.split("."))
        )
    assert sorted(["2023.10.0", "2023.9.1", "2023.9.0"], key=natural_key) == [
        "2023.9.0",
        "2023.9.1",
        "2023.10.0",
    ]


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Besoins pour la MOBILITÉ", "besoins pour la mobilite"),
        ("l’autonomie", "l'autonomie"),
        ("mise en Œuvre", "mise en oeuvre"),
        ("  a \t b\n", "a b"),
        ("", ""),
    ],
)
def test_normalize_text(text: str, folded: str) -> None:
    assert normalize_text(text) == folded
    assert normalize_text(folded) == folded
