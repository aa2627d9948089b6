"""The PostgreSQL engine: piccolo's, with a pool opened in the application lifespan.

It counts statements like the embedded engine (benchmarks and N+1 tests rely on it) and offers the
same :meth:`fetch_sql` fast path with ``$n`` placeholders. The pool's connections set a
``statement_timeout`` and an ``idle_in_transaction_session_timeout`` so that a runaway query or a
forgotten transaction cannot hold a connection forever.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from piccolo.engine.postgres import PostgresEngine
from piccolo.querystring import QueryString


class PooledPostgresEngine(PostgresEngine):
    """piccolo's PostgreSQL engine with statement counting and a compiled-SQL fast path."""

    def __init__(
        self, url: str, *, statement_timeout_ms: int = 30_000, **kwargs: Any
    ) -> None:
        parts = urlsplit(url)
        config: dict[str, Any] = {
            "host": parts.hostname or "127.0.0.1",
            "port": parts.port or 5432,
            "user": parts.username or "postgres",
            "database": (parts.path or "/postgres").lstrip("/") or "postgres",
        }
        if parts.password:
            config["password"] = parts.password
        super().__init__(config=config, **kwargs)
        self.url = url
        self.statement_timeout_ms = statement_timeout_ms
        #: Number of SQL statements executed, for benchmarks and N+1 tests.
        self.statement_count = 0

    async def start_connection_pool(self, **kwargs: Any) -> None:
        settings = {
            "statement_timeout": str(self.statement_timeout_ms),
            "idle_in_transaction_session_timeout": str(self.statement_timeout_ms * 2),
        }
        kwargs.setdefault("server_settings", settings)
        await super().start_connection_pool(**kwargs)

    async def run_querystring(self, querystring: QueryString, in_pool: bool = True) -> Any:
        self.statement_count += 1
        return await super().run_querystring(querystring, in_pool=in_pool)

    async def run_ddl(self, ddl: str, in_pool: bool = True) -> Any:
        self.statement_count += 1
        return await super().run_ddl(ddl, in_pool=in_pool)

    async def fetch_sql(self, sql: str, args: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        """Run already-compiled SQL (``$n`` placeholders) in the current transaction or the pool."""
        self.statement_count += 1
        transaction = self.current_transaction.get()
        if transaction is not None:
            rows = await transaction.connection.fetch(sql, *args)
        elif self.pool is not None:
            async with self.pool.acquire() as connection:
                rows = await connection.fetch(sql, *args)
        else:
            connection = await self.get_new_connection()
            try:
                rows = await connection.fetch(sql, *args)
            finally:
                await connection.close()
        return [dict(row) for row in rows]

    async def execute_many(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        """Run one compiled statement for many parameter rows, in the current transaction."""
        self.statement_count += 1
        transaction = self.current_transaction.get()
        if transaction is not None:
            await transaction.connection.executemany(sql, rows)
            return
        if self.pool is None:
            raise RuntimeError("the PostgreSQL pool is not started")
        async with self.pool.acquire() as connection:
            await connection.executemany(sql, rows)
