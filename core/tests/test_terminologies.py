"""The shipped nomenclatures: content, lookups, and that they match the national files."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from opendui.domain import terminologies as t
from opendui.errors import ValidationError

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT.parent / "shared" / "reference"


def test_counts_and_known_codes() -> None:
    assert len(t.CATEGORIES_ETABLISSEMENT) == 301
    assert len(t.DOCUMENT_CLASSES) == 11
    assert t.CATEGORIES_ETABLISSEMENT.display("183") == "Institut Médico-Educatif (I.M.E.)"
    assert "354" in t.CATEGORIES_ETABLISSEMENT and "500" in t.CATEGORIES_ETABLISSEMENT
    assert t.SECTEURS_ACTIVITE.display("SA17") == "Etablissement pour personnes âgées"
    assert t.TYPES_ACCUEIL.display("46") == "Hébergement (accueil jour et nuit)"
    assert t.CONFIDENTIALITY.oid == "2.16.840.1.113883.5.25" and set(t.CONFIDENTIALITY) == {"N", "R", "V"}
    assert "urn:ihe:iti:xds-sd:pdf:2008" in t.FORMAT_CODES and "urn:asip:ci-sis:dlu:2015" in t.FORMAT_CODES
    assert t.DOCUMENT_TYPES.get("74207-2").display == "Dossier de liaison d'urgence"
    assert "not-a-code" not in t.DOCUMENT_TYPES


def test_type_to_class_maps() -> None:
    assert t.class_for_type("74207-2", dmp=True) == "11"  # DLU -> Synthèse
    assert t.class_for_type("11488-4") == "10"
    assert t.class_for_type("nope") is None


def test_professions() -> None:
    assert t.validate_profession(t.PROFESSIONS_SANTE_SYSTEM, "60").display == "Infirmier"
    assert t.validate_profession(t.ROLES_PRISE_EN_CHARGE_SYSTEM, "326").display == "Educateur spécialisé"
    assert t.profession_display(t.PROFESSIONS_SANTE_SYSTEM, "00") is None
    with pytest.raises(ValidationError) as error:
        t.validate_profession(t.PROFESSIONS_SANTE_SYSTEM, "00")
    assert error.value.code == "INVALID_CODE"
    with pytest.raises(ValidationError):
        t.validate_profession("1.2.3", "60")


def test_shipped_file_is_what_the_build_script_produces() -> None:
    if not REFERENCE.exists():
        pytest.skip("../shared/reference is not next to the repository")  # it is in CI
    spec = importlib.util.spec_from_file_location("build_terminologies", ROOT / "core" / "tools" / "build_terminologies.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    shipped = (ROOT / "core" / "src" / "opendui" / "data" / "terminologies.json").read_text(encoding="utf-8")
    assert shipped == module.render(module.build(REFERENCE))
    assert json.loads(shipped)["categories_etablissement"]["oid"] == "1.2.250.1.213.1.6.1.8"
