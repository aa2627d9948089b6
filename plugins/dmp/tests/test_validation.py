"""Validators: the ANS N1 example passes; broken documents fail with readable messages."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from opendui_dmp.errors import DocumentRefused
from opendui_dmp.validation import (
    STRUCTURATION_MINIMALE,
    ensure_valid,
    validate_cda,
    validate_schematron,
    validate_xsd,
)
from opendui_dmp.validation.schematron import compile_schematron, runner_for

ANS_N1 = (Path(__file__).parent / "data" / "DOC_NON_STRUCTURE_CDA-R2-N1.xml").read_bytes()
NS = {"h": "urn:hl7-org:v3"}


def _edit(xml: bytes, xpath: str, action: str = "remove", **attrs: str) -> bytes:
    root = etree.fromstring(xml)
    nodes = root.xpath(xpath, namespaces=NS)
    assert nodes, xpath
    for node in nodes:
        if action == "remove":
            node.getparent().remove(node)
        else:
            for k, v in attrs.items():
                node.set(k, v)
    return etree.tostring(root)


def errors(problems: list) -> list:
    return [p for p in problems if p.level == "error"]


def test_ans_example_passes_xsd() -> None:
    assert validate_xsd(ANS_N1) == []


def test_ans_example_passes_structuration_minimale() -> None:
    assert errors(validate_schematron(ANS_N1, STRUCTURATION_MINIMALE)) == []


def test_ans_example_passes_all_checks() -> None:
    assert errors(validate_cda(ANS_N1, "N1")) == []


def test_schematron_rules_actually_fire() -> None:
    runner = runner_for(STRUCTURATION_MINIMALE)
    assert runner.compiled.rule_count > 500
    # realmCode is mandatory in the structuration minimale.
    broken = _edit(ANS_N1, "/h:ClinicalDocument/h:realmCode")
    problems = errors(validate_schematron(broken, STRUCTURATION_MINIMALE))
    assert any("realmCode" in p.message and "required" in p.message for p in problems), problems
    assert all(p.source.startswith("schematron:") for p in problems)


def test_missing_upstream_value_set_is_listed_not_silent() -> None:
    compiled = compile_schematron(STRUCTURATION_MINIMALE)
    missing = {m for s in compiled.skipped for m in s.missing}
    assert missing == {"include/voc-1.2.250.1.213.1.1.5.471-DYNAMIC.xml"}
    assert any("JDV_J07" in s.message for s in compiled.skipped)


def test_missing_mandatory_element_fails_xsd_with_line() -> None:
    broken = _edit(ANS_N1, "/h:ClinicalDocument/h:title")
    broken = _edit(broken, "/h:ClinicalDocument/h:code")
    problems = validate_xsd(broken)
    assert problems and problems[0].level == "error"
    assert "code" in problems[0].message and problems[0].location.startswith("line ")


def test_missing_serviceevent_performer_fails_schematron() -> None:
    broken = _edit(ANS_N1, "//h:documentationOf/h:serviceEvent/h:performer")
    messages = [p.message for p in errors(validate_cda(broken))]
    assert any("Le performer est obligatoire" in m for m in messages), messages


def test_missing_ins_fails() -> None:
    broken = _edit(ANS_N1, "//h:patientRole/h:id[@root='1.2.250.1.213.1.4.10']")
    problems = errors(validate_cda(broken))
    assert [p.source for p in problems] == ["dmp:ins-required"]
    assert "INS" in problems[0].message


def test_wrong_loinc_code_fails() -> None:
    broken = _edit(ANS_N1, "/h:ClinicalDocument/h:code", "set", code="99999-9")
    problems = errors(validate_cda(broken))
    assert any(p.source == "cisis:typeCode-J07" and "'99999-9'" in p.message for p in problems), problems


def test_ensure_valid_refuses_with_stable_code() -> None:
    broken = _edit(ANS_N1, "/h:ClinicalDocument/h:realmCode")
    with pytest.raises(DocumentRefused) as info:
        ensure_valid(broken)
    assert info.value.code == "DMP_DOCUMENT_INVALID"
    assert info.value.problems and "realmCode" in str(info.value)


def test_xxe_payload_is_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    xxe = ANS_N1.replace(
        b"<ClinicalDocument ",
        f'<!DOCTYPE ClinicalDocument [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>\n'
        "<ClinicalDocument ".encode(),
        1,
    ).replace(b"<title>Compte rendu", b"<title>&xxe;Compte rendu", 1)
    for problems in (validate_xsd(xxe), validate_cda(xxe), validate_schematron(xxe, STRUCTURATION_MINIMALE)):
        assert problems and problems[0].level == "error"
        assert "DOCTYPE" in problems[0].message
        assert all("TOP-SECRET" not in p.message for p in problems)
    with pytest.raises(DocumentRefused):
        ensure_valid(xxe)


def test_not_well_formed_is_an_error() -> None:
    problems = validate_cda(b"<ClinicalDocument")
    assert problems[0].source == "xml" and problems[0].level == "error"
