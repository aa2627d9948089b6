"""Hash chain of the audit trail: ``prev_hash`` and ``hash`` columns, and the checkpoint table.

Raw SQL valid on SQLite and PostgreSQL (only the auto-increment key of the new table differs).
Entries that exist when the migration runs are **chained by the migration itself**, in id order,
from the genesis hash: after it, ``opendui audit verify`` covers every entry, old ones included.
"""

from typing import Any

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-23T05:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Hash chain of the audit trail and its checkpoints"

_PAGE = 1000


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="core", description=DESCRIPTION)

    async def create() -> None:
        from opendui.access.audit_chain import FIELDS, GENESIS, entry_hash
        from opendui.db.database import compile_sql

        engine: Any = engine_finder()
        assert engine is not None
        dialect = "sqlite" if engine.engine_type == "sqlite" else "postgres"
        key = "INTEGER PRIMARY KEY" if dialect == "sqlite" else "BIGSERIAL PRIMARY KEY"
        await engine.run_ddl("ALTER TABLE core_audit_entry ADD COLUMN prev_hash VARCHAR(64) NULL")
        await engine.run_ddl("ALTER TABLE core_audit_entry ADD COLUMN hash VARCHAR(64) NULL")
        await engine.run_ddl(
            f"CREATE TABLE core_audit_checkpoint (id {key}, created_at TIMESTAMPTZ NOT NULL, "
            "last_entry_id BIGINT NOT NULL, last_hash VARCHAR(64) NOT NULL, "
            "entries_purged BIGINT NOT NULL DEFAULT 0, reason TEXT NOT NULL DEFAULT '')"
        )
        # Chain the existing entries, page by page.
        select = compile_sql(
            f"SELECT id, {', '.join(FIELDS)} FROM core_audit_entry WHERE id > {{}} ORDER BY id LIMIT {_PAGE}",
            dialect,
        )
        update = compile_sql("UPDATE core_audit_entry SET prev_hash = {}, hash = {} WHERE id = {}", dialect)
        prev, after = GENESIS, 0
        while True:
            rows = await engine.fetch_sql(select, (after,))
            changes = []
            for row in rows:
                digest = entry_hash(prev, [row[name] for name in FIELDS])
                changes.append((prev, digest, row["id"]))
                prev = digest
            if changes:
                await engine.execute_many(update, changes)
            if len(rows) < _PAGE:
                break
            after = rows[-1]["id"]

    async def drop() -> None:
        engine: Any = engine_finder()
        assert engine is not None
        await engine.run_ddl("DROP TABLE core_audit_checkpoint")
        await engine.run_ddl("ALTER TABLE core_audit_entry DROP COLUMN hash")
        await engine.run_ddl("ALTER TABLE core_audit_entry DROP COLUMN prev_hash")

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
