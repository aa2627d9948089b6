"""Point read of a usager by id on SQLite: the platform's data layer against raw ``sqlite3``.

Variants, interleaved in every round (the order rotates), each reading the same ids in turn:

* ``raw_sqlite3``: the baseline, a long-lived ``sqlite3`` connection (WAL) reading the row by
  primary key, tuples, no type conversion: the physical floor;
* ``raw_sqlite3_scoped`` (informational): the same connection running the data layer's scoped SQL,
  to separate the SQL cost of the scope clause from Python overhead;
* ``db_fetchrow``: :meth:`opendui.db.database.Database.fetchrow` by primary key (compiled-SQL path);
* ``access_get`` (the goal, >= 0.3x): ``context.access.usagers.get(id)`` on the request context of
  the nurse, as a resolver reads a usager during a request (scope check, ``UsagerRecord`` with
  typed values, audit entry buffered; the flush is one multi-row insert per request, not per read);
* ``access_get_new_request`` (informational): the same call on a new ``RequestContext`` per read,
  i.e. including the per-request set-up a one-read request pays.
"""

from __future__ import annotations

import asyncio
import cProfile
import io
import pstats
import sqlite3
import statistics
import time
from collections.abc import Awaitable, Callable
from typing import Any

from opendui.access.usagers import _USAGER_COLUMNS
from opendui.context import RequestContext

from benchmarks.dataset import Dataset

GOAL = 0.3
_PK_SQL = f"SELECT {_USAGER_COLUMNS} FROM core_usager u WHERE u.id = {{}}"


async def _setup(dataset: Dataset) -> tuple[Any, Any, sqlite3.Connection]:
    runtime = dataset.runtime()
    await runtime.open()
    principal = await dataset.nurse(runtime)
    conn = sqlite3.connect(dataset.sqlite_path)
    conn.execute("PRAGMA journal_mode = WAL")
    return runtime, principal, conn


def _variants(
    runtime: Any, principal: Any, conn: sqlite3.Connection, ids: list[Any]
) -> dict[str, Callable[[int], Awaitable[None]]]:
    str_ids = [str(i) for i in ids]
    raw_sql = _PK_SQL.replace("{}", "?")
    context = RequestContext(runtime=runtime, principal=principal)
    scope, scope_args = context.access.usager_scope("u")
    scoped_sql = f"SELECT {_USAGER_COLUMNS} FROM core_usager u WHERE u.id IN (?) AND {scope}".replace(
        "{}", "?"
    )
    scoped_args = [str(a) for a in scope_args]
    db = runtime.db
    n = len(ids)

    async def raw_sqlite3(ops: int) -> None:
        execute = conn.execute
        for k in range(ops):
            if execute(raw_sql, (str_ids[k % n],)).fetchone() is None:
                raise AssertionError("missing row")

    async def raw_sqlite3_scoped(ops: int) -> None:
        execute = conn.execute
        for k in range(ops):
            if execute(scoped_sql, (str_ids[k % n], *scoped_args)).fetchone() is None:
                raise AssertionError("missing row")

    async def db_fetchrow(ops: int) -> None:
        fetchrow = db.fetchrow
        for k in range(ops):
            if await fetchrow(_PK_SQL, ids[k % n]) is None:
                raise AssertionError("missing row")

    async def access_get_new_request(ops: int) -> None:
        for k in range(ops):
            uid = ids[k % n]
            if (await RequestContext(runtime=runtime, principal=principal).access.usagers.get(uid)).id != uid:
                raise AssertionError("wrong row")

    async def access_get(ops: int) -> None:
        get = RequestContext(runtime=runtime, principal=principal).access.usagers.get
        for k in range(ops):
            uid = ids[k % n]
            if (await get(uid)).id != uid:
                raise AssertionError("wrong row")

    return {
        "raw_sqlite3": raw_sqlite3,
        "raw_sqlite3_scoped": raw_sqlite3_scoped,
        "db_fetchrow": db_fetchrow,
        "access_get": access_get,
        "access_get_new_request": access_get_new_request,
    }


def run(dataset: Dataset, *, rounds: int, ops: int) -> dict[str, Any]:
    """Ops/s of each variant (median over rounds) and per-round ratios against ``raw_sqlite3``."""
    return asyncio.run(_run(dataset, rounds=rounds, ops=ops))


async def _run(dataset: Dataset, *, rounds: int, ops: int) -> dict[str, Any]:
    runtime, principal, conn = await _setup(dataset)
    try:
        variants = _variants(runtime, principal, conn, dataset.usager_ids)
        names = list(variants)
        for fn in variants.values():  # warm-up (caches, compiled SQL, page cache)
            await fn(min(ops, 500))
        per_round: dict[str, list[float]] = {name: [] for name in names}
        timer = time.perf_counter
        for index in range(rounds):
            shift = index % len(names)
            for name in names[shift:] + names[:shift]:
                start = timer()
                await variants[name](ops)
                per_round[name].append(ops / (timer() - start))
    finally:
        conn.close()
        await runtime.close()
    raw = per_round["raw_sqlite3"]
    figures: dict[str, Any] = {}
    for name, values in per_round.items():
        ratios = [v / r for v, r in zip(values, raw, strict=True)]
        figures[name] = {
            "ops_per_s_median": round(statistics.median(values)),
            "ops_per_s_rounds": [round(v) for v in values],
            "us_per_op_median": round(1e6 / statistics.median(values), 2),
            "ratio_median": round(statistics.median(ratios), 4),
        }
    data_layer = figures["access_get"]["ratio_median"]
    return {
        "rounds": rounds,
        "ops_per_round": ops,
        "variants": figures,
        "goal": {"path": "access_get", "min_ratio": GOAL, "ratio": data_layer, "pass": data_layer >= GOAL},
        "ratio_db_fetchrow": figures["db_fetchrow"]["ratio_median"],
        "ratio_access_get": data_layer,
    }


def profile(dataset: Dataset, *, ops: int, limit: int = 30) -> str:
    """cProfile of ``access_get`` (``--profile``): the top functions by own time."""

    async def go() -> str:
        runtime, principal, conn = await _setup(dataset)
        try:
            fn = _variants(runtime, principal, conn, dataset.usager_ids)["access_get"]
            await fn(500)
            profiler = cProfile.Profile()
            profiler.enable()
            await fn(ops)
            profiler.disable()
        finally:
            conn.close()
            await runtime.close()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("tottime").print_stats(limit)
        stats.sort_stats("cumulative").print_stats(limit)
        return out.getvalue()

    return asyncio.run(go())
