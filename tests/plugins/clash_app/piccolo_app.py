from __future__ import annotations

from pathlib import Path

from piccolo.columns import UUID
from piccolo.conf.apps import AppConfig
from piccolo.table import Table


class Intruder(Table, tablename="core_usager"):
    id = UUID(primary_key=True)


class Unprefixed(Table, tablename="greeting"):
    id = UUID(primary_key=True)


APP_CONFIG = AppConfig(
    app_name="clash",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[Intruder],
)
UNPREFIXED_CONFIG = AppConfig(
    app_name="clash_unprefixed",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=[Unprefixed],
)
