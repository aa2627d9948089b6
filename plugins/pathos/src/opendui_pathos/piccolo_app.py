"""piccolo app ``pathos``: depends on the core app (coupes reference usagers)."""

from __future__ import annotations

from pathlib import Path

from opendui_sdk.tables import CORE_APP
from piccolo.conf.apps import AppConfig

from opendui_pathos.tables import PathosCoupe, PathosCoupeItem, PathosPointsTable

APP_CONFIG = AppConfig(
    app_name="pathos",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[PathosCoupe, PathosCoupeItem, PathosPointsTable],
    migration_dependencies=[CORE_APP],
)
