"""piccolo app ``core``: the tables every plugin may reference."""

from __future__ import annotations

from pathlib import Path

from piccolo.conf.apps import AppConfig

from opendui.domain.tables import CORE_TABLES

APP_CONFIG = AppConfig(
    app_name="core",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=list(CORE_TABLES),
    migration_dependencies=[],
    commands=[],
)
