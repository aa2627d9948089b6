"""Errors of the PATHOS plugin, each with a stable machine-readable ``code``."""

from __future__ import annotations

#: Every stable error code of the plugin with its meaning.
ERROR_CODES: dict[str, str] = {
    "PATHOS_POINTS_TABLE_MISSING": (
        "Pathos points are needed but no points table was loaded (the official tables are "
        "licensed and not shipped)."
    ),
    "PATHOS_POINTS_TABLE_INVALID": "A points table file is malformed; the message gives the line.",
    "PATHOS_COUPLE_NOT_IN_TABLE": "A coupe uses a couple the loaded points table does not list.",
    "PATHOS_UNKNOWN_PROFIL": "A profil de soins is not one of the 12 PATHOS profils.",
    "PATHOS_INVALID_ETAT": "An état pathologique code is malformed.",
    "PATHOS_DUPLICATE_ETAT": "The same état pathologique appears twice in one coupe.",
    "PATHOS_INVALID_COUPE": "A coupe misses its resident, evaluator or date.",
    "PATHOS_DUPLICATE_RESIDENT": "The same resident has two coupes in one calculation.",
    "PATHOS_NO_RESIDENTS": "An average needs at least one resident.",
    "PATHOS_INVALID_NUMBER": "A number is missing, negative, not finite or a float.",
}


class PathosError(ValueError):
    """Base class of the plugin's errors.

    :param message: human-readable explanation, safe to show to the caller.
    :param code: stable code from :data:`ERROR_CODES`.
    """

    code: str = "PATHOS_INVALID_COUPE"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        if self.code not in ERROR_CODES:
            raise ValueError(f"unknown error code {self.code!r}")


class PointsTableMissing(PathosError):
    """No points table is available (``PATHOS_POINTS_TABLE_MISSING``)."""

    code = "PATHOS_POINTS_TABLE_MISSING"

    def __init__(self, message: str | None = None) -> None:
        super().__init__(
            message
            or "no PATHOS points table loaded: import one from a licensed source "
            "(CNSA guide / GALAAD export) before computing Pathos points, PMP or GMPS"
        )


class PointsTableError(PathosError):
    """A points table file is malformed (``PATHOS_POINTS_TABLE_INVALID``).

    :param message: what is wrong.
    :param line: 1-based line (CSV) or entry number (JSON) when known.
    """

    code = "PATHOS_POINTS_TABLE_INVALID"

    def __init__(self, message: str, *, line: int | None = None) -> None:
        self.line = line
        super().__init__(message if line is None else f"line {line}: {message}")
