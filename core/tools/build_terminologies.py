"""Build ``opendui/data/terminologies.json`` from the national nomenclature files.

Usage::

    python core/tools/build_terminologies.py [REFERENCE_DIR] [--check]

``REFERENCE_DIR`` defaults to ``../shared/reference`` relative to the repository root. ``--check``
writes nothing and exits with status 1 when the shipped file differs from what would be built.

Inputs (origins and licences: ``shared/reference/README.md``):

- ``terminologies/nos/*.json``: ANS NOS CodeSystems (FHIR JSON as exported by the ANS terminology
  server, versions 2023), from the history of ``M-Priour/IG-terminologie-de-sante`` (fork of
  ``ansforge/IG-terminologie-de-sante``).
- ``cda/TestContenuCDA-3-0/jeuxDeValeurs/JDV_J0x_*.xml``: the CI-SIS XDS value sets in IHE SVS form
  as shipped with the CDA test kit ``ansforge/TestContenuCDA-3-0@7cd489b3`` (2024-09 / 2024-12
  versions, newer than the 2023 FHIR exports in ``dmp/xds-valuesets``, which are used for the
  value sets' FHIR canonical URLs and for the 2023 JDV_J10).
- ``dmp/*.fsh``: ConceptMaps ASS_X04 / ASS_X16 (typeCode -> classCode), ASS_A11 (CDA template ->
  formatCode) and the ValueSet JDV_J10 (formatCode, 2024 version) in FHIR Shorthand.

TRE_G15 ProfessionSante is not among the reference files: it is embedded below, copied from
``ansforge/IG-NOS@b37b31dc945861e8b7f55b8bfdf534674884ed5a:input/NOS/TRE/TRE_G15_ProfessionSante.json``
(version 20230718120000).

The output is OpenDUI's own compact format (no FHIR designations or properties): one JSON object of
code sets ``{name, url, oid, version, source, codes: [{code, display[, system][, end]}]}`` and of
maps ``{name, url, oid, version, source, map}``. ``system`` (value sets only) is the OID used in
CDA/XDS; ``end`` is the date a code stopped being used (NOS ``dateFin``). Keys and codes are sorted;
the same inputs always give the same bytes. Standard library only.
"""

from __future__ import annotations

import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "core" / "src" / "opendui" / "data" / "terminologies.json"
DEFAULT_REFERENCE = ROOT.parent / "shared" / "reference"

NOS = "terminologies/nos"
XDS = "dmp/xds-valuesets"
SVS = "cda/TestContenuCDA-3-0/jeuxDeValeurs"

ORIGIN_NOS = (
    "M-Priour/IG-terminologie-de-sante history (fork of ansforge/IG-terminologie-de-sante) input/NOS; "
    "ANS NOS, Licence Ouverte"
)
ORIGIN_FSH = (
    "M-Priour/IG-terminologie-de-sante (fork of ansforge/IG-terminologie-de-sante) DM/input/fsh; "
    "ANS NOS, Licence Ouverte"
)
ORIGIN_SVS = "ansforge/TestContenuCDA-3-0@7cd489b3 jeuxDeValeurs; ANS, no licence file (NOS, Licence Ouverte)"
ORIGIN_G15 = (
    "ansforge/IG-NOS@b37b31dc945861e8b7f55b8bfdf534674884ed5a:input/NOS/TRE/TRE_G15_ProfessionSante.json; "
    "ANS NOS, Licence Ouverte"
)

LOINC_OID = "2.16.840.1.113883.6.1"

#: key -> (NOS CodeSystem file, name)
CODE_SYSTEMS: dict[str, tuple[str, str]] = {
    "types_accueil": ("TRE_R213_ModePriseEnCharge.json", "TRE_R213 Mode de prise en charge"),
    "categories_etablissement": ("TRE_R66_CategorieEtablissement.json", "TRE_R66 Catégorie d'établissement"),
    "secteurs_activite": ("TRE_R02_SecteurActivite.json", "TRE_R02 Secteur d'activité"),
    "roles_prise_en_charge": ("TRE_R85_RolePriseCharge.json", "TRE_R85 Rôle de prise en charge"),
    "document_classes": ("TRE_A03_ClasseDocument.json", "TRE_A03 Classe de document"),
    "confidentiality": ("TRE_A08_HL7Confidentiality.json", "TRE_A08 Confidentialité (HL7)"),
    "protection_juridique": ("TRE_R217_ProtectionJuridique.json", "TRE_R217 Protection juridique"),
    "sexe": ("TRE_R10_SexeAdministratif.json", "TRE_R10 Sexe administratif"),
}

