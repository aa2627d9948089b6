"""Tables of the ``pathos`` piccolo app (names prefixed with the plugin name).

A coupe is never edited: a correction is a new coupe naming the one it replaces (``supersedes``);
the replaced row gets ``superseded_by`` and stays readable. Points tables are kept when a new one is
loaded; the active one is the most recently loaded row with ``active`` set.
"""

from __future__ import annotations

from opendui_sdk.tables import Professional, Usager
from piccolo.columns import UUID, Boolean, Date, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table


class PathosCoupe(Table, tablename="pathos_coupe"):
    """The PATHOS evaluation of one resident on the day of a coupe."""

    id = UUID(primary_key=True)
    usager = ForeignKey(Usager, on_delete=OnDelete.restrict, index=True)
    evaluator = ForeignKey(Professional, on_delete=OnDelete.restrict, null=True, default=None)
    evaluator_label = Varchar(length=200)
    evaluated_on = Date()
    created_at = Timestamptz()
    supersedes = UUID(null=True, default=None)
    superseded_by = UUID(null=True, default=None)


class PathosCoupeItem(Table, tablename="pathos_coupe_item"):
    """One couple état pathologique × profil de soins of a coupe."""

    id = UUID(primary_key=True)
    coupe = ForeignKey(PathosCoupe, on_delete=OnDelete.cascade, index=True)
    position = Integer()
    etat = Varchar(length=16)
    profil = Varchar(length=2)


class PathosPointsTable(Table, tablename="pathos_points_table"):
    """A points table loaded by a user from a licensed source (normalised JSON in ``content``)."""

    id = UUID(primary_key=True)
    name = Varchar(length=200)
    source_note = Text()
    licence_note = Text()
    source_format = Varchar(length=8)
    content = Text()
    couple_count = Integer()
    loaded_at = Timestamptz()
    loaded_by_label = Varchar(length=200)
    active = Boolean(default=True)
