"""Errors of the AGGIR plugin, each with a stable machine-readable ``code``.

The codes are part of the plugin's public contract (the platform exposes them to API clients);
their meaning never changes.
"""

from __future__ import annotations

__all__ = ["ERROR_CODES", "AggirInputError"]

#: Every stable error code of the plugin with its meaning.
ERROR_CODES: dict[str, str] = {
    "AGGIR_MISSING_VARIABLE": "A discriminant variable (or a sub-variable) has no value.",
    "AGGIR_UNKNOWN_VARIABLE": "A key is not an AGGIR variable (or not a sub-variable of it).",
    "AGGIR_INVALID_CODE": "A modalité is not one of A, B or C.",
    "AGGIR_INVALID_ADVERB": "An adverb answer (S, T, C, H) is missing, unknown or not a boolean.",
    "AGGIR_INVALID_GIR": "A GIR is not an integer from 1 to 6.",
    "AGGIR_NO_RESIDENTS": "The GMP needs at least one resident.",
}


class AggirInputError(ValueError):
    """Invalid input to an AGGIR calculation.

    :param message: human-readable explanation naming the offending variable, safe to show.
    :param code: stable code from :data:`ERROR_CODES`.
    :param variable: key of the offending variable (``"habillage"``, ``"habillage.haut"`` for a
        sub-variable), or ``None`` when the error is not about one variable.
    :raises ValueError: ``code`` is not in :data:`ERROR_CODES` (programming error).
    """

    def __init__(self, message: str, *, code: str, variable: str | None = None) -> None:
        if code not in ERROR_CODES:
            raise ValueError(f"unknown error code {code!r}")
        super().__init__(message)
        self.message = message
        self.code = code
        self.variable = variable
