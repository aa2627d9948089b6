"""The AGGIR algorithm: from the modalités of the 10 discriminant variables to the GIR.

Exactly CASF annexe 2-2 « Algorithme de la grille AGGIR »: for the groups A to H in this order,
the **score** of the group is the sum of the weights of the variables coded ``B`` or ``C``
(``A`` weighs 0); the first threshold of the group that the score reaches gives the **rang**
(1 to 13); when none is reached, the next group is tested; group H always gives a rang. The rang
gives the GIR (« passage des rangs aux groupes »): 1 → 1; 2–7 → 2; 8–9 → 3; 10–11 → 4;
12 → 5; 13 → 6. The figures come from :mod:`opendui_aggir.tables`.

Illustrative variables never enter the GIR. The algorithm is not monotonic: in group H,
transferts ``C`` weighs 1 000 but ``B`` 2 000, so transferts ``C`` alone gives GIR 6 while
transferts ``B`` alone gives GIR 5.

Source: CASF annexe 2-2 (Légifrance); see :data:`opendui_aggir.tables.TABLES` ``.licence_note``
for the clause of the Syndicat national de gérontologie clinique.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from opendui_aggir.adverbs import codes_from_adverbs
from opendui_aggir.errors import AggirInputError
from opendui_aggir.tables import TABLES, AggirTables
from opendui_aggir.variables import (
    DISCRIMINANT_VARIABLES,
    ILLUSTRATIVE_VARIABLES,
    Modalite,
    parse_modalite,
)

__all__ = ["GirResult", "classify", "gir", "gir_from_adverbs", "normalize_codes"]

_ILLUSTRATIVE: Final = frozenset(ILLUSTRATIVE_VARIABLES)


@dataclass(frozen=True, slots=True)
class GirResult:
    """Result of the algorithm.

    :param gir: groupe iso-ressources, 1 (most dependent) to 6.
    :param rang: rang of annexe 2-2, 1 to 13.
    :param groupe: letter (A to H) of the group whose threshold gave the rang.
    :param score: sum of the weights of that group (« sommation des valeurs des variables »).
    :param profile: the 10 discriminant modalités in annexe order, e.g. ``"AABCAAAAAA"``.
    """

    gir: int
    rang: int
    groupe: str
    score: int
    profile: str


def normalize_codes(codes: Mapping[str, object]) -> dict[str, Modalite]:
    """Check the input of :func:`gir` and return the 10 discriminant modalités.

    :param codes: every discriminant key (:data:`~opendui_aggir.variables.DISCRIMINANT_VARIABLES`)
        with ``"A"``, ``"B"`` or ``"C"`` (case and surrounding blanks ignored). Illustrative keys
        are accepted, their modalité checked, then ignored.
    :returns: ``{key: modalité}`` for the 10 discriminant variables, in annexe order.
    :raises AggirInputError: ``AGGIR_UNKNOWN_VARIABLE`` (checked first),
        ``AGGIR_MISSING_VARIABLE``, then ``AGGIR_INVALID_CODE``; the message names the variable.
    """
    for key in codes:
        if key not in _ILLUSTRATIVE and key not in DISCRIMINANT_VARIABLES:
            raise AggirInputError(
                f"{key!r}: unknown AGGIR variable", code="AGGIR_UNKNOWN_VARIABLE", variable=str(key)
            )
    for key in DISCRIMINANT_VARIABLES:
        if key not in codes:
            raise AggirInputError(
                f"{key}: missing discriminant variable",
                code="AGGIR_MISSING_VARIABLE",
                variable=key,
            )
    result = {key: parse_modalite(codes[key], key) for key in DISCRIMINANT_VARIABLES}
    for key in codes:
        if key in _ILLUSTRATIVE:
            parse_modalite(codes[key], key)
    return result


def classify(codes: Mapping[str, Modalite], tables: AggirTables = TABLES) -> GirResult:
    """Run annexe 2-2 on already normalised modalités (no input check: use :func:`gir`).

    :param codes: the output of :func:`normalize_codes`.
    :param tables: the figures (the shipped ones by default).
    :returns: the result.
    """
    profile = "".join(codes[key] for key in DISCRIMINANT_VARIABLES)
    for group in tables.groups:
        weights = group.weights
        score = sum(weights[key][codes[key]] for key in DISCRIMINANT_VARIABLES)
        for threshold in group.thresholds:
            if threshold.min_score is None or score >= threshold.min_score:
                return GirResult(
                    gir=tables.rang_to_gir[threshold.rang],
                    rang=threshold.rang,
                    groupe=group.groupe,
                    score=score,
                    profile=profile,
                )
    raise AssertionError("unreachable: the tables end with a catch-all threshold")  # pragma: no cover


def gir(codes: Mapping[str, object]) -> GirResult:
    """GIR of a person from the modalités of the 10 discriminant variables (CASF annexe 2-2).

    >>> gir({"coherence": "A", "orientation": "A", "toilette": "b", "habillage": "C",
    ...      "alimentation": "A", "elimination": "A", "transferts": "A",
    ...      "deplacement_interieur": "A", "deplacement_exterieur": "A", "communication": "A"})
    GirResult(gir=4, rang=11, groupe='H', score=5000, profile='AABCAAAAAA')

    :param codes: see :func:`normalize_codes`.
    :returns: GIR, rang, group, score and the normalised profile.
    :raises AggirInputError: ``AGGIR_UNKNOWN_VARIABLE``, ``AGGIR_MISSING_VARIABLE`` or
        ``AGGIR_INVALID_CODE``, with ``.variable`` naming the variable.
    """
    return classify(normalize_codes(codes))


def gir_from_adverbs(answers: Mapping[str, object]) -> GirResult:
    """GIR from the adverb answers (S, T, C, H) of each variable or sub-variable.

    Each (sub-)variable is scored by :func:`~opendui_aggir.adverbs.score_adverbs`, sub-variables
    are combined by :func:`~opendui_aggir.adverbs.combine` (Mediboard's rules, to verify against
    the 2008 JORF facsimile), then :func:`gir` runs.

    :param answers: see :func:`~opendui_aggir.adverbs.codes_from_adverbs`.
    :returns: the result.
    :raises AggirInputError: ``AGGIR_UNKNOWN_VARIABLE``, ``AGGIR_MISSING_VARIABLE``,
        ``AGGIR_INVALID_ADVERB``.
    """
    return gir(codes_from_adverbs(answers))
