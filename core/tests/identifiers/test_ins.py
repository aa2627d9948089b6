"""INS matricule (NIR/NIA), its key and the INS OIDs."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from opendui.identifiers import (
    INS_OIDS,
    OID_INS_C_OBSOLETE,
    OID_NIA,
    OID_NIR,
    OID_NIR_DEMO,
    OID_NIR_TEST,
    IdentifierError,
    InsOid,
    nir_key,
    parse_ins_oid,
    validate_ins,
    validate_ins_matricule,
)

#: 14,369 (NIR13, key) pairs of the ASIP Santé INS-C test sample (see the file's first line).
SAMPLE = Path(__file__).parent / "data" / "ins_sample_nir_keys.csv"

# Vectors of reference/ins/ins-test-vectors.json (SPECS.md section 1).
VALID_FROM_SAMPLE = [
    ("1610275754289", "92"),
    ("1650177851044", "71"),
    ("2790351215188", "90"),
    ("1330617640351", "50"),
    ("1091193197949", "15"),
    ("285072B502024", "65"),
    ("265112A571315", "79"),
    ("121092A220868", "08"),
    ("119112B286730", "69"),
    ("127112B110647", "93"),
]
# ANS test identities: PAT-TROIS DOMINIQUE (DLU example) and PAT-SIX Alain (DMP ITI-41 example).
VALID_TEST_IDENTITIES = ["279035121518989", "162018885045327"]
# FR Core's example INS (key should be 12), an off-by-one key, Mediboard's DataMatrix dummy.
INVALID_KEYS = [("123456789012244", "12"), ("279035121518990", "89"), ("123549685274612", "83")]


def _sample() -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    lines = [line for line in SAMPLE.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert lines[0] == "nir13,key"
    for line in lines[1:]:
        nir13, key = line.split(",")
        rows.append((nir13, key))
    return rows


def _wrong_key(key: str) -> str:
    return f"{int(key) % 97 + 1:02d}"


def _code(value: str) -> str:
    with pytest.raises(IdentifierError) as caught:
        validate_ins_matricule(value)
    return caught.value.code


# -- the ANS sample ---------------------------------------------------------------------------


def test_sample_file_has_every_row() -> None:
    rows = _sample()
    assert len(rows) == 14_369
    assert sum(1 for nir13, _ in rows if nir13[5:7] in ("2A", "2B")) == 143


def test_every_sample_pair_is_accepted() -> None:
    for nir13, key in _sample():
        assert nir_key(nir13) == key, nir13
        parsed = validate_ins_matricule(nir13 + key)
        assert (parsed.nir13, parsed.key, parsed.matricule) == (nir13, key, nir13 + key)


def test_every_sample_nir_with_a_wrong_key_is_refused() -> None:
    refused = 0
    for nir13, key in _sample():
        with pytest.raises(IdentifierError) as caught:
            validate_ins_matricule(nir13 + _wrong_key(key))
        assert caught.value.code == "INVALID_NIR_KEY"
        refused += 1
    assert refused == 14_369


# -- reference vectors ----------------------------------------------------------------------------


@pytest.mark.parametrize(("nir13", "key"), VALID_FROM_SAMPLE)
def test_reference_vectors_are_valid(nir13: str, key: str) -> None:
    assert nir_key(nir13) == key
    assert validate_ins_matricule(nir13 + key).key == key


@pytest.mark.parametrize("matricule", VALID_TEST_IDENTITIES)
def test_ans_test_identities_are_valid_with_the_test_oid(matricule: str) -> None:
    assert validate_ins(matricule, OID_NIR_TEST).matricule == matricule


@pytest.mark.parametrize(("matricule", "expected_key"), INVALID_KEYS)
def test_wrong_keys_are_refused_without_revealing_the_expected_key(matricule: str, expected_key: str) -> None:
    with pytest.raises(IdentifierError) as caught:
        validate_ins_matricule(matricule)
    assert caught.value.code == "INVALID_NIR_KEY"
    assert expected_key not in str(caught.value)
    assert matricule[:13] not in str(caught.value)
    assert nir_key(matricule[:13]) == expected_key


# -- parsing and normalisation --------------------------------------------------------------------


def test_typed_spaces_are_removed() -> None:
    parsed = validate_ins_matricule(" 2 79 03 51 215 189 89 ")
    assert parsed.matricule == "279035121518989"
    assert validate_ins_matricule("2\t79\u00a003 51215189 89").matricule == "279035121518989"


def test_parts_of_a_nir() -> None:
    parsed = validate_ins_matricule("279035121518989")
    assert parsed.kind == "NIR"
    assert parsed.sex_digit == "2"
    assert (parsed.birth_year, parsed.birth_month) == ("79", "03")
    assert parsed.department == "51"
    assert parsed.birth_place == "51215"
    assert not parsed.is_corsica
    assert not parsed.is_born_abroad


def test_corsica_lower_case_is_normalised() -> None:
    parsed = validate_ins_matricule("265112a57131579")
    assert parsed.matricule == "265112A57131579"
    assert parsed.department == "2A"
    assert parsed.is_corsica


def test_corsica_2a_and_2b_read_as_19_and_18() -> None:
    assert nir_key("265112A571315") == nir_key("2651119571315")
    assert nir_key("119112B286730") == nir_key("1191118286730")


def test_overseas_and_abroad_departments() -> None:
    overseas = "1850397105123"
    assert validate_ins_matricule(overseas + nir_key(overseas)).department == "971"
    abroad = "2850399352001"
    parsed = validate_ins_matricule(abroad + nir_key(abroad))
    assert parsed.department == "99"
    assert parsed.is_born_abroad
    assert parsed.birth_place == "99352"


def test_unknown_month_codes_are_accepted() -> None:
    nir13 = "1794175123456"
    assert validate_ins_matricule(nir13 + nir_key(nir13)).birth_month == "41"


@pytest.mark.parametrize(
    ("first", "kind"), [("1", "NIR"), ("2", "NIR"), ("3", "NIR"), ("4", "NIR"), ("7", "NIA"), ("8", "NIA")]
)
def test_first_digit_gives_the_kind(first: str, kind: str) -> None:
    nir13 = first + "790351215189"
    parsed = validate_ins_matricule(nir13 + nir_key(nir13))
    assert parsed.kind == kind
    assert parsed.sex_digit == first


def test_result_is_frozen() -> None:
    parsed = validate_ins_matricule("279035121518989")
    with pytest.raises(dataclasses.FrozenInstanceError):
        parsed.key = "00"  # type: ignore[misc]


# -- malformed input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "",
        "27903512151898",  # 14
        "2790351215189890",  # 16
        "079035121518989",  # first digit 0
        "579035121518989",  # first digit 5
        "679035121518989",
        "979035121518989",
        "A79035121518989",
        "27903X121518989",  # letter at position 6 that is not Corsica
        "2790352C1518989",  # 2C is no department
        "27903A212151898",  # A2 instead of 2A
        "2790351215189A9",  # letter in the key
        "27903512151898-",
        "2790-3512151898",
        "27903512151898٩",  # Arabic-Indic digit
        "2790351215189²9",
    ],
)
def test_malformed_matricules_are_invalid_nir(value: str) -> None:
    assert _code(value) == "INVALID_NIR"


def test_messages_say_what_is_wrong() -> None:
    with pytest.raises(IdentifierError, match="15 characters") as caught:
        validate_ins_matricule("2790351215189")
    assert "13" in str(caught.value)
    with pytest.raises(IdentifierError, match="first character"):
        validate_ins_matricule("579035121518989")
    with pytest.raises(IdentifierError, match="character 9"):
        validate_ins_matricule("27903512X518989")
    with pytest.raises(IdentifierError, match="2A or 2B"):
        validate_ins_matricule("2790352C1518989")


@pytest.mark.parametrize("value", ["", "279035121518", "27903512151898", "579035121518", "27903X1215189"])
def test_nir_key_refuses_malformed_bodies(value: str) -> None:
    with pytest.raises(IdentifierError) as caught:
        nir_key(value)
    assert caught.value.code == "INVALID_NIR"


# -- OIDs -----------------------------------------------------------------------------------------


def test_oid_constants() -> None:
    assert (OID_NIR, OID_NIA, OID_NIR_TEST, OID_NIR_DEMO) == (
        "1.2.250.1.213.1.4.8",
        "1.2.250.1.213.1.4.9",
        "1.2.250.1.213.1.4.10",
        "1.2.250.1.213.1.4.11",
    )
    assert [oid.value for oid in InsOid] == list(INS_OIDS)
    assert parse_ins_oid(" 1.2.250.1.213.1.4.8 ") is InsOid.NIR


NIR = "279035121518989"
NIA = "8" + NIR[1:13] + nir_key("8" + NIR[1:13])


@pytest.mark.parametrize(
    ("matricule", "oid", "accepted"),
    [
        (NIR, OID_NIR, True),
        (NIR, OID_NIA, False),
        (NIR, OID_NIR_TEST, True),
        (NIR, OID_NIR_DEMO, True),
        (NIA, OID_NIA, True),
        (NIA, OID_NIR, False),
        (NIA, OID_NIR_TEST, True),
        (NIA, OID_NIR_DEMO, True),
    ],
)
def test_matricule_and_oid_pairs(matricule: str, oid: str, accepted: bool) -> None:
    if accepted:
        result = validate_ins(matricule, oid)
        assert (result.matricule, result.oid, result.oid_kind.value) == (matricule, oid, oid)
        assert type(result.oid) is str
    else:
        with pytest.raises(IdentifierError) as caught:
            validate_ins(matricule, oid)
        assert caught.value.code == "INVALID_OID"


@pytest.mark.parametrize(
    "oid", [OID_INS_C_OBSOLETE, "", "1.2.250.1.213.1.4", "1.2.250.1.213.1.4.12", "2.16.840.1"]
)
def test_other_oids_are_refused(oid: str) -> None:
    with pytest.raises(IdentifierError) as caught:
        validate_ins(NIR, oid)
    assert caught.value.code == "INVALID_OID"


def test_matricule_is_checked_before_the_oid() -> None:
    with pytest.raises(IdentifierError) as caught:
        validate_ins("279035121518990", OID_NIR)
    assert caught.value.code == "INVALID_NIR_KEY"
    with pytest.raises(IdentifierError) as caught:
        validate_ins("27903512151898", "1.2.3")
    assert caught.value.code == "INVALID_NIR"


def test_test_oid_accepts_a_valid_key_only() -> None:
    with pytest.raises(IdentifierError) as caught:
        validate_ins("279035121518990", OID_NIR_TEST)
    assert caught.value.code == "INVALID_NIR_KEY"


# -- properties -----------------------------------------------------------------------------------

DIGIT = st.sampled_from("0123456789")
NIR13 = st.builds(
    lambda first, middle, department, rest: first + middle + department + rest,
    st.sampled_from("123478"),
    st.text(alphabet="0123456789", min_size=4, max_size=4),
    st.one_of(st.text(alphabet="0123456789", min_size=2, max_size=2), st.sampled_from(["2A", "2B"])),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
)


@settings(database=None)
@given(NIR13)
def test_generated_nir_with_computed_key_validates(nir13: str) -> None:
    key = nir_key(nir13)
    assert len(key) == 2 and 1 <= int(key) <= 97
    parsed = validate_ins_matricule(nir13 + key)
    assert parsed.nir13 == nir13
    assert parsed.kind == ("NIA" if nir13[0] in "78" else "NIR")
    assert validate_ins(nir13 + key, OID_NIR_TEST).matricule == nir13 + key


@settings(database=None)
@given(NIR13, st.sampled_from([0, 1]), DIGIT)
def test_any_single_digit_change_of_the_key_is_refused(nir13: str, position: int, digit: str) -> None:
    key = nir_key(nir13)
    changed = key[:position] + digit + key[position + 1 :]
    if changed != key:
        with pytest.raises(IdentifierError) as caught:
            validate_ins_matricule(nir13 + changed)
        assert caught.value.code == "INVALID_NIR_KEY"


@settings(database=None)
@given(NIR13, st.integers(min_value=0, max_value=12), DIGIT)
def test_any_single_digit_change_of_the_body_is_refused(nir13: str, position: int, digit: str) -> None:
    key = nir_key(nir13)
    if not nir13[position].isdigit() or nir13[position] == digit:
        return
    changed = nir13[:position] + digit + nir13[position + 1 :]
    with pytest.raises(IdentifierError) as caught:
        validate_ins_matricule(changed + key)
    breaks_structure = (position == 0 and digit not in "123478") or (position == 5 and nir13[6] in "AB")
    assert caught.value.code == ("INVALID_NIR" if breaks_structure else "INVALID_NIR_KEY")


CORSICAN_NIR13 = st.builds(
    lambda first, middle, department, rest: first + middle + department + rest,
    st.sampled_from("123478"),
    st.text(alphabet="0123456789", min_size=4, max_size=4),
    st.sampled_from(["2A", "2B"]),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
)


@settings(database=None)
@given(CORSICAN_NIR13)
def test_swapping_2a_and_2b_is_refused(nir13: str) -> None:
    swapped = nir13[:6] + ("B" if nir13[6] == "A" else "A") + nir13[7:]
    assert _code(swapped + nir_key(nir13)) == "INVALID_NIR_KEY"
