"""The N1 builder: a generated document for the test identity passes every check."""

from __future__ import annotations

import base64
from dataclasses import replace
from datetime import datetime

import pytest
from factories import PDF, n1_input
from lxml import etree
from opendui_dmp.cda import Code, build_n1
from opendui_dmp.errors import DmpInputError
from opendui_dmp.validation import ensure_valid, validate_cda, validate_xsd

NS = {"h": "urn:hl7-org:v3"}


def _root(xml: bytes) -> etree._Element:
    return etree.fromstring(xml)


def test_generated_n1_passes_xsd_and_schematron() -> None:
    xml = build_n1(n1_input())
    assert validate_xsd(xml) == []
    assert [p for p in validate_cda(xml) if p.level == "error"] == []
    ensure_valid(xml)  # does not raise


def test_header_follows_structuration_minimale() -> None:
    root = _root(build_n1(n1_input()))
    x = lambda path: root.xpath(path, namespaces=NS)  # noqa: E731
    assert x("h:realmCode/@code") == ["FR"]
    assert x("h:typeId/@extension") == ["POCD_HD000040"]
    assert x("h:templateId/@root") == [
        "2.16.840.1.113883.2.8.2.1",
        "1.2.250.1.213.1.1.1.1",
        "1.3.6.1.4.1.19376.1.2.20",
    ]
    assert x("h:languageCode/@code") == ["fr-FR"]
    assert x("h:confidentialityCode/@code") == ["N"]
    assert x("h:recordTarget/h:patientRole/h:id/@extension") == ["279035121518989", "1234567890121"]
    assert x("h:recordTarget/h:patientRole/h:id/@root")[0] == "1.2.250.1.213.1.4.10"
    assert x("h:recordTarget//h:family[@qualifier='BR']/text()") == ["PAT-TROIS"]
    assert x("h:recordTarget//h:birthTime/@value") == ["19790328"]
    assert x("h:recordTarget//h:birthplace//h:county/text()") == ["51215"]
    assert x("h:custodian//h:id/@extension") == ["1750000001"]
    assert x("h:custodian//h:id/@root") == ["1.2.250.1.71.4.2.2"]
    assert x("h:componentOf//h:healthCareFacility/h:code/@code") == ["SA17"]
    assert x("h:documentationOf/h:serviceEvent/h:effectiveTime/h:low/@value") == ["20240110090000+0100"]
    text = x("h:component/h:nonXMLBody/h:text")[0]
    assert text.get("mediaType") == "application/pdf" and text.get("representation") == "B64"
    assert base64.b64decode(text.text) == PDF


def test_wrong_loinc_in_generated_document_is_refused() -> None:
    xml = build_n1(n1_input(type_code=Code("00000-0", "2.16.840.1.113883.6.1", "?")))
    problems = [p for p in validate_cda(xml) if p.level == "error"]
    assert [p.source for p in problems] == ["cisis:typeCode-J07"]
    assert "JDV_J07" in problems[0].message


def test_special_characters_are_escaped() -> None:
    nasty = "Soins & <suivi> \"EHPAD\" 'été' ]]>"
    doc = n1_input(title=nasty)
    doc = replace(doc, organisation=replace(doc.organisation, name="<Tilleuls> & Cie"))
    xml = build_n1(doc)
    assert b"<suivi>" not in xml and b"&lt;suivi&gt;" in xml and b"&amp;" in xml
    root = _root(xml)
    assert root.findtext("h:title", namespaces=NS) == nasty
    assert root.xpath("count(//h:suivi)", namespaces=NS) == 0
    assert [p for p in validate_cda(xml) if p.level == "error"] == []


def test_confidentiality_and_version() -> None:
    root = _root(build_n1(n1_input(confidentiality="R", version=3)))
    assert root.xpath("h:confidentialityCode/@code", namespaces=NS) == ["R"]
    assert root.xpath("h:versionNumber/@value", namespaces=NS) == ["3"]


@pytest.mark.parametrize(
    "changes",
    [
        {"pdf": b""},
        {"title": "  "},
        {"confidentiality": "X"},
        {"effective_time": datetime(2024, 1, 1, 10, 0)},
    ],
)
def test_bad_input_is_rejected(changes: dict) -> None:
    with pytest.raises(DmpInputError) as info:
        build_n1(n1_input(**changes))
    assert info.value.code == "DMP_INVALID_INPUT"


def test_missing_ins_is_rejected_by_the_builder() -> None:
    doc = n1_input()
    with pytest.raises(DmpInputError, match="INS"):
        build_n1(replace(doc, patient=replace(doc.patient, ins="")))
