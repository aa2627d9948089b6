"""Build a CI-SIS CDA R2 level-1 document (N1): a PDF embedded in a ``nonXMLBody``.

The header follows the CI-SIS « structuration minimale » as the ANS example
``DOC_NON_STRUCTURE_CDA-R2-N1.xml`` does. Everything is built with lxml element/attribute APIs
(user values are never concatenated into markup), so XML special characters are escaped.
The caller is responsible for the identity: the INS is written as given and must only be passed
for a qualified identity (statut QUAL).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from lxml import etree

from opendui_dmp.errors import DmpInputError

HL7 = "urn:hl7-org:v3"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
_H = f"{{{HL7}}}"

#: OIDs used in the header.
OID_LOINC = "2.16.840.1.113883.6.1"
OID_CONFIDENTIALITY = "2.16.840.1.113883.5.25"
OID_GENDER = "2.16.840.1.113883.5.1"
OID_IDNATPS = "1.2.250.1.71.4.2.1"
OID_IDNATSTRUCT = "1.2.250.1.71.4.2.2"
OID_SECTEUR_ACTIVITE = "1.2.250.1.71.4.2.4"  # TRE_R02-SecteurActivite
OID_CADRE_EXERCICE = "1.2.250.1.213.1.1.4.9"  # TRE_A01-CadreExercice (practiceSettingCode)
OID_INS_NIR = "1.2.250.1.213.1.4.8"
#: templateIds of an N1 document: HL7 France, CI-SIS structuration minimale, IHE XDS-SD.
N1_TEMPLATE_IDS = ("2.16.840.1.113883.2.8.2.1", "1.2.250.1.213.1.1.1.1", "1.3.6.1.4.1.19376.1.2.20")

Confidentiality = Literal["N", "R", "V"]
_CONFIDENTIALITY_NAMES = {"N": "Normal", "R": "Restreint", "V": "Très restreint"}
Sex = Literal["F", "M", "U"]
_SEX_NAMES = {"F": "Féminin", "M": "Masculin", "U": "Inconnu"}


@dataclass(frozen=True, slots=True)
class Address:
    """A postal address (parts of the CDA ``AD``)."""

    street_name: str = ""
    house_number: str = ""
    postal_code: str = ""
    city: str = ""
    country: str = ""


@dataclass(frozen=True, slots=True)
class Code:
    """A coded value: code, code system OID and display name."""

    code: str
    code_system: str
    display_name: str = ""


@dataclass(frozen=True, slots=True)
class Patient:
    """The usager, with the INS and its traits (« traits stricts »).

    :param ins: the INS matricule (15 characters), written as given.
    :param ins_oid: ``1.2.250.1.213.1.4.8`` (INS-NIR), ``…4.9`` (INS-NIA), ``…4.10``/``…4.11`` test.
    :param birth_family_name: nom de naissance.
    :param birth_given_names: prénoms de l'acte de naissance, space-separated list.
    :param first_given_name: premier prénom de l'acte de naissance.
    :param sex: ``F``, ``M`` or ``U``.
    :param birth_date: date de naissance.
    :param birth_place_cog: lieu de naissance, code officiel géographique (INSEE).
    :param ipp: identifiant local (IPP) and ``ipp_root`` the OID of its assigning authority.
    """

    ins: str
    ins_oid: str
    birth_family_name: str
    birth_given_names: str
    first_given_name: str
    sex: Sex
    birth_date: date
    birth_place_cog: str
    birth_place_city: str = ""
    ipp: str = ""
    ipp_root: str = ""
    used_family_name: str = ""
    used_given_name: str = ""
    address: Address | None = None


@dataclass(frozen=True, slots=True)
class Organisation:
    """An établissement identified by FINESS (idNatStruct = ``1`` + FINESS).

    :param secteur_activite: TRE_R02 code, e.g. ``SA17`` (Etablissement pour personnes âgées).
    """

    finess: str
    name: str
    secteur_activite: Code = field(
        default_factory=lambda: Code("SA17", OID_SECTEUR_ACTIVITE, "Etablissement pour personnes âgées")
    )
    address: Address | None = None

    @property
    def id_nat_struct(self) -> str:
        """``1`` + FINESS (identifiant national de structure)."""
        return "1" + self.finess


@dataclass(frozen=True, slots=True)
class Author:
    """The professional author.

    :param id_nat_ps: identifiant national PS (``8`` + RPPS, or ``0`` + ADELI…), as given.
    :param profession: profession/specialty code, e.g. ``Code("G15_60", "1.2.250.1.213.1.1.4.5",
        "Infirmier")`` (JDV_J01 XdsAuthorSpecialty, from TRE_G15 / TRE_R85 / TRE_R38).
    """

    id_nat_ps: str
    family_name: str
    given_name: str
    profession: Code
    prefix: str = ""


@dataclass(frozen=True, slots=True)
class N1Input:
    """Every value needed to build an N1 document (plain values, no ORM).

    :param document_id_root: OID of the document id (``id/@root``), ``document_id_extension``
        optional.
    :param set_id_root: OID of the set id shared by all versions.
    :param type_code: LOINC document type (JDV_J07), e.g. ``Code("11490-0", OID_LOINC, "…")``.
    :param effective_time: creation time of the document (timezone-aware).
    :param service_start: start of the documented act; ``service_stop`` its end.
    :param pdf: the PDF bytes, embedded base64.
    :param practice_setting: cadre d'exercice (TRE_A01, XDS practiceSettingCode).
    :param legal_authenticator: defaults to the author.
    """

    patient: Patient
    author: Author
    organisation: Organisation
    document_id_root: str
    set_id_root: str
    type_code: Code
    title: str
    effective_time: datetime
    service_start: datetime
    pdf: bytes
    document_id_extension: str = ""
    set_id_extension: str = ""
    version: int = 1
    confidentiality: Confidentiality = "N"
    service_stop: datetime | None = None
    practice_setting: Code = field(
        default_factory=lambda: Code("ETABLISSEMENT", OID_CADRE_EXERCICE, "Etablissement de santé")
    )
    legal_authenticator: Author | None = None
    media_type: str = "application/pdf"
    custodian: Organisation | None = None


def ts(value: datetime) -> str:
    """Format a CDA ``TS``: ``YYYYMMDDHHMMSS±ZZZZ`` (the time must carry its zone).

    :raises DmpInputError: naive datetime.
    """
    if value.tzinfo is None or value.utcoffset() is None:
        raise DmpInputError(f"datetime {value.isoformat()} must be timezone-aware")
    return value.strftime("%Y%m%d%H%M%S%z")


def _el(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    child = etree.SubElement(parent, _H + tag)
    for key, val in attrs.items():
        child.set(key.rstrip("_").replace("__", ":"), val)
    if text is not None:
        child.text = text
    return child


def _code(parent: etree._Element, tag: str, code: Code) -> etree._Element:
    attrs = {"code": code.code, "codeSystem": code.code_system}
    if code.display_name:
        attrs["displayName"] = code.display_name
    return _el(parent, tag, **attrs)


def _addr(parent: etree._Element, address: Address | None) -> None:
    if address is None:
        _el(parent, "addr", nullFlavor="UNK")
        return
    addr = _el(parent, "addr")
    for tag, value in (
        ("houseNumber", address.house_number),
        ("streetName", address.street_name),
        ("postalCode", address.postal_code),
        ("city", address.city),
        ("country", address.country),
    ):
        if value:
            _el(addr, tag, value)


def _person_name(parent: etree._Element, person: Author) -> None:
    name = _el(parent, "name")
    if person.prefix:
        _el(name, "prefix", person.prefix)
    _el(name, "given", person.given_name)
    _el(name, "family", person.family_name)


def _organisation(parent: etree._Element, tag: str, org: Organisation) -> etree._Element:
    el = _el(parent, tag)
    _el(el, "id", root=OID_IDNATSTRUCT, extension=org.id_nat_struct)
    _el(el, "name", org.name)
    return el


def _require(value: str, what: str) -> None:
    if not value or not value.strip():
        raise DmpInputError(f"{what} is required")


def _check(doc: N1Input) -> None:
    p = doc.patient
    for value, what in (
        (p.ins, "patient INS"),
        (p.ins_oid, "patient INS OID"),
        (p.birth_family_name, "birth family name"),
        (p.birth_given_names, "birth given names"),
        (p.first_given_name, "first given name"),
        (p.birth_place_cog, "birth place (COG)"),
        (doc.author.id_nat_ps, "author idNatPS"),
        (doc.organisation.finess, "FINESS"),
        (doc.document_id_root, "document id root"),
        (doc.set_id_root, "set id root"),
        (doc.title, "title"),
    ):
        _require(value, what)
    if bool(p.ipp) != bool(p.ipp_root):
        raise DmpInputError("the IPP and its root OID go together")
    if doc.confidentiality not in _CONFIDENTIALITY_NAMES:
        raise DmpInputError(f"confidentiality must be N, R or V, not {doc.confidentiality!r}")
    if p.sex not in _SEX_NAMES:
        raise DmpInputError(f"sex must be F, M or U, not {p.sex!r}")
    if doc.version < 1:
        raise DmpInputError("version must be a positive integer")
    if not doc.pdf:
        raise DmpInputError("the document body (PDF) is empty")


def build_n1(document: N1Input) -> bytes:
    """Build the CDA R2 N1 document.

    :param document: the values.
    :returns: UTF-8 XML bytes with an XML declaration.
    :raises DmpInputError: a required value is missing or malformed.
    """
    _check(document)
    d, p, org = document, document.patient, document.organisation
    root = etree.Element(_H + "ClinicalDocument", nsmap={None: HL7, "xsi": XSI})
    _el(root, "realmCode", code="FR")
    _el(root, "typeId", root="2.16.840.1.113883.1.3", extension="POCD_HD000040")
    for template in N1_TEMPLATE_IDS:
        _el(root, "templateId", root=template)
    _ii(root, "id", d.document_id_root, d.document_id_extension)
    code = _code(root, "code", d.type_code)
    if d.type_code.code_system == OID_LOINC:
        code.set("codeSystemName", "LOINC")
    _el(root, "title", d.title)
    _el(root, "effectiveTime", value=ts(d.effective_time))
    _el(
        root,
        "confidentialityCode",
        code=d.confidentiality,
        displayName=_CONFIDENTIALITY_NAMES[d.confidentiality],
        codeSystem=OID_CONFIDENTIALITY,
    )
    _el(root, "languageCode", code="fr-FR")
    _ii(root, "setId", d.set_id_root, d.set_id_extension)
    _el(root, "versionNumber", value=str(d.version))

    # recordTarget: INS first, then the IPP.
    role = _el(_el(root, "recordTarget"), "patientRole")
    _el(role, "id", root=p.ins_oid, extension=p.ins)
    if p.ipp:
        _el(role, "id", root=p.ipp_root, extension=p.ipp)
    if p.address is not None:
        _addr(role, p.address)
    patient = _el(role, "patient", classCode="PSN")
    name = _el(patient, "name")
    _el(name, "family", p.birth_family_name, qualifier="BR")
    _el(name, "given", p.birth_given_names)
    _el(name, "given", p.first_given_name, qualifier="BR")
    if p.used_family_name:
        _el(name, "family", p.used_family_name, qualifier="CL")
    if p.used_given_name:
        _el(name, "given", p.used_given_name, qualifier="CL")
    _el(
        patient,
        "administrativeGenderCode",
        code=p.sex,
        displayName=_SEX_NAMES[p.sex],
        codeSystem=OID_GENDER,
    )
    _el(patient, "birthTime", value=p.birth_date.strftime("%Y%m%d"))
    place_addr = _el(_el(_el(patient, "birthplace"), "place"), "addr")
    _el(place_addr, "county", p.birth_place_cog)
    if p.birth_place_city:
        _el(place_addr, "city", p.birth_place_city)

    # author
    author = _el(root, "author")
    _el(author, "time", value=ts(d.effective_time))
    assigned = _el(author, "assignedAuthor")
    _el(assigned, "id", root=OID_IDNATPS, extension=d.author.id_nat_ps)
    _code(assigned, "code", d.author.profession)
    _person_name(_el(assigned, "assignedPerson"), d.author)
    represented = _organisation(assigned, "representedOrganization", org)
    _addr(represented, org.address)

    # custodian
    custodian_org = d.custodian or org
    rco = _organisation(
        _el(_el(root, "custodian"), "assignedCustodian"),
        "representedCustodianOrganization",
        custodian_org,
    )
    _el(rco, "telecom", nullFlavor="NASK")
    _addr(rco, custodian_org.address)

    # legalAuthenticator
    legal = d.legal_authenticator or d.author
    la = _el(root, "legalAuthenticator")
    _el(la, "time", value=ts(d.effective_time))
    _el(la, "signatureCode", code="S")
    entity = _el(la, "assignedEntity")
    _el(entity, "id", root=OID_IDNATPS, extension=legal.id_nat_ps)
    _person_name(_el(entity, "assignedPerson"), legal)

    # documentationOf/serviceEvent
    event = _el(_el(root, "documentationOf"), "serviceEvent")
    period = _el(event, "effectiveTime")
    _el(period, "low", value=ts(d.service_start))
    if d.service_stop is not None:
        _el(period, "high", value=ts(d.service_stop))
    performer = _el(event, "performer", typeCode="PRF")
    pentity = _el(performer, "assignedEntity")
    _el(pentity, "id", root=OID_IDNATPS, extension=d.author.id_nat_ps)
    _person_name(_el(pentity, "assignedPerson"), d.author)
    porg = _organisation(pentity, "representedOrganization", org)
    _code(porg, "standardIndustryClassCode", d.practice_setting)

    # componentOf/encompassingEncounter
    encounter = _el(_el(root, "componentOf"), "encompassingEncounter")
    eperiod = _el(encounter, "effectiveTime")
    _el(eperiod, "low", value=ts(d.service_start))
    if d.service_stop is not None:
        _el(eperiod, "high", value=ts(d.service_stop))
    facility = _el(_el(encounter, "location"), "healthCareFacility")
    _el(facility, "id", root=OID_IDNATSTRUCT, extension=org.id_nat_struct)
    _code(facility, "code", org.secteur_activite)

    # body
    body = _el(_el(root, "component"), "nonXMLBody")
    _el(body, "text", base64.b64encode(d.pdf).decode("ascii"), mediaType=d.media_type, representation="B64")
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def _ii(parent: etree._Element, tag: str, root_oid: str, extension: str) -> None:
    if extension:
        _el(parent, tag, root=root_oid, extension=extension)
    else:
        _el(parent, tag, root=root_oid)
