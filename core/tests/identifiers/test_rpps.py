"""RPPS, ADELI and idNatPS."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from opendui.identifiers import (
    IdentifierError,
    IdNatPS,
    id_nat_ps,
    luhn_key,
    parse_id_nat_ps,
    validate_adeli,
    validate_rpps,
)


def _code(check: object, *args: str | None, **kwargs: str | None) -> str:
    assert callable(check)
    with pytest.raises(IdentifierError) as caught:
        check(*args, **kwargs)
    return caught.value.code


# -- RPPS (SPECS.md section 2) --------------------------------------------------------------------


@pytest.mark.parametrize("rpps", ["10002527652", "99700367909"])
def test_valid_rpps(rpps: str) -> None:
    assert validate_rpps(rpps) == rpps


def test_rpps_whitespace_is_ignored() -> None:
    assert validate_rpps(" 100 0252 7652\n") == "10002527652"


@pytest.mark.parametrize("rpps", ["10003456789", "10101010101"])
def test_rpps_with_a_wrong_check_digit(rpps: str) -> None:
    with pytest.raises(IdentifierError, match="check digit") as caught:
        validate_rpps(rpps)
    assert caught.value.code == "INVALID_RPPS"


@pytest.mark.parametrize(
    ("rpps", "message"),
    [
        ("", "11 digits"),
        ("1000252765", "11 digits"),
        ("100025276520", "11 digits"),
        ("1000252765A", "character 11"),
        ("10002-27652", "character 6"),
        ("1000252765٢", "character 11"),
    ],
)
def test_malformed_rpps(rpps: str, message: str) -> None:
    with pytest.raises(IdentifierError, match=message) as caught:
        validate_rpps(rpps)
    assert caught.value.code == "INVALID_RPPS"


@settings(database=None)
@given(
    st.text(alphabet="0123456789", min_size=10, max_size=10),
    st.integers(0, 10),
    st.sampled_from("0123456789"),
)
def test_generated_rpps_and_single_digit_changes(body: str, position: int, digit: str) -> None:
    rpps = body + luhn_key(body)
    assert validate_rpps(rpps) == rpps
    changed = rpps[:position] + digit + rpps[position + 1 :]
    if changed != rpps:
        assert _code(validate_rpps, changed) == "INVALID_RPPS"


# -- ADELI ----------------------------------------------------------------------------------------


def test_adeli_digits_only() -> None:
    adeli = "75123456" + luhn_key("75123456")
    assert validate_adeli(adeli) == adeli


def test_adeli_letters_a_to_f_count_as_1_to_6() -> None:
    # Mediboard's unit-test vector for CMbString::luhnForAdeli; read as 941005191.
    assert validate_adeli("9DA005191") == "9DA005191"
    assert validate_adeli("9da 005 191") == "9DA005191"
    corsica = "2A123456" + luhn_key("21123456")
    assert validate_adeli(corsica) == corsica
    assert _code(validate_adeli, "2B" + corsica[2:]) == "INVALID_ADELI"


@pytest.mark.parametrize(
    ("adeli", "message"),
    [
        ("", "9 characters"),
        ("94100519", "9 characters"),
        ("9410051910", "9 characters"),
        ("9GA005191", "character 2"),
        ("9DA00519-", "character 9"),
        ("9DA00519A", "character 9"),
        ("9DA005192", "check digit"),
        ("941005192", "check digit"),
    ],
)
def test_invalid_adeli(adeli: str, message: str) -> None:
    with pytest.raises(IdentifierError, match=message) as caught:
        validate_adeli(adeli)
    assert caught.value.code == "INVALID_ADELI"


# -- idNatPS --------------------------------------------------------------------------------------


def test_id_nat_ps_from_rpps_and_adeli() -> None:
    assert id_nat_ps(rpps="99700367909") == "899700367909"  # the DMP request example
    assert id_nat_ps("10002527652") == "810002527652"
    assert id_nat_ps(adeli="9DA005191") == "09DA005191"


def test_id_nat_ps_needs_exactly_one_number() -> None:
    assert _code(id_nat_ps) == "INVALID_ID_NAT_PS"
    assert _code(id_nat_ps, rpps="99700367909", adeli="9DA005191") == "INVALID_ID_NAT_PS"


def test_id_nat_ps_checks_the_number() -> None:
    assert _code(id_nat_ps, rpps="10003456789") == "INVALID_RPPS"
    assert _code(id_nat_ps, adeli="941005192") == "INVALID_ADELI"


def test_parse_id_nat_ps() -> None:
    assert parse_id_nat_ps("899700367909") == IdNatPS(value="899700367909", kind="RPPS", number="99700367909")
    assert parse_id_nat_ps(" 0 9da005191") == IdNatPS(value="09DA005191", kind="ADELI", number="9DA005191")


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "INVALID_ID_NAT_PS"),
        ("99700367909", "INVALID_ID_NAT_PS"),  # RPPS without prefix
        ("0899700367909", "INVALID_ID_NAT_PS"),
        ("3480787529/147720425367411", "INVALID_ID_NAT_PS"),  # FINESS + local id: not handled
        ("899700367908", "INVALID_RPPS"),
        ("0941005192", "INVALID_ADELI"),
    ],
)
def test_parse_invalid_id_nat_ps(value: str, code: str) -> None:
    assert _code(parse_id_nat_ps, value) == code


@settings(database=None)
@given(st.text(alphabet="0123456789", min_size=10, max_size=10))
def test_id_nat_ps_round_trip(body: str) -> None:
    rpps = body + luhn_key(body)
    assert parse_id_nat_ps(id_nat_ps(rpps=rpps)).number == rpps
