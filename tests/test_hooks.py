"""Every hook of the contract is exercised here by a ``test_hook_<name>`` test.

``test_every_hook_has_a_test`` keeps it so: adding a hook without a test fails the suite.
"""

from __future__ import annotations

import datetime as dt
import inspect
import sys
from collections.abc import AsyncIterator

import pytest
from click.testing import CliRunner

from opendui import hookspecs
from opendui.access.documents import DocumentInput
from opendui.access.usagers import IdentityInput
from opendui.cli import build_cli
from opendui.graphql.schema import print_schema
from opendui_sdk.testing import Platform, PlatformFactory, seed
from tests.plugins import recorder

HOOK_NAMES = sorted(name for name, fn in inspect.getmembers(hookspecs, inspect.isfunction) if hasattr(fn, "opendui_spec"))


def test_every_hook_has_a_test() -> None:
    tests = {name for name in dir(sys.modules[__name__]) if name.startswith("test_hook_")}
    missing = [name for name in HOOK_NAMES if f"test_hook_{name}" not in tests]
    assert not missing, f"hooks without a test_hook_<name> test: {missing}"
    assert len(HOOK_NAMES) >= 20


@pytest.fixture(autouse=True)
def _clear_calls() -> None:
    recorder.CALLS.clear()


async def with_recorder(factory: PlatformFactory) -> Platform:
    return await factory(plugins=[("recorder", recorder)])


def called(name: str) -> list[dict[str, object]]:
    return [kwargs for hook, kwargs in recorder.CALLS if hook == name]


async def _bytes(data: bytes) -> AsyncIterator[bytes]:
    yield data


@pytest.mark.asyncio
async def test_hook_register_piccolo_apps(opendui_factory: PlatformFactory) -> None:
    import opendui_hello.plugin

    platform = await opendui_factory(plugins=[("hello", opendui_hello.plugin)])
    assert "hello_greeting" in await platform.db.table_names()
    assert platform.runtime.registry.owners["hello"] == "hello"


@pytest.mark.asyncio
async def test_hook_register_graphql_queries(opendui_factory: PlatformFactory) -> None:
    platform = await with_recorder(opendui_factory)
    await seed(platform)
    body = await platform.graphql('{ recorder { echo(text: "abc") } }', login="nurse")
    assert body["data"] == {"recorder": {"echo": "ABC"}}


@pytest.mark.asyncio
async def test_hook_register_graphql_mutations(opendui_factory: PlatformFactory) -> None:
    platform = await with_recorder(opendui_factory)
    await seed(platform)
    body = await platform.graphql("mutation { recorder { ping } }", login="nurse")
    assert body["data"] == {"recorder": {"ping": "pong"}}


def test_hook_register_graphql_types() -> None:
    from opendui.plugins import get_plugin_manager
    from opendui.settings import Settings

    sdl = print_schema(get_plugin_manager(load_entrypoints=False, plugins=[("recorder", recorder)]), Settings.from_env({}, mode="dev"))
    assert "type RecorderStandalone {" in sdl


@pytest.mark.asyncio
async def test_hook_register_type_extensions(opendui_factory: PlatformFactory) -> None:
    platform = await with_recorder(opendui_factory)
    s = await seed(platform)
    usager = await platform.system().access.usagers.create(
        s.ehpad_id, IdentityInput(birth_name="Durand", birth_given_names=["Anne"], birth_date=dt.date(1940, 1, 1), sex="F")
    )
    body = await platform.graphql("query($id: ID!) { usager(id: $id) { ipp recorderIppLength } }", {"id": str(usager.id)}, login="nurse")
    assert body["data"]["usager"]["recorderIppLength"] == len(body["data"]["usager"]["ipp"])


@pytest.mark.asyncio
async def test_hook_register_schema_extensions(opendui_factory: PlatformFactory) -> None:
    platform = await with_recorder(opendui_factory)
    await seed(platform)
    await platform.graphql("{ me { isSystem } }", login="nurse")
    assert len(called("schema_extension")) == 1


