"""Create ``pathos_coupe``, ``pathos_coupe_item`` and ``pathos_points_table`` (SQLite and PostgreSQL)."""

from typing import Any

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete
from piccolo.columns.column_types import (
    UUID,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.table import Table

ID = "2026-11-23T04:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Create pathos_coupe, pathos_coupe_item and pathos_points_table"


class Usager(Table, tablename="core_usager"):
    id = UUID(primary_key=True)


class Professional(Table, tablename="core_professional"):
    id = UUID(primary_key=True)


class PathosCoupe(Table, tablename="pathos_coupe"):
    id = UUID(primary_key=True)


_COUPE: list[tuple[str, type, dict[str, Any]]] = [
    ("id", UUID, {"primary_key": True}),
    ("usager", ForeignKey, {"references": Usager, "on_delete": OnDelete.restrict, "index": True}),
    (
        "evaluator",
        ForeignKey,
        {"references": Professional, "on_delete": OnDelete.restrict, "null": True, "default": None},
    ),
    ("evaluator_label", Varchar, {"length": 200}),
    ("evaluated_on", Date, {}),
    ("created_at", Timestamptz, {}),
    ("supersedes", UUID, {"null": True, "default": None}),
    ("superseded_by", UUID, {"null": True, "default": None}),
]
_ITEM: list[tuple[str, type, dict[str, Any]]] = [
    ("id", UUID, {"primary_key": True}),
    ("coupe", ForeignKey, {"references": PathosCoupe, "on_delete": OnDelete.cascade, "index": True}),
    ("position", Integer, {}),
    ("etat", Varchar, {"length": 16}),
    ("profil", Varchar, {"length": 2}),
]
_POINTS: list[tuple[str, type, dict[str, Any]]] = [
    ("id", UUID, {"primary_key": True}),
    ("name", Varchar, {"length": 200}),
    ("source_note", Text, {}),
    ("licence_note", Text, {}),
    ("source_format", Varchar, {"length": 8}),
    ("content", Text, {}),
    ("couple_count", Integer, {}),
    ("loaded_at", Timestamptz, {}),
    ("loaded_by_label", Varchar, {"length": 200}),
    ("active", Boolean, {"default": True}),
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="pathos", description=DESCRIPTION)
    for class_name, tablename, columns in (
        ("PathosCoupe", "pathos_coupe", _COUPE),
        ("PathosCoupeItem", "pathos_coupe_item", _ITEM),
        ("PathosPointsTable", "pathos_points_table", _POINTS),
    ):
        manager.add_table(class_name=class_name, tablename=tablename)
        for name, column_class, params in columns:
            manager.add_column(
                table_class_name=class_name,
                tablename=tablename,
                column_name=name,
                db_column_name=name,
                column_class_name=column_class.__name__,
                column_class=column_class,
                params=params,
            )
    return manager
