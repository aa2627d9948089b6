"""The shipped nomenclatures: content, lookups, and that they are what the build script makes."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest
from opendui.domain import terminologies as t
from opendui.errors import ValidationError

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "core" / "src" / "opendui" / "data" / "terminologies.json"
REFERENCE = ROOT.parent / "shared" / "reference"

ALL_SETS = {
    "types_accueil": t.TYPES_ACCUEIL,
    "categories_etablissement": t.CATEGORIES_ETABLISSEMENT,
    "secteurs_activite": t.SECTEURS_ACTIVITE,
    "roles_prise_en_charge": t.ROLES_PRISE_EN_CHARGE,
    "professions_sante": t.PROFESSIONS_SANTE,
    "document_classes": t.DOCUMENT_CLASSES,
    "document_types": t.DOCUMENT_TYPES,
    "format_codes": t.FORMAT_CODES,
    "confidentiality": t.CONFIDENTIALITY,
    "healthcare_facility_types": t.HEALTHCARE_FACILITY_TYPES,
    "practice_settings": t.PRACTICE_SETTINGS,
    "protection_juridique": t.PROTECTION_JURIDIQUE,
    "sexe": t.SEXE,
}


def _build_module() -> ModuleType:
    path = ROOT / "core" / "tools" / "build_terminologies.py"
    spec = importlib.util.spec_from_file_location("build_terminologies", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_counts() -> None:
    assert len(t.CATEGORIES_ETABLISSEMENT) == 301
    assert len(t.DOCUMENT_CLASSES) == 11
    assert len(t.TYPES_ACCUEIL) == 59
    assert len(t.PROFESSIONS_SANTE) == 30
    assert len(t.DOCUMENT_TYPES) == 114
    assert set(t.CONFIDENTIALITY) == {"N", "R", "V"}
    assert set(t.SEXE) == {"F", "M"}
    assert set(t.PROTECTION_JURIDIQUE) == {"CURATEUR", "MSVG", "TUTEUR"}


def test_known_codes() -> None:
    assert (
        t.CATEGORIES_ETABLISSEMENT.display("500")
        == "Etablissement d'hébergement pour personnes âgées dépendantes"
    )
    assert t.CATEGORIES_ETABLISSEMENT.display("183") == "Institut Médico-Educatif (I.M.E.)"
    assert t.CATEGORIES_ETABLISSEMENT.display("354") == "Service de Soins Infirmiers A Domicile (S.S.I.A.D)"
    assert t.CATEGORIES_ETABLISSEMENT.is_active("500")
    assert t.CATEGORIES_ETABLISSEMENT.end_date("001") == "1999-09-15"  # retired, still a member
    assert "001" in t.CATEGORIES_ETABLISSEMENT and not t.CATEGORIES_ETABLISSEMENT.is_active("001")
    assert t.SECTEURS_ACTIVITE.get("SA17") == t.Code(
        "1.2.250.1.71.4.2.4", "SA17", "Etablissement pour personnes âgées"
    )
    assert "SA16" in t.SECTEURS_ACTIVITE and "SA69" in t.SECTEURS_ACTIVITE  # SA69: 2024 code from JDV_J02
    assert t.TYPES_ACCUEIL.get("46") == t.Code(
        "1.2.250.1.213.3.3.13", "46", "Hébergement (accueil jour et nuit)"
    )
    assert t.ROLES_PRISE_EN_CHARGE.display("326") == "Educateur spécialisé"
    assert t.ROLES_PRISE_EN_CHARGE.display("331") == "Secrétaire médicale"  # 2024 code from JDV_J48
    assert t.DOCUMENT_CLASSES.display("11") == "Synthèse"
    assert t.CONFIDENTIALITY.oid == "2.16.840.1.113883.5.25"


def test_xds_value_sets() -> None:
    dlu = t.DOCUMENT_TYPES.get("74207-2")
    assert dlu.system == "2.16.840.1.113883.6.1" and "liaison d'urgence" in dlu.display
    assert t.DOCUMENT_TYPES.get("EXPORT_DUI").system == "1.2.250.1.213.1.1.4.12"
    assert "28653-4" in t.DOCUMENT_TYPES  # document du secteur social / médico-social
    assert "not-a-code" not in t.DOCUMENT_TYPES and 42 not in t.DOCUMENT_TYPES
    for code in (
        "urn:ihe:iti:xds-sd:pdf:2008",
        "urn:asip:ci-sis:dlu:2015",
        "urn:asip:ci-sis:export-dui:2023",
    ):
        assert code in t.FORMAT_CODES
    assert t.FORMAT_CODES.get("urn:ihe:iti:xds-sd:pdf:2008").system == "1.3.6.1.4.1.19376.1.2.3"
    assert t.PRACTICE_SETTINGS.display("ESSMS") == "Etablissement ou Service Social ou Médico-Social"
    assert "SA17" in t.HEALTHCARE_FACILITY_TYPES
    assert t.DOCUMENT_TYPES.url and t.DOCUMENT_TYPES.oid == "1.2.250.1.213.1.1.5.471"
    for code_set in (t.DOCUMENT_TYPES, t.FORMAT_CODES, t.HEALTHCARE_FACILITY_TYPES, t.PRACTICE_SETTINGS):
        assert {c.system for c in code_set.codes()} == set(code_set.systems)


def test_type_to_class_maps() -> None:
    assert t.class_for_type("74207-2", dmp=True) == "11"  # DLU -> Synthèse
    assert t.class_for_type("74207-2") == "11"
    assert t.class_for_type("11488-4") == "10"
    assert t.class_for_type("EXPORT_DUI") == "11"
    assert t.class_for_type("EXPORT_DUI", dmp=True) is None  # not in the DMP's JDV_J66
    assert t.class_for_type("nope") is None
    mapped = {code for code in t.DOCUMENT_TYPES if t.class_for_type(code) is not None}
    assert len(mapped) >= len(t.DOCUMENT_TYPES) - 1


def test_template_to_format_codes() -> None:
    assert t.format_codes_for_template("1.2.250.1.213.1.1.1.22") == ["urn:asip:ci-sis:dlu:2015"]
    assert t.format_codes_for_template("1.2.250.1.213.1.1.1.58") == ["urn:asip:ci-sis:export-dui:2023"]
    assert t.format_codes_for_template("1.3.6.1.4.1.19376.1.2.20")[0] == "urn:ihe:iti:xds-sd:pdf:2008"
    assert t.format_codes_for_template("1.2.3") == []


def test_code_set_api() -> None:
    for key, code_set in ALL_SETS.items():
        assert code_set.key == key and code_set.name and code_set.source and code_set.version
        assert code_set.url or code_set.oid
        codes = code_set.codes()
        assert len(codes) == len(code_set) > 0
        assert [c.code for c in codes] == sorted(c.code for c in codes) == list(code_set)
        assert all(c.display for c in codes)
    with pytest.raises(KeyError):
        t.TYPES_ACCUEIL.get("nope")
    with pytest.raises(KeyError):
        t.TYPES_ACCUEIL.display("nope")


def test_professions() -> None:
    assert t.PROFESSIONS_SANTE.oid == t.PROFESSIONS_SANTE_SYSTEM == "1.2.250.1.71.1.2.7"
    assert t.ROLES_PRISE_EN_CHARGE.oid == t.ROLES_PRISE_EN_CHARGE_SYSTEM
    assert set(t.PROFESSION_SYSTEMS) == {t.PROFESSIONS_SANTE_SYSTEM, t.ROLES_PRISE_EN_CHARGE_SYSTEM}
    nurse = t.validate_profession("1.2.250.1.71.1.2.7", "60")
    assert nurse == t.Code("1.2.250.1.71.1.2.7", "60", "Infirmier")
    assert (
        t.validate_profession(t.ROLES_PRISE_EN_CHARGE_SYSTEM, "328").display
        == "Accompagnant éducatif et social"
    )
    assert t.PROFESSIONS_SANTE.end_date("93") == "2021-12-17"  # created closed by the ANS, still accepted
    assert t.validate_profession(t.PROFESSIONS_SANTE_SYSTEM, "93").display == "Psychologue"
    assert t.profession_display(t.PROFESSIONS_SANTE_SYSTEM, "10") == "Médecin"
    assert t.profession_display(t.PROFESSIONS_SANTE_SYSTEM, "00") is None
    assert t.profession_display("1.2.3", "10") is None


@pytest.mark.parametrize(
    ("system", "code"),
    [
        ("1.2.250.1.71.1.2.7", "00"),  # unknown code
        ("1.2.250.1.71.1.2.7", "326"),  # R85 code under the G15 system
        ("1.2.250.1.213.1.6.1.107", "60"),  # G15 code under the R85 system
        ("1.2.3", "60"),  # unknown system
        (
            "https://mos.esante.gouv.fr/NOS/TRE_G15-ProfessionSante/FHIR/TRE-G15-ProfessionSante",
            "60",
        ),  # URL, not OID
    ],
)
def test_validate_profession_errors(system: str, code: str) -> None:
    with pytest.raises(ValidationError) as error:
        t.validate_profession(system, code)
    assert error.value.code == "INVALID_CODE"
    assert error.value.details == {"field": "profession"}


def test_shipped_file_is_compact_json() -> None:
    raw = SHIPPED.read_bytes()
    assert len(raw) < 300_000
    data = json.loads(raw.decode("utf-8"))
    assert list(data) == sorted(data)
    assert data["categories_etablissement"]["oid"] == "1.2.250.1.213.1.6.1.8"


def test_shipped_file_is_what_the_build_script_produces() -> None:
    if not REFERENCE.is_dir():
        pytest.skip(f"reference files not found at {REFERENCE} (they are next to the repository in CI)")
    module = _build_module()
    assert SHIPPED.read_text(encoding="utf-8") == module.render(module.build(REFERENCE)), (
        "terminologies.json is out of date: run core/tools/build_terminologies.py"
    )
