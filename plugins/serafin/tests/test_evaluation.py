"""Besoin evaluation grids."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from opendui_serafin import (
    BesoinEvaluation,
    BesoinItem,
    BesoinLevel,
    SerafinCodeError,
    SerafinEvaluationError,
)

DAY = date(2025, 3, 14)


def _create(items: list[object], **kwargs: object) -> BesoinEvaluation:
    params: dict[str, object] = {
        "usager_id": "usager-1",
        "evaluator": "ide-42",
        "evaluated_on": DAY,
        "items": items,
    }
    params.update(kwargs)
    return BesoinEvaluation.create(**params)  # type: ignore[arg-type]


def test_valid_grid() -> None:
    evaluation = _create([("1.2.1.3", 2), ("1.1.10", BesoinLevel.AUCUN, "RAS"), ("1.3.5.1", 3)])
    assert evaluation.nomenclature_version == "2023.1.0"
    assert evaluation.levels() == {
        "1.2.1.3": BesoinLevel.REGULIER,
        "1.1.10": BesoinLevel.AUCUN,
        "1.3.5.1": BesoinLevel.PERMANENT,
    }
    assert evaluation.items[1].comment == "RAS"
    assert evaluation.level_of("1.1.1") is None
    assert BesoinLevel.PONCTUEL.label == "Besoin ponctuel ou léger"


def test_scale_is_0_to_3() -> None:
    assert [int(level) for level in BesoinLevel] == [0, 1, 2, 3]


@pytest.mark.parametrize("level", [4, -1, True, "2", 1.0, None])
def test_invalid_level(level: object) -> None:
    with pytest.raises(SerafinEvaluationError) as info:
        _create([("1.2.1.3", level)])
    assert info.value.code == "SERAFIN_INVALID_LEVEL"


def test_duplicate_refused() -> None:
    with pytest.raises(SerafinEvaluationError) as info:
        _create([("1.2.1.3", 1), (" 1.2.1.3", 2)])
    assert info.value.code == "SERAFIN_DUPLICATE_CODE"


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("2.1.1.1", "SERAFIN_WRONG_FAMILY"),
        ("3.2.4.1", "SERAFIN_WRONG_FAMILY"),
        ("1.9.9", "SERAFIN_UNKNOWN_CODE"),
        ("1.2.1", "SERAFIN_NOT_SELECTABLE"),
        ("1", "SERAFIN_NOT_SELECTABLE"),
    ],
)
def test_codes_must_be_besoin_leaves(code: str, error: str) -> None:
    with pytest.raises(SerafinCodeError) as info:
        _create([(code, 1)])
    assert info.value.code == error


def test_unknown_version() -> None:
    with pytest.raises(SerafinCodeError) as info:
        _create([("1.2.1.3", 1)], version="1.0")
    assert info.value.code == "SERAFIN_UNKNOWN_VERSION"


@pytest.mark.parametrize(
    "override",
    [
        {"evaluator": " "},
        {"usager_id": ""},
        {"evaluated_on": datetime(2025, 3, 14, 10, 0)},
        {"evaluated_on": "2025-03-14"},
        {"items": []},
        {"items": ["1.2.1.3"]},
    ],
)
def test_invalid_evaluation(override: dict[str, object]) -> None:
    params: dict[str, object] = {"items": [("1.2.1.3", 1)]}
    params.update(override)
    items = params.pop("items")
    with pytest.raises(SerafinEvaluationError) as info:
        _create(items, **params)  # type: ignore[arg-type]
    assert info.value.code == "SERAFIN_INVALID_EVALUATION"


def test_direct_construction_validates() -> None:
    item = BesoinItem("1.1.2", BesoinLevel.PONCTUEL)
    evaluation = BesoinEvaluation("u", "e", DAY, (item,), "2023.1.0")
    assert evaluation.items == (item,)
    with pytest.raises(SerafinEvaluationError):
        BesoinEvaluation("u", "e", DAY, (item, item), "2023.1.0")
