"""Fixtures of the AGGIR tests: the independent oracle, read from the copies in ``data/``.

The oracle parses the **text** of CASF annexe 2-2 (HTML tables and the « sommation » lines) into
score intervals; it shares no code and no data file with the plugin.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).parent / "data"

#: French row labels of annexe 2-2 → public keys (written independently of the plugin).
ANNEXE_LABELS = {
    "Cohérence": "coherence",
    "Orientation": "orientation",
    "Toilette": "toilette",
    "Habillage": "habillage",
    "Alimentation": "alimentation",
    "Elimination": "elimination",
    "Transfert": "transferts",
    "Déplacement intérieur": "deplacement_interieur",
    "Déplacement extérieur": "deplacement_exterieur",
    "Communication": "communication",
}
KEYS = tuple(ANNEXE_LABELS.values())


@dataclass(frozen=True)
class Interval:
    """Score interval ``low <= score < high`` giving ``rang`` (``None``: test the next group)."""

    low: float
    high: float
    rang: int | None


@dataclass(frozen=True)
class AnnexeGroup:
    letter: str
    weights: dict[str, dict[str, int]]  # key -> {"B": w, "C": w}
    intervals: tuple[Interval, ...]

    def score(self, profile: str) -> int:
        return sum(self.weights[k].get(m, 0) for k, m in zip(KEYS, profile, strict=True))

    def rang(self, score: int) -> int | None:
        (hit,) = [i for i in self.intervals if i.low <= score < i.high]
        return hit.rang


@dataclass(frozen=True)
class Annexe:
    groups: tuple[AnnexeGroup, ...]
    rang_to_gir: dict[int, int]


def _number(text: str) -> int:
    return int(re.sub(r"\s", "", text))


def _intervals(body: str) -> tuple[Interval, ...]:
    result = []
    for line in re.findall(r"^- (.*?)\s*[;.]?$", body, re.M):
        n = r"(-?[\d  ]+?)"
        if m := re.fullmatch(rf"supérieure ou égale à {n} : rang (\d+)", line):
            result.append(Interval(_number(m[1]), math.inf, int(m[2])))
        elif m := re.fullmatch(rf"comprise entre {n} \(exclus\) et {n} \(inclus\) : rang (\d+)", line):
            result.append(Interval(_number(m[2]), _number(m[1]), int(m[3])))
        elif m := re.fullmatch(rf"inférieure à {n} : tester les valeurs du groupe [A-H]", line):
            result.append(Interval(-math.inf, _number(m[1]), None))
        elif m := re.fullmatch(rf"inférieure à {n} \(exclus\) : rang (\d+)", line):
            result.append(Interval(-math.inf, _number(m[1]), int(m[2])))
        else:  # pragma: no cover - the text changed
            raise AssertionError(f"unparsed line {line!r}")
    return tuple(result)


def parse_annexe_2_2(text: str) -> Annexe:
    part1, part2 = text.split("2 Passage des rangs aux groupes")
    groups = []
    for letter, body in re.findall(r"GROUPE ([A-H])\n(.*?)(?=GROUPE [A-H]\n|\Z)", part1, re.S):
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", body, re.S)]
        assert cells[:3] == ["VARIABLES", "MODALITE", "VALEUR"]
        weights: dict[str, dict[str, int]] = {k: {} for k in KEYS}
        rows = cells[3:]
        assert len(rows) == 60
        for label, modalite, value in zip(rows[::3], rows[1::3], rows[2::3], strict=True):
            assert modalite not in weights[ANNEXE_LABELS[label]]
            weights[ANNEXE_LABELS[label]][modalite] = _number(value)
        groups.append(AnnexeGroup(letter, weights, _intervals(body)))
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", part2, re.S)]
    rang_to_gir = {}
    for rangs, gir in zip(cells[2::2], cells[3::2], strict=True):
        for rang in rangs.split(","):
            rang_to_gir[int(rang)] = int(gir)
    return Annexe(tuple(groups), rang_to_gir)


def oracle(annexe: Annexe, profile: str, scores: list[int] | None = None) -> tuple[int, int, str, int]:
    """(gir, rang, group letter, score) of a 10-letter profile, straight from the annexe text."""
    for index, group in enumerate(annexe.groups):
        score = group.score(profile) if scores is None else scores[index]
        rang = group.rang(score)
        if rang is not None:
            return annexe.rang_to_gir[rang], rang, group.letter, score
    raise AssertionError("group H must always give a rang")


@pytest.fixture(scope="session")
def annexe() -> Annexe:
    return parse_annexe_2_2((DATA / "CASF-annexe-2-2-algorithme-AGGIR.md").read_text("utf-8"))


@pytest.fixture(scope="session")
def vectors() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / "aggir-test-vectors.json").read_text("utf-8"))
    return data


@pytest.fixture(scope="session")
def reference_tables() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / "aggir-algorithm-tables.json").read_text("utf-8"))
    return data


@pytest.fixture(scope="session")
def annexe_oracle(annexe: Annexe) -> Any:
    return lambda profile: oracle(annexe, profile)
