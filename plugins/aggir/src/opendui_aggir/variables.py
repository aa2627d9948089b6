"""The 17 variables of the grille nationale AGGIR (CASF annexe 2-1) and their sub-variables.

* 10 **variables discriminantes** enter the algorithm (:mod:`opendui_aggir.algorithm`); only the
  first eight carry weight, *déplacement extérieur* and *communication* weigh 0 in every group.
* 7 **variables illustratives** (perte d'autonomie domestique et sociale) describe the situation
  and never enter the GIR.
* Six discriminant variables are judged through **sub-variables** (guide de remplissage, décret
  n° 2008-821); their codes are combined by :func:`opendui_aggir.adverbs.combine`.

Keys are the public, stable identifiers used in every API; labels and descriptions follow the
annexe 2-1 wording (accents restored).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final, Literal

from opendui_aggir.errors import AggirInputError

__all__ = [
    "DISCRIMINANT_VARIABLES",
    "ILLUSTRATIVE_VARIABLES",
    "MODALITES",
    "SUB_VARIABLES",
    "VARIABLES",
    "Modalite",
    "SubVariable",
    "Variable",
    "parse_modalite",
]

#: A modalité: ``A`` (fait seul), ``B`` (fait partiellement), ``C`` (ne fait pas).
Modalite = Literal["A", "B", "C"]
#: The three modalités, in order.
MODALITES: Final[tuple[Modalite, ...]] = ("A", "B", "C")
_BY_LETTER: Final[Mapping[str, Modalite]] = MappingProxyType({m: m for m in MODALITES})


@dataclass(frozen=True, slots=True)
class SubVariable:
    """A sub-variable of a discriminant variable.

    :param key: stable key, unique within its variable (``"haut"``).
    :param label: French label (``"Haut"``).
    """

    key: str
    label: str


@dataclass(frozen=True, slots=True)
class Variable:
    """A variable of the grille AGGIR.

    :param key: stable public key (``"deplacement_interieur"``).
    :param label: French label (``"Déplacement à l'intérieur"``).
    :param description: French description from annexe 2-1.
    :param discriminante: ``True`` for the 10 variables that enter the GIR.
    :param sub_variables: sub-variables in grid order, empty when the variable is coded directly.
    """

    key: str
    label: str
    description: str
    discriminante: bool
    sub_variables: tuple[SubVariable, ...] = ()


def _subs(*pairs: tuple[str, str]) -> tuple[SubVariable, ...]:
    return tuple(SubVariable(key, label) for key, label in pairs)


_ALL: Final[tuple[Variable, ...]] = (
    Variable(
        "coherence",
        "Cohérence",
        "converser et/ou se comporter de façon sensée",
        True,
        _subs(("communication", "Communication"), ("comportement", "Comportement")),
    ),
    Variable(
        "orientation",
        "Orientation",
        "se repérer dans le temps, les moments de la journée et dans les lieux",
        True,
        _subs(("temps", "Temps"), ("espace", "Espace")),
    ),
    Variable(
        "toilette",
        "Toilette",
        "concerne l'hygiène corporelle",
        True,
        _subs(("haut", "Haut"), ("bas", "Bas")),
    ),
    Variable(
        "habillage",
        "Habillage",
        "s'habiller, se déshabiller, se présenter",
        True,
        _subs(("haut", "Haut"), ("moyen", "Moyen"), ("bas", "Bas")),
    ),
    Variable(
        "alimentation",
        "Alimentation",
        "manger les aliments préparés",
        True,
        _subs(("se_servir", "Se servir"), ("manger", "Manger")),
    ),
    Variable(
        "elimination",
        "Élimination",
        "assumer l'hygiène de l'élimination urinaire et fécale",
        True,
        _subs(("urinaire", "Urinaire"), ("fecale", "Fécale")),
    ),
    Variable("transferts", "Transferts", "se lever, se coucher, s'asseoir", True),
    Variable(
        "deplacement_interieur",
        "Déplacement à l'intérieur",
        "avec ou sans canne, déambulateur, fauteuil roulant...",
        True,
    ),
    Variable(
        "deplacement_exterieur",
        "Déplacement à l'extérieur",
        "à partir de la porte d'entrée sans moyen de transport",
        True,
    ),
    Variable(
        "communication",
        "Communication à distance",
        "utiliser les moyens de communication, téléphone, sonnette, alarme...",
        True,
    ),
    Variable("gestion", "Gestion", "gérer ses propres affaires, son budget, ses biens", False),
    Variable("cuisine", "Cuisine", "préparer ses repas et les conditionner pour être servis", False),
    Variable("menage", "Ménage", "effectuer l'ensemble des travaux ménagers", False),
    Variable("transports", "Transport", "prendre et/ou commander un moyen de transport", False),
    Variable("achats", "Achats", "acquisition directe ou par correspondance", False),
    Variable("suivi_traitement", "Suivi du traitement", "se conformer à l'ordonnance du médecin", False),
    Variable(
        "activites_temps_libre",
        "Activités de temps libre",
        "activités sportives, culturelles, sociales, de loisir ou de passe-temps",
        False,
    ),
)

#: Every variable by key, discriminant ones first, in the order of annexe 2-1.
VARIABLES: Final[Mapping[str, Variable]] = MappingProxyType({v.key: v for v in _ALL})
#: Keys of the 10 discriminant variables, in the order of annexes 2-1 and 2-2.
DISCRIMINANT_VARIABLES: Final[tuple[str, ...]] = tuple(v.key for v in _ALL if v.discriminante)
#: Keys of the 7 illustrative variables, in the order of annexe 2-1.
ILLUSTRATIVE_VARIABLES: Final[tuple[str, ...]] = tuple(v.key for v in _ALL if not v.discriminante)
#: Sub-variable keys of the six variables that have some.
SUB_VARIABLES: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {v.key: tuple(s.key for s in v.sub_variables) for v in _ALL if v.sub_variables}
)


def parse_modalite(value: object, variable: str) -> Modalite:
    """Normalise a modalité: surrounding blanks are stripped and case is ignored.

    :param value: the raw value (``"b"``, ``" C "``...).
    :param variable: key of the variable being read, used in the error message.
    :returns: ``"A"``, ``"B"`` or ``"C"``.
    :raises AggirInputError: ``AGGIR_INVALID_CODE`` for anything else (non-strings included).
    """
    if isinstance(value, str):
        letter = _BY_LETTER.get(value.strip().upper())
        if letter is not None:
            return letter
    raise AggirInputError(
        f"{variable}: invalid modalité {value!r}, expected 'A', 'B' or 'C'",
        code="AGGIR_INVALID_CODE",
        variable=variable,
    )
