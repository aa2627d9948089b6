"""The :class:`Database`: one engine, its app registry, and a compiled-SQL fast path.

Most writes go through piccolo's query builder. Hot read paths (lists, point reads, DataLoader
batches) use :meth:`Database.fetch` with SQL written once with ``{}`` placeholders, compiled per
dialect and cached, then executed directly on the engine (no query-builder work per call).
"""

from __future__ import annotations

import os
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import lru_cache
from typing import Any

from piccolo.apps.migrations.tables import Migration
from piccolo.engine.base import Engine

from opendui.db import piccolo_conf
from opendui.db.postgres import PooledPostgresEngine
from opendui.db.registry import OpenDUIAppRegistry
from opendui.db.sqlite import EmbeddedSQLiteEngine
from opendui.settings import Settings

_PLACEHOLDER = re.compile(r"\{\}")


@lru_cache(maxsize=1024)
def compile_sql(template: str, dialect: str) -> str:
    """Turn ``{}`` placeholders into ``?`` (SQLite) or ``$1, $2...`` (PostgreSQL)."""
    if dialect == "sqlite":
        return template.replace("{}", "?")
    counter = iter(range(1, 10_000))
    return _PLACEHOLDER.sub(lambda _match: f"${next(counter)}", template)


def create_engine(settings: Settings) -> Engine[Any]:
    """The piccolo engine for ``settings.database_url``."""
    if settings.engine_kind == "postgres":
        return PooledPostgresEngine(settings.database_url)
    path = settings.database_url.removeprefix("sqlite:///")
    return EmbeddedSQLiteEngine(path)


class Database:
    """A database engine bound to the tables of a registry.

    :param engine: the piccolo engine (embedded SQLite or pooled PostgreSQL).
    :param registry: the apps whose tables this database holds.
    """

    def __init__(
        self,
        engine: Engine[Any],
        registry: OpenDUIAppRegistry,
        *,
        pool_min: int = 1,
        pool_max: int = 10,
    ) -> None:
        self.engine = engine
        self.pool_min = pool_min
        self.pool_max = pool_max
        self.registry = registry
        self.dialect = "postgres" if isinstance(engine, PooledPostgresEngine) else "sqlite"
        self._fetch_sql = engine.fetch_sql  # type: ignore[attr-defined]
        self.bind()

    def bind(self) -> None:
        """Point every table of the registry (and piccolo's own) at this engine."""
        for table in [*self.registry.tables(), Migration]:
            table._meta.db = self.engine
        piccolo_conf.install(self.engine, self.registry)
        os.environ["PICCOLO_CONF"] = piccolo_conf.__name__

    async def open(self) -> None:
        """Open connections (the PostgreSQL pool; SQLite connects lazily)."""
        self.bind()
        if isinstance(self.engine, PooledPostgresEngine) and self.engine.pool is None:
            await self.engine.start_connection_pool(
                min_size=self.pool_min, max_size=self.pool_max
            )

    async def close(self) -> None:
        """Close connections."""
        if isinstance(self.engine, PooledPostgresEngine):
            if self.engine.pool is not None:
                await self.engine.close_connection_pool()
        elif isinstance(self.engine, EmbeddedSQLiteEngine):
            self.engine.close()

    @property
    def statement_count(self) -> int:
        """SQL statements executed so far (benchmarks and N+1 tests diff it)."""
        return int(self.engine.statement_count)  # type: ignore[attr-defined]

    async def fetch(self, template: str, *args: Any) -> list[dict[str, Any]]:
        """Run ``template`` (``{}`` placeholders) with ``args``; rows as dicts."""
        return await self._fetch_sql(compile_sql(template, self.dialect), args)

    async def fetchrow(self, template: str, *args: Any) -> dict[str, Any] | None:
        """The first row of :meth:`fetch`, or ``None``."""
        rows = await self._fetch_sql(compile_sql(template, self.dialect), args)
        return rows[0] if rows else None

    async def execute_many(self, template: str, rows: list[tuple[Any, ...]]) -> None:
        """Run ``template`` once per parameter row (one round trip, one statement count)."""
        if rows:
            await self.engine.execute_many(  # type: ignore[attr-defined]
                compile_sql(template, self.dialect), rows
            )

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        """A write transaction (``BEGIN IMMEDIATE`` on SQLite); nested use joins the outer one."""
        async with self.engine.transaction():
            yield

    def in_transaction(self) -> bool:
        """Whether the current task runs inside :meth:`transaction`."""
        return self.engine.current_transaction.get() is not None

    async def table_names(self) -> list[str]:
        """Names of the tables that exist in the database (for health checks and tests)."""
        if self.dialect == "sqlite":
            rows = await self.fetch("SELECT name FROM sqlite_master WHERE type = 'table'")
        else:
            rows = await self.fetch(
                "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()"
            )
        return sorted(row["name"] for row in rows)
