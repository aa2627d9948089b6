"""INS matricule: the NIR (or NIA) of 13 characters and its 2-digit key.

Key = ``97 - (int(NIR13) mod 97)``, two digits; for Corsica the department ``2A`` counts as 19 and
``2B`` as 18 before the modulo (Référentiel INS; checked on the 14,369 rows of the ANS test sample).
The OIDs come from FR Core: INS-NIR, INS-NIA, and the test and demo OIDs used by ANS examples.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from opendui.identifiers.errors import IdentifierError, compact

OID_NIR = "1.2.250.1.213.1.4.8"
OID_NIA = "1.2.250.1.213.1.4.9"
OID_NIR_TEST = "1.2.250.1.213.1.4.10"
OID_NIR_DEMO = "1.2.250.1.213.1.4.11"

#: INS OIDs and what they identify.
INS_OIDS: dict[str, str] = {
    OID_NIR: "INS-NIR",
    OID_NIA: "INS-NIA",
    OID_NIR_TEST: "INS-NIR de test",
    OID_NIR_DEMO: "INS-NIR de démonstration",
}

_SHAPE = re.compile(r"^[1-478]\d{2}(?:\d{2})(?:\d{2}|2A|2B)\d{3}\d{3}\d{2}$")


_CORSICA = {"2A": "19", "2B": "18"}


def _numeric(nir13: str) -> int:
    department = nir13[5:7]
    if department in _CORSICA:
        nir13 = nir13[:5] + _CORSICA[department] + nir13[7:]
    return int(nir13)


def nir_key(nir13: str) -> str:
    """The 2-digit key of a 13-character NIR or NIA (Corsica handled).

    :raises IdentifierError: ``INVALID_NIR`` if ``nir13`` is not 13 valid characters.
    """
    value = compact(nir13)
    if len(value) != 13 or not re.match(r"^\d{5}(?:\d{2}|2A|2B)\d{6}$", value):
        raise IdentifierError("INVALID_NIR", "a NIR has 13 characters: digits, and 2A or 2B for Corsica")
    return f"{97 - _numeric(value) % 97:02d}"


@dataclass(frozen=True)
class InsMatricule:
    """A valid INS matricule and what its digits say."""

    matricule: str
    kind: str  # "NIR" or "NIA"
    sex_digit: str
    birth_year: str
    birth_month: str
    department: str

    @property
    def is_corsica(self) -> bool:
        return self.department in ("2A", "2B")


def validate_ins_matricule(value: str) -> InsMatricule:
    """Check an INS matricule (15 characters, key included); spaces are ignored.

    :raises IdentifierError: ``INVALID_NIR`` for a malformed value, ``INVALID_NIR_KEY`` when the
        key does not match (the expected key is never revealed).
    """
    matricule = compact(value)
    if len(matricule) != 15:
        raise IdentifierError("INVALID_NIR", f"an INS matricule has 15 characters, not {len(matricule)}")
    if not _SHAPE.match(matricule):
        raise IdentifierError(
            "INVALID_NIR",
            "an INS matricule starts with 1, 2, 3, 4, 7 or 8 and has only digits (2A/2B for Corsica)",
        )
    if nir_key(matricule[:13]) != matricule[13:]:
        raise IdentifierError("INVALID_NIR_KEY", "the key of the INS matricule does not match its 13 first characters")
    return InsMatricule(
        matricule=matricule,
        kind="NIA" if matricule[0] in "78" else "NIR",
        sex_digit=matricule[0],
        birth_year=matricule[1:3],
        birth_month=matricule[3:5],
        department=matricule[5:7],
    )


@dataclass(frozen=True)
class ValidatedIns:
    """A valid (matricule, OID) pair."""

    matricule: str
    oid: str
    details: InsMatricule


def validate_ins(matricule: str, oid: str) -> ValidatedIns:
    """Check a matricule and its OID together.

    A NIA must carry the NIA OID and a NIR the NIR OID; the test and demo OIDs accept any valid
    matricule.

    :raises IdentifierError: ``INVALID_NIR``, ``INVALID_NIR_KEY`` or ``INVALID_OID``.
    """
    details = validate_ins_matricule(matricule)
    oid = oid.strip()
    if oid not in INS_OIDS:
        raise IdentifierError("INVALID_OID", f"{oid} is not an INS OID ({', '.join(INS_OIDS)})")
    if oid == OID_NIR and details.kind == "NIA":
        raise IdentifierError("INVALID_OID", "a NIA must carry the INS-NIA OID")
    if oid == OID_NIA and details.kind == "NIR":
        raise IdentifierError("INVALID_OID", "a NIR must carry the INS-NIR OID")
    return ValidatedIns(matricule=details.matricule, oid=oid, details=details)
