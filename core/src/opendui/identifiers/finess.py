"""FINESS (9 characters, Luhn check digit), SIREN (9 digits) and SIRET (14 digits) numbers."""

from __future__ import annotations

from opendui.identifiers.errors import IdentifierError, compact
from opendui.identifiers.luhn import luhn_is_valid

_LA_POSTE_SIREN = "356000000"


def validate_finess(value: str) -> str:
    """A FINESS number (EJ or ET): 9 characters, department first, Luhn check digit last.

    Corsican numbers (``2A``/``2B``) are checked with the department read as ``20``; this rule is
    an assumption until a real Corsican FINESS confirms it.

    :raises IdentifierError: ``INVALID_FINESS``.
    """
    finess = compact(value)
    if len(finess) != 9:
        raise IdentifierError("INVALID_FINESS", "a FINESS number has 9 characters")
    digits = "20" + finess[2:] if finess[:2] in ("2A", "2B") else finess
    if not digits.isdigit():
        raise IdentifierError("INVALID_FINESS", "a FINESS number has only digits (2A/2B for Corsica)")
    if not luhn_is_valid(digits):
        raise IdentifierError("INVALID_FINESS", "the FINESS number fails its check digit")
    return finess


def validate_siren(value: str) -> str:
    """A SIREN: 9 digits, Luhn.

    :raises IdentifierError: ``INVALID_SIREN``.
    """
    siren = compact(value)
    if len(siren) != 9 or not siren.isdigit() or not luhn_is_valid(siren):
        raise IdentifierError("INVALID_SIREN", "a SIREN has 9 digits and a valid Luhn key")
    return siren


def validate_siret(value: str) -> str:
    """A SIRET: 14 digits, Luhn (La Poste's establishments: sum of digits multiple of 5).

    :raises IdentifierError: ``INVALID_SIRET``.
    """
    siret = compact(value)
    if len(siret) != 14 or not siret.isdigit():
        raise IdentifierError("INVALID_SIRET", "a SIRET has 14 digits")
    valid = sum(int(c) for c in siret) % 5 == 0 if siret.startswith(_LA_POSTE_SIREN) else luhn_is_valid(siret)
    if not valid:
        raise IdentifierError("INVALID_SIRET", "the SIRET fails its check")
    return siret
