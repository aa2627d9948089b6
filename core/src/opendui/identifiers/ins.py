"""INS matricule: the 13-character NIR (or NIA) followed by its 2-digit key, and the INS OIDs.

Layout of the 13 characters (INSEE NIR; the NIA has the same layout):

=========  ======================================================================================
Position   Meaning
=========  ======================================================================================
1          ``1`` or ``2`` (sex of a NIR); ``3``/``4`` and ``7``/``8`` see below
2–3        year of birth (two digits)
4–5        month of birth (``01`` to ``12``; INSEE also uses 20–42 and 50+ for unknown months)
6–7        department of birth (``2A``/``2B`` for Corsica, ``97``/``98`` + 3-digit commune
           part overseas, ``99`` born abroad)
8–10       commune (or country for ``99``)
11–13      order number
=========  ======================================================================================

Key = ``97 - (int(NIR13) mod 97)``, two digits, with ``2A`` read as ``19`` and ``2B`` as ``18``
(Référentiel INS; checked on the 14,369 pairs of the ASIP Santé INS-C test sample, 143 of them
Corsican, see ``SPECS.md`` section 1).

First digit: ``1``/``2`` are the sex of a NIR. ``7``/``8`` are accepted and classified as a NIA
(numéro identifiant d'attente, assigned by the CNAV while a NIR is not certified) — **to verify**
against the Référentiel INS, which this module does not quote. ``3``/``4`` are accepted as NIR
(INSEE numbers assigned on special registration, e.g. persons born abroad being registered) —
**to verify** as well; secondary sources disagree on their meaning. Any other first digit is
refused.

OIDs (HL7 France FR Core): INS-NIR ``1.2.250.1.213.1.4.8``, INS-NIA ``1.2.250.1.213.1.4.9``,
INS-NIR test ``1.2.250.1.213.1.4.10`` and demo ``1.2.250.1.213.1.4.11`` (the latter two are used
by ANS examples and test platforms). The INS-C OID ``1.2.250.1.213.1.4.2`` is obsolete and
refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final, Literal, TypeAlias

from opendui.identifiers.errors import (
    INVALID_NIR,
    INVALID_NIR_KEY,
    INVALID_OID,
    IdentifierError,
    normalize,
)

OID_NIR: Final = "1.2.250.1.213.1.4.8"
OID_NIA: Final = "1.2.250.1.213.1.4.9"
OID_NIR_TEST: Final = "1.2.250.1.213.1.4.10"
OID_NIR_DEMO: Final = "1.2.250.1.213.1.4.11"
#: Obsolete INS-C (calculated INS) OID: refused by :func:`validate_ins`.
OID_INS_C_OBSOLETE: Final = "1.2.250.1.213.1.4.2"


class InsOid(StrEnum):
    """The INS OIDs (assigning authority of an INS matricule)."""

    NIR = OID_NIR
    """INS-NIR: the matricule is a NIR."""
    NIA = OID_NIA
    """INS-NIA: the matricule is a NIA."""
    NIR_TEST = OID_NIR_TEST
    """INS-NIR test OID (test identities, test platforms)."""
    NIR_DEMO = OID_NIR_DEMO
    """INS-NIR demonstration OID."""


#: INS OIDs and their labels.
INS_OIDS: Final[dict[str, str]] = {
    OID_NIR: "INS-NIR",
    OID_NIA: "INS-NIA",
    OID_NIR_TEST: "INS-NIR de test",
    OID_NIR_DEMO: "INS-NIR de démonstration",
}

NirKind: TypeAlias = Literal["NIR", "NIA"]

_SEX_DIGITS: Final = "123478"
_NIA_DIGITS: Final = "78"
_DIGITS: Final = "0123456789"
_CORSICA: Final = {"2A": "19", "2B": "18"}


def _structure_error(nir13: str) -> str | None:
    """What is wrong with the structure of a normalised 13-character NIR body, if anything."""
    if nir13[0] not in _SEX_DIGITS:
        return "the first character of a NIR must be 1, 2, 3, 4, 7 or 8"
    for index, char in enumerate(nir13):
        if char in _DIGITS:
            continue
        if nir13[5:7] in _CORSICA and index == 6:
            continue
        position = index + 1
        if char.isalpha() and position in (6, 7):
            return f"character {position} is not allowed: only 2A or 2B (Corsica) may hold a letter"
        return f"character {position} is not allowed: a NIR has only digits, and 2A or 2B at positions 6-7"
    return None


def _key(nir13: str) -> str:
    department = nir13[5:7]
    if department in _CORSICA:
        nir13 = nir13[:5] + _CORSICA[department] + nir13[7:]
    return f"{97 - int(nir13) % 97:02d}"


def nir_key(nir13: str) -> str:
    """The 2-digit key of a 13-character NIR or NIA (Corsica ``2A``/``2B`` handled).

    :param nir13: the 13 first characters of the matricule; whitespace is ignored.
    :returns: the key, ``01`` to ``97``, zero-padded.
    :raises IdentifierError: ``INVALID_NIR`` if ``nir13`` does not have the structure accepted by
        :func:`validate_ins_matricule`.
    """
    value = normalize(nir13)
    if len(value) != 13:
        raise IdentifierError(INVALID_NIR, f"a NIR without key has 13 characters, not {len(value)}")
    problem = _structure_error(value)
    if problem is not None:
        raise IdentifierError(INVALID_NIR, problem)
    return _key(value)


@dataclass(frozen=True, slots=True)
class InsMatricule:
    """A valid INS matricule and what its characters say.

    :ivar matricule: the 15 characters, normalised (no spaces, upper case).
    :ivar nir13: the 13-character NIR or NIA.
    :ivar key: the 2-digit key.
    :ivar kind: ``"NIA"`` for a first digit 7 or 8, ``"NIR"`` otherwise.
    :ivar sex_digit: the first character (``1``, ``2``, ``3``, ``4``, ``7`` or ``8``).
    :ivar birth_year: the two digits of the year of birth (century unknown).
    :ivar birth_month: the two month characters as written (``01`` to ``12``, or an INSEE code
        such as ``20`` to ``42``, or ``50`` and above, for an unknown month).
    :ivar department: the department of birth: 2 characters, 3 for ``97x``/``98x`` overseas
        departments and territories, ``99`` for births abroad.
    :ivar birth_place: characters 6 to 10: INSEE (COG) code of the birth commune, or ``99`` +
        country code for births abroad.
    """

    matricule: str
    nir13: str
    key: str
    kind: NirKind
    sex_digit: str
    birth_year: str
    birth_month: str
    department: str
    birth_place: str

    @property
    def is_corsica(self) -> bool:
        """Whether the department of birth is ``2A`` or ``2B``."""
        return self.department in _CORSICA

    @property
    def is_born_abroad(self) -> bool:
        """Whether the department of birth is ``99`` (born abroad)."""
        return self.department == "99"


def validate_ins_matricule(value: str) -> InsMatricule:
    """Check an INS matricule (15 characters, key included); whitespace is ignored.

    :param value: the matricule as typed, e.g. ``"2 79 03 51 215 189 89"``.
    :returns: the normalised matricule and its parts.
    :raises IdentifierError: ``INVALID_NIR`` for a wrong length, first digit or character;
        ``INVALID_NIR_KEY`` when the key does not match (the expected key is never revealed).
    """
    matricule = normalize(value)
    if len(matricule) != 15:
        raise IdentifierError(
            INVALID_NIR, f"an INS matricule has 15 characters (13 + a 2-digit key), not {len(matricule)}"
        )
    nir13, key = matricule[:13], matricule[13:]
    problem = _structure_error(nir13)
    if problem is not None:
        raise IdentifierError(INVALID_NIR, problem)
    if not (key.isascii() and key.isdigit()):
        raise IdentifierError(INVALID_NIR, "the key of an INS matricule (characters 14-15) has 2 digits")
    if _key(nir13) != key:
        raise IdentifierError(
            INVALID_NIR_KEY, "the key of the INS matricule does not match its first 13 characters"
        )
    department = nir13[5:8] if nir13[5:7] in ("97", "98") else nir13[5:7]
    return InsMatricule(
        matricule=matricule,
        nir13=nir13,
        key=key,
        kind="NIA" if nir13[0] in _NIA_DIGITS else "NIR",
        sex_digit=nir13[0],
        birth_year=nir13[1:3],
        birth_month=nir13[3:5],
        department=department,
        birth_place=nir13[5:10],
    )


def parse_ins_oid(oid: str) -> InsOid:
    """The INS OID named by ``oid`` (surrounding whitespace ignored).

    :param oid: a dotted OID.
    :returns: the matching :class:`InsOid`.
    :raises IdentifierError: ``INVALID_OID`` for the obsolete INS-C OID or any other OID.
    """
    cleaned = oid.strip()
    if cleaned == OID_INS_C_OBSOLETE:
        raise IdentifierError(INVALID_OID, "the INS-C OID is obsolete: use the INS-NIR or INS-NIA OID")
    try:
        return InsOid(cleaned)
    except ValueError:
        raise IdentifierError(
            INVALID_OID, f"not an INS OID (expected one of {', '.join(INS_OIDS)})"
        ) from None


@dataclass(frozen=True, slots=True)
class ValidatedIns:
    """A valid (matricule, OID) pair.

    :ivar matricule: the normalised 15-character matricule.
    :ivar oid: the OID, as a plain string.
    :ivar oid_kind: the OID as :class:`InsOid`.
    :ivar details: the parts of the matricule.
    """

    matricule: str
    oid: str
    oid_kind: InsOid
    details: InsMatricule


def validate_ins(matricule: str, oid: str) -> ValidatedIns:
    """Check an INS matricule and its OID together.

    A NIA must carry the INS-NIA OID and a NIR the INS-NIR OID; the test and demo OIDs accept any
    valid matricule (NIR or NIA).

    :param matricule: the 15-character matricule; whitespace is ignored.
    :param oid: the assigning authority OID.
    :returns: the normalised pair.
    :raises IdentifierError: ``INVALID_NIR`` or ``INVALID_NIR_KEY`` (see
        :func:`validate_ins_matricule`), ``INVALID_OID`` for an unknown OID or a NIR/NIA and OID
        mismatch.
    """
    details = validate_ins_matricule(matricule)
    oid_kind = parse_ins_oid(oid)
    if oid_kind is InsOid.NIR and details.kind == "NIA":
        raise IdentifierError(INVALID_OID, "a NIA (first digit 7 or 8) must carry the INS-NIA OID")
    if oid_kind is InsOid.NIA and details.kind == "NIR":
        raise IdentifierError(INVALID_OID, "a NIR must carry the INS-NIR OID, not the INS-NIA OID")
    return ValidatedIns(matricule=details.matricule, oid=oid_kind.value, oid_kind=oid_kind, details=details)
