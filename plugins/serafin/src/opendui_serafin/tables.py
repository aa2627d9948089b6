"""Tables of the ``serafin`` piccolo app (names prefixed with the plugin name).

An evaluation is never edited: a correction is a new evaluation that names the one it replaces
(``supersedes``); the replaced row gets ``superseded_by`` and stays readable, so the history of a
usager's grids is complete.
"""

from __future__ import annotations

from opendui_sdk.tables import Professional, Usager
from piccolo.columns import UUID, Date, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table


class SerafinEvaluation(Table, tablename="serafin_evaluation"):
    """One évaluation des besoins of a usager (a grid), pinned to a SERAFIN-PH release."""

    id = UUID(primary_key=True)
    usager = ForeignKey(Usager, on_delete=OnDelete.restrict, index=True)
    evaluator = ForeignKey(Professional, on_delete=OnDelete.restrict, null=True, default=None)
    evaluator_label = Varchar(length=200)
    evaluated_on = Date()
    release_version = Varchar(length=20)
    created_at = Timestamptz()
    supersedes = UUID(null=True, default=None)
    superseded_by = UUID(null=True, default=None)


class SerafinEvaluationItem(Table, tablename="serafin_evaluation_item"):
    """One besoin of a grid: a leaf code of JDV_J285 and its level (0-3, OpenDUI's scale)."""

    id = UUID(primary_key=True)
    evaluation = ForeignKey(SerafinEvaluation, on_delete=OnDelete.cascade, index=True)
    position = Integer()
    code = Varchar(length=20)
    level = Integer()
    comment = Text(null=True, default=None)
