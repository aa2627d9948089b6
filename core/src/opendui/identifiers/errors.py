"""The error raised for a malformed national identifier."""

from __future__ import annotations


class IdentifierError(ValueError):
    """A national identifier is malformed or fails its check.

    :ivar code: stable code (``INVALID_NIR``, ``INVALID_NIR_KEY``, ``INVALID_RPPS``,
        ``INVALID_ADELI``, ``INVALID_FINESS``, ``INVALID_SIREN``, ``INVALID_SIRET``, ``INVALID_OID``).
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def compact(value: str) -> str:
    """Remove spaces, dots and dashes users type inside identifiers; upper case."""
    return "".join(ch for ch in str(value) if ch not in " .-\t").upper()
