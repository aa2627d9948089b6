"""Checks the plugin adds to the official schematrons (each one documented in SOURCES.md).

* ``cisis:typeCode-J07`` replaces the structuration-minimale assert skipped because its value set
  file ``include/voc-1.2.250.1.213.1.1.5.471-DYNAMIC.xml`` is missing upstream: the document
  ``code`` must belong to JDV_J07_XdsTypeCode_CISIS (1.2.250.1.213.1.1.5.471), read from the SVS
  file of the same upstream repository (``jeuxDeValeurs/JDV_J07_XdsTypeCode_CISIS.xml``).
* ``dmp:ins-required``: the DMP indexes documents by INS, so ``recordTarget/patientRole`` must
  carry an INS ``id`` (the structuration minimale accepts an IPP alone).
* ``cisis:n1-body``: an N1 document has a ``nonXMLBody/text`` with a media type and base64 content.
"""

from __future__ import annotations

import functools
from pathlib import Path

from lxml import etree

from opendui_dmp.validation.problems import Problem

HL7 = "urn:hl7-org:v3"
_NS = {"hl7": HL7}
JDV_J07 = Path(__file__).parent / "schematrons" / "jeuxDeValeurs" / "JDV_J07_XdsTypeCode_CISIS.xml"
#: INS OIDs: INS-NIR, INS-NIA, and their test counterparts.
INS_OIDS = frozenset(
    {"1.2.250.1.213.1.4.8", "1.2.250.1.213.1.4.9", "1.2.250.1.213.1.4.10", "1.2.250.1.213.1.4.11"}
)


@functools.cache
def type_codes() -> frozenset[tuple[str, str]]:
    """Return the ``(code, codeSystem)`` pairs of JDV_J07_XdsTypeCode_CISIS."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.parse(str(JDV_J07), parser).getroot()
    return frozenset(
        (c.get("code", ""), c.get("codeSystem", "")) for c in root.iter("{urn:ihe:iti:svs:2008}Concept")
    )


def check_dmp_rules(root: etree._Element, kind: str) -> list[Problem]:
    """Run the plugin's checks on a parsed ``ClinicalDocument``.

    :param root: the document element.
    :param kind: document kind (``N1``).
    """
    problems: list[Problem] = []
    code = root.find("hl7:code", _NS)
    if code is not None and code.get("nullFlavor") is None:
        pair = (code.get("code", ""), code.get("codeSystem", ""))
        if pair not in type_codes():
            problems.append(
                Problem(
                    "error",
                    f"the document code {pair[0]!r} (codeSystem {pair[1]!r}) is not in the value "
                    "set JDV_J07_XdsTypeCode_CISIS (1.2.250.1.213.1.1.5.471)",
                    "/ClinicalDocument/code",
                    "cisis:typeCode-J07",
                )
            )
    ids = root.findall("hl7:recordTarget/hl7:patientRole/hl7:id", _NS)
    if not any(i.get("root") in INS_OIDS and i.get("extension") for i in ids):
        problems.append(
            Problem(
                "error",
                "the patient has no INS: recordTarget/patientRole/id with root "
                "1.2.250.1.213.1.4.8 (INS-NIR) or 1.2.250.1.213.1.4.9 (INS-NIA) is required "
                "to share a document in the DMP",
                "/ClinicalDocument/recordTarget/patientRole",
                "dmp:ins-required",
            )
        )
    if kind == "N1":
        text = root.find("hl7:component/hl7:nonXMLBody/hl7:text", _NS)
        if text is None or not text.get("mediaType") or text.get("representation") != "B64":
            problems.append(
                Problem(
                    "error",
                    "an N1 document needs component/nonXMLBody/text with a mediaType and "
                    'representation="B64"',
                    "/ClinicalDocument/component",
                    "cisis:n1-body",
                )
            )
    return problems
