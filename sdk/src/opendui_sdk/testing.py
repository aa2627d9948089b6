"""pytest fixtures to test OpenDUI and its plugins on SQLite and PostgreSQL.

Load with ``pytest_plugins = ["opendui_sdk.testing"]`` in the root ``conftest.py``. Tests that use
:func:`opendui_platform` or :func:`opendui_factory` run once per database engine listed in
``OPENDUI_TEST_DATABASES`` (default ``sqlite,postgres``). PostgreSQL is reached through
``OPENDUI_TEST_POSTGRES_URL`` (default ``postgresql://postgres@127.0.0.1:5432/postgres``); when it is
requested and unreachable the tests **fail**, they are never silently skipped. Set
``OPENDUI_TEST_DATABASES=sqlite`` to run without PostgreSQL.

Each plugin set is migrated once per session (a template file on SQLite, a database on
PostgreSQL); each test gets a fresh copy (SQLite) or truncated tables (PostgreSQL).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
import pytest_asyncio
from opendui.builtin.dev_tokens import mint
from opendui.context import RequestContext
from opendui.db.database import Database, create_engine
from opendui.db.migrations import migrate
from opendui.http.app import create_app
from opendui.plugins import PluginManager, get_plugin_manager
from opendui.runtime import Runtime
from opendui.settings import Mode, Settings

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


def engines_under_test() -> list[str]:
    """Engines to run database tests on, from ``OPENDUI_TEST_DATABASES``."""
    value = os.environ.get("OPENDUI_TEST_DATABASES", "sqlite,postgres")
    engines = [part.strip() for part in value.split(",") if part.strip()]
    unknown = set(engines) - {"sqlite", "postgres"}
    if unknown:
        raise pytest.UsageError(f"OPENDUI_TEST_DATABASES: unknown engine(s) {sorted(unknown)}")
    return engines


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "opendui_engine" in metafunc.fixturenames:
        metafunc.parametrize("opendui_engine", engines_under_test(), scope="session")


@dataclass
class _Templates:
    """Migrated databases per (engine, plugin set), created once per session."""

    root: Path
    sqlite: dict[tuple[str, ...], Path] = field(default_factory=dict)
    postgres: dict[tuple[str, ...], str] = field(default_factory=dict)
    schemas: dict[tuple[Any, ...], Any] = field(default_factory=dict)


_STATE: dict[str, _Templates] = {}


def _admin_url() -> str:
    return os.environ.get("OPENDUI_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)


async def _create_pg_database(name: str) -> str:
    admin = _admin_url()
    try:
        connection = await asyncpg.connect(admin)
    except (OSError, asyncpg.PostgresError) as error:
        raise RuntimeError(
            f"PostgreSQL is required by OPENDUI_TEST_DATABASES but {admin} is unreachable ({error}); "
            "start it, or set OPENDUI_TEST_DATABASES=sqlite"
        ) from error
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return admin.rsplit("/", 1)[0] + f"/{name}"


async def _drop_pg_databases(names: Sequence[str]) -> None:
    connection = await asyncpg.connect(_admin_url())
    try:
        for name in names:
            await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


@pytest.fixture(scope="session")
def _opendui_templates() -> Any:
    state = _Templates(root=Path(tempfile.mkdtemp(prefix="opendui-test-")))
    _STATE["current"] = state
    yield state
    if state.postgres:
        names = [url.rsplit("/", 1)[1] for url in state.postgres.values()]
        asyncio.run(_drop_pg_databases(names))
    shutil.rmtree(state.root, ignore_errors=True)


@dataclass
class Platform:
    """A running OpenDUI for one test: runtime, ASGI app and an HTTP client."""

    runtime: Runtime
    app: Any
    client: httpx.AsyncClient

    @property
    def db(self) -> Database:
        return self.runtime.db

    def token(self, login: str) -> str:
        """A development token for ``login``."""
        return mint(self.runtime.settings, login)

    async def graphql(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        login: str | None = None,
        token: str | None = None,
        expect_errors: bool = False,
    ) -> dict[str, Any]:
        """POST a GraphQL operation; returns the JSON body.

        Unless ``expect_errors``, an ``errors`` member fails the test with its content.
        """
        headers = {}
        if token or login:
            headers["Authorization"] = f"Bearer {token or self.token(login or '')}"
        response = await self.client.post("/graphql", json={"query": query, "variables": variables or {}}, headers=headers)
        body: dict[str, Any] = response.json()
        if not expect_errors and body.get("errors"):
            raise AssertionError(f"GraphQL errors: {body['errors']}")
        return body

    def system(self) -> RequestContext:
        """A system context (as the CLI and demo loader use) for setting up data."""
        return self.runtime.system_context("test")


PlatformFactory = Callable[..., Awaitable[Platform]]


@pytest_asyncio.fixture
async def opendui_factory(opendui_engine: str, _opendui_templates: _Templates, tmp_path: Path) -> AsyncIterator[PlatformFactory]:
    """An async factory of platforms: ``await opendui_factory(plugins=[("name", module)])``.

    Keyword arguments: ``plugins`` (explicit ``(name, plugin)`` pairs), ``load_entrypoints`` and
    ``allow`` (to test installed plugins), ``mode`` (default ``dev``), ``settings`` (field overrides).
    """
    started: list[Platform] = []

    async def make(
        *,
        plugins: Sequence[tuple[str, object]] = (),
        load_entrypoints: bool = False,
        allow: Sequence[str] | None = None,
        mode: Mode = Mode.DEV,
        settings: dict[str, Any] | None = None,
    ) -> Platform:
        pm = get_plugin_manager(load_entrypoints=load_entrypoints, allow=allow, plugins=plugins)
        key = (opendui_engine, *pm.plugin_names())
        base = Settings.from_env(
            {}, database_url="sqlite:///unused", data_dir=tmp_path / f"data{len(started)}", mode=mode, **(settings or {})
        )
        url = await _database_for(_opendui_templates, key, base, pm, tmp_path / f"db{len(started)}.sqlite")
        runtime = Runtime.build(base.with_changes(database_url=url), pm)
        schema_key = (key, mode, base.limits)
        if schema_key in _opendui_templates.schemas:
            runtime._schema = _opendui_templates.schemas[schema_key]
        app = create_app(runtime=runtime)
        _opendui_templates.schemas[schema_key] = runtime._schema
        await runtime.open()
        client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://opendui.test")
        platform = Platform(runtime=runtime, app=app, client=client)
        started.append(platform)
        return platform

    yield make
    for platform in started:
        await platform.client.aclose()
        if platform.runtime.db.dialect == "postgres":
            await _truncate(platform.runtime)
        await platform.runtime.close()


async def _database_for(state: _Templates, key: tuple[str, ...], settings: Settings, pm: PluginManager, copy_to: Path) -> str:
    engine = key[0]
    if engine == "sqlite":
        template = state.sqlite.get(key)
        if template is None:
            template = state.root / f"template-{len(state.sqlite)}.sqlite"
            await _migrate(settings.with_changes(database_url=f"sqlite:///{template}"), pm)
            state.sqlite[key] = template
        shutil.copyfile(template, copy_to)
        return f"sqlite:///{copy_to}"
    url = state.postgres.get(key)
    if url is None:
        url = await _create_pg_database(f"opendui_test_{os.getpid()}_{uuid.uuid4().hex[:8]}")
        await _migrate(settings.with_changes(database_url=url), pm)
        state.postgres[key] = url
    return url


async def _migrate(settings: Settings, pm: PluginManager) -> None:
    runtime = Runtime.build(settings, pm)
    await runtime.open()
    try:
        await migrate(runtime.registry)
    finally:
        await runtime.close()


async def _truncate(runtime: Runtime) -> None:
    names = [t._meta.tablename for t in runtime.registry.tables()]
    await runtime.db.fetch(f"TRUNCATE {', '.join(names)} RESTART IDENTITY CASCADE")


@dataclass(frozen=True)
class Seed:
    """Reference data most tests need: one organisme, an EHPAD, an IME and their staff.

    Logins: ``nurse`` (soignant, EHPAD), ``doctor`` (medical, EHPAD), ``clerk`` (administratif,
    EHPAD), ``educator`` (educatif, IME), ``director`` (direction and admin of both).
    """

    organisme_id: uuid.UUID
    ehpad_id: uuid.UUID
    ime_id: uuid.UUID


async def seed(platform: Platform) -> Seed:
    """Create the :class:`Seed` data through the data-access layer (as the system)."""
    from opendui.demo import _finess

    access = platform.system().access
    org = await access.organisations.create_organisme(finess_ej=_finess("99000001"), raison_sociale="Organisme de test")
    ehpad = await access.organisations.create_etablissement(
        organisme_id=org.id, finess_et=_finess("99000002"), name="EHPAD de test", categorie_code="500", secteur_activite="SA17"
    )
    ime = await access.organisations.create_etablissement(
        organisme_id=org.id, finess_et=_finess("99000003"), name="IME de test", categorie_code="183", secteur_activite="SA16"
    )
    g15 = "1.2.250.1.71.1.2.7"
    from opendui.domain.terminologies import ROLES_PRISE_EN_CHARGE_SYSTEM as r85

    staff = (
        ("nurse", g15, "60", [(ehpad.id, "soignant")]),
        ("doctor", g15, "10", [(ehpad.id, "medical")]),
        ("clerk", r85, "352", [(ehpad.id, "administratif")]),
        ("educator", r85, "326", [(ime.id, "educatif")]),
        ("director", r85, "312", [(ehpad.id, "direction"), (ehpad.id, "admin"), (ime.id, "direction"), (ime.id, "admin")]),
    )
    for login, system, code, memberships in staff:
        await access.professionals.create(
            login=login, last_name=login.upper(), first_name="Test", profession_system=system,
            profession_code=code, memberships=memberships,
        )
    return Seed(organisme_id=org.id, ehpad_id=ehpad.id, ime_id=ime.id)


async def load_demo_data(platform: Platform) -> bool:
    """Load the core's demo data set (what ``opendui demo`` loads) into an empty platform."""
    from opendui.demo import load_demo

    return await load_demo(platform.runtime)


@pytest_asyncio.fixture
async def opendui_platform(opendui_factory: PlatformFactory) -> Platform:
    """The core platform alone (no entry-point plugins), in dev mode."""
    return await opendui_factory()


__all__ = ["Platform", "PlatformFactory", "Seed", "load_demo_data", "seed", "create_engine", "opendui_factory", "opendui_platform", "engines_under_test"]
