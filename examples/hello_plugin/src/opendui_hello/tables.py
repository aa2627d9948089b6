"""The plugin's table: names are prefixed with the plugin name."""

from __future__ import annotations

from piccolo.columns import UUID, ForeignKey, Text, Timestamptz
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from opendui_sdk.tables import Usager


class Greeting(Table, tablename="hello_greeting"):
    id = UUID(primary_key=True)
    usager = ForeignKey(Usager, on_delete=OnDelete.cascade, index=True)
    text = Text()
    author_label = Text()
    created_at = Timestamptz()
