"""National identifiers: INS matricule (NIR/NIA), RPPS, ADELI, idNatPS, FINESS, SIREN, SIRET.

Pure functions (standard library only) that normalise what users type (whitespace removed,
letters upper-cased), check the structure and check key, and raise :class:`IdentifierError`
with a stable ``code`` otherwise. Sources and open questions are listed in each module and in
``SPECS.md`` sections 1 and 2.
"""

from __future__ import annotations

from opendui.identifiers.errors import IdentifierError, IdentifierErrorCode, normalize
from opendui.identifiers.finess import (
    LA_POSTE_SIREN,
    finess_key,
    validate_finess,
    validate_siren,
    validate_siret,
)
from opendui.identifiers.ins import (
    INS_OIDS,
    OID_INS_C_OBSOLETE,
    OID_NIA,
    OID_NIR,
    OID_NIR_DEMO,
    OID_NIR_TEST,
    InsMatricule,
    InsOid,
    NirKind,
    ValidatedIns,
    nir_key,
    parse_ins_oid,
    validate_ins,
    validate_ins_matricule,
)
from opendui.identifiers.luhn import luhn_is_valid, luhn_key
from opendui.identifiers.rpps import (
    OID_ID_NAT_PS,
    IdNatPS,
    IdNatPSKind,
    id_nat_ps,
    parse_id_nat_ps,
    validate_adeli,
    validate_rpps,
)

__all__ = [
    "INS_OIDS",
    "LA_POSTE_SIREN",
    "OID_ID_NAT_PS",
    "OID_INS_C_OBSOLETE",
    "OID_NIA",
    "OID_NIR",
    "OID_NIR_DEMO",
    "OID_NIR_TEST",
    "IdNatPS",
    "IdNatPSKind",
    "IdentifierError",
    "IdentifierErrorCode",
    "InsMatricule",
    "InsOid",
    "NirKind",
    "ValidatedIns",
    "finess_key",
    "id_nat_ps",
    "luhn_is_valid",
    "luhn_key",
    "nir_key",
    "normalize",
    "parse_id_nat_ps",
    "parse_ins_oid",
    "validate_adeli",
    "validate_finess",
    "validate_ins",
    "validate_ins_matricule",
    "validate_rpps",
    "validate_siren",
    "validate_siret",
]
