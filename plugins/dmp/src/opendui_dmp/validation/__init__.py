"""Validation of CDA documents: CDA XSD + CI-SIS schematrons + DMP rules."""

from __future__ import annotations

from opendui_dmp.validation.problems import Problem
from opendui_dmp.validation.validate import (
    STRUCTURATION_MINIMALE,
    ensure_valid,
    validate_cda,
    validate_schematron,
    validate_xsd,
)

__all__ = [
    "STRUCTURATION_MINIMALE",
    "Problem",
    "ensure_valid",
    "validate_cda",
    "validate_schematron",
    "validate_xsd",
]
