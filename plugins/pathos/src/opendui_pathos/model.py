"""The PATHOS model: profils de soins (public) and coupes (per-resident evaluations).

PATHOS (SNGC and CNAMTS, maintained by the CNSA) describes each resident, on the day of the
*coupe*, by the list of his or her *états pathologiques* (a thesaurus of 50 states), each
qualified by one of 12 *profils de soins* (profils de stratégie thérapeutique). The thesaurus
labels and the points attached to each couple are licensed (CNSA guide, GALAAD software) and are
not shipped: état codes are therefore opaque strings here, checked for format only, and checked
against the user-supplied points table when points are computed (:mod:`opendui_pathos.points`).

The profil codes are public. Their labels below summarise the CNSA guide
« Le modèle PATHOS – Guide d'utilisation 2017 » (18 janvier 2017), part B « Définition des
profils de soins requis » (which replaced the guide annexed to circulaire DHOS/O2/DGAS/2C
n° 2006-212 du 15 mai 2006). **None has been checked against the primary text here**: T1, T2 and
CH are consistent with a secondary copy of the guide's coding example; the others are
[to verify]. :attr:`ProfilInfo.verified` says so for each profil.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from types import MappingProxyType

from opendui_pathos.errors import PathosError

#: Citation of the source of the profil labels.
PROFILS_SOURCE = (
    "CNSA, « Le modèle PATHOS – Guide d'utilisation 2017 », 18 janvier 2017, "
    "partie B « Définition des profils de soins requis »"
)

_ETAT_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,15}$")


class ProfilDeSoins(StrEnum):
    """The 12 PATHOS profils de soins, in the guide's order."""

    T1 = "T1"
    T2 = "T2"
    P1 = "P1"
    P2 = "P2"
    R1 = "R1"
    R2 = "R2"
    CH = "CH"
    DG = "DG"
    M1 = "M1"
    M2 = "M2"
    S1 = "S1"
    S0 = "S0"


@dataclass(frozen=True, slots=True)
class ProfilInfo:
    """Meaning of a profil de soins.

    :param code: the profil.
    :param group: family of care the profil belongs to.
    :param label: short French label (OpenDUI's summary of the guide, not a quotation).
    :param verified: ``True`` only when checked against the CNSA guide itself.
    :param note: provenance remark.
    """

    code: ProfilDeSoins
    group: str
    label: str
    verified: bool
    note: str


_SECONDARY = "consistent with a secondary copy of the guide's coding example; [to verify]"
_UNVERIFIED = "[to verify] against the CNSA guide"

#: Meaning of each profil de soins (see the module docstring for the verification status).
PROFILS_DE_SOINS: Mapping[ProfilDeSoins, ProfilInfo] = MappingProxyType(
    {
        info.code: info
        for info in (
            ProfilInfo(
                ProfilDeSoins.T1,
                "soins médico-techniques",
                "Soins médicaux et techniques importants, pronostic vital en jeu au quotidien",
                False,
                _SECONDARY,
            ),
            ProfilInfo(
                ProfilDeSoins.T2,
                "soins médico-techniques",
                "Surveillance médicale rapprochée et équilibration thérapeutique, "
                "sans mise en jeu immédiate du pronostic vital",
                False,
                _SECONDARY,
            ),
            ProfilInfo(
                ProfilDeSoins.P1,
                "psychiatrie",
                "Soins psychiatriques de crise",
                False,
                _UNVERIFIED,
            ),
            ProfilInfo(
                ProfilDeSoins.P2,
                "psychiatrie",
                "Soins psychiatriques de soutien (suivi au long cours)",
                False,
                _UNVERIFIED,
            ),
            ProfilInfo(
                ProfilDeSoins.R1,
                "rééducation",
                "Rééducation fonctionnelle intensive",
                False,
                _UNVERIFIED,
            ),
            ProfilInfo(
                ProfilDeSoins.R2,
                "rééducation",
                "Rééducation ou réadaptation fonctionnelle d'entretien",
                False,
                _UNVERIFIED,
            ),
            ProfilInfo(
                ProfilDeSoins.CH,
                "soins locaux",
                "Soins locaux lourds : pansements de plaies importantes, soins de type chirurgical",
                False,
                _SECONDARY,
            ),
            ProfilInfo(
                ProfilDeSoins.DG,
                "diagnostic",
                "Investigations diagnostiques : état non encore diagnostiqué nécessitant un bilan",
                False,
                _UNVERIFIED,
            ),
            ProfilInfo(
                ProfilDeSoins.M1,
                "accompagnement",
                "Accompagnement de fin de vie (soins palliatifs)",
                False,
                _UNVERIFIED,
            ),
            ProfilInfo(
                ProfilDeSoins.M2,
                "accompagnement",
                "Accompagnement et soins de confort hors phase terminale",
                False,
                _UNVERIFIED,
            ),
            ProfilInfo(
                ProfilDeSoins.S1,
                "surveillance",
                "Surveillance épisodique programmée d'un état stabilisé",
                False,
                _UNVERIFIED,
            ),
            ProfilInfo(
                ProfilDeSoins.S0,
                "surveillance",
                "État stabilisé sans soins ni surveillance spécifiques",
                False,
                _UNVERIFIED,
            ),
        )
    }
)


