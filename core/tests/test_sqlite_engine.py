"""The embedded SQLite engine: durable settings, concurrent writers, isolation, rollback."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from opendui.db.sqlite import EmbeddedSQLiteEngine
from piccolo.querystring import QueryString


@pytest.fixture
def engine(tmp_path: Path) -> EmbeddedSQLiteEngine:
    engine = EmbeddedSQLiteEngine(tmp_path / "t.sqlite")
    engine.writer.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)")
    return engine


def test_connections_are_durable_and_strict(engine: EmbeddedSQLiteEngine) -> None:
    assert engine.pragma("journal_mode") == "wal"
    assert engine.pragma("synchronous") == 2  # FULL: an acknowledged commit survives a power loss
    assert engine.pragma("foreign_keys") == 1
    assert engine.pragma("busy_timeout") == 10_000
    for connection in (engine.reader, engine.writer):
        assert connection.execute("PRAGMA synchronous").fetchone() == (2,)


@pytest.mark.asyncio
async def test_concurrent_writers_never_see_database_is_locked(engine: EmbeddedSQLiteEngine) -> None:
    async def writer(n: int) -> None:
        async with engine.transaction():
            await engine.run_querystring(QueryString("INSERT INTO t (v) VALUES ({})", f"w{n}"))
            await asyncio.sleep(0)  # yield inside the transaction: others must queue
            await engine.run_querystring(QueryString("INSERT INTO t (v) VALUES ({})", f"w{n}b"))

    await asyncio.gather(*(writer(n) for n in range(32)))
    rows = await engine.run_querystring(QueryString("SELECT COUNT(*) AS n FROM t"))
    assert rows == [{"n": 64}]


@pytest.mark.asyncio
async def test_readers_do_not_see_uncommitted_writes(engine: EmbeddedSQLiteEngine) -> None:
    inside = asyncio.Event()
    release = asyncio.Event()

    async def slow_writer() -> None:
        async with engine.transaction():
            await engine.run_querystring(QueryString("INSERT INTO t (v) VALUES ({})", "pending"))
            inside.set()
            await release.wait()

    task = asyncio.create_task(slow_writer())
    await inside.wait()
    assert await engine.run_querystring(QueryString("SELECT v FROM t")) == []
    release.set()
    await task
    assert await engine.run_querystring(QueryString("SELECT v FROM t")) == [{"v": "pending"}]


@pytest.mark.asyncio
async def test_failed_transaction_rolls_back_everything(engine: EmbeddedSQLiteEngine) -> None:
    with pytest.raises(RuntimeError):
        async with engine.transaction():
            await engine.run_querystring(QueryString("INSERT INTO t (v) VALUES ({})", "a"))
            raise RuntimeError("boom")
    assert await engine.run_querystring(QueryString("SELECT v FROM t")) == []
    async with engine.transaction():  # the lock was released
        await engine.run_querystring(QueryString("INSERT INTO t (v) VALUES ({})", "b"))
    assert await engine.run_querystring(QueryString("SELECT v FROM t")) == [{"v": "b"}]


@pytest.mark.asyncio
async def test_statement_outside_a_transaction_is_atomic(engine: EmbeddedSQLiteEngine) -> None:
    import sqlite3

    with pytest.raises(sqlite3.IntegrityError):
        await engine.run_querystring(QueryString("INSERT INTO t (id, v) VALUES (1, 'x'), (1, 'y')"))
    assert await engine.run_querystring(QueryString("SELECT v FROM t")) == []


@pytest.mark.asyncio
async def test_commits_survive_reopening(engine: EmbeddedSQLiteEngine, tmp_path: Path) -> None:
    async with engine.transaction():
        await engine.run_querystring(QueryString("INSERT INTO t (v) VALUES ({})", "kept"))
    engine.close()
    again = EmbeddedSQLiteEngine(tmp_path / "t.sqlite")
    assert await again.run_querystring(QueryString("SELECT v FROM t")) == [{"v": "kept"}]
    again.close()