@pytest.mark.asyncio
async def test_hook_register_dataloaders(opendui_factory: PlatformFactory) -> None:
    platform = await with_recorder(opendui_factory)
    await seed(platform)
    body = await platform.graphql('{ a: recorder { echo(text: "x") } b: recorder { echo(text: "y") } }', login="nurse")
    assert body["data"] == {"a": {"echo": "X"}, "b": {"echo": "Y"}}
    assert [sorted(call["keys"]) for call in called("dataloader_batch")] == [["x", "y"]]  # type: ignore[type-var]


@pytest.mark.asyncio
async def test_hook_register_permissions(opendui_factory: PlatformFactory) -> None:
    platform = await with_recorder(opendui_factory)
    s = await seed(platform)
    assert platform.runtime.permission_roles("recorder.use") == frozenset({"soignant"})
    principal = await platform.runtime.principal_for(recorder_actor("nurse"))
    from opendui.context import RequestContext

    context = RequestContext(runtime=platform.runtime, principal=principal)
    assert context.can("recorder.use", s.ehpad_id)
    assert not context.can("recorder.use", s.ime_id)


def recorder_actor(login: str) -> object:
    from opendui.security import Actor, ActorKind

    return Actor(kind=ActorKind.PROFESSIONAL, subject=login, issuer="test")


@pytest.mark.asyncio
async def test_hook_register_routes(opendui_factory: PlatformFactory) -> None:
    platform = await with_recorder(opendui_factory)
    response = await platform.client.get("/plugins/recorder/status")
    assert response.status_code == 200
    assert response.json() == {"recorder": "ok"}
    assert (await platform.client.get("/status")).status_code == 404


@pytest.mark.asyncio
async def test_hook_register_middleware(opendui_factory: PlatformFactory) -> None:
    platform = await with_recorder(opendui_factory)
    response = await platform.client.get("/healthz")
    assert response.headers["x-recorder"] == "1"
    assert response.headers["x-content-type-options"] == "nosniff"


def test_hook_register_commands() -> None:
    from opendui.plugins import get_plugin_manager
    from opendui.settings import Settings

    settings = Settings.from_env({})
    cli = build_cli(settings, get_plugin_manager(load_entrypoints=False, plugins=[("recorder", recorder)]))
    result = CliRunner().invoke(cli, ["recorder-hello"])
    assert result.exit_code == 0
    assert result.output == "hello from recorder\n"


@pytest.mark.asyncio
async def test_hook_register_storage_backends(opendui_factory: PlatformFactory) -> None:
    platform = await with_recorder(opendui_factory)
    assert isinstance(platform.runtime.storage("memory"), recorder.MemoryStorage)
    assert platform.runtime.storage("filesystem").name == "filesystem"


@pytest.mark.asyncio
async def test_hook_actor_from_request(opendui_factory: PlatformFactory) -> None:
    platform = await with_recorder(opendui_factory)
    await seed(platform)
    response = await platform.client.post(
        "/graphql",
        json={"query": "{ me { professional { login } } }"},
        headers={"Authorization": f"Bearer {platform.token('nurse')}", "X-Recorder-Actor": "seen"},
    )
    assert response.json()["data"]["me"]["professional"]["login"] == "nurse"
    assert called("actor_from_request") == [{"header": "seen"}]


@pytest.mark.asyncio
async def test_hook_on_startup(opendui_factory: PlatformFactory) -> None:
    platform = await with_recorder(opendui_factory)
    async with platform.app.router.lifespan_context(platform.app):
        assert len(called("on_startup")) == 1
        assert called("on_shutdown") == []
    await platform.runtime.open()  # the lifespan closed it; the fixture closes it again


@pytest.mark.asyncio
async def test_hook_on_shutdown(opendui_factory: PlatformFactory) -> None:
    platform = await with_recorder(opendui_factory)
    async with platform.app.router.lifespan_context(platform.app):
        pass
    assert len(called("on_shutdown")) == 1
    await platform.runtime.open()


async def _usager(platform: Platform, ehpad_id: object) -> object:
    return await platform.system().access.usagers.create(
        ehpad_id,  # type: ignore[arg-type]
        IdentityInput(birth_name="Petit", birth_given_names=["Louis"], birth_date=dt.date(1935, 5, 5), sex="M", birthplace_code="69383"),
    )


