"""Errors of the SERAFIN-PH plugin, each with a stable machine-readable ``code``.

The codes are part of the plugin's public contract (the platform exposes them to API clients);
their meaning never changes.
"""

from __future__ import annotations

#: Every stable error code of the plugin with its meaning.
ERROR_CODES: dict[str, str] = {
    "SERAFIN_UNKNOWN_CODE": "The code is not in the SERAFIN-PH release used.",
    "SERAFIN_WRONG_FAMILY": "The code exists but not in the expected family (value set).",
    "SERAFIN_NOT_SELECTABLE": "The code is a grouping heading; only leaf codes may be used here.",
    "SERAFIN_UNKNOWN_VERSION": "No SERAFIN-PH release with this version is loaded.",
    "SERAFIN_INVALID_RELEASE": "A release file is malformed or inconsistent.",
    "SERAFIN_RELEASE_CONFLICT": "A different release with the same version is already loaded.",
    "SERAFIN_DUPLICATE_CODE": "The same besoin appears twice in one evaluation grid.",
    "SERAFIN_INVALID_LEVEL": "A besoin level is not on the evaluation scale.",
    "SERAFIN_INVALID_EVALUATION": "An evaluation misses its evaluator, date, usager or items.",
}


class SerafinError(ValueError):
    """Base class of the plugin's errors.

    :param message: human-readable explanation, safe to show to the caller.
    :param code: stable code from :data:`ERROR_CODES`.
    """

    code: str = "SERAFIN_INVALID_RELEASE"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        if self.code not in ERROR_CODES:
            raise ValueError(f"unknown error code {self.code!r}")


class SerafinCodeError(SerafinError):
    """A code, its family, its selectability or the requested release is wrong.

    ``code`` is one of ``SERAFIN_UNKNOWN_CODE``, ``SERAFIN_WRONG_FAMILY``,
    ``SERAFIN_NOT_SELECTABLE``, ``SERAFIN_UNKNOWN_VERSION``.
    """

    code = "SERAFIN_UNKNOWN_CODE"


class SerafinReleaseError(SerafinError):
    """A release file cannot be loaded.

    ``code`` is ``SERAFIN_INVALID_RELEASE`` or ``SERAFIN_RELEASE_CONFLICT``.
    """

    code = "SERAFIN_INVALID_RELEASE"


class SerafinEvaluationError(SerafinError):
    """An evaluation grid is invalid.

    ``code`` is one of ``SERAFIN_DUPLICATE_CODE``, ``SERAFIN_INVALID_LEVEL``,
    ``SERAFIN_INVALID_EVALUATION``; code problems raise :class:`SerafinCodeError` instead.
    """

    code = "SERAFIN_INVALID_EVALUATION"
