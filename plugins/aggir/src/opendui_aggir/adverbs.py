"""From adverb answers to modalités (guide de remplissage, décret n° 2008-821).

Each variable or sub-variable is judged on four adverbs: **S** (spontanément), **T**
(totalement), **C** (correctement), **H** (habituellement). All four satisfied gives ``A``, none
gives ``C``, any other answer gives ``B`` (:func:`score_adverbs`).

The codes of the sub-variables are then combined into the code of the variable
(:func:`combine`). **These combination rules are as implemented in Mediboard (OpenXtrem, GPL,
``CExamGir::computeAllCodes``), to verify against the 2008 JORF facsimile of the guide de
remplissage** (the guide is not reproduced in the Légifrance text of annexe 2-1):

* cohérence, orientation, élimination, alimentation: all ``A`` → ``A``; any ``C`` → ``C``;
  otherwise ``B`` (for alimentation, Mediboard lists AC/CA/BC/CB/CC → ``C`` and AB/BA/BB → ``B``,
  which is the same rule);
* toilette, habillage: all ``A`` → ``A``; all ``C`` → ``C``; otherwise ``B``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final, Literal

from opendui_aggir.errors import AggirInputError
from opendui_aggir.variables import SUB_VARIABLES, VARIABLES, Modalite, parse_modalite

__all__ = [
    "ADVERBS",
    "COMBINATION_RULES",
    "AdverbAnswers",
    "AdverbInput",
    "CombinationRule",
    "codes_from_adverbs",
    "combine",
    "score_adverbs",
]

#: The four adverbs by letter, with their French name.
ADVERBS: Final[Mapping[str, str]] = MappingProxyType(
    {"S": "spontanément", "T": "totalement", "C": "correctement", "H": "habituellement"}
)

#: ``"any_c"``: all A → A, any C → C, else B. ``"all_c"``: all A → A, all C → C, else B.
CombinationRule = Literal["any_c", "all_c"]

#: Combination rule of each variable that has sub-variables (as implemented in Mediboard,
#: to verify against the 2008 JORF facsimile).
COMBINATION_RULES: Final[Mapping[str, CombinationRule]] = MappingProxyType(
    {
        "coherence": "any_c",
        "orientation": "any_c",
        "toilette": "all_c",
        "habillage": "all_c",
        "alimentation": "any_c",
        "elimination": "any_c",
    }
)


@dataclass(frozen=True, slots=True)
class AdverbAnswers:
    """Answers to the four adverbs for one (sub-)variable: ``True`` means the activity is done so.

    :param spontanement: S, done spontaneously (without incitation or stimulation).
    :param totalement: T, done entirely.
    :param correctement: C, done correctly.
    :param habituellement: H, done habitually (each time it is needed).
    """

    spontanement: bool
    totalement: bool
    correctement: bool
    habituellement: bool

    @classmethod
    def from_mapping(cls, answers: Mapping[str, object], variable: str) -> AdverbAnswers:
        """Read answers keyed by adverb letter (``S``, ``T``, ``C``, ``H``; case ignored).

        :param answers: exactly the four letters, each with a :class:`bool`.
        :param variable: key of the (sub-)variable, used in error messages.
        :returns: the answers.
        :raises AggirInputError: ``AGGIR_INVALID_ADVERB`` for a missing, unknown or non-boolean
            answer.
        """
        values: dict[str, bool] = {}
        for raw_key, value in answers.items():
            key = raw_key.strip().upper() if isinstance(raw_key, str) else raw_key
            if not isinstance(key, str) or key not in ADVERBS or key in values:
                raise AggirInputError(
                    f"{variable}: unknown or repeated adverb {raw_key!r}, expected S, T, C, H",
                    code="AGGIR_INVALID_ADVERB",
                    variable=variable,
                )
            if not isinstance(value, bool):
                raise AggirInputError(
                    f"{variable}: adverb {key} must be a boolean, not {value!r}",
                    code="AGGIR_INVALID_ADVERB",
                    variable=variable,
                )
            values[key] = value
        missing = [letter for letter in ADVERBS if letter not in values]
        if missing:
            raise AggirInputError(
                f"{variable}: missing adverb answer(s) {', '.join(missing)}",
                code="AGGIR_INVALID_ADVERB",
                variable=variable,
            )
        return cls(values["S"], values["T"], values["C"], values["H"])


#: Answers for one (sub-)variable: an :class:`AdverbAnswers` or a mapping ``{"S": bool, ...}``.
AdverbInput = AdverbAnswers | Mapping[str, object]


def score_adverbs(answers: AdverbInput, variable: str = "variable") -> Modalite:
    """Modalité of one (sub-)variable from its four adverbs.

    :param answers: the answers (see :data:`AdverbInput`).
    :param variable: key of the (sub-)variable, used in error messages.
    :returns: ``A`` when S, T, C and H are all satisfied, ``C`` when none is, ``B`` otherwise.
    :raises AggirInputError: ``AGGIR_INVALID_ADVERB`` for a malformed mapping.
    """
    if not isinstance(answers, AdverbAnswers):
        answers = AdverbAnswers.from_mapping(answers, variable)
    flags = (answers.spontanement, answers.totalement, answers.correctement, answers.habituellement)
    if all(flags):
        return "A"
    if not any(flags):
        return "C"
    return "B"


def combine(variable: str, codes: Mapping[str, str]) -> Modalite:
    """Modalité of a variable from the modalités of its sub-variables.

    As implemented in Mediboard, to verify against the 2008 JORF facsimile (see the module
    docstring for the rules).

    :param variable: a key of :data:`~opendui_aggir.variables.SUB_VARIABLES` (``"habillage"``).
    :param codes: every sub-variable key of that variable with its modalité (case and surrounding
        blanks ignored), e.g. ``{"haut": "A", "moyen": "B", "bas": "C"}``.
    :returns: the variable's modalité.
    :raises AggirInputError: ``AGGIR_UNKNOWN_VARIABLE`` when ``variable`` has no sub-variables or
        a key is not one of its sub-variables, ``AGGIR_MISSING_VARIABLE`` when a sub-variable is
        missing, ``AGGIR_INVALID_CODE`` for a bad modalité.
    """
    subs = SUB_VARIABLES.get(variable)
    if subs is None:
        known = "unknown variable" if variable not in VARIABLES else "variable without sub-variables"
        raise AggirInputError(f"{variable!r}: {known}", code="AGGIR_UNKNOWN_VARIABLE", variable=variable)
    for key in codes:
        if key not in subs:
            raise AggirInputError(
                f"{variable}.{key}: not a sub-variable of {variable} (expected {', '.join(subs)})",
                code="AGGIR_UNKNOWN_VARIABLE",
                variable=f"{variable}.{key}",
            )
    letters: list[Modalite] = []
    for key in subs:
        if key not in codes:
            raise AggirInputError(
                f"{variable}.{key}: missing sub-variable",
                code="AGGIR_MISSING_VARIABLE",
                variable=f"{variable}.{key}",
            )
        letters.append(parse_modalite(codes[key], f"{variable}.{key}"))
    if all(letter == "A" for letter in letters):
        return "A"
    if COMBINATION_RULES[variable] == "any_c":
        return "C" if "C" in letters else "B"
    return "C" if all(letter == "C" for letter in letters) else "B"


def _score_variable(key: str, value: object) -> Modalite:
    subs = SUB_VARIABLES.get(key)
    if subs is None:
        if not isinstance(value, AdverbAnswers | Mapping):
            raise AggirInputError(
                f"{key}: expected the answers to the adverbs S, T, C, H, not {value!r}",
                code="AGGIR_INVALID_ADVERB",
                variable=key,
            )
        return score_adverbs(value, key)
    if not isinstance(value, Mapping):
        raise AggirInputError(
            f"{key}: expected adverb answers per sub-variable ({', '.join(subs)}), not {value!r}",
            code="AGGIR_INVALID_ADVERB",
            variable=key,
        )
    sub_codes: dict[str, str] = {}
    for sub_key, sub_value in value.items():
        name = f"{key}.{sub_key}"
        if sub_key not in subs:
            raise AggirInputError(
                f"{name}: not a sub-variable of {key} (expected {', '.join(subs)})",
                code="AGGIR_UNKNOWN_VARIABLE",
                variable=name,
            )
        if not isinstance(sub_value, AdverbAnswers | Mapping):
            raise AggirInputError(
                f"{name}: expected the answers to the adverbs S, T, C, H, not {sub_value!r}",
                code="AGGIR_INVALID_ADVERB",
                variable=name,
            )
        sub_codes[sub_key] = score_adverbs(sub_value, name)
    return combine(key, sub_codes)


def codes_from_adverbs(answers: Mapping[str, object]) -> dict[str, Modalite]:
    """Modalités of the variables from adverb answers.

    :param answers: by variable key (:data:`~opendui_aggir.variables.VARIABLES`): for a variable
        with sub-variables, a mapping ``{sub_key: AdverbInput}`` covering all its sub-variables;
        otherwise an :data:`AdverbInput`. Illustrative variables are optional.
    :returns: the modalité of every variable given, in the order given.
    :raises AggirInputError: ``AGGIR_UNKNOWN_VARIABLE``, ``AGGIR_MISSING_VARIABLE`` (a
        discriminant variable or a sub-variable is missing), ``AGGIR_INVALID_ADVERB``.
    """
    for key in answers:
        if key not in VARIABLES:
            raise AggirInputError(
                f"{key!r}: unknown AGGIR variable", code="AGGIR_UNKNOWN_VARIABLE", variable=str(key)
            )
    for variable in VARIABLES.values():
        if variable.discriminante and variable.key not in answers:
            raise AggirInputError(
                f"{variable.key}: missing discriminant variable",
                code="AGGIR_MISSING_VARIABLE",
                variable=variable.key,
            )
    return {key: _score_variable(key, value) for key, value in answers.items()}
