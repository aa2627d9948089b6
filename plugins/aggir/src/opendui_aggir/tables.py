"""The figures of CASF annexes 2-2 and 3-6, loaded from ``data/aggir_tables.json``.

The JSON file is the single copy of the figures shipped with the package; it carries its
``source`` and ``licence_note``. :func:`parse_tables` checks its whole structure, so that a
damaged file fails at import time rather than giving a wrong GIR.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Final

from opendui_aggir.variables import DISCRIMINANT_VARIABLES, MODALITES, Modalite

__all__ = ["TABLES", "AggirTables", "GroupTable", "Threshold", "load_tables", "parse_tables"]

#: Value of the ``format`` field this module reads.
FORMAT: Final = "opendui-aggir-tables/1"
_GROUP_LETTERS: Final = "ABCDEFGH"


@dataclass(frozen=True, slots=True)
class Threshold:
    """One line « sommation des valeurs des variables … : rang n » of annexe 2-2.

    :param min_score: the rang is given when the group's score is ``>= min_score``; ``None``
        means any score (last line of group H).
    :param rang: the rang (1 to 13).
    """

    min_score: int | None
    rang: int


@dataclass(frozen=True, slots=True)
class GroupTable:
    """One group (A to H) of annexe 2-2.

    :param groupe: the group letter.
    :param weights: ``{variable: {"A": 0, "B": value, "C": value}}`` for the 10 discriminant
        variables (0 for the unweighted ones).
    :param thresholds: the group's thresholds, highest first.
    """

    groupe: str
    weights: Mapping[str, Mapping[Modalite, int]]
    thresholds: tuple[Threshold, ...]


@dataclass(frozen=True, slots=True)
class AggirTables:
    """All the regulatory figures.

    :param groups: the groups A to H, in the order they are tested.
    :param rang_to_gir: « passage des rangs aux groupes » (annexe 2-2, part 2).
    :param gir_points: points GIR per GIR (annexe 3-6, colonne C).
    :param source: citation of the legal text.
    :param licence_note: the SNGC clause and the project's position.
    """

    groups: tuple[GroupTable, ...]
    rang_to_gir: Mapping[int, int]
    gir_points: Mapping[int, int]
    source: str
    licence_note: str


def _fail(message: str) -> ValueError:
    return ValueError(f"invalid AGGIR tables: {message}")


def _int(value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail(f"{where} must be an integer, not {value!r}")
    return value


def _dict(value: object, where: str) -> Mapping[str, object]:
    if not isinstance(value, dict):
        raise _fail(f"{where} must be an object")
    return value


def _str(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(f"{where} must be a non-empty string")
    return value


def _int_map(value: object, where: str, keys: range) -> dict[int, int]:
    raw = _dict(value, where)
    if sorted(raw) != sorted(str(k) for k in keys):
        raise _fail(f"{where} must have exactly the keys {keys.start}..{keys.stop - 1}")
    return {k: _int(raw[str(k)], f"{where}[{k}]") for k in keys}


def _group(raw: object, index: int, weighted: tuple[str, ...], last: bool) -> GroupTable:
    where = f"groups[{index}]"
    group = _dict(raw, where)
    letter = group.get("groupe")
    if letter != _GROUP_LETTERS[index]:
        raise _fail(f"{where}.groupe must be {_GROUP_LETTERS[index]!r}, not {letter!r}")
    weights = _dict(group.get("weights"), f"{where}.weights")
    if list(weights) != list(weighted):
        raise _fail(f"{where}.weights must list exactly {', '.join(weighted)} in this order")
    table: dict[str, Mapping[Modalite, int]] = {}
    for variable in DISCRIMINANT_VARIABLES:
        row = _dict(weights.get(variable, {"B": 0, "C": 0}), f"{where}.weights.{variable}")
        if sorted(row) != ["B", "C"]:
            raise _fail(f"{where}.weights.{variable} must have exactly the keys B and C")
        values = {"A": 0, **{m: _int(row[m], f"{where}.weights.{variable}.{m}") for m in "BC"}}
        table[variable] = MappingProxyType({m: values[m] for m in MODALITES})
    raw_thresholds = group.get("thresholds")
    if not isinstance(raw_thresholds, list) or not raw_thresholds:
        raise _fail(f"{where}.thresholds must be a non-empty list")
    thresholds: list[Threshold] = []
    for position, item in enumerate(raw_thresholds):
        line = _dict(item, f"{where}.thresholds[{position}]")
        if sorted(line) != ["min_score", "rang"]:
            raise _fail(f"{where}.thresholds[{position}] must have exactly min_score and rang")
        minimum = line["min_score"]
        is_final = last and position == len(raw_thresholds) - 1
        if (minimum is None) != is_final:
            raise _fail(f"{where}: only the last threshold of group H has min_score null")
        score = None if minimum is None else _int(minimum, f"{where}.min_score")
        if score is not None and thresholds and thresholds[-1].min_score is not None:
            if score >= thresholds[-1].min_score:
                raise _fail(f"{where}: thresholds must decrease")
        thresholds.append(Threshold(score, _int(line["rang"], f"{where}.rang")))
    return GroupTable(_GROUP_LETTERS[index], MappingProxyType(table), tuple(thresholds))


def parse_tables(document: object) -> AggirTables:
    """Check and read a tables document (the parsed ``aggir_tables.json``).

    :param document: the parsed JSON.
    :returns: the tables.
    :raises ValueError: the document is malformed or inconsistent (wrong format, groups out of
        order, thresholds not decreasing, rangs not numbered 1..13 in order, GIRs out of range…).
    """
    root = _dict(document, "document")
    if root.get("format") != FORMAT:
        raise _fail(f"format must be {FORMAT!r}")
    source = _str(root.get("source"), "source")
    licence_note = _str(root.get("licence_note"), "licence_note")
    if root.get("variables") != list(DISCRIMINANT_VARIABLES):
        raise _fail("variables must list the 10 discriminant variables in annexe order")
    unweighted = root.get("unweighted_variables")
    if not isinstance(unweighted, list) or not set(unweighted) <= set(DISCRIMINANT_VARIABLES):
        raise _fail("unweighted_variables must be a list of discriminant variables")
    weighted = tuple(v for v in DISCRIMINANT_VARIABLES if v not in unweighted)
    raw_groups = root.get("groups")
    if not isinstance(raw_groups, list) or len(raw_groups) != len(_GROUP_LETTERS):
        raise _fail("groups must list the 8 groups A to H")
    groups = tuple(_group(raw, i, weighted, i == len(raw_groups) - 1) for i, raw in enumerate(raw_groups))
    rangs = [t.rang for g in groups for t in g.thresholds]
    if rangs != list(range(1, len(rangs) + 1)):
        raise _fail("rangs must be numbered 1, 2, 3... in the order groups and lines are tested")
    rang_to_gir = _int_map(root.get("rang_to_gir"), "rang_to_gir", range(1, len(rangs) + 1))
    girs = list(rang_to_gir.values())
    if girs != sorted(girs) or set(girs) != set(range(1, 7)):
        raise _fail("rang_to_gir must map the rangs, in order, onto every GIR 1..6")
    gir_points = _int_map(
        _dict(root.get("gir_points"), "gir_points").get("points"), "gir_points.points", range(1, 7)
    )
    return AggirTables(
        groups=groups,
        rang_to_gir=MappingProxyType(rang_to_gir),
        gir_points=MappingProxyType(gir_points),
        source=source,
        licence_note=licence_note,
    )


def load_tables() -> AggirTables:
    """Read and check the tables shipped in the package.

    :returns: the tables.
    :raises ValueError: the shipped file is damaged.
    """
    text = resources.files("opendui_aggir").joinpath("data/aggir_tables.json").read_text("utf-8")
    return parse_tables(json.loads(text))


#: The tables shipped with the package, loaded once at import.
TABLES: Final[AggirTables] = load_tables()
