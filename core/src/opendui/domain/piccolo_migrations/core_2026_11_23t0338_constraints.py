"""Constraints piccolo columns cannot express: composite and partial unique indexes.

Raw SQL valid on SQLite and PostgreSQL. piccolo runs a migration's raw steps before its table
steps, hence a migration of its own after the initial schema.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-23T03:38:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Composite and partial unique indexes of the core tables"

_INDEXES = {
    "core_membership_unique": "ON core_membership (professional, etablissement, role)",
    # one open séjour per usager and établissement
    "core_sejour_one_open": "ON core_sejour (usager, etablissement) WHERE status = 'open'",
    # one current version per logical document
    "core_document_one_current": "ON core_document (set_id) WHERE status = 'current'",
}
_PLAIN_INDEXES = {
    "core_audit_entry_actor": "ON core_audit_entry (actor_id, at)",
}


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="core", description=DESCRIPTION)

    async def create() -> None:
        engine = engine_finder()
        assert engine is not None
        for name, definition in _INDEXES.items():
            await engine.run_ddl(f"CREATE UNIQUE INDEX {name} {definition}")
        for name, definition in _PLAIN_INDEXES.items():
            await engine.run_ddl(f"CREATE INDEX {name} {definition}")

    async def drop() -> None:
        engine = engine_finder()
        assert engine is not None
        for name in [*_INDEXES, *_PLAIN_INDEXES]:
            await engine.run_ddl(f"DROP INDEX {name}")

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
