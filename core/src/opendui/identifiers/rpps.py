"""RPPS (11 digits, Luhn) and ADELI (9 characters, Luhn) numbers; the national id idNatPS."""

from __future__ import annotations

from opendui.identifiers.errors import IdentifierError, compact
from opendui.identifiers.luhn import luhn_is_valid


def validate_rpps(value: str) -> str:
    """An RPPS number: 11 digits with a valid Luhn key.

    :raises IdentifierError: ``INVALID_RPPS``.
    """
    rpps = compact(value)
    if len(rpps) != 11 or not rpps.isdigit():
        raise IdentifierError("INVALID_RPPS", "an RPPS number has 11 digits")
    if not luhn_is_valid(rpps):
        raise IdentifierError("INVALID_RPPS", "the RPPS number fails its Luhn check")
    return rpps


def validate_adeli(value: str) -> str:
    """An ADELI number: 9 digits with a valid Luhn key.

    ADELI numbers with letters (Corsica ``2A``/``2B``) are not accepted yet: the letter rule of
    the key is not confirmed by a primary source.

    :raises IdentifierError: ``INVALID_ADELI``.
    """
    adeli = compact(value)
    if len(adeli) != 9 or not adeli.isdigit():
        raise IdentifierError("INVALID_ADELI", "an ADELI number has 9 digits")
    if not luhn_is_valid(adeli):
        raise IdentifierError("INVALID_ADELI", "the ADELI number fails its Luhn check")
    return adeli


def id_nat_ps(*, rpps: str | None = None, adeli: str | None = None) -> str:
    """The national professional id: ``8`` + RPPS, or ``0`` + ADELI."""
    if rpps:
        return "8" + validate_rpps(rpps)
    if adeli:
        return "0" + validate_adeli(adeli)
    raise IdentifierError("INVALID_RPPS", "an RPPS or an ADELI number is required")
