"""Core tables plugin tables may reference with a ``ForeignKey`` (read them through the data access).

Declare ``migration_dependencies=["opendui.domain.piccolo_app"]`` in the plugin's ``APP_CONFIG``.
"""

from __future__ import annotations

from piccolo.columns import ForeignKey, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from opendui.domain.tables import Document, Etablissement, Professional, Sejour, Usager

CORE_APP = "opendui.domain.piccolo_app"


class UsagerDataTable(Table):
    """Base (mixin) of plugin tables that hold data of a usager's record.

    Subclasses inherit ``usager`` (the record it belongs to; deleting a usager with such rows is
    refused), ``created_at`` and ``created_by`` (the principal's label, kept even if the
    professional leaves). Declare the subclass with ``tablename="<plugin>_<thing>"``.
    """

    usager = ForeignKey(Usager, on_delete=OnDelete.restrict, index=True)
    created_at = Timestamptz()
    created_by = Varchar(length=200)


__all__ = ["CORE_APP", "Document", "Etablissement", "Professional", "Sejour", "Usager", "UsagerDataTable"]
