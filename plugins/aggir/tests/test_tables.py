"""The loader of ``aggir_tables.json`` rejects damaged documents."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from importlib import resources
from typing import Any

import pytest

from opendui_aggir import DISCRIMINANT_VARIABLES, gir
from opendui_aggir.algorithm import classify, normalize_codes
from opendui_aggir.tables import TABLES, parse_tables


def shipped() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        resources.files("opendui_aggir").joinpath("data/aggir_tables.json").read_text("utf-8")
    )
    return data


def test_shipped_document_parses() -> None:
    assert parse_tables(shipped()) == TABLES
    assert [g.groupe for g in TABLES.groups] == list("ABCDEFGH")
    assert [t.rang for g in TABLES.groups for t in g.thresholds] == list(range(1, 14))


def _set(path: list[Any], value: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(doc: dict[str, Any]) -> None:
        target: Any = doc
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value

    return mutate


DAMAGES: dict[str, Callable[[dict[str, Any]], None]] = {
    "format": _set(["format"], "other/2"),
    "source": _set(["source"], ""),
    "licence": _set(["licence_note"], None),
    "variables": _set(["variables"], ["coherence"]),
    "group order": lambda d: d["groups"].reverse(),
    "missing group": lambda d: d["groups"].pop(),
    "float weight": _set(["groups", 0, "weights", "coherence", "C"], 2000.0),
    "bool weight": _set(["groups", 0, "weights", "coherence", "B"], False),
    "extra modalite": _set(["groups", 0, "weights", "coherence", "A"], 0),
    "missing variable": lambda d: d["groups"][1]["weights"].pop("transferts"),
    "unweighted listed": _set(["groups", 1, "weights", "communication"], {"B": 0, "C": 0}),
    "increasing thresholds": _set(["groups", 0, "thresholds", 1, "min_score"], 5000),
    "rang gap": _set(["groups", 3, "thresholds", 0, "rang"], 8),
    "null early": _set(["groups", 2, "thresholds", 0, "min_score"], None),
    "no catch-all": _set(["groups", 7, "thresholds", 2, "min_score"], 0),
    "empty thresholds": _set(["groups", 4, "thresholds"], []),
    "rang_to_gir key": lambda d: d["rang_to_gir"].pop("13"),
    "rang_to_gir order": _set(["rang_to_gir", "2"], 3),
    "points": _set(["gir_points", "points", "6"], "70"),
}


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_damaged_documents_are_rejected(damage: str) -> None:
    doc = copy.deepcopy(shipped())
    DAMAGES[damage](doc)
    with pytest.raises(ValueError, match="invalid AGGIR tables"):
        parse_tables(doc)


def test_classify_uses_the_given_tables() -> None:
    doc = shipped()
    doc["groups"][7]["thresholds"][1]["min_score"] = 1000  # fictitious change of group H
    codes = normalize_codes({**dict.fromkeys(DISCRIMINANT_VARIABLES, "A"), "transferts": "C"})
    assert gir(codes).gir == 6
    assert classify(codes, parse_tables(doc)).gir == 5
