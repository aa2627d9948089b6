"""The embedded SQLite engine: long-lived connections, WAL, durable commits.

piccolo's :class:`~piccolo.engine.sqlite.SQLiteEngine` opens a new ``aiosqlite`` connection (and a
thread) for every query outside a transaction, which makes a primary-key read about 100 times slower
than :mod:`sqlite3`. This engine keeps two long-lived connections instead:

* a **reader** for statements starting with ``SELECT`` outside a transaction; in WAL mode it sees
  the last committed state and never blocks the writer;
* a **writer**, guarded by an asyncio lock, for everything else: each transaction starts with
  ``BEGIN IMMEDIATE`` (so two writers queue instead of failing with "database is locked"), and a
  statement outside a transaction is its own short transaction under the same lock.

Every connection sets ``journal_mode=WAL``, ``synchronous=FULL`` (an acknowledged commit survives a
power loss), ``foreign_keys=ON`` and a ``busy_timeout`` for other processes (the CLI next to a
running server).

Statements run synchronously on the event loop's thread: for an embedded database the statements of
an ESMS record take microseconds, and a thread hop would cost more than the query. Long exports
must page through results.
"""

from __future__ import annotations

import asyncio
import contextvars
import datetime
import sqlite3
import threading
import uuid
from pathlib import Path
from typing import Any

from piccolo.engine.sqlite import SQLiteEngine, TransactionType
from piccolo.querystring import QueryString

_READ_PREFIXES = ("SELECT", "select")

# -- faster converters ------------------------------------------------------------------------------
# piccolo registers Python converters for its column types (process-wide, ``sqlite3.register_*``).
# Identifiers repeat a lot (the same établissement on every row, the same usager in every query),
# so UUIDs are interned in bounded caches; timestamps skip piccolo's bytes->str wrapper. The values
# produced are exactly piccolo's: ``uuid.UUID``, timezone-aware ``datetime`` in UTC.

_UUID_OUT: dict[bytes, uuid.UUID] = {}
_UUID_IN: dict[uuid.UUID, str] = {}
_CACHE_LIMIT = 65_536
_UTC = datetime.timezone.utc


def _uuid_out(value: bytes) -> uuid.UUID:
    found = _UUID_OUT.get(value)
    if found is None:
        if len(_UUID_OUT) >= _CACHE_LIMIT:
            _UUID_OUT.clear()
        found = _UUID_OUT[value] = uuid.UUID(value.decode("ascii"))
    return found


def _uuid_in(value: uuid.UUID) -> str:
    found = _UUID_IN.get(value)
    if found is None:
        if len(_UUID_IN) >= _CACHE_LIMIT:
            _UUID_IN.clear()
        found = _UUID_IN[value] = str(value)
    return found


def _timestamptz_out(value: bytes) -> datetime.datetime:
    parsed = datetime.datetime.fromisoformat(value.decode("ascii"))
    return parsed if parsed.tzinfo is _UTC else parsed.replace(tzinfo=_UTC)


sqlite3.register_converter("UUID", _uuid_out)
sqlite3.register_adapter(uuid.UUID, _uuid_in)
sqlite3.register_converter("TIMESTAMPTZ", _timestamptz_out)


class EmbeddedTransaction:
    """A write transaction on the writer connection (``BEGIN IMMEDIATE`` ... ``COMMIT``).

    Nested use returns the outer transaction, as piccolo's own transactions do.
    """

    def __init__(self, engine: EmbeddedSQLiteEngine, transaction_type: TransactionType) -> None:
        self.engine = engine
        self.transaction_type = transaction_type
        self._parent: EmbeddedTransaction | None = engine.current_transaction.get()
        self._token: contextvars.Token[Any] | None = None
        self.connection: sqlite3.Connection | None = None

    async def __aenter__(self) -> EmbeddedTransaction:
        if self._parent is not None:
            return self._parent
        await self.engine.write_lock().acquire()
        try:
            self.connection = self.engine.writer
            kind = "IMMEDIATE" if self.transaction_type != TransactionType.exclusive else "EXCLUSIVE"
            self.engine.execute_sync(self.connection, f"BEGIN {kind}", ())
        except BaseException:
            self.engine.write_lock().release()
            raise
        self._token = self.engine.current_transaction.set(self)
        return self

    async def __aexit__(self, exc_type: Any, exc: Any, tb: Any) -> bool:
        if self._parent is not None:
            return False
        assert self.connection is not None and self._token is not None
        try:
            if exc_type is None:
                self.engine.execute_sync(self.connection, "COMMIT", ())
            else:
                self.engine.execute_sync(self.connection, "ROLLBACK", ())
        finally:
            self.engine.current_transaction.reset(self._token)
            self.engine.write_lock().release()
        return False

    async def commit(self) -> None:  # piccolo API compatibility
        """Not supported: a transaction commits when its ``async with`` block ends."""
        raise NotImplementedError("commit happens when the transaction block exits")


