"""FINESS (9 characters), SIREN (9 digits) and SIRET (14 digits) numbers.

- FINESS (EJ or ET): department of the structure (2 characters, ``2A``/``2B`` for Corsica) + 6
  characters + a Luhn check digit (checked on real FINESS numbers of the ``ansforge/finess``
  example extract). For Corsica the letters are read ``A`` = 1, ``B`` = 2 before the Luhn check
  (``2A`` → ``21``, ``2B`` → ``22``): the rule of the ADELI directory (same ARS-managed numbering,
  Mediboard ``CMbString::luhnForAdeli``) and of the FINESS validator of gip-inclusion/pilotage
  (``pilotage/itoutils/validators.py``). No official statement of the Corsican FINESS rule was
  found: **to verify** against a real Corsican FINESS number. Other letters are refused.
- SIREN: 9 digits, Luhn. SIRET: 14 digits (SIREN + NIC), Luhn; exception: the establishments of
  La Poste (SIREN ``356000000``) other than its head office ``35600000000048`` are checked by
  "sum of the 14 digits is a multiple of 5" (INSEE).
"""

from __future__ import annotations

from typing import Final

from opendui.identifiers.errors import (
    INVALID_FINESS,
    INVALID_SIREN,
    INVALID_SIRET,
    IdentifierError,
    first_bad_character,
    normalize,
)
from opendui.identifiers.luhn import luhn_is_valid, luhn_key

LA_POSTE_SIREN: Final = "356000000"
LA_POSTE_HEAD_OFFICE_SIRET: Final = "35600000000048"

_DIGITS: Final = "0123456789"
_CORSICA: Final = {"2A": "21", "2B": "22"}


def _finess_digits(finess: str) -> str:
    """The FINESS characters as digits for the Luhn check (Corsica mapped)."""
    return _CORSICA.get(finess[:2], finess[:2]) + finess[2:]


def _check_finess_characters(finess: str) -> None:
    if finess[:2] in _CORSICA:
        rest = first_bad_character(finess[2:], _DIGITS)
        bad = None if rest is None else rest + 2
    else:
        bad = first_bad_character(finess, _DIGITS)
    if bad is not None:
        raise IdentifierError(
            INVALID_FINESS,
            f"character {bad} is not allowed: a FINESS number has only digits (2A or 2B first for Corsica)",
        )


def validate_finess(value: str) -> str:
    """Check a FINESS number (EJ or ET): 9 characters, Luhn check digit last; whitespace is ignored.

    :param value: the number as typed.
    :returns: the normalised 9 characters (``2A``/``2B`` upper-cased).
    :raises IdentifierError: ``INVALID_FINESS``.
    """
    finess = normalize(value)
    if len(finess) != 9:
        raise IdentifierError(INVALID_FINESS, f"a FINESS number has 9 characters, not {len(finess)}")
    _check_finess_characters(finess)
    if not luhn_is_valid(_finess_digits(finess)):
        raise IdentifierError(INVALID_FINESS, "the check digit of the FINESS number does not match (Luhn)")
    return finess


def finess_key(body: str) -> str:
    """The check digit completing the 8 first characters of a FINESS number.

    :param body: 8 characters: digits, or ``2A``/``2B`` followed by 6 digits; whitespace ignored.
    :returns: the check digit.
    :raises IdentifierError: ``INVALID_FINESS`` if ``body`` is malformed.
    """
    normalised = normalize(body)
    if len(normalised) != 8:
        raise IdentifierError(
            INVALID_FINESS, f"a FINESS number without check digit has 8 characters, not {len(normalised)}"
        )
    _check_finess_characters(normalised)
    return luhn_key(_finess_digits(normalised))


def validate_siren(value: str) -> str:
    """Check a SIREN: 9 digits, Luhn; whitespace is ignored.

    :param value: the number as typed.
    :returns: the normalised 9 digits.
    :raises IdentifierError: ``INVALID_SIREN``.
    """
    siren = normalize(value)
    if len(siren) != 9:
        raise IdentifierError(INVALID_SIREN, f"a SIREN has 9 digits, not {len(siren)} characters")
    bad = first_bad_character(siren, _DIGITS)
    if bad is not None:
        raise IdentifierError(INVALID_SIREN, f"character {bad} is not allowed: a SIREN has only digits")
    if not luhn_is_valid(siren):
        raise IdentifierError(INVALID_SIREN, "the check digit of the SIREN does not match (Luhn)")
    return siren


def validate_siret(value: str) -> str:
    """Check a SIRET: 14 digits, Luhn (La Poste establishments: digit sum multiple of 5).

    :param value: the number as typed; whitespace is ignored.
    :returns: the normalised 14 digits.
    :raises IdentifierError: ``INVALID_SIRET``.
    """
    siret = normalize(value)
    if len(siret) != 14:
        raise IdentifierError(INVALID_SIRET, f"a SIRET has 14 digits, not {len(siret)} characters")
    bad = first_bad_character(siret, _DIGITS)
    if bad is not None:
        raise IdentifierError(INVALID_SIRET, f"character {bad} is not allowed: a SIRET has only digits")
    if siret.startswith(LA_POSTE_SIREN) and siret != LA_POSTE_HEAD_OFFICE_SIRET:
        if sum(int(char) for char in siret) % 5 != 0:
            raise IdentifierError(
                INVALID_SIRET, "the digits of a La Poste SIRET must add up to a multiple of 5"
            )
    elif not luhn_is_valid(siret):
        raise IdentifierError(INVALID_SIRET, "the check digit of the SIRET does not match (Luhn)")
    return siret
