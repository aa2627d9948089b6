"""Table of the ``aggir`` piccolo app (``aggir_evaluation``; names prefixed with the plugin name).

The module is not called ``tables`` because :mod:`opendui_aggir.tables` holds the regulatory
figures of the domain core.

An evaluation is never edited: a correction is a new evaluation that names the one it replaces
(``supersedes``); the replaced row gets ``superseded_by`` and stays readable, so the history of a
usager's grids is complete. The GIR, rang, groupe and score are stored as computed when the
evaluation was recorded.
"""

from __future__ import annotations

from opendui_sdk.tables import Professional, Usager
from piccolo.columns import UUID, Date, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table


class AggirEvaluation(Table, tablename="aggir_evaluation"):
    """One grille AGGIR of a usager: the modalités (A/B/C) of the 17 variables and the GIR."""

    id = UUID(primary_key=True)
    usager = ForeignKey(Usager, on_delete=OnDelete.restrict, index=True)
    evaluator = ForeignKey(Professional, on_delete=OnDelete.restrict, null=True, default=None)
    evaluator_label = Varchar(length=200)
    evaluated_on = Date()
    # the 10 variables discriminantes (annexe 2-1 order), always coded
    coherence = Varchar(length=1)
    orientation = Varchar(length=1)
    toilette = Varchar(length=1)
    habillage = Varchar(length=1)
    alimentation = Varchar(length=1)
    elimination = Varchar(length=1)
    transferts = Varchar(length=1)
    deplacement_interieur = Varchar(length=1)
    deplacement_exterieur = Varchar(length=1)
    communication = Varchar(length=1)
    # the 7 variables illustratives, optional
    gestion = Varchar(length=1, null=True, default=None)
    cuisine = Varchar(length=1, null=True, default=None)
    menage = Varchar(length=1, null=True, default=None)
    transports = Varchar(length=1, null=True, default=None)
    achats = Varchar(length=1, null=True, default=None)
    suivi_traitement = Varchar(length=1, null=True, default=None)
    activites_temps_libre = Varchar(length=1, null=True, default=None)
    adverbs = Text(null=True, default=None)  # JSON of the S/T/C/H answers, when the grid came from them
    gir = Integer()
    rang = Integer()
    groupe = Varchar(length=1)
    score = Integer()
    created_at = Timestamptz()
    supersedes = UUID(null=True, default=None)
    superseded_by = UUID(null=True, default=None)