#: Newer CI-SIS value sets whose codes of a code system supplement that (2023) code system:
#: key -> (SVS file, OID of the code system whose codes are taken). The value set's label wins.
SUPPLEMENTS: dict[str, tuple[str, str]] = {
    "secteurs_activite": ("JDV_J02_XdsHealthcareFacilityTypeCode_CISIS.xml", "1.2.250.1.71.4.2.4"),
    "roles_prise_en_charge": ("JDV_J48_ProfessionNonPS_CISIS.xml", "1.2.250.1.213.1.6.1.107"),
}

#: key -> (SVS file, FHIR export of the same value set (for its canonical URL), name)
VALUE_SETS: dict[str, tuple[str, str, str]] = {
    "document_types": (
        "JDV_J07_XdsTypeCode_CISIS.xml",
        "JDV_J07-XdsTypeCode-CISIS.json",
        "JDV_J07 XDS typeCode (CI-SIS)",
    ),
    "healthcare_facility_types": (
        "JDV_J02_XdsHealthcareFacilityTypeCode_CISIS.xml",
        "JDV_J02-XdsHealthcareFacilityTypeCode-CISIS.json",
        "JDV_J02 XDS healthcareFacilityTypeCode (CI-SIS)",
    ),
    "practice_settings": (
        "JDV_J04_XdsPracticeSettingCode_CISIS.xml",
        "JDV_J04-XdsPracticeSettingCode-CISIS.json",
        "JDV_J04 XDS practiceSettingCode (CI-SIS)",
    ),
}

#: key -> (FSH ConceptMap file, name)
TYPE_CLASS_MAPS: dict[str, tuple[str, str]] = {
    "document_type_to_class": (
        "dmp/ASS-X04-CorrespondanceType-Classe-CISIS.fsh",
        "ASS_X04 typeCode -> classCode (CI-SIS)",
    ),
    "document_type_to_class_dmp": (
        "dmp/ASS-X16-CorrespondanceType-Classe-DMP.fsh",
        "ASS_X16 typeCode -> classCode (DMP)",
    ),
}

#: TRE_G15 ProfessionSante, version 20230718120000: code -> (display, dateFin or None).
#: Copied from ORIGIN_G15. Code 93 was created already closed (dateFin 2021-12-17): the ANS
#: asks applications to code psychologists with TRE_R95 UsagerTitre 93 instead.
G15_VERSION = "20230718120000"
G15: dict[str, tuple[str, str | None]] = {
    "10": ("Médecin", None),
    "21": ("Pharmacien", None),
    "26": ("Audioprothésiste", None),
    "28": ("Opticien-Lunetier", None),
    "31": ("Assistant dentaire", None),
    "32": ("Physicien médical", None),
    "35": ("Aide-soignant", None),
    "36": ("Ambulancier", None),
    "37": ("Auxiliaire de puériculture", None),
    "38": ("Préparateur en pharmacie hospitalière", None),
    "39": ("Préparateur en pharmacie", None),
    "40": ("Chirurgien-Dentiste", None),
    "50": ("Sage-Femme", None),
    "60": ("Infirmier", None),
    "69": ("Infirmier psychiatrique", None),
    "70": ("Masseur-Kinésithérapeute", None),
    "80": ("Pédicure-Podologue", None),
    "81": ("Orthoprothésiste", None),
    "82": ("Podo-Orthésiste", None),
    "83": ("Orthopédiste-Orthésiste", None),
    "84": ("Oculariste", None),
    "85": ("Epithésiste", None),
    "86": ("Technicien de labo médical", None),
    "91": ("Orthophoniste", None),
    "92": ("Orthoptiste", None),
    "93": ("Psychologue", "2021-12-17"),
    "94": ("Ergothérapeute", None),
    "95": ("Diététicien", None),
    "96": ("Psychomotricien", None),
    "98": ("Manipulateur ERM", None),
}


class BuildError(Exception):
    """A reference file does not have the expected content."""


# --------------------------------------------------------------------------------------------
# readers


def _read_json(path: Path) -> dict[str, Any]:
    value = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(value, dict):
        raise BuildError(f"{path}: not a JSON object")
    return value


def _oid_of(resource: dict[str, Any]) -> str | None:
    identifiers = resource.get("identifier", [])
    if isinstance(identifiers, dict):
        identifiers = [identifiers]
    for identifier in identifiers:
        value = str(identifier.get("value", ""))
        if value.startswith("urn:oid:"):
            return value.removeprefix("urn:oid:")
    return None


