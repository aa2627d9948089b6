"""Adverb scoring (S/T/C/H) and sub-variable combination (Mediboard's rules, to verify)."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opendui_aggir import (
    ADVERBS,
    DISCRIMINANT_VARIABLES,
    SUB_VARIABLES,
    AdverbAnswers,
    AggirInputError,
    codes_from_adverbs,
    combine,
    gir,
    gir_from_adverbs,
    score_adverbs,
)

ALL_YES = {"S": True, "T": True, "C": True, "H": True}
ALL_NO = {"S": False, "T": False, "C": False, "H": False}
ONE_NO = {"S": True, "T": True, "C": True, "H": False}


@pytest.mark.parametrize("flags", list(itertools.product([False, True], repeat=4)))
def test_score_of_all_sixteen_answers(flags: tuple[bool, bool, bool, bool]) -> None:
    expected = "A" if all(flags) else "C" if not any(flags) else "B"
    assert score_adverbs(AdverbAnswers(*flags)) == expected
    assert score_adverbs(dict(zip("STCH", flags, strict=True))) == expected
    assert score_adverbs(dict(zip("stch", flags, strict=True))) == expected


def test_adverb_names() -> None:
    assert dict(ADVERBS) == {
        "S": "spontanément",
        "T": "totalement",
        "C": "correctement",
        "H": "habituellement",
    }


MALFORMED: list[dict[Any, object]] = [
    {"S": True, "T": True, "C": True},
    {**ALL_YES, "X": True},
    {**ALL_YES, "H": 1},
    {**ALL_YES, "H": None},
    {**ALL_YES, "H": "yes"},
    {"S": True, "s": True, "T": True, "C": True, "H": True},
    {**ALL_YES, 1: True},
]


@pytest.mark.parametrize("answers", MALFORMED)
def test_malformed_adverb_answers(answers: dict[Any, object]) -> None:
    with pytest.raises(AggirInputError) as info:
        score_adverbs(answers, "transferts")
    assert (info.value.code, info.value.variable) == ("AGGIR_INVALID_ADVERB", "transferts")
    assert "transferts" in str(info.value)


def rule_table(vectors: dict[str, Any], variable: str) -> dict[str, str]:
    """Expected combination of every sub-code tuple, from the rules written in the vectors file."""
    rules = vectors["subvariable_rules"]
    size = len(SUB_VARIABLES[variable])
    table = {}
    for letters in map("".join, itertools.product("ABC", repeat=size)):
        if variable in ("coherence", "orientation", "elimination"):
            (rule,) = [v for k, v in rules.items() if k.startswith("coherence(")]
            table[letters] = "C" if "C" in letters else rule[letters]
        elif variable == "toilette":
            table[letters] = rules["toilette(haut,bas)"].get(letters, rules["toilette(haut,bas)"]["other"])
        elif variable == "habillage":
            rule = rules["habillage(haut,moyen,bas)"]
            table[letters] = rule.get(letters, rule["other"])
        else:
            rule = rules["alimentation(se servir,manger)"]
            (table[letters],) = [v for k, v in rule.items() if letters in k.split("/")]
    return table


@pytest.mark.parametrize("variable", sorted(SUB_VARIABLES))
def test_combination_rules_exhaustively(variable: str, vectors: dict[str, Any]) -> None:
    subs = SUB_VARIABLES[variable]
    table = rule_table(vectors, variable)
    assert len(table) == 3 ** len(subs)
    for letters, expected in table.items():
        assert combine(variable, dict(zip(subs, letters, strict=True))) == expected, (variable, letters)
        assert combine(variable, dict(zip(subs, letters.lower(), strict=True))) == expected


@pytest.mark.parametrize(
    ("variable", "letters", "expected"),
    [
        ("toilette", "AC", "B"),
        ("toilette", "BC", "B"),
        ("toilette", "CC", "C"),
        ("habillage", "CCB", "B"),
        ("habillage", "ACC", "B"),
        ("alimentation", "AC", "C"),
        ("alimentation", "BB", "B"),
        ("elimination", "CA", "C"),
        ("coherence", "AB", "B"),
        ("orientation", "AA", "A"),
    ],
)
def test_combination_examples(variable: str, letters: str, expected: str) -> None:
    assert combine(variable, dict(zip(SUB_VARIABLES[variable], letters, strict=True))) == expected


def combine_error(variable: str, codes: dict[str, str]) -> AggirInputError:
    with pytest.raises(AggirInputError) as info:
        combine(variable, codes)
    return info.value


def test_combination_errors() -> None:
    err = combine_error("transferts", {})
    assert (err.code, err.variable) == ("AGGIR_UNKNOWN_VARIABLE", "transferts")
    assert combine_error("toilettes", {}).code == "AGGIR_UNKNOWN_VARIABLE"
    err = combine_error("habillage", {"haut": "A", "bas": "A"})
    assert (err.code, err.variable) == ("AGGIR_MISSING_VARIABLE", "habillage.moyen")
    err = combine_error("habillage", {"haut": "A", "moyen": "A", "bas": "A", "pieds": "A"})
    assert (err.code, err.variable) == ("AGGIR_UNKNOWN_VARIABLE", "habillage.pieds")
    err = combine_error("toilette", {"haut": "A", "bas": "Z"})
    assert (err.code, err.variable) == ("AGGIR_INVALID_CODE", "toilette.bas")


def answers_for(profile_answers: dict[str, dict[str, bool]]) -> dict[str, object]:
    """Build gir_from_adverbs input giving each (sub-)variable the same answers."""
    result: dict[str, object] = {}
    for key in DISCRIMINANT_VARIABLES:
        answers = profile_answers[key]
        subs = SUB_VARIABLES.get(key)
        result[key] = {s: answers for s in subs} if subs else answers
    return result


def test_gir_from_adverbs_extremes() -> None:
    autonomous = answers_for(dict.fromkeys(DISCRIMINANT_VARIABLES, ALL_YES))
    assert gir_from_adverbs(autonomous).gir == 6
    dependent = answers_for(dict.fromkeys(DISCRIMINANT_VARIABLES, ALL_NO))
    assert gir_from_adverbs(dependent).profile == "CCCCCCCCCC"
    assert gir_from_adverbs(dependent).gir == 1
    partial = answers_for(dict.fromkeys(DISCRIMINANT_VARIABLES, ONE_NO))
    assert gir_from_adverbs(partial).profile == "BBBBBBBBBB"


def test_gir_from_adverbs_mixed_sub_variables() -> None:
    answers = answers_for(dict.fromkeys(DISCRIMINANT_VARIABLES, ALL_YES))
    answers["toilette"] = {"haut": ALL_YES, "bas": ALL_NO}  # AC -> B
    answers["habillage"] = {"haut": ALL_NO, "moyen": AdverbAnswers(False, False, False, False), "bas": ALL_NO}
    answers["gestion"] = ALL_NO  # illustrative: scored, ignored
    codes = codes_from_adverbs(answers)
    assert (codes["toilette"], codes["habillage"], codes["gestion"]) == ("B", "C", "C")
    assert gir_from_adverbs(answers) == gir({k: codes[k] for k in DISCRIMINANT_VARIABLES})
    assert gir_from_adverbs(answers).profile == "AABCAAAAAA"
    assert gir_from_adverbs(answers).gir == 4


@pytest.mark.parametrize(
    ("mutate", "code", "variable"),
    [
        (lambda a: a.pop("transferts"), "AGGIR_MISSING_VARIABLE", "transferts"),
        (lambda a: a.update(gir=ALL_YES), "AGGIR_UNKNOWN_VARIABLE", "gir"),
        (lambda a: a.update(toilette=ALL_YES), "AGGIR_UNKNOWN_VARIABLE", "toilette.S"),
        (lambda a: a.update(toilette="A"), "AGGIR_INVALID_ADVERB", "toilette"),
        (lambda a: a.update(transferts="A"), "AGGIR_INVALID_ADVERB", "transferts"),
        (lambda a: a.update(toilette={"haut": ALL_YES}), "AGGIR_MISSING_VARIABLE", "toilette.bas"),
        (lambda a: a.update(toilette={"haut": ALL_YES, "bas": True}), "AGGIR_INVALID_ADVERB", "toilette.bas"),
        (lambda a: a.update(transferts={"S": True}), "AGGIR_INVALID_ADVERB", "transferts"),
    ],
)
def test_gir_from_adverbs_errors(mutate: Any, code: str, variable: str) -> None:
    answers = answers_for(dict.fromkeys(DISCRIMINANT_VARIABLES, ALL_YES))
    mutate(answers)
    with pytest.raises(AggirInputError) as info:
        gir_from_adverbs(answers)
    assert (info.value.code, info.value.variable) == (code, variable)


flags = st.builds(AdverbAnswers, st.booleans(), st.booleans(), st.booleans(), st.booleans())


@given(st.fixed_dictionaries({k: flags for k in DISCRIMINANT_VARIABLES}), st.data())
def test_gir_from_adverbs_matches_scoring_then_gir(per_variable: dict[str, AdverbAnswers], data: Any) -> None:
    answers: dict[str, object] = {}
    expected: dict[str, str] = {}
    for key, value in per_variable.items():
        subs = SUB_VARIABLES.get(key)
        if subs:
            sub_answers = {s: data.draw(flags) for s in subs}
            answers[key] = sub_answers
            expected[key] = combine(key, {s: score_adverbs(a) for s, a in sub_answers.items()})
        else:
            answers[key] = value
            expected[key] = score_adverbs(value)
    assert gir_from_adverbs(answers) == gir(expected)
