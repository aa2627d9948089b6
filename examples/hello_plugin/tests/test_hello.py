"""The example plugin, installed through its entry point, as a plugin author would test it."""

from __future__ import annotations

import datetime as dt

import pytest

from opendui_sdk.testing import PlatformFactory, seed

GREET = 'mutation($id: ID!, $text: String!) { hello { greet(usagerId: $id, text: $text) { text authorLabel } } }'
READ = 'query($id: ID!) { hello { greetings(usagerId: $id) { text } } usager(id: $id) { helloGreetingCount } }'


async def platform_with_usager(opendui_factory: PlatformFactory) -> tuple[object, str]:
    platform = await opendui_factory(load_entrypoints=True, allow=["hello"])
    s = await seed(platform)
    from opendui_sdk import UsagerRecord  # noqa: F401  (the SDK re-exports the records plugins see)

    usager = await platform.system().access.usagers.create(  # type: ignore[attr-defined]
        s.ehpad_id,
        __import__("opendui.access.usagers", fromlist=["IdentityInput"]).IdentityInput(
            birth_name="Blanc", birth_given_names=["Lucie"], birth_date=dt.date(1932, 8, 15), sex="F"
        ),
    )
    return platform, str(usager.id)


@pytest.mark.asyncio
async def test_plugin_is_installed_and_listed(opendui_factory: PlatformFactory) -> None:
    platform = await opendui_factory(load_entrypoints=True, allow=["hello"])
    assert "hello" in platform.runtime.pm.plugin_names()
    assert platform.runtime.pm.version_of("hello") == "0.1.0"
    assert "hello_greeting" in await platform.db.table_names()


@pytest.mark.asyncio
async def test_greet_and_read_back(opendui_factory: PlatformFactory) -> None:
    platform, usager_id = await platform_with_usager(opendui_factory)
    body = await platform.graphql(GREET, {"id": usager_id, "text": "  Bon anniversaire !  "}, login="nurse")  # type: ignore[attr-defined]
    assert body["data"]["hello"]["greet"] == {"text": "Bon anniversaire !", "authorLabel": "Test NURSE"}
    read = await platform.graphql(READ, {"id": usager_id}, login="nurse")  # type: ignore[attr-defined]
    assert read["data"] == {"hello": {"greetings": [{"text": "Bon anniversaire !"}]}, "usager": {"helloGreetingCount": 1}}
    audit = await platform.db.fetch("SELECT action FROM core_audit_entry WHERE object_type = 'HelloGreeting' ORDER BY id")  # type: ignore[attr-defined]
    assert [row["action"] for row in audit] == ["CREATE", "READ"]


@pytest.mark.asyncio
async def test_scope_and_validation(opendui_factory: PlatformFactory) -> None:
    platform, usager_id = await platform_with_usager(opendui_factory)
    hidden = await platform.graphql(GREET, {"id": usager_id, "text": "Bonjour"}, login="educator", expect_errors=True)  # type: ignore[attr-defined]
    assert hidden["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    empty = await platform.graphql(GREET, {"id": usager_id, "text": "   "}, login="nurse", expect_errors=True)  # type: ignore[attr-defined]
    assert empty["errors"][0]["extensions"]["code"] == "VALIDATION_ERROR"
    assert await platform.db.fetch("SELECT id FROM hello_greeting") == []  # type: ignore[attr-defined]
