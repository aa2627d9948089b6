"""Build ``opendui/data/terminologies.json`` from the national nomenclature files.

Usage: ``python core/tools/build_terminologies.py [REFERENCE_DIR]`` (default ``../shared/reference``
next to the repository). The reference files are ANS NOS exports (FHIR CodeSystem and ValueSet JSON,
ConceptMap FSH), published under Licence Ouverte; see ``shared/reference/README.md`` for their
origin. The output is OpenDUI's own compact, sorted, deterministic format.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "core" / "src" / "opendui" / "data" / "terminologies.json"

NOS = "terminologies/nos"
XDS = "dmp/xds-valuesets"
ORIGIN = "M-Priour/IG-terminologie-de-sante history (fork of ansforge/IG-terminologie-de-sante), ANS NOS, Licence Ouverte"

#: key -> (relative file, name)
CODE_SYSTEMS: dict[str, tuple[str, str]] = {
    "types_accueil": (f"{NOS}/TRE_R213_ModePriseEnCharge.json", "TRE_R213 Mode de prise en charge"),
    "categories_etablissement": (f"{NOS}/TRE_R66_CategorieEtablissement.json", "TRE_R66 Catégorie d'établissement"),
    "secteurs_activite": (f"{NOS}/TRE_R02_SecteurActivite.json", "TRE_R02 Secteur d'activité"),
    "roles_prise_en_charge": (f"{NOS}/TRE_R85_RolePriseCharge.json", "TRE_R85 Rôle de prise en charge"),
    "document_classes": (f"{NOS}/TRE_A03_ClasseDocument.json", "TRE_A03 Classe de document"),
    "confidentiality": (f"{NOS}/TRE_A08_HL7Confidentiality.json", "TRE_A08 Confidentialité (HL7)"),
    "protection_juridique": (f"{NOS}/TRE_R217_ProtectionJuridique.json", "TRE_R217 Protection juridique"),
    "sexe": (f"{NOS}/TRE_R10_SexeAdministratif.json", "TRE_R10 Sexe administratif"),
}
VALUE_SETS: dict[str, tuple[str, str]] = {
    "document_types": (f"{XDS}/JDV_J07-XdsTypeCode-CISIS.json", "JDV_J07 XDS typeCode (CI-SIS)"),
    "format_codes": (f"{XDS}/JDV_J10-XdsFormatCode-CISIS.json", "JDV_J10 XDS formatCode (CI-SIS)"),
    "healthcare_facility_types": (f"{XDS}/JDV_J02-XdsHealthcareFacilityTypeCode-CISIS.json", "JDV_J02 XDS healthcareFacilityTypeCode"),
    "practice_settings": (f"{XDS}/JDV_J04-XdsPracticeSettingCode-CISIS.json", "JDV_J04 XDS practiceSettingCode"),
}
CONCEPT_MAPS: dict[str, tuple[str, str]] = {
    "document_type_to_class": ("dmp/ASS-X04-CorrespondanceType-Classe-CISIS.fsh", "ASS_X04 type -> classe (CI-SIS)"),
    "document_type_to_class_dmp": ("dmp/ASS-X16-CorrespondanceType-Classe-DMP.fsh", "ASS_X16 type -> classe (DMP)"),
}

#: TRE_G15 ProfessionSante is not among the reference files: these codes are the health
#: professions of the national nomenclature as listed by the ANS (OID 1.2.250.1.71.1.2.7).
#: Source: knowledge of TRE_G15, to verify against the NOS release.
PROFESSIONS_SANTE: dict[str, str] = {
    "10": "Médecin", "21": "Pharmacien", "26": "Audioprothésiste", "28": "Opticien-lunetier",
    "31": "Assistant dentaire", "32": "Physicien médical", "35": "Aide-soignant", "36": "Ambulancier",
    "37": "Auxiliaire de puériculture", "38": "Préparateur en pharmacie hospitalière",
    "39": "Préparateur en pharmacie", "40": "Chirurgien-dentiste", "50": "Sage-femme", "60": "Infirmier",
    "69": "Infirmier psychiatrique", "70": "Masseur-kinésithérapeute", "80": "Pédicure-podologue",
    "81": "Orthoprothésiste", "82": "Podo-orthésiste", "83": "Orthopédiste-orthésiste", "84": "Oculariste",
    "85": "Epithésiste", "86": "Technicien de laboratoire médical", "91": "Orthophoniste", "92": "Orthoptiste",
    "93": "Psychologue", "94": "Ergothérapeute", "95": "Diététicien", "96": "Psychomotricien",
    "98": "Manipulateur ERM",
}


def _oid(resource: dict[str, Any]) -> str | None:
    for identifier in resource.get("identifier", []):
        value = identifier.get("value", "")
        if value.startswith("urn:oid:"):
            return str(value.removeprefix("urn:oid:"))
    return None


def _codes(pairs: dict[str, str]) -> list[dict[str, str]]:
    return [{"code": code, "display": pairs[code]} for code in sorted(pairs)]


def code_system(reference: Path, relative: str, name: str) -> dict[str, Any]:
    resource = json.loads((reference / relative).read_text(encoding="utf-8"))
    return {
        "name": name,
        "url": resource.get("url"),
        "oid": _oid(resource),
        "version": resource.get("version"),
        "source": f"{relative} ({ORIGIN})",
        "codes": _codes({c["code"]: c.get("display", "") for c in resource.get("concept", [])}),
    }


def value_set(reference: Path, relative: str, name: str) -> dict[str, Any]:
    resource = json.loads((reference / relative).read_text(encoding="utf-8"))
    codes: list[dict[str, str]] = []
    for include in resource.get("compose", {}).get("include", []):
        system = include.get("system", "")
        for concept in include.get("concept", []):
            codes.append({"code": concept["code"], "display": concept.get("display", ""), "system": system})
    return {
        "name": name,
        "url": resource.get("url"),
        "oid": _oid(resource),
        "version": resource.get("version"),
        "source": f"{relative} ({ORIGIN})",
        "codes": sorted(codes, key=lambda c: (c["code"], c["system"])),
    }


_ELEMENT = re.compile(r"element\[[^\]]*\]\.code = #(\S+)")
_TARGET = re.compile(r"element\[=\]\.target\.code = #(\S+)")


def concept_map(reference: Path, relative: str, name: str) -> dict[str, Any]:
    mapping: dict[str, str] = {}
    current: str | None = None
    for line in (reference / relative).read_text(encoding="utf-8").splitlines():
        if (match := _ELEMENT.search(line)) and ".target." not in line:
            current = match.group(1)
        elif (match := _TARGET.search(line)) and current is not None:
            mapping.setdefault(current, match.group(1))
    return {"name": name, "source": f"{relative} ({ORIGIN})", "map": dict(sorted(mapping.items()))}


def build(reference: Path) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key, (relative, name) in CODE_SYSTEMS.items():
        data[key] = code_system(reference, relative, name)
    for key, (relative, name) in VALUE_SETS.items():
        data[key] = value_set(reference, relative, name)
    for key, (relative, name) in CONCEPT_MAPS.items():
        data[key] = concept_map(reference, relative, name)
    data["professions_sante"] = {
        "name": "TRE_G15 Profession de santé",
        "url": "https://mos.esante.gouv.fr/NOS/TRE_G15-ProfessionSante/FHIR/TRE-G15-ProfessionSante",
        "oid": "1.2.250.1.71.1.2.7",
        "version": None,
        "source": "TRE_G15 health professions (not in the reference files; from knowledge, to verify against the NOS)",
        "codes": _codes(PROFESSIONS_SANTE),
    }
    return dict(sorted(data.items()))


def render(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def main(argv: list[str]) -> int:
    reference = Path(argv[0]) if argv else ROOT.parent / "shared" / "reference"
    OUTPUT.write_text(render(build(reference)), encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
