"""validate_code and its stable error codes."""

from __future__ import annotations

import pytest

from opendui_serafin import ERROR_CODES, Family, SerafinCodeError, is_leaf, validate_code


def test_valid_codes() -> None:
    assert validate_code("1.2.1.3").label == "Besoins pour la mobilité"
    assert validate_code(" 1.2.1.3 ", Family.BESOINS, "2023.1.0").code == "1.2.1.3"
    assert validate_code("2.1", "prestations_directes").code == "2.1"
    assert validate_code("3.2.4.1", Family.TRANSPORTS).code == "3.2.4.1"
    assert validate_code("3.2.4.1", Family.PRESTATIONS_INDIRECTES).code == "3.2.4.1"
    assert validate_code("1.1.10", Family.BESOINS, selectable_only=True).is_leaf


@pytest.mark.parametrize(
    ("args", "kwargs", "code"),
    [
        (("9.9",), {}, "SERAFIN_UNKNOWN_CODE"),
        (("",), {}, "SERAFIN_UNKNOWN_CODE"),
        (("1.2.1.3", "prestations_directes"), {}, "SERAFIN_WRONG_FAMILY"),
        (("3.2.5", Family.TRANSPORTS), {}, "SERAFIN_WRONG_FAMILY"),
        (("2.1.1.1", Family.BESOINS), {}, "SERAFIN_WRONG_FAMILY"),
        (("1.2.1.3", None, "2099.1.0"), {}, "SERAFIN_UNKNOWN_VERSION"),
        (("1.2.1",), {"selectable_only": True}, "SERAFIN_NOT_SELECTABLE"),
    ],
)
def test_errors(args: tuple[object, ...], kwargs: dict[str, object], code: str) -> None:
    with pytest.raises(SerafinCodeError) as info:
        validate_code(*args, **kwargs)  # type: ignore[arg-type]
    assert info.value.code == code
    assert isinstance(info.value, ValueError)
    assert code in ERROR_CODES


def test_non_string_code() -> None:
    with pytest.raises(SerafinCodeError) as info:
        validate_code(1.2)  # type: ignore[arg-type]
    assert info.value.code == "SERAFIN_UNKNOWN_CODE"


def test_unknown_family_name_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        validate_code("1", "needs")


def test_is_leaf() -> None:
    assert is_leaf("1.1.1") and not is_leaf("1.1")
