"""The result of a validation: a list of :class:`Problem`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["error", "warning", "info"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One failed check.

    :param level: ``error`` refuses the document; ``warning``/``info`` are reported only.
    :param message: readable explanation (the schematron assert text, or the XSD message).
    :param location: where: an XPath for schematron, ``line N`` for the XSD.
    :param source: which check: ``xsd``, ``schematron:<file>`` or ``cisis:<rule>``.
    """

    level: Level
    message: str
    location: str = ""
    source: str = ""

    def __str__(self) -> str:
        where = f" at {self.location}" if self.location else ""
        return f"[{self.level}] {self.message}{where}"
