"""Luhn check and key computation."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from opendui.identifiers import luhn_is_valid, luhn_key

DIGIT_STRINGS = st.text(alphabet="0123456789", min_size=1, max_size=20)


@pytest.mark.parametrize(
    "digits",
    ["0", "18", "79927398713", "10002527652", "99700367909", "010000016", "732829320", "73282932000074"],
)
def test_known_valid_numbers(digits: str) -> None:
    assert luhn_is_valid(digits)


@pytest.mark.parametrize("digits", ["1", "79927398710", "10003456789", "10101010101", "12255566"])
def test_known_invalid_numbers(digits: str) -> None:
    assert not luhn_is_valid(digits)


@pytest.mark.parametrize("digits", ["", "1234 5678", "12a4", "١٢٣", "²", "-18"])
def test_non_ascii_digit_strings_are_never_valid(digits: str) -> None:
    assert not luhn_is_valid(digits)


def test_key_of_known_bodies() -> None:
    assert luhn_key("7992739871") == "3"
    assert luhn_key("1000252765") == "2"
    assert luhn_key("01000001") == "6"


@pytest.mark.parametrize("body", ["", "12a", "١٢", " 12"])
def test_key_refuses_non_digit_bodies(body: str) -> None:
    with pytest.raises(ValueError):
        luhn_key(body)


@settings(database=None)
@given(DIGIT_STRINGS)
def test_computed_key_always_validates_and_is_the_only_one(body: str) -> None:
    key = luhn_key(body)
    assert luhn_is_valid(body + key)
    assert [digit for digit in "0123456789" if luhn_is_valid(body + digit)] == [key]


@settings(database=None)
@given(DIGIT_STRINGS, st.data())
def test_any_single_digit_change_is_detected(body: str, data: st.DataObject) -> None:
    number = body + luhn_key(body)
    position = data.draw(st.integers(min_value=0, max_value=len(number) - 1))
    replacement = data.draw(st.sampled_from([d for d in "0123456789" if d != number[position]]))
    assert not luhn_is_valid(number[:position] + replacement + number[position + 1 :])
