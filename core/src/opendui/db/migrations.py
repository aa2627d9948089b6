"""Apply the migrations of every registered piccolo app, in dependency order.

A thin runner over piccolo's migration modules: it uses OpenDUI's registry and engine instead of
piccolo's ``Finder``, records each migration in piccolo's ``migration`` table (so piccolo's own CLI
sees the same history), and reports progress through a callback instead of printing.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from contextlib import redirect_stdout
from dataclasses import dataclass

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.apps.migrations.commands.base import BaseMigrationManager
from piccolo.apps.migrations.tables import Migration

from opendui.db.registry import OpenDUIAppRegistry


@dataclass(frozen=True)
class PendingMigration:
    """A migration that has not run yet."""

    app_name: str
    migration_id: str


class _Runner(BaseMigrationManager):
    def __init__(self, registry: OpenDUIAppRegistry) -> None:
        super().__init__()
        self._registry = registry

    def get_app_registry(self) -> OpenDUIAppRegistry:  # type: ignore[override]
        return self._registry


async def pending_migrations(registry: OpenDUIAppRegistry) -> list[PendingMigration]:
    """The migrations of every app that have not run, in the order they would run."""
    runner = _Runner(registry)
    await runner.create_migration_table()
    pending: list[PendingMigration] = []
    for app_config in registry.app_configs_sorted():
        done = set(await Migration.get_migrations_which_ran(app_name=app_config.app_name))
        modules = runner.get_migration_modules(app_config.resolved_migrations_folder_path)
        for migration_id in runner.get_migration_ids(modules):
            if migration_id not in done:
                pending.append(PendingMigration(app_config.app_name, migration_id))
    return pending


async def migrate(
    registry: OpenDUIAppRegistry,
    progress: Callable[[PendingMigration], None] | None = None,
) -> list[PendingMigration]:
    """Run every pending migration; return the ones that ran.

    Each migration runs in its own transaction together with its ``migration`` row.
    """
    runner = _Runner(registry)
    todo = await pending_migrations(registry)
    modules_by_app = {
        config.app_name: runner.get_migration_modules(config.resolved_migrations_folder_path)
        for config in registry.app_configs_sorted()
    }
    engine = Migration._meta.db
    for item in todo:
        module = modules_by_app[item.app_name][item.migration_id]
        manager = await module.forwards()
        async with engine.transaction():
            if isinstance(manager, MigrationManager):
                with redirect_stdout(io.StringIO()):  # piccolo prints progress
                    await manager.run()
            await Migration.insert(Migration(name=item.migration_id, app_name=item.app_name))
        if progress is not None:
            progress(item)
    return todo


async def rollback_all(registry: OpenDUIAppRegistry) -> None:
    """Undo every migration, newest first (used by the migration round-trip test)."""
    runner = _Runner(registry)
    engine = Migration._meta.db
    for app_config in reversed(registry.app_configs_sorted()):
        done = await Migration.get_migrations_which_ran(app_name=app_config.app_name)
        modules = runner.get_migration_modules(app_config.resolved_migrations_folder_path)
        for migration_id in sorted(done, reverse=True):
            manager = await modules[migration_id].forwards()
            async with engine.transaction():
                if isinstance(manager, MigrationManager):
                    with redirect_stdout(io.StringIO()):
                        await manager.run(backwards=True)
                await Migration.delete().where(
                    (Migration.name == migration_id) & (Migration.app_name == app_config.app_name)
                )
