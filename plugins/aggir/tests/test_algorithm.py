"""The GIR algorithm against the annexe-text oracle, the reference vectors and bad input."""

from __future__ import annotations

import doctest
import importlib
import itertools
from collections import Counter
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import opendui_aggir
from opendui_aggir import (
    DISCRIMINANT_VARIABLES,
    ILLUSTRATIVE_VARIABLES,
    AggirInputError,
    GirResult,
    gir,
)

EXPECTED_DISTRIBUTION = {1: 72, 2: 28_872, 3: 21_600, 4: 6_840, 5: 1_413, 6: 252}


def codes(profile: str) -> dict[str, str]:
    return dict(zip(DISCRIMINANT_VARIABLES, profile, strict=True))


def all_scores(group: Any) -> list[int]:
    """Score of ``group`` for every profile, in ``itertools.product("ABC", repeat=10)`` order."""
    choices = [(0, group.weights[k]["B"], group.weights[k]["C"]) for k in DISCRIMINANT_VARIABLES]
    return [sum(t) for t in itertools.product(*choices)]


def test_exhaustive_against_the_annexe_text_oracle(annexe: Any) -> None:
    """All 3^10 = 59,049 profiles: same GIR, rang, group and score as the annexe text."""
    # Oracle side, column-wise: every group's score for every profile via itertools.product.
    columns = [all_scores(group) for group in annexe.groups]
    girs: Counter[int] = Counter()
    for index, letters in enumerate(itertools.product("ABC", repeat=10)):
        result = gir(dict(zip(DISCRIMINANT_VARIABLES, letters, strict=True)))
        for group_index, group in enumerate(annexe.groups):
            rang = group.rang(columns[group_index][index])
            if rang is not None:
                break
        expected = (annexe.rang_to_gir[rang], rang, group.letter, columns[group_index][index])
        assert (result.gir, result.rang, result.groupe, result.score) == expected, "".join(letters)
        assert result.profile == "".join(letters)
        girs[result.gir] += 1
    assert dict(girs) == EXPECTED_DISTRIBUTION


def test_named_vectors(vectors: dict[str, Any], annexe_oracle: Any) -> None:
    assert len(vectors["cases"]) == 12
    for case in vectors["cases"]:
        want = case["expected"]
        expected = (want["gir"], want["rang"], want["group"], want["sum"])
        assert gir(case["letters"]) == GirResult(*expected, profile=case["code"]), case["note"]
        assert "".join(case["letters"][k] for k in DISCRIMINANT_VARIABLES) == case["code"]
        assert annexe_oracle(case["code"]) == expected


# Profiles whose score is exactly a threshold of the group that decides (checked by hand).
BOUNDARIES = [
    ("CCCCACCCAA", 1, 1, "A", 4380),  # 2000+1200+40+40+100+800+200
    ("CCCCCACAAA", 2, 2, "A", 4140),  # 2000+1200+40+40+60+800
    ("ACAAABCAAA", 2, 4, "B", 2016),  # A: 1200+16+800 = 2016 < 3390; B: 2016
    ("AACCCCCCAA", 2, 5, "C", 1700),  # 40+40+60+160+1000+400
    ("AABBAACCAA", 2, 6, "C", 1432),  # 16+16+1000+400
    ("AAAAACCAAA", 2, 7, "D", 2400),  # 400+2000
    ("AAACAACAAA", 3, 8, "E", 1200),  # 400+800
    ("AAAAACBCAA", 3, 9, "F", 800),  # 500+100+200
    ("ACAACAAAAA", 4, 10, "G", 650),  # 150+500
    ("AAAAABBAAA", 4, 11, "H", 4000),  # 2000+2000
    ("AAAAAABAAA", 5, 12, "H", 2000),  # transferts B alone
    ("AAAAAACAAA", 6, 13, "H", 1000),  # transferts C alone: less dependent than B (annexe 2-2)
    ("AAAAAAAAAA", 6, 13, "H", 0),
    ("AAAAAAAACC", 6, 13, "H", 0),  # unweighted variables
]


@pytest.mark.parametrize(("profile", "gir_", "rang", "groupe", "score"), BOUNDARIES)
def test_boundaries(profile: str, gir_: int, rang: int, groupe: str, score: int, annexe_oracle: Any) -> None:
    assert gir(codes(profile)) == GirResult(gir_, rang, groupe, score, profile)
    assert annexe_oracle(profile) == (gir_, rang, groupe, score)


