"""RPPS and ADELI numbers of health professionals, and the national id ``idNatPS``.

- RPPS: 11 digits, Luhn check digit last.
- ADELI: 9 characters, Luhn check digit last. Some ADELI numbers hold letters (Corsican
  departments ``2A``/``2B``, overseas codes); the letters ``A`` to ``F`` are read as ``1`` to ``6``
  before the Luhn check, as Mediboard does (``CMbString::luhnForAdeli``, with its unit-test
  vector ``9DA005191``). This letter rule is **to verify** against an ANS/ARS source. Other
  letters are refused.
- ``idNatPS`` (ANS TRE_G08 TypeIdentifiantPersonne; OID ``1.2.250.1.71.4.2.1``): ``8`` + RPPS or
  ``0`` + ADELI. The other prefixes (``3`` FINESS/registry, ``5`` SIRET/registry, ``10`` MSSanté
  address) are not handled here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal, TypeAlias

from opendui.identifiers.errors import (
    INVALID_ADELI,
    INVALID_ID_NAT_PS,
    INVALID_RPPS,
    IdentifierError,
    first_bad_character,
    normalize,
)
from opendui.identifiers.luhn import luhn_is_valid

#: OID of the national professional identifier (idNatPS).
OID_ID_NAT_PS: Final = "1.2.250.1.71.4.2.1"

_DIGITS: Final = "0123456789"
_ADELI_LETTERS: Final = str.maketrans("ABCDEF", "123456")

IdNatPSKind: TypeAlias = Literal["RPPS", "ADELI"]


def validate_rpps(value: str) -> str:
    """Check an RPPS number: 11 digits with a valid Luhn check digit; whitespace is ignored.

    :param value: the number as typed.
    :returns: the normalised 11 digits.
    :raises IdentifierError: ``INVALID_RPPS``.
    """
    rpps = normalize(value)
    if len(rpps) != 11:
        raise IdentifierError(INVALID_RPPS, f"an RPPS number has 11 digits, not {len(rpps)} characters")
    bad = first_bad_character(rpps, _DIGITS)
    if bad is not None:
        raise IdentifierError(INVALID_RPPS, f"character {bad} is not allowed: an RPPS number has only digits")
    if not luhn_is_valid(rpps):
        raise IdentifierError(INVALID_RPPS, "the check digit of the RPPS number does not match (Luhn)")
    return rpps


def validate_adeli(value: str) -> str:
    """Check an ADELI number: 9 characters with a valid Luhn check digit; whitespace is ignored.

    Letters ``A`` to ``F`` count as ``1`` to ``6`` for the Luhn check (see the module notes).

    :param value: the number as typed.
    :returns: the normalised 9 characters (letters upper-cased, kept as letters).
    :raises IdentifierError: ``INVALID_ADELI``.
    """
    adeli = normalize(value)
    if len(adeli) != 9:
        raise IdentifierError(INVALID_ADELI, f"an ADELI number has 9 characters, not {len(adeli)}")
    bad = first_bad_character(adeli, _DIGITS + "ABCDEF")
    if bad is not None:
        raise IdentifierError(
            INVALID_ADELI, f"character {bad} is not allowed: an ADELI number has digits and letters A-F only"
        )
    if adeli[-1] not in _DIGITS:
        raise IdentifierError(INVALID_ADELI, "the check digit of an ADELI number (character 9) is a digit")
    if not luhn_is_valid(adeli.translate(_ADELI_LETTERS)):
        raise IdentifierError(INVALID_ADELI, "the check digit of the ADELI number does not match (Luhn)")
    return adeli


def id_nat_ps(rpps: str | None = None, adeli: str | None = None) -> str:
    """Build the national professional id: ``8`` + RPPS, or ``0`` + ADELI.

    Give exactly one of the two numbers.

    :param rpps: an RPPS number (checked by :func:`validate_rpps`).
    :param adeli: an ADELI number (checked by :func:`validate_adeli`).
    :returns: the idNatPS.
    :raises IdentifierError: ``INVALID_ID_NAT_PS`` when neither or both numbers are given,
        ``INVALID_RPPS`` or ``INVALID_ADELI`` for a malformed number.
    """
    if rpps is not None and adeli is None:
        return "8" + validate_rpps(rpps)
    if adeli is not None and rpps is None:
        return "0" + validate_adeli(adeli)
    raise IdentifierError(INVALID_ID_NAT_PS, "an idNatPS is built from exactly one RPPS or ADELI number")


@dataclass(frozen=True, slots=True)
class IdNatPS:
    """A parsed national professional id.

    :ivar value: the normalised idNatPS.
    :ivar kind: ``"RPPS"`` (prefix ``8``) or ``"ADELI"`` (prefix ``0``).
    :ivar number: the RPPS or ADELI number, without prefix.
    """

    value: str
    kind: IdNatPSKind
    number: str


def parse_id_nat_ps(value: str) -> IdNatPS:
    """Split an idNatPS (``8`` + RPPS or ``0`` + ADELI) and check the number it carries.

    :param value: the idNatPS; whitespace is ignored.
    :returns: the prefix kind and the number.
    :raises IdentifierError: ``INVALID_ID_NAT_PS`` for another prefix or length,
        ``INVALID_RPPS`` or ``INVALID_ADELI`` when the number fails its check.
    """
    normalised = normalize(value)
    prefix, number = normalised[:1], normalised[1:]
    if prefix == "8" and len(normalised) == 12:
        return IdNatPS(value=normalised, kind="RPPS", number=validate_rpps(number))
    if prefix == "0" and len(normalised) == 10:
        return IdNatPS(value=normalised, kind="ADELI", number=validate_adeli(number))
    raise IdentifierError(
        INVALID_ID_NAT_PS, "an idNatPS is 8 + an 11-digit RPPS number or 0 + a 9-character ADELI number"
    )
