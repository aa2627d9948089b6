"""AGGIR for OpenDUI: grille nationale AGGIR, GIR algorithm and GMP (pure domain core).

* :func:`gir` — GIR (1..6) from the modalités A/B/C of the 10 discriminant variables
  (CASF annexe 2-2); :func:`gir_from_adverbs` from the S/T/C/H adverb answers.
* :func:`gmp` — GIR moyen pondéré of an établissement (CASF R314-170-1, annexe 3-6).
* :data:`DISCRIMINANT_VARIABLES`, :data:`ILLUSTRATIVE_VARIABLES`, :data:`VARIABLES`,
  :data:`SUB_VARIABLES` — the grid (annexe 2-1).

The platform wiring (entry point ``aggir = "opendui_aggir.plugin"``: piccolo app, GraphQL namespace
``aggir``, permissions) lives in :mod:`opendui_aggir.plugin` and is never imported from here, so
the domain core stays usable without the platform.

Source: Code de l'action sociale et des familles, annexes 2-1, 2-2 and 3-6 (Légifrance). The
algorithm was published in 1997 with the authorisation of the Syndicat national de gérontologie
clinique, which reserved other uses, « en particulier à des fins lucratives »; see
``TABLES.licence_note`` and the plugin documentation.
"""

from __future__ import annotations

from opendui_aggir.adverbs import (
    ADVERBS,
    AdverbAnswers,
    codes_from_adverbs,
    combine,
    score_adverbs,
)
from opendui_aggir.algorithm import GirResult, classify, gir, gir_from_adverbs, normalize_codes
from opendui_aggir.errors import ERROR_CODES, AggirInputError
from opendui_aggir.gmp import GIR_POINTS, GmpResult, gmp
from opendui_aggir.tables import TABLES
from opendui_aggir.variables import (
    DISCRIMINANT_VARIABLES,
    ILLUSTRATIVE_VARIABLES,
    MODALITES,
    SUB_VARIABLES,
    VARIABLES,
    Modalite,
    SubVariable,
    Variable,
)

__all__ = [
    "ADVERBS",
    "DISCRIMINANT_VARIABLES",
    "ERROR_CODES",
    "GIR_POINTS",
    "ILLUSTRATIVE_VARIABLES",
    "MODALITES",
    "SUB_VARIABLES",
    "TABLES",
    "VARIABLES",
    "AdverbAnswers",
    "AggirInputError",
    "GirResult",
    "GmpResult",
    "Modalite",
    "SubVariable",
    "Variable",
    "classify",
    "codes_from_adverbs",
    "combine",
    "gir",
    "gir_from_adverbs",
    "gmp",
    "normalize_codes",
    "score_adverbs",
]