def _end(concept: dict[str, Any]) -> str | None:
    for prop in concept.get("property", []):
        if prop.get("code") == "dateFin" and prop.get("valueDateTime"):
            return str(prop["valueDateTime"])[:10]
    return None


def read_code_system(path: Path) -> dict[str, Any]:
    """A NOS CodeSystem: metadata and ``{code: (display, end)}`` (nested concepts flattened)."""
    resource = _read_json(path)
    if resource.get("resourceType") != "CodeSystem":
        raise BuildError(f"{path}: not a CodeSystem")
    codes: dict[str, tuple[str, str | None]] = {}

    def walk(concepts: list[dict[str, Any]]) -> None:
        for concept in concepts:
            if concept["code"] in codes:
                raise BuildError(f"{path}: duplicate code {concept['code']}")
            codes[concept["code"]] = (concept.get("display", ""), _end(concept))
            walk(concept.get("concept", []))

    walk(resource.get("concept", []))
    return {
        "url": resource.get("url"),
        "oid": _oid_of(resource),
        "version": resource.get("version"),
        "codes": codes,
    }


_SVS = "{urn:ihe:iti:svs:2008}"


def read_svs(path: Path) -> dict[str, Any]:
    """An IHE SVS value set: attributes and ``[(code, codeSystem OID, display)]`` in file order."""
    value_set = ET.parse(path).getroot().find(f"{_SVS}ValueSet")
    if value_set is None:
        raise BuildError(f"{path}: no SVS ValueSet")
    concepts = [
        (c.attrib["code"], c.attrib["codeSystem"], c.attrib.get("displayName", ""))
        for c in value_set.iter(f"{_SVS}Concept")
    ]
    return {"attributes": dict(value_set.attrib), "concepts": concepts}


def read_fhir_value_set(path: Path) -> dict[str, Any]:
    """A NOS ValueSet export: metadata, ``{system URL: OID}`` and ``[(code, OID, display)]``."""
    resource = _read_json(path)
    systems: dict[str, str] = {}
    concepts: list[tuple[str, str, str]] = []
    for include in resource.get("compose", {}).get("include", []):
        for concept in include.get("concept", []):
            oids = [
                d["value"] for d in concept.get("designation", []) if d.get("use", {}).get("code") == "OID"
            ]
            oid = oids[0].removeprefix("urn:oid:") if oids else ""
            systems.setdefault(include["system"], oid)
            concepts.append((concept["code"], oid, concept.get("display", "")))
    return {
        "url": resource.get("url"),
        "oid": _oid_of(resource),
        "version": resource.get("version"),
        "systems": systems,
        "concepts": concepts,
    }


_ALIAS = re.compile(r"^Alias:\s*(\$\S+)\s*=\s*(\S+)")
_CARET = re.compile(r'^\*\s*\^(url|version|identifier\.value)\s*=\s*"([^"]*)"')
_INCLUDE = re.compile(r"^\*\s*(\$[^#\s]+)#(\S+)")


def read_fsh_value_set(path: Path) -> dict[str, Any]:
    """A FSH ValueSet made of ``* $ALIAS#code`` rules: metadata and ``[(system URL, code)]``."""
    aliases: dict[str, str] = {}
    meta: dict[str, str] = {}
    members: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if match := _ALIAS.match(line):
            aliases[match.group(1)] = match.group(2)
        elif match := _CARET.match(line):
            meta[match.group(1)] = match.group(2)
        elif match := _INCLUDE.match(line.strip()):
            members.append((aliases[match.group(1)], match.group(2)))
    return {
        "url": meta.get("url"),
        "oid": meta.get("identifier.value", "").removeprefix("urn:oid:") or None,
        "version": meta.get("version"),
        "members": members,
    }


_CM_META = re.compile(r'^\*\s*(url|version|identifier\.value)\s*=\s*"([^"]*)"')
_CM_GROUP = re.compile(r'^\*\s*group(?:\[(\d+|\+|=)\])?\.(source|target)\s*=\s*"([^"]*)"')
_CM_ELEMENT = re.compile(r"^\*\s*group(?:\[(?:\d+|\+|=)\])?\.element(?:\[(\d+|\+|=)\])?\.code\s*=\s*#(\S+)")
_CM_TARGET = re.compile(
    r"^\*\s*group(?:\[(?:\d+|\+|=)\])?\.element(?:\[(?:\d+|\+|=)\])?\.target(?:\[(\d+|\+|=)\])?\.code\s*=\s*#(\S+)"
)


