"""OpenDUI PATHOS plugin: coupes, user-supplied points tables, PMP and GMPS (pure domain core).

No PATHOS thesaurus or points table is shipped: they are licensed (CNSA guide, GALAAD). Only the
12 public profil de soins codes are included (:mod:`opendui_pathos.model`).
"""

from __future__ import annotations

from opendui_pathos.errors import ERROR_CODES, PathosError, PointsTableError, PointsTableMissing
from opendui_pathos.indicators import (
    DEFAULT_PMP_COEFFICIENT,
    PathosSummary,
    gmps,
    pmp,
    pmp_from_coupes,
    quantize_indicator,
    resident_is_smti,
    resident_points,
    summarize,
)
from opendui_pathos.model import (
    PROFILS_DE_SOINS,
    CoupePathos,
    Couple,
    ProfilDeSoins,
    ProfilInfo,
)
from opendui_pathos.points import (
    POSTES,
    CouplePoints,
    PointsTable,
    load_points_table,
    parse_points_csv,
    parse_points_json,
)

__all__ = [
    "DEFAULT_PMP_COEFFICIENT",
    "ERROR_CODES",
    "POSTES",
    "PROFILS_DE_SOINS",
    "CoupePathos",
    "Couple",
    "CouplePoints",
    "PathosError",
    "PathosSummary",
    "PointsTable",
    "PointsTableError",
    "PointsTableMissing",
    "ProfilDeSoins",
    "ProfilInfo",
    "gmps",
    "load_points_table",
    "parse_points_csv",
    "parse_points_json",
    "pmp",
    "pmp_from_coupes",
    "quantize_indicator",
    "resident_is_smti",
    "resident_points",
    "summarize",
]
