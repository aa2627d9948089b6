"""Identity traits, their validation, and the RNIV status rules enforced by the core.

The traits INS (Référentiel INS, RNIV) are the birth name, the list of birth first names (the first
one is the "premier prénom de naissance"), the birth date, the sex and the INSEE (COG) code of the
birth place (``99xxx`` for a country). The used name and used first name are not strict traits.

Statuses (RNIV, FR Core ``fr-core-cs-identity-status``): ``PROV`` provisoire, ``RECUP`` récupérée
(INS obtained from the INSi téléservice), ``VALI`` validée (checked on a high-trust document),
``QUAL`` qualifiée (both). Only a ``QUAL`` identity may carry its INS matricule in exchanges
(:func:`ins_for_exchange`). Full identitovigilance (INSi, duplicates, merges) is plugin territory;
the model and its validation live here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from opendui.domain.records import IdentityRecord
from opendui.errors import IllegalTransitionError, OpenDUIError, ValidationError
from opendui.identifiers import OID_NIA, OID_NIR, IdentifierError, validate_ins

STATUSES = ("PROV", "RECUP", "VALI", "QUAL")

#: Legal status transitions: upgrades follow the RNIV paths, downgrades are always allowed.
TRANSITIONS: Mapping[str, frozenset[str]] = {
    "PROV": frozenset({"RECUP", "VALI"}),
    "RECUP": frozenset({"QUAL", "PROV"}),
    "VALI": frozenset({"QUAL", "PROV"}),
    "QUAL": frozenset({"VALI", "RECUP", "PROV"}),
}

#: Statuses that can only be reached through the INSi téléservice (the ``ins`` plugin).
INSI_STATUSES = frozenset({"RECUP", "QUAL"})

#: High-trust identity documents and devices (RNIV; FR Core validation modes).
VALIDATION_MODES: Mapping[str, str] = {
    "CN": "Carte nationale d'identité",
    "PA": "Passeport",
    "CS": "Titre de séjour",
    "eCN": "Carte nationale d'identité électronique",
    "IN": "Identité numérique La Poste",
    "AV": "Application carte Vitale",
    "AN": "Acte de naissance (mineur)",
    "LEP": "Livret de famille (mineur)",
    "LECV": "Livret de famille et carte Vitale avec photo (EHPAD)",
    "ANCV": "Extrait d'acte de naissance et carte Vitale avec photo (EHPAD)",
    "CC": "Certificat de nationalité / autre",
}

#: Identity attributes (RNIV situations) the core knows; ``FICT`` and ``DOUT`` forbid qualification.
ATTRIBUTES: Mapping[str, str] = {
    "DOUT": "Identité douteuse",
    "FICT": "Identité fictive",
    "HOMD": "Homonyme détecté",
    "HOMA": "Homonyme avéré",
    "DPOT": "Doublon potentiel",
    "DOUA": "Doublon avéré",
    "COLP": "Collision potentielle",
    "COLV": "Collision validée",
    "DESA": "Identité désactivée",
}

STRICT_TRAITS = ("birth_name", "birth_given_names", "birth_date", "sex", "birthplace_code")

_NAME = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿŒœÆæ]+(?:[ '\-][A-Za-zÀ-ÖØ-öø-ÿŒœÆæ]+)*$")
_BIRTHPLACE = re.compile(r"^(?:\d{5}|2[AB]\d{3})$")
_EARLIEST_BIRTH = dt.date(1880, 1, 1)


def _name(value: str, field: str, max_length: int = 100) -> str:
    cleaned = " ".join(value.split())
    if not cleaned:
        raise ValidationError(f"{field} must not be empty", details={"field": field})
    if len(cleaned) > max_length:
        raise ValidationError(
            f"{field} is longer than {max_length} characters", details={"field": field}
        )
    if not _NAME.match(cleaned):
        raise ValidationError(
            f"{field} may contain only letters, spaces, hyphens and apostrophes",
            details={"field": field},
        )
    return cleaned.upper()


@dataclass(frozen=True)
class Traits:
    """Validated identity traits, ready to store."""

    birth_name: str
    birth_given_names: list[str]
    used_name: str | None
    used_given_name: str | None
    birth_date: dt.date
    sex: str
    birthplace_code: str | None

    @property
    def first_birth_given_name(self) -> str:
        return self.birth_given_names[0]


def validate_traits(
    *,
    birth_name: str,
    birth_given_names: Sequence[str],
    birth_date: dt.date,
    sex: str,
    birthplace_code: str | None = None,
    used_name: str | None = None,
    used_given_name: str | None = None,
    today: dt.date | None = None,
) -> Traits:
    """Normalise and check identity traits.

    :raises ValidationError: naming the faulty field.
    """
    today = today or dt.date.today()
    given = [_name(name, "birthGivenNames") for name in birth_given_names]
    if not given:
        raise ValidationError(
            "at least one birth first name is required", details={"field": "birthGivenNames"}
        )
    if not (_EARLIEST_BIRTH <= birth_date <= today):
        raise ValidationError(
            "birthDate must be a past date after 1880", details={"field": "birthDate"}
        )
    if sex not in ("M", "F", "I"):
        raise ValidationError("sex must be M, F or I (indéterminé)", details={"field": "sex"})
    place = birthplace_code.strip().upper() if birthplace_code else None
    if place is not None and not _BIRTHPLACE.match(place):
        raise ValidationError(
            "birthplaceCode must be an INSEE (COG) commune code or 99xxx for a country",
            details={"field": "birthplaceCode"},
        )
    return Traits(
        birth_name=_name(birth_name, "birthName"),
        birth_given_names=given,
        used_name=_name(used_name, "usedName") if used_name else None,
        used_given_name=_name(used_given_name, "usedGivenName") if used_given_name else None,
        birth_date=birth_date,
        sex=sex,
        birthplace_code=place,
    )


@dataclass(frozen=True)
class InsInput:
    """A validated INS matricule and its OID."""

    matricule: str
    oid: str


def validate_ins_for_traits(matricule: str, oid: str, traits: Traits) -> InsInput:
    """Check an INS matricule (key included) and its consistency with the traits.

    The sex digit must agree with the sex (1 for M, 2 for F) and the year and month of birth with
    the birth date, when the matricule carries a real month (01 to 12).

    :raises OpenDUIError: ``INVALID_NIR``, ``INVALID_NIR_KEY``, ``INVALID_OID`` or
        ``VALIDATION_ERROR`` for an inconsistency.
    """
    try:
        ins = validate_ins(matricule, oid)
    except IdentifierError as error:
        raise OpenDUIError(str(error), code=error.code, details={"field": "ins"}) from error
    if traits.sex == "I":
        raise ValidationError("an INS requires sex M or F", details={"field": "sex"})
    sex_digit = ins.matricule[0]
    if sex_digit in "12" and sex_digit != ("1" if traits.sex == "M" else "2"):
        raise ValidationError(
            "the INS matricule's sex digit does not match the sex", details={"field": "ins"}
        )
    if ins.matricule[1:3] != f"{traits.birth_date.year % 100:02d}":
        raise ValidationError(
            "the INS matricule's birth year does not match the birth date", details={"field": "ins"}
        )
    month = int(ins.matricule[3:5])
    if 1 <= month <= 12 and month != traits.birth_date.month:
        raise ValidationError(
            "the INS matricule's birth month does not match the birth date",
            details={"field": "ins"},
        )
    return InsInput(matricule=ins.matricule, oid=ins.oid)


def default_oid(matricule: str) -> str:
    """The OID of a matricule given without one: INS-NIA for a NIA (7 or 8), INS-NIR otherwise."""
    return OID_NIA if matricule.strip()[:1] in ("7", "8") else OID_NIR


def check_status(
    *,
    status: str,
    ins: InsInput | None,
    birthplace_code: str | None,
    validation_mode: str | None,
    attributes: Sequence[str],
) -> None:
    """Check that a status is consistent with what supports it.

    :raises ValidationError: unknown status, mode or attribute, or missing support.
    :raises IllegalTransitionError: qualification of a doubtful or fictitious identity.
    """
    if status not in STATUSES:
        raise ValidationError(f"unknown identity status {status}", details={"field": "status"})
    unknown = [a for a in attributes if a not in ATTRIBUTES]
    if unknown:
        raise ValidationError(
            f"unknown identity attribute(s) {unknown}", details={"field": "attributes"}
        )
    if status in ("VALI", "QUAL"):
        if validation_mode not in VALIDATION_MODES:
            raise ValidationError(
                f"status {status} requires the high-trust document checked (validationMode)",
                details={"field": "validationMode"},
            )
        if {"DOUT", "FICT"} & set(attributes):
            raise IllegalTransitionError(
                "a doubtful or fictitious identity cannot be validated or qualified"
            )
    if status in INSI_STATUSES:
        if ins is None:
            raise ValidationError(
                f"status {status} requires the INS returned by INSi", details={"field": "ins"}
            )
        if not birthplace_code:
            raise ValidationError(
                f"status {status} requires the birth place code",
                details={"field": "birthplaceCode"},
            )


def check_transition(old: str, new: str) -> None:
    """:raises IllegalTransitionError: when RNIV does not allow ``old`` -> ``new``."""
    if old != new and new not in TRANSITIONS.get(old, frozenset()):
        raise IllegalTransitionError(f"identity status cannot go from {old} to {new}")


def strict_changes(identity: IdentityRecord, changes: Mapping[str, Any]) -> list[str]:
    """Strict traits that ``changes`` would modify."""
    return [
        name for name in STRICT_TRAITS if name in changes and changes[name] != getattr(identity, name)
    ]


def ins_for_exchange(identity: IdentityRecord) -> tuple[str, str] | None:
    """The (matricule, OID) a plugin may put in an exchange: only for a qualified identity."""
    if identity.status == "QUAL" and identity.ins_matricule and identity.ins_oid:
        return identity.ins_matricule, identity.ins_oid
    return None
