"""IdentifierError and input normalisation."""

from __future__ import annotations

import pickle

import pytest
from opendui.identifiers import IdentifierError, normalize, validate_finess


def test_identifier_error_is_a_value_error_with_a_code() -> None:
    error = IdentifierError("INVALID_FINESS", "a FINESS number has 9 characters, not 3")
    assert isinstance(error, ValueError)
    assert error.code == "INVALID_FINESS"
    assert error.message == str(error) == "a FINESS number has 9 characters, not 3"
    assert repr(error) == "IdentifierError('INVALID_FINESS', 'a FINESS number has 9 characters, not 3')"


def test_identifier_error_survives_pickling() -> None:
    with pytest.raises(IdentifierError) as caught:
        validate_finess("123")
    copy = pickle.loads(pickle.dumps(caught.value))
    assert (type(copy), copy.code, str(copy)) == (IdentifierError, "INVALID_FINESS", str(caught.value))


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("2 79 03 51 215 189 89", "279035121518989"),
        ("\t2a\u00a0001\n", "2A001"),
        ("01-02.03", "01-02.03"),
        ("", ""),
    ],
)
def test_normalize_removes_whitespace_and_upper_cases(typed: str, normalised: str) -> None:
    assert normalize(typed) == normalised