@pytest.mark.asyncio
async def test_hook_on_usager_created(opendui_factory: PlatformFactory) -> None:
    platform = await with_recorder(opendui_factory)
    s = await seed(platform)
    usager = await _usager(platform, s.ehpad_id)
    assert [call["usager"] for call in called("on_usager_created")] == [usager]


@pytest.mark.asyncio
async def test_hook_on_usager_updated(opendui_factory: PlatformFactory) -> None:
    platform = await with_recorder(opendui_factory)
    s = await seed(platform)
    usager = await _usager(platform, s.ehpad_id)
    await platform.system().access.usagers.update_identity(usager.id, 1, {"used_name": "Martin"})  # type: ignore[attr-defined]
    (call,) = called("on_usager_updated")
    assert call["changes"]["used_name"] == (None, "MARTIN")  # type: ignore[index]


@pytest.mark.asyncio
async def test_hook_on_identity_status_changed(opendui_factory: PlatformFactory) -> None:
    platform = await with_recorder(opendui_factory)
    s = await seed(platform)
    usager = await _usager(platform, s.ehpad_id)
    await platform.system().access.usagers.update_identity(usager.id, 1, {"status": "VALI", "validation_mode": "CN"})  # type: ignore[attr-defined]
    assert called("on_identity_status_changed") == [{"old": "PROV", "new": "VALI"}]


@pytest.mark.asyncio
async def test_hook_on_sejour_opened(opendui_factory: PlatformFactory) -> None:
    platform = await with_recorder(opendui_factory)
    s = await seed(platform)
    usager = await _usager(platform, s.ehpad_id)
    sejour = await platform.system().access.sejours.open(
        usager_id=usager.id, etablissement_id=s.ehpad_id, type_accueil="46", entry_date=dt.date(2025, 1, 6)  # type: ignore[attr-defined]
    )
    assert [call["sejour"] for call in called("on_sejour_opened")] == [sejour]


@pytest.mark.asyncio
async def test_hook_on_sejour_closed(opendui_factory: PlatformFactory) -> None:
    platform = await with_recorder(opendui_factory)
    s = await seed(platform)
    usager = await _usager(platform, s.ehpad_id)
    access = platform.system().access
    sejour = await access.sejours.open(usager_id=usager.id, etablissement_id=s.ehpad_id, type_accueil="46", entry_date=dt.date(2025, 1, 6))  # type: ignore[attr-defined]
    closed = await access.sejours.close(sejour.id, exit_date=dt.date(2025, 3, 1), expected_version=sejour.version)
    assert [call["sejour"] for call in called("on_sejour_closed")] == [closed]
    assert closed.status == "closed"


@pytest.mark.asyncio
async def test_hook_on_document_added(opendui_factory: PlatformFactory) -> None:
    platform = await with_recorder(opendui_factory)
    s = await seed(platform)
    usager = await _usager(platform, s.ehpad_id)
    document = await platform.system().access.documents.add(
        DocumentInput(usager_id=usager.id, title="Note", type_code="11488-4", section="sante", filename="n.txt", mime_type="text/plain"),  # type: ignore[attr-defined]
        _bytes(b"Observation du jour"),
    )
    assert [call["document"] for call in called("on_document_added")] == [document]


class FailingPlugin:
    """Refuses every new usager: the event's exception must roll the creation back."""

    @staticmethod
    @__import__("opendui_sdk").hookimpl
    def on_usager_created(usager: object) -> None:
        raise RuntimeError("refused by plugin")


@pytest.mark.asyncio
async def test_event_exception_rolls_back_the_write(opendui_factory: PlatformFactory) -> None:
    platform = await opendui_factory(plugins=[("failing", FailingPlugin())])
    s = await seed(platform)
    with pytest.raises(RuntimeError, match="refused by plugin"):
        await _usager(platform, s.ehpad_id)
    assert await platform.db.fetch("SELECT id FROM core_usager") == []
    assert await platform.db.fetch("SELECT id FROM core_identity") == []
    audit = await platform.db.fetch("SELECT action FROM core_audit_entry WHERE object_type = 'Usager'")
    assert audit == []
