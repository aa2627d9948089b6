"""Errors of the DMP plugin, each with a stable machine-readable ``code``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from opendui_dmp.validation.problems import Problem

#: Every stable error code of the plugin with its meaning.
ERROR_CODES: dict[str, str] = {
    "DMP_DOCUMENT_INVALID": (
        "A CDA document fails the CDA XSD or the CI-SIS schematrons; it is refused before it "
        "leaves the platform. ``problems`` lists the failed checks."
    ),
    "DMP_INVALID_INPUT": "A value given to build a CDA document is missing or malformed.",
}


class DmpError(ValueError):
    """Base class of the plugin's errors.

    :param message: human-readable explanation, safe to show to the caller.
    :param code: stable code from :data:`ERROR_CODES`.
    """

    code: str = "DMP_INVALID_INPUT"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        if self.code not in ERROR_CODES:
            raise ValueError(f"unknown error code {self.code!r}")


class DmpInputError(DmpError):
    """A value given to a CDA builder is missing or malformed (``DMP_INVALID_INPUT``)."""

    code = "DMP_INVALID_INPUT"


class DocumentRefused(DmpError):
    """A document failed validation and is refused (``DMP_DOCUMENT_INVALID``).

    :param problems: the errors found (warnings are not a reason to refuse).
    """

    code = "DMP_DOCUMENT_INVALID"

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        head = "; ".join(str(p) for p in self.problems[:3])
        more = f" (+{len(self.problems) - 3} more)" if len(self.problems) > 3 else ""
        super().__init__(f"CDA document refused, {len(self.problems)} error(s): {head}{more}")