def read_fsh_concept_map(path: Path) -> dict[str, Any]:
    """A FSH ConceptMap instance: metadata and ``[(source system, code, target system, target)]``.

    Handles the soft indexing the ANS files use (``[0]``, ``[+]``, ``[=]`` and no index).
    """
    meta: dict[str, str] = {}
    rows: list[tuple[str, str, str, str]] = []
    group: dict[str, str] = {}
    code: str | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if match := _CM_META.match(line):
            meta[match.group(1)] = match.group(2)
        elif match := _CM_GROUP.match(line):
            if match.group(2) == "source":
                group, code = {}, None
            group[match.group(2)] = match.group(3)
        elif match := _CM_ELEMENT.match(line):
            code = match.group(2)
        elif match := _CM_TARGET.match(line):
            if code is None or "source" not in group or "target" not in group:
                raise BuildError(f"{path}: target without element or group: {line}")
            rows.append((group["source"], code, group["target"], match.group(2)))
    return {
        "url": meta.get("url"),
        "oid": meta.get("identifier.value", "").removeprefix("urn:oid:") or None,
        "version": meta.get("version"),
        "rows": rows,
    }


# --------------------------------------------------------------------------------------------
# code sets


def _entries(codes: dict[str, tuple[str, str | None]]) -> list[dict[str, str]]:
    entries = []
    for code in sorted(codes):
        display, end = codes[code]
        entry = {"code": code, "display": display}
        if end:
            entry["end"] = end
        entries.append(entry)
    return entries


def code_system_set(reference: Path, key: str) -> dict[str, Any]:
    file, name = CODE_SYSTEMS[key]
    system = read_code_system(reference / NOS / file)
    codes: dict[str, tuple[str, str | None]] = dict(system["codes"])
    version = system["version"]
    source = f"{NOS}/{file} ({ORIGIN_NOS})"
    if key in SUPPLEMENTS:
        svs_file, oid = SUPPLEMENTS[key]
        if oid != system["oid"]:
            raise BuildError(f"{key}: supplement OID {oid} is not the code system's {system['oid']}")
        svs = read_svs(reference / SVS / svs_file)
        for code, code_system, display in svs["concepts"]:
            if code_system == oid:
                codes[code] = (display, codes[code][1] if code in codes else None)
        svs_version = svs["attributes"].get("dateMaj", "")
        version = f"{version}+{svs_version}"
        source += f"; codes and labels of this system in {SVS}/{svs_file} {svs_version} ({ORIGIN_SVS})"
    return {
        "name": name,
        "url": system["url"],
        "oid": system["oid"],
        "version": version,
        "source": source,
        "codes": _entries(codes),
    }


def _known_systems(reference: Path) -> dict[str, str]:
    """OID -> FHIR URL of every code system whose pair is stated in the reference files."""
    pairs: dict[str, str] = {LOINC_OID: "http://loinc.org"}
    for path in sorted((reference / NOS).glob("TRE_*.json")):
        resource = _read_json(path)
        oid = _oid_of(resource)
        if oid and resource.get("url"):
            pairs.setdefault(oid, str(resource["url"]))
    for path in sorted((reference / XDS).glob("JDV_*.json")):
        for url, oid in read_fhir_value_set(path)["systems"].items():
            if oid:
                pairs.setdefault(oid, url)  # including the pseudo-OIDs "URN" and "ASTM" of XDS
    return pairs


def _unique_codes(key: str, entries: dict[tuple[str, str], dict[str, str]]) -> None:
    """OpenDUI looks value-set codes up by code alone: a code must not be in two systems."""
    codes = [code for code, _ in entries]
    duplicates = sorted({code for code in codes if codes.count(code) > 1})
    if duplicates:
        raise BuildError(f"{key}: codes in more than one system: {duplicates}")


