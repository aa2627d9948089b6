"""The error raised for a malformed national identifier, and input normalisation."""

from __future__ import annotations

from typing import Final, Literal, TypeAlias

#: Stable error codes carried by :class:`IdentifierError`.
IdentifierErrorCode: TypeAlias = Literal[
    "INVALID_NIR",
    "INVALID_NIR_KEY",
    "INVALID_OID",
    "INVALID_RPPS",
    "INVALID_ADELI",
    "INVALID_ID_NAT_PS",
    "INVALID_FINESS",
    "INVALID_SIREN",
    "INVALID_SIRET",
]

INVALID_NIR: Final = "INVALID_NIR"
INVALID_NIR_KEY: Final = "INVALID_NIR_KEY"
INVALID_OID: Final = "INVALID_OID"
INVALID_RPPS: Final = "INVALID_RPPS"
INVALID_ADELI: Final = "INVALID_ADELI"
INVALID_ID_NAT_PS: Final = "INVALID_ID_NAT_PS"
INVALID_FINESS: Final = "INVALID_FINESS"
INVALID_SIREN: Final = "INVALID_SIREN"
INVALID_SIRET: Final = "INVALID_SIRET"


class IdentifierError(ValueError):
    """A national identifier is malformed or fails its check.

    The message says what is wrong (length, character, key) but never repeats the submitted value
    nor the expected key: a NIR is personal data and messages end up in logs and API errors.

    :param code: stable machine-readable code, see :data:`IdentifierErrorCode`.
    :param message: human-readable explanation, in English.
    :ivar code: the stable code (``INVALID_NIR``, ``INVALID_NIR_KEY``, ``INVALID_OID``,
        ``INVALID_RPPS``, ``INVALID_ADELI``, ``INVALID_ID_NAT_PS``, ``INVALID_FINESS``,
        ``INVALID_SIREN``, ``INVALID_SIRET``).
    :ivar message: the human-readable explanation (also ``str(error)``).
    """

    def __init__(self, code: IdentifierErrorCode, message: str) -> None:
        super().__init__(message)
        self.code: IdentifierErrorCode = code
        self.message = message

    def __reduce__(self) -> tuple[type[IdentifierError], tuple[IdentifierErrorCode, str]]:
        return (type(self), (self.code, self.message))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.code!r}, {self.message!r})"


def normalize(value: str) -> str:
    """Remove all whitespace (users type ``2 79 03 51 215 189 89``) and upper-case letters.

    Other separators (dots, dashes) are left in place and rejected by the validators.

    :param value: the identifier as typed.
    :returns: the compact, upper-case identifier.
    """
    return "".join(value.split()).upper()


def is_ascii_digits(value: str) -> bool:
    """Whether ``value`` is non-empty and made of ASCII digits ``0`` to ``9`` only.

    :param value: the string to test (``str.isdigit`` alone also accepts ``²`` or ``٣``).
    :returns: ``True`` for a non-empty run of ASCII digits.
    """
    return value.isascii() and value.isdigit()


def first_bad_character(value: str, allowed: str) -> int | None:
    """The 1-based position of the first character of ``value`` not in ``allowed``.

    :param value: the normalised identifier.
    :param allowed: the characters accepted.
    :returns: the position, or ``None`` when every character is allowed.
    """
    for index, char in enumerate(value, start=1):
        if char not in allowed:
            return index
    return None
