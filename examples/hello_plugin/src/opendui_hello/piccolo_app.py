"""piccolo app ``hello``: depends on the core app because ``hello_greeting`` references usagers."""

from __future__ import annotations

from pathlib import Path

from piccolo.conf.apps import AppConfig

from opendui_hello.tables import Greeting
from opendui_sdk.tables import CORE_APP

APP_CONFIG = AppConfig(
    app_name="hello",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[Greeting],
    migration_dependencies=[CORE_APP],
)
