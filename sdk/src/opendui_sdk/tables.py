"""Core tables plugin tables may reference with a ``ForeignKey`` (read them through the data access).

Declare ``migration_dependencies=["opendui.domain.piccolo_app"]`` in the plugin's ``APP_CONFIG``.
"""

from __future__ import annotations

import uuid

from opendui.domain.tables import Document, Etablissement, Professional, Sejour, Usager
from opendui.errors import ConflictError
from piccolo.columns import ForeignKey, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

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


async def mark_superseded(table: type[Table], previous_id: uuid.UUID, new_id: uuid.UUID, *, what: str) -> None:
    """Record that ``new_id`` corrects ``previous_id`` (history kept: rows are never edited).

    ``table`` needs a nullable ``superseded_by`` column. Call it inside ``access.write()``, after
    inserting the new row.

    :raises ConflictError: when someone else corrected ``previous_id`` first.
    """
    column = table.superseded_by  # type: ignore[attr-defined]
    await table.update({column: new_id}).where((table._meta.primary_key == previous_id) & column.is_null())
    row = await table.select(column).where(table._meta.primary_key == previous_id).first()
    current = row["superseded_by"] if row else None
    if current is None or uuid.UUID(str(current)) != new_id:
        raise ConflictError(f"the {what} was corrected by someone else; reload it")


__all__ = [
    "CORE_APP",
    "Document",
    "Etablissement",
    "Professional",
    "Sejour",
    "Usager",
    "UsagerDataTable",
    "mark_superseded",
]