def test_no_profile_reaches_group_a_rang_3_exactly_at_3390(annexe: Any) -> None:
    """Documented fact: 3 390 is never hit exactly, so group A's lowest line is tested by range."""
    assert 3390 not in set(all_scores(annexe.groups[0]))
    assert gir(codes("CCAAACCAAA")) == GirResult(2, 3, "A", 4100, "CCAAACCAAA")  # 2000+1200+100+800


def test_input_is_normalised_and_illustrative_keys_are_ignored() -> None:
    raw: dict[str, object] = {k: f" {v.lower()}\t" for k, v in codes("AABCAAAAAA").items()}
    raw.update(dict.fromkeys(ILLUSTRATIVE_VARIABLES, "C"))
    assert gir(raw) == gir(codes("AABCAAAAAA"))
    assert gir(raw).profile == "AABCAAAAAA"


def test_package_level_call() -> None:
    assert opendui_aggir.gir(codes("CCCCCCCCCC")).gir == 1


def error(data: dict[str, object]) -> AggirInputError:
    with pytest.raises(AggirInputError) as info:
        gir(data)
    assert isinstance(info.value, ValueError)
    return info.value


def test_missing_variable() -> None:
    data: dict[str, object] = dict(codes("AAAAAAAAAA"))
    del data["transferts"]
    err = error(data)
    assert (err.code, err.variable) == ("AGGIR_MISSING_VARIABLE", "transferts")
    assert "transferts" in str(err)
    assert error({}).variable == "coherence"


@pytest.mark.parametrize("key", ["coherance", "Coherence", "toilette_haut", "gir", ""])
def test_unknown_variable(key: str) -> None:
    err = error({**codes("AAAAAAAAAA"), key: "A"})
    assert (err.code, err.variable) == ("AGGIR_UNKNOWN_VARIABLE", key)
    assert repr(key) in str(err)


def test_unknown_variable_is_reported_before_missing_one() -> None:
    data: dict[str, object] = dict(codes("AAAAAAAAAA"))
    data["transfert"] = data.pop("transferts")
    assert error(data).code == "AGGIR_UNKNOWN_VARIABLE"


@pytest.mark.parametrize("value", ["D", "", " ", "AB", "1", "a b", "Ａ", None, 1, 0, True, b"A", ["A"]])
def test_invalid_code(value: object) -> None:
    err = error({**codes("AAAAAAAAAA"), "habillage": value})
    assert (err.code, err.variable) == ("AGGIR_INVALID_CODE", "habillage")
    assert "habillage" in str(err)


def test_invalid_code_of_an_illustrative_variable_is_rejected() -> None:
    err = error({**codes("AAAAAAAAAA"), "cuisine": "X"})
    assert (err.code, err.variable) == ("AGGIR_INVALID_CODE", "cuisine")


profiles = st.text(alphabet="ABC", min_size=10, max_size=10)


@given(profiles, st.sampled_from("ABC"), st.sampled_from("ABC"))
def test_unweighted_variables_never_change_the_result(profile: str, ext: str, com: str) -> None:
    changed = profile[:8] + ext + com
    a, b = gir(codes(profile)), gir(codes(changed))
    assert (a.gir, a.rang, a.groupe, a.score) == (b.gir, b.rang, b.groupe, b.score)


@given(profiles, st.dictionaries(st.sampled_from(ILLUSTRATIVE_VARIABLES), st.sampled_from("abcABC")))
def test_illustrative_variables_never_change_the_result(profile: str, extra: dict[str, str]) -> None:
    assert gir({**codes(profile), **extra}) == gir(codes(profile))


@given(profiles)
def test_rang_gives_the_gir_of_annexe_2_2_part_2(profile: str) -> None:
    result = gir(codes(profile))
    assert result.gir == {1: 1, 8: 3, 9: 3, 10: 4, 11: 4, 12: 5, 13: 6}.get(result.rang, 2)
    assert result.groupe == " AAABCCDEFGHHH"[result.rang]


def test_result_is_frozen() -> None:
    result = gir(codes("AAAAAAAAAA"))
    with pytest.raises(AttributeError):
        result.gir = 1  # type: ignore[misc]


def test_docstring_examples() -> None:
    for name in ("opendui_aggir.algorithm", "opendui_aggir.gmp"):
        assert doctest.testmod(importlib.import_module(name), raise_on_error=True).failed == 0
