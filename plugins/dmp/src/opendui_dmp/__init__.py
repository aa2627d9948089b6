"""OpenDUI DMP plugin (groundwork): CI-SIS CDA R2 N1 documents, built and validated.

No platform wiring yet (XDS.b transactions, outbox, GraphQL, hooks come later).
"""

from __future__ import annotations

from opendui_dmp.__about__ import __version__
from opendui_dmp.cda import Address, Author, Code, N1Input, Organisation, Patient, build_n1
from opendui_dmp.errors import ERROR_CODES, DmpError, DmpInputError, DocumentRefused
from opendui_dmp.validation import (
    Problem,
    ensure_valid,
    validate_cda,
    validate_schematron,
    validate_xsd,
)

__all__ = [
    "ERROR_CODES",
    "Address",
    "Author",
    "Code",
    "DmpError",
    "DmpInputError",
    "DocumentRefused",
    "N1Input",
    "Organisation",
    "Patient",
    "Problem",
    "__version__",
    "build_n1",
    "ensure_valid",
    "validate_cda",
    "validate_schematron",
    "validate_xsd",
]
