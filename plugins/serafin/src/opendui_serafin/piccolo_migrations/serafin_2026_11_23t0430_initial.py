"""Create ``serafin_evaluation`` and ``serafin_evaluation_item`` (SQLite and PostgreSQL)."""

from typing import Any

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete
from piccolo.columns.column_types import UUID, Date, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.table import Table

ID = "2026-11-23T04:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Create serafin_evaluation and serafin_evaluation_item"


class Usager(Table, tablename="core_usager"):
    id = UUID(primary_key=True)


class Professional(Table, tablename="core_professional"):
    id = UUID(primary_key=True)


class SerafinEvaluation(Table, tablename="serafin_evaluation"):
    id = UUID(primary_key=True)


_EVALUATION: list[tuple[str, type, dict[str, Any]]] = [
    ("id", UUID, {"primary_key": True}),
    ("usager", ForeignKey, {"references": Usager, "on_delete": OnDelete.restrict, "index": True}),
    (
        "evaluator",
        ForeignKey,
        {"references": Professional, "on_delete": OnDelete.restrict, "null": True, "default": None},
    ),
    ("evaluator_label", Varchar, {"length": 200}),
    ("evaluated_on", Date, {}),
    ("release_version", Varchar, {"length": 20}),
    ("created_at", Timestamptz, {}),
    ("supersedes", UUID, {"null": True, "default": None}),
    ("superseded_by", UUID, {"null": True, "default": None}),
]
_ITEM: list[tuple[str, type, dict[str, Any]]] = [
    ("id", UUID, {"primary_key": True}),
    (
        "evaluation",
        ForeignKey,
        {"references": SerafinEvaluation, "on_delete": OnDelete.cascade, "index": True},
    ),
    ("position", Integer, {}),
    ("code", Varchar, {"length": 20}),
    ("level", Integer, {}),
    ("comment", Text, {"null": True, "default": None}),
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="serafin", description=DESCRIPTION)
    for class_name, tablename, columns in (
        ("SerafinEvaluation", "serafin_evaluation", _EVALUATION),
        ("SerafinEvaluationItem", "serafin_evaluation_item", _ITEM),
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
