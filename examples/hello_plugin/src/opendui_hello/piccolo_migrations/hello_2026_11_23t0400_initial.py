"""Create ``hello_greeting``."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete
from piccolo.columns.column_types import UUID, ForeignKey, Text, Timestamptz
from piccolo.table import Table

ID = "2026-11-23T04:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Create hello_greeting"


class Usager(Table, tablename="core_usager"):
    id = UUID(primary_key=True)


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="hello", description=DESCRIPTION)
    manager.add_table(class_name="Greeting", tablename="hello_greeting")
    manager.add_column(table_class_name="Greeting", tablename="hello_greeting", column_name="id",
                       db_column_name="id", column_class_name="UUID", column_class=UUID,
                       params={"primary_key": True})
    manager.add_column(table_class_name="Greeting", tablename="hello_greeting", column_name="usager",
                       db_column_name="usager", column_class_name="ForeignKey", column_class=ForeignKey,
                       params={"references": Usager, "on_delete": OnDelete.cascade, "index": True})
    for name, column_class in (("text", Text), ("author_label", Text), ("created_at", Timestamptz)):
        manager.add_column(table_class_name="Greeting", tablename="hello_greeting", column_name=name,
                           db_column_name=name, column_class_name=column_class.__name__,
                           column_class=column_class, params={})
    return manager
