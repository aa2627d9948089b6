"""Migrations of the core and of a plugin run forwards, backwards and forwards again on both engines."""

from __future__ import annotations

import pytest

from opendui.db.migrations import migrate, pending_migrations, rollback_all
from opendui_sdk.testing import PlatformFactory


@pytest.mark.asyncio
async def test_migrations_round_trip(opendui_factory: PlatformFactory) -> None:
    import opendui_hello.plugin

    platform = await opendui_factory(plugins=[("hello", opendui_hello.plugin)])
    registry = platform.runtime.registry
    tables = set(await platform.db.table_names())
    assert {"core_usager", "core_identity", "core_audit_entry", "hello_greeting"} <= tables
    assert await pending_migrations(registry) == []

    await rollback_all(registry)
    remaining = set(await platform.db.table_names()) - {"migration"}
    assert not {t for t in remaining if t.startswith(("core_", "hello_"))}
    assert len(await pending_migrations(registry)) == 4

    applied = await migrate(registry)
    assert [m.app_name for m in applied] == ["core", "core", "core", "hello"]  # the plugin after the app it depends on
    assert set(await platform.db.table_names()) == tables
