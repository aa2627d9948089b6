"""Validate a CDA R2 document: CDA XSD (lxml), CI-SIS schematrons (Saxon-HE) and DMP rules.

Input bytes are parsed once with a hardened lxml parser (no DTD, no entity expansion, no
network); a document carrying a ``DOCTYPE`` is refused outright (a CDA never has one), and Saxon
only ever sees the re-serialised tree.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Literal

from lxml import etree

from opendui_dmp.errors import DocumentRefused
from opendui_dmp.validation.dmp_rules import check_dmp_rules
from opendui_dmp.validation.problems import Problem
from opendui_dmp.validation.schematron import runner_for

HERE = Path(__file__).parent
#: Root of the CDA XSD tree (ansforge/TestContenuCDA-3-0 infrastructure/cda).
CDA_XSD = HERE / "schemas" / "cda" / "CDA_extended.xsd"
SCHEMATRONS = HERE / "schematrons"
#: CI-SIS « structuration minimale » profile (ART-DECOR generated, header rules).
STRUCTURATION_MINIMALE = SCHEMATRONS / "structurationMinimale" / "ASIP-STRUCT-MIN-StrucMin.sch"

#: Schematrons run for each document kind.
SCHEMATRONS_BY_KIND: dict[str, tuple[Path, ...]] = {"N1": (STRUCTURATION_MINIMALE,)}

DocumentKind = Literal["N1"]

_schema: etree.XMLSchema | None = None
_schema_lock = threading.Lock()


def safe_parser() -> etree.XMLParser:
    """Return a parser that never loads a DTD, expands an entity or touches the network."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
    )


def parse_document(xml_bytes: bytes) -> tuple[etree._Element | None, list[Problem]]:
    """Parse untrusted XML safely.

    :param xml_bytes: the document.
    :returns: the root element (``None`` when refused) and the parsing problems.
    """
    try:
        tree = etree.fromstring(xml_bytes, safe_parser()).getroottree()
    except etree.XMLSyntaxError as exc:
        return None, [Problem("error", f"not well-formed XML: {exc.msg}", f"line {exc.lineno}", "xml")]
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        return None, [Problem("error", "a DOCTYPE declaration is not allowed in a CDA document", "", "xml")]
    return tree.getroot(), []


def _cda_schema() -> etree.XMLSchema:
    global _schema
    with _schema_lock:
        if _schema is None:
            # Our own shipped files: local DTD of XMLSchema.xsd allowed, network never.
            parser = etree.XMLParser(no_network=True, resolve_entities=False)
            _schema = etree.XMLSchema(etree.parse(str(CDA_XSD), parser))
        return _schema


def validate_xsd(xml_bytes: bytes) -> list[Problem]:
    """Validate against the CDA R2 XSD (``CDA_extended.xsd`` of the CI-SIS).

    :param xml_bytes: the document.
    :returns: the problems, empty when valid.
    """
    root, problems = parse_document(xml_bytes)
    if root is None:
        return problems
    return _xsd(root)


def _xsd(root: etree._Element) -> list[Problem]:
    schema = _cda_schema()
    if schema.validate(root):
        return []
    return [Problem("error", e.message, f"line {e.line}", "xsd") for e in schema.error_log]


def validate_schematron(xml_bytes: bytes, schematron: Path | str) -> list[Problem]:
    """Run one schematron (compiled to XSLT 2.0, cached) on a document.

    :param xml_bytes: the document.
    :param schematron: path of the ``.sch`` file.
    :returns: failed asserts and successful reports, with their level (``role``).
    """
    root, problems = parse_document(xml_bytes)
    if root is None:
        return problems
    return runner_for(Path(schematron)).run(etree.tostring(root, encoding="utf-8"))


def validate_cda(xml_bytes: bytes, kind: DocumentKind = "N1") -> list[Problem]:
    """Run every check of a document kind: XSD, schematrons, then the plugin's DMP rules.

    :param xml_bytes: the document.
    :param kind: ``N1`` (non-structured body, e.g. an embedded PDF).
    :returns: all problems (errors and warnings).
    :raises ValueError: unknown kind.
    """
    if kind not in SCHEMATRONS_BY_KIND:
        raise ValueError(f"unknown CDA document kind {kind!r}")
    root, problems = parse_document(xml_bytes)
    if root is None:
        return problems
    problems = _xsd(root)
    safe = etree.tostring(root, encoding="utf-8")
    for sch in SCHEMATRONS_BY_KIND[kind]:
        problems.extend(runner_for(sch).run(safe))
    problems.extend(check_dmp_rules(root, kind))
    return problems


def ensure_valid(xml_bytes: bytes, kind: DocumentKind = "N1") -> list[Problem]:
    """Refuse a broken document before it leaves: raise when :func:`validate_cda` finds errors.

    :returns: the warnings (the document is accepted).
    :raises DocumentRefused: at least one error (code ``DMP_DOCUMENT_INVALID``).
    """
    problems = validate_cda(xml_bytes, kind)
    errors = [p for p in problems if p.level == "error"]
    if errors:
        raise DocumentRefused(errors)
    return problems


def errors_only(problems: list[Problem]) -> list[Problem]:
    """Keep the problems of level ``error``."""
    return [p for p in problems if p.level == "error"]
