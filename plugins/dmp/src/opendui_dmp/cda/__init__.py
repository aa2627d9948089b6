"""CDA R2 document builders (CI-SIS)."""

from __future__ import annotations

from opendui_dmp.cda.n1 import Address, Author, Code, N1Input, Organisation, Patient, build_n1

__all__ = ["Address", "Author", "Code", "N1Input", "Organisation", "Patient", "build_n1"]