def svs_value_set(reference: Path, key: str, systems: dict[str, str]) -> dict[str, Any]:
    svs_file, fhir_file, name = VALUE_SETS[key]
    svs = read_svs(reference / SVS / svs_file)
    fhir = read_fhir_value_set(reference / XDS / fhir_file)
    attributes = svs["attributes"]
    if attributes.get("id") != fhir["oid"]:
        raise BuildError(f"{key}: {svs_file} is {attributes.get('id')}, {fhir_file} is {fhir['oid']}")
    entries: dict[tuple[str, str], dict[str, str]] = {}
    for code, oid, display in svs["concepts"]:
        if (code, oid) in entries:
            raise BuildError(f"{svs_file}: duplicate {oid}#{code}")
        entries[(code, oid)] = {"code": code, "display": display, "system": oid}
    _unique_codes(key, entries)
    used = sorted({oid for _, oid in entries})
    return {
        "name": name,
        "url": fhir["url"],
        "oid": attributes.get("id"),
        "version": attributes.get("dateMaj"),
        "source": f"{SVS}/{svs_file} ({ORIGIN_SVS})",
        "systems": {oid: systems.get(oid) for oid in used},
        "codes": [entries[k] for k in sorted(entries)],
    }


#: formatCodes of the 2024 JDV_J10 that have no label in any reference file (the 2023 exports of
#: TRE_A06/TRE_A11 predate them): OpenDUI uses the JDV_J07 label of the matching document type.
#: To verify against the current TRE_A06/TRE_A11.
FORMAT_CODE_LABELS: dict[str, str] = {
    "urn:ans:ci-sis:feuille-de-style:2023": "Feuille de style",  # J07 FEUILLE-DE-STYLE
    "urn:asip:ci-sis:dlu:2024": "Document de liaison d'urgence",  # J07 74207-2
    "urn:asip:ci-sis:export-dui:2023": "Export du Dossier Usager Informatisé",  # J07 EXPORT_DUI
    "urn:asip:ci-sis:fr-su:2024": "Fiche de retour du service des urgences",  # J07 60280-5
    "urn:asip:ci-sis:ft-su:2024": "Fiche de transfert vers le service des urgences",  # J07 78341-5
    "urn:asip:ci-sis:ppp:2023": "Plan personnalisé de prévention",  # J07 83869-8
    "urn:ihe:palm:apsr:2016": "CR d'anatomie et de cytologie pathologiques",  # J07 60568-3
}


def format_codes_set(reference: Path, systems: dict[str, str]) -> dict[str, Any]:
    """JDV_J10: members of the 2024 FSH version; labels from the 2023 export, TRE_A06/A11, or
    :data:`FORMAT_CODE_LABELS`."""
    old_file = f"{XDS}/JDV_J10-XdsFormatCode-CISIS.json"
    fsh_file = "dmp/DV-J10-XdsFormatCode-CISIS.fsh"
    old = read_fhir_value_set(reference / old_file)
    new = read_fsh_value_set(reference / fsh_file)
    if old["oid"] != new["oid"]:
        raise BuildError(f"JDV_J10 OIDs differ: {old['oid']} / {new['oid']}")
    labels: dict[str, dict[str, str]] = {url: {} for url in old["systems"]}  # system URL -> code -> label
    for file in ("TRE_A06_FormatCodeComplementaire.json", "TRE_A11_IheFormatCode.json"):
        system = read_code_system(reference / NOS / file)
        labels.setdefault(system["url"], {}).update({c: d for c, (d, _) in system["codes"].items()})
    url_of = {oid: url for url, oid in old["systems"].items()}
    for code, oid, display in old["concepts"]:
        labels[url_of[oid]][code] = display  # the value set's own label wins
    entries: dict[tuple[str, str], dict[str, str]] = {}
    for url, code in new["members"]:
        oid = old["systems"].get(url)
        if oid is None:
            raise BuildError(f"{fsh_file}: unknown system {url}")
        display = labels[url].get(code) or FORMAT_CODE_LABELS.get(code)
        if display is None:
            raise BuildError(f"{fsh_file}: no label for {url}#{code}")
        entries[(code, oid)] = {"code": code, "display": display, "system": oid}
    unused = sorted(set(FORMAT_CODE_LABELS) - {code for code, _ in entries})
    if unused:
        raise BuildError(f"FORMAT_CODE_LABELS has codes not in {fsh_file}: {unused}")
    _unique_codes("format_codes", entries)
    used = sorted({oid for _, oid in entries})
    return {
        "name": "JDV_J10 XDS formatCode (CI-SIS)",
        "url": old["url"],
        "oid": old["oid"],
        "version": new["version"],
        "source": (
            f"members: {fsh_file} version {new['version']} ({ORIGIN_FSH}); labels: {old_file} version "
            f"{old['version']} ({ORIGIN_NOS}), else {NOS}/TRE_A06_FormatCodeComplementaire.json and "
            f"TRE_A11_IheFormatCode.json, else for {len(FORMAT_CODE_LABELS)} codes the JDV_J07 label of the "
            "matching document type (OpenDUI choice, to verify)"
        ),
        "systems": {oid: systems.get(oid) for oid in used},
        "codes": [entries[k] for k in sorted(entries)],
    }


