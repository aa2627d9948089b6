"""Create ``aggir_evaluation`` (SQLite and PostgreSQL).

Hand-written: the column list is frozen here, independent of later changes to ``db_tables``.
"""

from typing import Any

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete
from piccolo.columns.column_types import UUID, Date, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.table import Table

ID = "2026-11-23T05:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Create aggir_evaluation"


class Usager(Table, tablename="core_usager"):
    id = UUID(primary_key=True)


class Professional(Table, tablename="core_professional"):
    id = UUID(primary_key=True)


_DISCRIMINANT = (
    "coherence",
    "orientation",
    "toilette",
    "habillage",
    "alimentation",
    "elimination",
    "transferts",
    "deplacement_interieur",
    "deplacement_exterieur",
    "communication",
)
_ILLUSTRATIVE = (
    "gestion",
    "cuisine",
    "menage",
    "transports",
    "achats",
    "suivi_traitement",
    "activites_temps_libre",
)

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
    *[(name, Varchar, {"length": 1}) for name in _DISCRIMINANT],
    *[(name, Varchar, {"length": 1, "null": True, "default": None}) for name in _ILLUSTRATIVE],
    ("adverbs", Text, {"null": True, "default": None}),
    ("gir", Integer, {}),
    ("rang", Integer, {}),
    ("groupe", Varchar, {"length": 1}),
    ("score", Integer, {}),
    ("created_at", Timestamptz, {}),
    ("supersedes", UUID, {"null": True, "default": None}),
    ("superseded_by", UUID, {"null": True, "default": None}),
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="aggir", description=DESCRIPTION)
    manager.add_table(class_name="AggirEvaluation", tablename="aggir_evaluation")
    for name, column_class, params in _EVALUATION:
        manager.add_column(
            table_class_name="AggirEvaluation",
            tablename="aggir_evaluation",
            column_name=name,
            db_column_name=name,
            column_class_name=column_class.__name__,
            column_class=column_class,
            params=params,
        )
    return manager
