"""FINESS, SIREN and SIRET."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from opendui.identifiers import (
    IdentifierError,
    finess_key,
    luhn_key,
    validate_finess,
    validate_siren,
    validate_siret,
)

DIGIT = st.sampled_from("0123456789")

# Real FINESS numbers of the ansforge/finess example extract (SPECS.md section 2).
REAL_FINESS = ["010000016", "010000156", "010780195", "010000164", "010787190"]


def _code(check: object, value: str) -> str:
    assert callable(check)
    with pytest.raises(IdentifierError) as caught:
        check(value)
    return caught.value.code


# -- FINESS ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("finess", REAL_FINESS)
def test_real_finess_numbers(finess: str) -> None:
    assert validate_finess(finess) == finess
    assert finess_key(finess[:8]) == finess[8]


def test_finess_whitespace_is_ignored() -> None:
    assert validate_finess("01 000 0016") == "010000016"


@pytest.mark.parametrize("finess", ["010000017", "010000116", "100000016", "010780194"])
def test_finess_with_a_wrong_check_digit(finess: str) -> None:
    with pytest.raises(IdentifierError, match="check digit") as caught:
        validate_finess(finess)
    assert caught.value.code == "INVALID_FINESS"


@pytest.mark.parametrize(
    ("finess", "message"),
    [
        ("", "9 characters"),
        ("01000001", "9 characters"),
        ("0100000160", "9 characters"),
        ("2C0000016", "character 2"),
        ("A20000016", "character 1"),
        ("2A00000A6", "character 8"),
        ("9A0000016", "character 2"),
        ("01000001-", "character 9"),
    ],
)
def test_malformed_finess(finess: str, message: str) -> None:
    with pytest.raises(IdentifierError, match=message) as caught:
        validate_finess(finess)
    assert caught.value.code == "INVALID_FINESS"


def test_corsican_finess_reads_2a_as_21_and_2b_as_22() -> None:
    assert finess_key("2A000001") == luhn_key("21000001")
    assert finess_key("2B000001") == luhn_key("22000001")
    corsican = "2A000001" + finess_key("2A000001")
    assert validate_finess(corsican.lower()) == corsican
    assert _code(validate_finess, "2B" + corsican[2:]) == "INVALID_FINESS"


@pytest.mark.parametrize("body", ["", "0100000", "010000016", "2C000001", "01000O01"])
def test_finess_key_refuses_malformed_bodies(body: str) -> None:
    assert _code(finess_key, body) == "INVALID_FINESS"


FINESS_BODY = st.one_of(
    st.text(alphabet="0123456789", min_size=8, max_size=8),
    st.builds(
        lambda dep, rest: dep + rest,
        st.sampled_from(["2A", "2B"]),
        st.text("0123456789", min_size=6, max_size=6),
    ),
)


@settings(database=None)
@given(FINESS_BODY, st.integers(0, 8), DIGIT)
def test_generated_finess_and_single_digit_changes(body: str, position: int, digit: str) -> None:
    finess = body + finess_key(body)
    assert validate_finess(finess) == finess
    if finess[position].isdigit() and finess[position] != digit:
        changed = finess[:position] + digit + finess[position + 1 :]
        assert _code(validate_finess, changed) == "INVALID_FINESS"


# -- SIREN / SIRET --------------------------------------------------------------------------------


@pytest.mark.parametrize("siren", ["732829320", "356000000"])
def test_valid_siren(siren: str) -> None:
    assert validate_siren(siren) == siren
    assert validate_siren(f"{siren[:3]} {siren[3:6]} {siren[6:]}") == siren


@pytest.mark.parametrize(
    ("siren", "message"),
    [
        ("732829321", "check digit"),
        ("73282932", "9 digits"),
        ("7328293200", "9 digits"),
        ("73282932O", "character 9"),
    ],
)
def test_invalid_siren(siren: str, message: str) -> None:
    with pytest.raises(IdentifierError, match=message) as caught:
        validate_siren(siren)
    assert caught.value.code == "INVALID_SIREN"


def test_valid_siret() -> None:
    assert validate_siret("732 829 320 00074") == "73282932000074"


@pytest.mark.parametrize(
    ("siret", "message"),
    [
        ("73282932000075", "check digit"),
        ("7328293200007", "14 digits"),
        ("732829320000740", "14 digits"),
        ("7328293200007A", "character 14"),
        ("MONACOCONFO001", "character 1"),
    ],
)
def test_invalid_siret(siret: str, message: str) -> None:
    with pytest.raises(IdentifierError, match=message) as caught:
        validate_siret(siret)
    assert caught.value.code == "INVALID_SIRET"


def test_la_poste_siret_uses_the_sum_of_digits() -> None:
    # Establishments of La Poste (SIREN 356000000): the 14 digits add up to a multiple of 5,
    # whatever Luhn says; the head office 35600000000048 is a plain Luhn number.
    assert validate_siret("35600000010000") == "35600000010000"  # sum 15, not Luhn
    assert validate_siret("35600000000048") == "35600000000048"  # head office, Luhn
    assert _code(validate_siret, "35600000010013") == "INVALID_SIRET"  # Luhn, but sum 18
    with pytest.raises(IdentifierError, match="multiple of 5"):
        validate_siret("35600000010001")


@settings(database=None)
@given(
    st.text(alphabet="0123456789", min_size=13, max_size=13).filter(lambda b: not b.startswith("356000000"))
)
def test_generated_siret_validates(body: str) -> None:
    assert validate_siret(body + luhn_key(body)) == body + luhn_key(body)
