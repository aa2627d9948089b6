"""piccolo app ``aggir``: depends on the core app (evaluations reference usagers)."""

from __future__ import annotations

from pathlib import Path

from opendui_sdk.tables import CORE_APP
from piccolo.conf.apps import AppConfig

from opendui_aggir.db_tables import AggirEvaluation

APP_CONFIG = AppConfig(
    app_name="aggir",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[AggirEvaluation],
    migration_dependencies=[CORE_APP],
)
