"""OpenDUI SERAFIN-PH plugin: the nomenclature des besoins et des prestations (pure domain core).

Public API:

* :mod:`opendui_serafin.nomenclature` — versioned releases, hierarchy, families, search;
* :mod:`opendui_serafin.validation` — :func:`validate_code` for other modules;
* :mod:`opendui_serafin.evaluation` — besoin evaluation grids;
* :mod:`opendui_serafin.errors` — errors with stable codes.
"""

from __future__ import annotations

from opendui_serafin.errors import (
    ERROR_CODES,
    SerafinCodeError,
    SerafinError,
    SerafinEvaluationError,
    SerafinReleaseError,
)
from opendui_serafin.evaluation import BesoinEvaluation, BesoinItem, BesoinLevel
from opendui_serafin.nomenclature import (
    Concept,
    Family,
    Nomenclature,
    ReleaseRegistry,
    ValueSet,
    get,
    load_release,
    releases,
)
from opendui_serafin.validation import is_leaf, is_selectable, validate_code

__all__ = [
    "ERROR_CODES",
    "BesoinEvaluation",
    "BesoinItem",
    "BesoinLevel",
    "Concept",
    "Family",
    "Nomenclature",
    "ReleaseRegistry",
    "SerafinCodeError",
    "SerafinError",
    "SerafinEvaluationError",
    "SerafinReleaseError",
    "ValueSet",
    "get",
    "is_leaf",
    "is_selectable",
    "load_release",
    "releases",
    "validate_code",
]
