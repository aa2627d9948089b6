"""Input checks shared by the data-access services, mapped to stable error codes."""

from __future__ import annotations

from collections.abc import Callable

from opendui import identifiers
from opendui.errors import OpenDUIError, ValidationError


def _checked(check: Callable[[str], object], value: str, field: str) -> str:
    try:
        check(value)
    except identifiers.IdentifierError as error:
        raise OpenDUIError(str(error), code=error.code, details={"field": field}) from error
    return "".join(value.split()).upper()


def checked_finess(value: str, field: str = "finess") -> str:
    """A FINESS number with its check digit verified (``INVALID_FINESS`` otherwise)."""
    return _checked(identifiers.validate_finess, value, field)


def checked_siren(value: str, field: str = "siren") -> str:
    """A SIREN with its Luhn key verified (``INVALID_SIREN`` otherwise)."""
    return _checked(identifiers.validate_siren, value, field)


def checked_rpps(value: str, field: str = "rpps") -> str:
    """An RPPS number with its Luhn key verified (``INVALID_RPPS`` otherwise)."""
    return _checked(identifiers.validate_rpps, value, field)


def checked_adeli(value: str, field: str = "adeli") -> str:
    """An ADELI number with its key verified (``INVALID_ADELI`` otherwise)."""
    return _checked(identifiers.validate_adeli, value, field)


def required_text(value: str, field: str, max_length: int) -> str:
    """Trimmed, non-empty text of at most ``max_length`` characters."""
    cleaned = " ".join(str(value).split())
    if not 1 <= len(cleaned) <= max_length:
        raise ValidationError(
            f"{field} must have 1 to {max_length} characters", details={"field": field}
        )
    return cleaned
