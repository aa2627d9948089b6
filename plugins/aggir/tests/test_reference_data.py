"""The shipped tables agree with the annexe text and with the reference JSON (three-way)."""

from __future__ import annotations

import hashlib
import json
import math
import re
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from opendui_aggir import DISCRIMINANT_VARIABLES, GIR_POINTS, TABLES

DATA = Path(__file__).parent / "data"

CHECKSUMS = {
    "CASF-annexe-2-2-algorithme-AGGIR.md": "68a40782c37f01e853e125c3610390f7f030714bfbc881c108ca00bb9d7b0f72",
    "CASF-annexe-3-6-points-GIR-GMP.md": "ca6bbc805a68e50eddefda89a26a86141cb778935b4de06f291131c62fe65390",
    "aggir-algorithm-tables.json": "dfd510f51e42784d044ffb90a7c2543f506ac62e865698007e56d223d9af4919",
    "aggir-test-vectors.json": "09592cb420a80ecd87c710063a0a2e2af48602d7e24e2f0b4934208e05659615",
}


@pytest.mark.parametrize("name", sorted(CHECKSUMS))
def test_reference_copies_are_unchanged(name: str) -> None:
    assert hashlib.sha256((DATA / name).read_bytes()).hexdigest() == CHECKSUMS[name]


def test_annexe_text_parses_into_eight_complete_groups(annexe: Any) -> None:
    assert [g.letter for g in annexe.groups] == list("ABCDEFGH")
    for group in annexe.groups:
        assert all(set(w) == {"B", "C"} for w in group.weights.values())
        # The group's lines cover every score exactly once.
        bounds = sorted((i.low, i.high) for i in group.intervals)
        assert bounds[0][0] == -math.inf and bounds[-1][1] == math.inf
        assert all(a[1] == b[0] for a, b in zip(bounds, bounds[1:], strict=False))
    assert annexe.groups[-1].intervals[-1].rang == 13
    assert sorted(annexe.rang_to_gir) == list(range(1, 14))


def test_shipped_weights_equal_the_annexe_text(annexe: Any) -> None:
    for shipped, text in zip(TABLES.groups, annexe.groups, strict=True):
        assert shipped.groupe == text.letter
        for key in DISCRIMINANT_VARIABLES:
            assert dict(shipped.weights[key]) == {"A": 0, **text.weights[key]}, (text.letter, key)


def test_shipped_thresholds_equal_the_annexe_text(annexe: Any) -> None:
    for shipped, text in zip(TABLES.groups, annexe.groups, strict=True):
        from_text = [(i.low, i.rang) for i in text.intervals if i.rang is not None]
        from_text = [(None if low == -math.inf else low, rang) for low, rang in from_text]
        assert [(t.min_score, t.rang) for t in shipped.thresholds] == from_text


def test_shipped_rang_to_gir_equals_the_annexe_text(annexe: Any) -> None:
    assert dict(TABLES.rang_to_gir) == annexe.rang_to_gir


def test_reference_json_equals_the_annexe_text(annexe: Any, reference_tables: dict[str, Any]) -> None:
    assert reference_tables["variables_order"] == list(DISCRIMINANT_VARIABLES)
    for text in annexe.groups:
        assert reference_tables["groups"][text.letter]["weights"] == text.weights
    assert {int(k): v for k, v in reference_tables["rang_to_gir"].items()} == annexe.rang_to_gir


def test_gir_points_equal_annexe_3_6_column_c() -> None:
    text = (DATA / "CASF-annexe-3-6-points-GIR-GMP.md").read_text("utf-8")
    cells = [re.sub(r"<[^>]+>|\s", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", text, re.S)]
    rows = [cells[i : i + 5] for i in range(cells.index("GIR1"), len(cells), 5)]
    assert [r[0] for r in rows] == [f"GIR{n}" for n in range(1, 7)]
    assert dict(GIR_POINTS) == {n: int(r[2]) for n, r in enumerate(rows, start=1)}
    assert dict(GIR_POINTS) == {1: 1000, 2: 840, 3: 660, 4: 420, 5: 250, 6: 70}


def test_shipped_file_cites_its_source_and_the_sngc_clause() -> None:
    raw = json.loads(resources.files("opendui_aggir").joinpath("data/aggir_tables.json").read_text("utf-8"))
    assert "annexe 2-2" in raw["source"] and "annexe 3-6" in raw["source"]
    assert "etalab/codes-juridiques-francais" in raw["source"]
    assert "Syndicat national de gérontologie clinique" in raw["licence_note"]
    assert "sans autorisation préalable et écrite" in raw["licence_note"]
    assert TABLES.licence_note == raw["licence_note"]
