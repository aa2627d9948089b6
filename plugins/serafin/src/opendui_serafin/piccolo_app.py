"""piccolo app ``serafin``: depends on the core app (evaluations reference usagers)."""

from __future__ import annotations

from pathlib import Path

from opendui_sdk.tables import CORE_APP
from piccolo.conf.apps import AppConfig

from opendui_serafin.tables import SerafinEvaluation, SerafinEvaluationItem

APP_CONFIG = AppConfig(
    app_name="serafin",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[SerafinEvaluation, SerafinEvaluationItem],
    migration_dependencies=[CORE_APP],
)