def type_class_map(reference: Path, key: str) -> dict[str, Any]:
    file, name = TYPE_CLASS_MAPS[key]
    concept_map = read_fsh_concept_map(reference / file)
    mapping: dict[str, str] = {}
    for _, code, _, target in concept_map["rows"]:
        if mapping.get(code, target) != target:
            raise BuildError(f"{file}: {code} maps to {mapping[code]} and {target}")
        mapping[code] = target
    return {
        "name": name,
        "url": concept_map["url"],
        "oid": concept_map["oid"],
        "version": concept_map["version"],
        "source": f"{file} ({ORIGIN_FSH})",
        "map": dict(sorted(mapping.items())),
    }


def template_format_map(reference: Path) -> dict[str, Any]:
    file = "dmp/ASS-A11-CorresModeleCDA-XdsFormatCode-CISIS.fsh"
    concept_map = read_fsh_concept_map(reference / file)
    mapping: dict[str, list[str]] = {}
    for _, template, _, format_code in concept_map["rows"]:
        targets = mapping.setdefault(template, [])
        if format_code not in targets:
            targets.append(format_code)  # file order: the first one is the general case
    return {
        "name": "ASS_A11 CDA template -> XDS formatCode (CI-SIS)",
        "url": concept_map["url"],
        "oid": concept_map["oid"],
        "version": concept_map["version"],
        "source": f"{file} ({ORIGIN_FSH})",
        "map": dict(sorted(mapping.items())),
    }


def professions_sante_set() -> dict[str, Any]:
    return {
        "name": "TRE_G15 Profession de santé",
        "url": "https://mos.esante.gouv.fr/NOS/TRE_G15-ProfessionSante/FHIR/TRE-G15-ProfessionSante",
        "oid": "1.2.250.1.71.1.2.7",
        "version": G15_VERSION,
        "source": f"embedded in core/tools/build_terminologies.py, copied from {ORIGIN_G15}",
        "codes": _entries(G15),
    }


def build(reference: Path) -> dict[str, Any]:
    """Every code set and map, keyed and sorted as in ``terminologies.json``."""
    if not reference.is_dir():
        raise BuildError(f"{reference}: reference directory not found")
    systems = _known_systems(reference)
    data: dict[str, Any] = {key: code_system_set(reference, key) for key in CODE_SYSTEMS}
    data.update({key: svs_value_set(reference, key, systems) for key in VALUE_SETS})
    data["format_codes"] = format_codes_set(reference, systems)
    data.update({key: type_class_map(reference, key) for key in TYPE_CLASS_MAPS})
    data["cda_template_to_format_codes"] = template_format_map(reference)
    data["professions_sante"] = professions_sante_set()
    return dict(sorted(data.items()))


# --------------------------------------------------------------------------------------------
# output


def _render(value: Any, indent: str, in_list: bool = False) -> str:
    """Flat lists, flat list members and short flat objects on one line; others one member per line."""
    compact = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if not isinstance(value, (dict, list)) or not value:
        return compact
    members = list(value.values()) if isinstance(value, dict) else value
    flat = not any(isinstance(v, (dict, list)) for v in members)
    if flat and (in_list or isinstance(value, list) or len(compact) <= 100) and indent:
        return compact
    inner = indent + " "
    if isinstance(value, dict):
        items = [f"{inner}{json.dumps(k, ensure_ascii=False)}:{_render(v, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    return "[\n" + ",\n".join(inner + _render(v, inner, True) for v in value) + "\n" + indent + "]"


def render(data: dict[str, Any]) -> str:
    """The exact text of ``terminologies.json`` for ``data``."""
    return _render(data, "") + "\n"


def main(argv: list[str]) -> int:
    args = [a for a in argv if a != "--check"]
    reference = Path(args[0]) if args else DEFAULT_REFERENCE
    try:
        text = render(build(reference))
    except BuildError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if "--check" in argv:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(
                f"{OUTPUT.relative_to(ROOT)} is out of date: run core/tools/build_terminologies.py",
                file=sys.stderr,
            )
            return 1
        return 0
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_bytes(text.encode("utf-8"))
    print(
        f"wrote {OUTPUT.relative_to(ROOT)} ({len(text.encode('utf-8'))} bytes, {len(json.loads(text))} sets)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
