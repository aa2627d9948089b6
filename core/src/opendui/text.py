"""Text normalisation for names: search keys and sort keys."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(value: str) -> str:
    """Upper case, no diacritics, single spaces: ``"Élodie  d'Aubigné"`` -> ``"ELODIE D'AUBIGNE"``."""
    decomposed = unicodedata.normalize("NFKD", value)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _SPACES.sub(" ", stripped).strip().upper().replace("Œ", "OE").replace("Æ", "AE")


def like_pattern(term: str) -> str:
    """A ``LIKE`` pattern matching ``term`` anywhere, with ``%``, ``_`` and ``\\`` escaped."""
    escaped = fold(term).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