class EmbeddedSQLiteEngine(SQLiteEngine):
    """piccolo SQLite engine with persistent connections; see the module documentation."""

    def __init__(self, path: str | Path, *, busy_timeout_ms: int = 10_000, **kwargs: Any) -> None:
        super().__init__(path=str(path), check_same_thread=False, **kwargs)
        self.busy_timeout_ms = busy_timeout_ms
        self._reader: sqlite3.Connection | None = None
        self._writer: sqlite3.Connection | None = None
        self._locks: dict[asyncio.AbstractEventLoop, asyncio.Lock] = {}
        self._thread_lock = threading.Lock()
        #: Number of SQL statements executed, for benchmarks and N+1 tests.
        self.statement_count = 0

    # -- connections ----------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(**self.connection_kwargs)
        for pragma in (
            "PRAGMA journal_mode = WAL",
            "PRAGMA synchronous = FULL",
            "PRAGMA foreign_keys = ON",
            f"PRAGMA busy_timeout = {int(self.busy_timeout_ms)}",
        ):
            connection.execute(pragma)
        return connection

    @property
    def reader(self) -> sqlite3.Connection:
        """The long-lived read connection (opened on first use)."""
        if self._reader is None:
            self._reader = self._connect()
        return self._reader

    @property
    def writer(self) -> sqlite3.Connection:
        """The long-lived write connection (opened on first use)."""
        if self._writer is None:
            self._writer = self._connect()
        return self._writer

    def write_lock(self) -> asyncio.Lock:
        """The writer lock of the running event loop."""
        loop = asyncio.get_running_loop()
        lock = self._locks.get(loop)
        if lock is None:
            self._locks = {lp: lk for lp, lk in self._locks.items() if not lp.is_closed()}
            lock = self._locks[loop] = asyncio.Lock()
        return lock

    def close(self) -> None:
        """Close both connections (they reopen on next use)."""
        for connection in (self._reader, self._writer):
            if connection is not None:
                connection.close()
        self._reader = self._writer = None

    def pragma(self, name: str) -> Any:
        """Read a PRAGMA on the writer connection (used by the health check and tests)."""
        row = self.writer.execute(f"PRAGMA {name}").fetchone()
        return row[0] if row else None

    # -- execution ------------------------------------------------------------------------------

    def execute_sync(
        self, connection: sqlite3.Connection, sql: str, args: Any
    ) -> list[dict[str, Any]]:
        """Run one statement on ``connection`` and return its rows as dicts."""
        with self._thread_lock:
            self.statement_count += 1
            cursor = connection.execute(sql, args)
            try:
                rows = cursor.fetchall()
                if not rows:
                    return []
                names = [column[0] for column in cursor.description]
                return [dict(zip(names, row)) for row in rows]
            finally:
                cursor.close()

    async def _run(self, sql: str, args: Any) -> list[dict[str, Any]]:
        if self.log_queries:
            self.print_query(query_id=self.get_query_id(), query=sql)
        transaction: EmbeddedTransaction | None = self.current_transaction.get()
        if transaction is not None:
            assert transaction.connection is not None
            return self.execute_sync(transaction.connection, sql, args)
        if sql.startswith(_READ_PREFIXES) or sql.lstrip().startswith(_READ_PREFIXES):
            return self.execute_sync(self.reader, sql, args)
        async with self.write_lock():
            writer = self.writer
            self.execute_sync(writer, "BEGIN IMMEDIATE", ())
            try:
                rows = self.execute_sync(writer, sql, args)
            except BaseException:
                self.execute_sync(writer, "ROLLBACK", ())
                raise
            self.execute_sync(writer, "COMMIT", ())
            return rows

    async def run_querystring(self, querystring: QueryString, in_pool: bool = False) -> Any:
        sql, args = querystring.compile_string(engine_type=self.engine_type)
        return await self._run(sql, args)

    async def run_ddl(self, ddl: str, in_pool: bool = False) -> Any:
        return await self._run(ddl, ())

    async def fetch_sql(self, sql: str, args: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        """Run already-compiled SQL (``?`` placeholders): the fast path of the data layer."""
        return await self._run(sql, args)

    async def execute_many(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        """Run one compiled statement for many parameter rows (audit entries, bulk loads)."""
        transaction: EmbeddedTransaction | None = self.current_transaction.get()
        if transaction is not None:
            assert transaction.connection is not None
            with self._thread_lock:
                self.statement_count += 1
                transaction.connection.executemany(sql, rows)
            return
        async with self.write_lock():
            writer = self.writer
            self.execute_sync(writer, "BEGIN IMMEDIATE", ())
            try:
                with self._thread_lock:
                    self.statement_count += 1
                    writer.executemany(sql, rows)
            except BaseException:
                self.execute_sync(writer, "ROLLBACK", ())
                raise
            self.execute_sync(writer, "COMMIT", ())

    def transaction(  # type: ignore[override]
        self,
        transaction_type: TransactionType = TransactionType.immediate,
        allow_nested: bool = True,
    ) -> EmbeddedTransaction:
        """A write transaction; see :class:`EmbeddedTransaction`."""
        return EmbeddedTransaction(self, transaction_type)

    async def batch(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("page through results with LIMIT/OFFSET or keyset pagination")