def parse_profil(value: object) -> ProfilDeSoins:
    """Read a profil de soins code, ignoring case and surrounding whitespace.

    :param value: ``"T1"``, ``"ch"``, a :class:`ProfilDeSoins`...
    :returns: the profil.
    :raises PathosError: ``PATHOS_UNKNOWN_PROFIL``.
    """
    if isinstance(value, ProfilDeSoins):
        return value
    if isinstance(value, str):
        try:
            return ProfilDeSoins(value.strip().upper())
        except ValueError:
            pass
    raise PathosError(
        f"unknown profil de soins {value!r} (expected one of "
        f"{', '.join(p.value for p in ProfilDeSoins)})",
        code="PATHOS_UNKNOWN_PROFIL",
    )


def parse_etat(value: object) -> str:
    """Check the format of an état pathologique code (the thesaurus itself is licensed).

    :param value: the code as printed by the licensed thesaurus, e.g. ``"13"``.
    :returns: the code without surrounding whitespace.
    :raises PathosError: ``PATHOS_INVALID_ETAT`` unless 1–16 characters among letters, digits,
        ``.``, ``_`` and ``-`` (starting with a letter or digit).
    """
    if isinstance(value, str) and _ETAT_RE.match(value.strip()):
        return value.strip()
    raise PathosError(f"malformed état pathologique code {value!r}", code="PATHOS_INVALID_ETAT")


@dataclass(frozen=True, slots=True)
class Couple:
    """A couple état pathologique × profil de soins.

    :param etat: état pathologique code (opaque, licensed thesaurus).
    :param profil: profil de soins.
    :raises PathosError: ``PATHOS_INVALID_ETAT`` or ``PATHOS_UNKNOWN_PROFIL``.
    """

    etat: str
    profil: ProfilDeSoins

    def __post_init__(self) -> None:
        object.__setattr__(self, "etat", parse_etat(self.etat))
        object.__setattr__(self, "profil", parse_profil(self.profil))

    def __str__(self) -> str:
        return f"{self.etat}/{self.profil.value}"


def _text(value: object, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise PathosError(f"{what} is required", code="PATHOS_INVALID_COUPE")
    return value.strip()


@dataclass(frozen=True, slots=True)
class CoupePathos:
    """The PATHOS evaluation of one resident on the day of a coupe.

    A resident without any état pathologique has an empty ``couples`` tuple (0 Pathos points, but
    still counted in the PMP denominator). Each état is coded once, with one profil.

    :param resident_id: the resident's platform identifier (opaque).
    :param evaluator: the evaluating physician (opaque identifier or name).
    :param evaluated_on: date of the coupe (a ``date``, not a ``datetime``).
    :param couples: the couples, in the order given.
    :raises PathosError: ``PATHOS_INVALID_COUPE``, ``PATHOS_DUPLICATE_ETAT``,
        ``PATHOS_INVALID_ETAT`` or ``PATHOS_UNKNOWN_PROFIL``.
    """

    resident_id: str
    evaluator: str
    evaluated_on: date
    couples: tuple[Couple, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "resident_id", _text(self.resident_id, "resident_id"))
        object.__setattr__(self, "evaluator", _text(self.evaluator, "evaluator"))
        if not isinstance(self.evaluated_on, date) or isinstance(self.evaluated_on, datetime):
            raise PathosError("evaluated_on must be a date", code="PATHOS_INVALID_COUPE")
        couples = tuple(self.couples)
        seen: set[str] = set()
        for couple in couples:
            if not isinstance(couple, Couple):
                raise PathosError("couples must be Couple objects", code="PATHOS_INVALID_COUPE")
            if couple.etat in seen:
                raise PathosError(
                    f"état pathologique {couple.etat} is coded twice",
                    code="PATHOS_DUPLICATE_ETAT",
                )
            seen.add(couple.etat)
        object.__setattr__(self, "couples", couples)

    @classmethod
    def create(
        cls,
        *,
        resident_id: str,
        evaluator: str,
        evaluated_on: date,
        couples: Iterable[Couple | tuple[str, str | ProfilDeSoins]] = (),
    ) -> CoupePathos:
        """Build a coupe from plain values.

        :param resident_id: the resident's platform identifier.
        :param evaluator: the evaluating physician.
        :param evaluated_on: date of the coupe.
        :param couples: :class:`Couple` objects or ``(etat, profil)`` tuples.
        :returns: the validated coupe.
        :raises PathosError: see :class:`CoupePathos`.
        """
        built: list[Couple] = []
        for couple in couples:
            if isinstance(couple, Couple):
                built.append(couple)
            elif isinstance(couple, tuple) and len(couple) == 2:
                built.append(Couple(couple[0], parse_profil(couple[1])))
            else:
                raise PathosError(f"cannot read couple {couple!r}", code="PATHOS_INVALID_COUPE")
        return cls(resident_id, evaluator, evaluated_on, tuple(built))
