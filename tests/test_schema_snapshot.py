"""The committed ``schema.graphql`` is the schema the core builds (update it with ``opendui schema``)."""

from __future__ import annotations

from pathlib import Path

from opendui.graphql.schema import print_schema
from opendui.plugins import get_plugin_manager
from opendui.settings import Mode, Settings

SNAPSHOT = Path(__file__).resolve().parents[1] / "schema.graphql"


def test_committed_schema_is_current() -> None:
    built = print_schema(get_plugin_manager(load_entrypoints=False), Settings.from_env({}, mode=Mode.DEV))
    assert SNAPSHOT.read_text(encoding="utf-8") == built, (
        "schema.graphql is stale: run `OPENDUI_LOAD_PLUGINS= opendui schema -o schema.graphql`"
    )


def test_production_schema_equals_dev_schema() -> None:
    """Modes change what is reachable (introspection, IDE), never the schema itself."""
    pm = get_plugin_manager(load_entrypoints=False)
    assert print_schema(pm, Settings.from_env({}, mode=Mode.PRODUCTION)) == print_schema(pm, Settings.from_env({}, mode=Mode.DEV))
