"""National identifiers for plugins: INS matricule (NIR/NIA) and OIDs, RPPS, ADELI, idNatPS, FINESS,
SIREN, SIRET. Re-exported from the core; see :mod:`opendui.identifiers` for the rules."""

from __future__ import annotations

from opendui.identifiers import (
    INS_OIDS,
    OID_NIA,
    OID_NIR,
    OID_NIR_DEMO,
    OID_NIR_TEST,
    IdentifierError,
    InsMatricule,
    ValidatedIns,
    id_nat_ps,
    luhn_is_valid,
    luhn_key,
    nir_key,
    validate_adeli,
    validate_finess,
    validate_ins,
    validate_ins_matricule,
    validate_rpps,
    validate_siren,
    validate_siret,
)

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
