"""National identifiers: INS matricule (NIR/NIA), RPPS, ADELI, FINESS, SIREN, SIRET.

Pure functions with stable error codes (:class:`IdentifierError`). Sources: Référentiel INS (key
``97 - NIR mod 97``, Corsica ``2A``/``2B`` read as 19/18), ANS identifier rules (Luhn keys of RPPS,
FINESS, SIREN, SIRET), see ``docs/reference/identifiers.rst``.
"""

from __future__ import annotations

from opendui.identifiers.errors import IdentifierError
from opendui.identifiers.finess import validate_finess, validate_siren, validate_siret
from opendui.identifiers.ins import (
    INS_OIDS,
    OID_NIA,
    OID_NIR,
    OID_NIR_DEMO,
    OID_NIR_TEST,
    InsMatricule,
    ValidatedIns,
    nir_key,
    validate_ins,
    validate_ins_matricule,
)
from opendui.identifiers.luhn import luhn_is_valid, luhn_key
from opendui.identifiers.rpps import id_nat_ps, validate_adeli, validate_rpps

__all__ = [
    "INS_OIDS",
    "OID_NIA",
    "OID_NIR",
    "OID_NIR_DEMO",
    "OID_NIR_TEST",
    "IdentifierError",
    "InsMatricule",
    "ValidatedIns",
    "id_nat_ps",
    "luhn_is_valid",
    "luhn_key",
    "nir_key",
    "validate_adeli",
    "validate_finess",
    "validate_ins",
    "validate_ins_matricule",
    "validate_rpps",
    "validate_siren",
    "validate_siret",
]
