"""B2 (list 100 usagers with identity and établissement) and its N+1 check.

Product path: the real application from :func:`opendui.http.app.create_app`, served by uvicorn on
127.0.0.1, queried over HTTP with a development token of the nurse (authentication, principal
resolution, scope, DataLoaders, GraphQL execution, audit flush).

Raw baseline: the same rows read with one hand-written join (``sqlite3`` or ``asyncpg``) and
serialised with ``orjson`` into the same JSON shape, in a bare Starlette route served by another
uvicorn server in the same event loop. It does no authentication, scope or audit: it is the floor.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import orjson
from opendui.builtin.dev_tokens import mint
from opendui.http.app import create_app
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from benchmarks.dataset import NURSE_LOGIN, Dataset
from benchmarks.harness import GcMonitor, LoopbackServers, latency_summary, ratio

QUERY = """
query BenchList($first: Int!, $after: String) {
  usagers(first: $first, after: $after) {
    edges { node {
      id ipp status
      identity { birthName firstBirthGivenName usedName birthDate sex insMatricule status }
      etablissement { id finessEt name }
    } }
    pageInfo { hasNextPage endCursor }
  }
}
"""

_RAW_SQL = (
    "SELECT u.id{text}, u.ipp, u.status, i.birth_name, i.first_birth_given_name, i.used_name, i.birth_date, "
    "i.sex, i.ins_matricule, i.status AS identity_status, e.id{text} AS etab_id, e.finess_et, e.name "
    "FROM core_usager u JOIN core_identity i ON i.usager = u.id "
    "JOIN core_etablissement e ON e.id = u.etablissement "
    "WHERE u.etablissement = {etab} AND u.status != 'merged' ORDER BY u.sort_key, u.id LIMIT {limit}"
)


def _shape(rows: list[Any], first: int) -> bytes:
    """The GraphQL response shape, built by hand from raw rows."""
    page = rows[:first]
    edges = [
        {
            "node": {
                "id": r[0],
                "ipp": r[1],
                "status": r[2],
                "identity": {
                    "birthName": r[3],
                    "firstBirthGivenName": r[4],
                    "usedName": r[5],
                    "birthDate": r[6],
                    "sex": r[7],
                    "insMatricule": r[8],
                    "status": r[9],
                },
                "etablissement": {"id": r[10], "finessEt": r[11], "name": r[12]},
            }
        }
        for r in page
    ]
    end = page[-1][0] if page else None
    body = {
        "data": {
            "usagers": {"edges": edges, "pageInfo": {"hasNextPage": len(rows) > first, "endCursor": end}}
        }
    }
    return orjson.dumps(body)


def raw_app(dataset: Dataset) -> Starlette:
    """The baseline: one join, rows as tuples, ``orjson`` in a bare Starlette route."""
    state: dict[str, Any] = {}
    etab = dataset.etablissement_id

    if dataset.engine == "sqlite":
        sql = _RAW_SQL.format(etab="?", limit="?", text="")

        async def fetch(first: int) -> list[Any]:
            return state["conn"].execute(sql, (str(etab), first + 1)).fetchall()  # type: ignore[no-any-return]

        @contextlib.asynccontextmanager
        async def lifespan(app: Starlette) -> AsyncIterator[None]:
            state["conn"] = sqlite3.connect(dataset.sqlite_path, check_same_thread=False)
            state["conn"].execute("PRAGMA journal_mode = WAL")
            yield
            state["conn"].close()
    else:
        sql = _RAW_SQL.format(etab="$1", limit="$2", text="::text")  # asyncpg UUIDs are not orjson UUIDs

        async def fetch(first: int) -> list[Any]:
            async with state["pool"].acquire() as connection:
                return await connection.fetch(sql, etab, first + 1)  # type: ignore[no-any-return]

        @contextlib.asynccontextmanager
        async def lifespan(app: Starlette) -> AsyncIterator[None]:
            state["pool"] = await asyncpg.create_pool(dataset.settings.database_url, min_size=1, max_size=4)
            yield
            await state["pool"].close()

    async def usagers(request: Request) -> Response:
        first = int(orjson.loads(await request.body())["first"])
        rows = await fetch(first)
        return Response(_shape(rows, first), media_type="application/json")

    return Starlette(routes=[Route("/usagers", usagers, methods=["POST"])], lifespan=lifespan)


class Endpoints:
    """Clients of the product and of the baseline, with helpers to query them."""

    def __init__(self, servers: LoopbackServers, dataset: Dataset, runtime: Any) -> None:
        self.product = servers.client("product")
        self.raw = servers.client("raw")
        self.runtime = runtime
        self.headers = {"Authorization": f"Bearer {mint(dataset.settings, NURSE_LOGIN)}"}

    def graphql(self, first: int, after: str | None = None) -> dict[str, Any]:
        status, body = self.product.post(
            "/graphql", {"query": QUERY, "variables": {"first": first, "after": after}}, self.headers
        )
        data: dict[str, Any] = orjson.loads(body)
        if status != 200 or data.get("errors"):
            raise AssertionError(f"GraphQL request failed ({status}): {body[:500]!r}")
        return data

    def baseline(self, first: int) -> dict[str, Any]:
        status, body = self.raw.post("/usagers", {"first": first})
        if status != 200:
            raise AssertionError(f"raw request failed ({status})")
        return orjson.loads(body)  # type: ignore[no-any-return]

    def close(self) -> None:
        self.product.close()
        self.raw.close()


def run(
    dataset: Dataset, *, rounds: int, requests: int, warmup: int, do_list: bool, do_n1: bool
) -> dict[str, Any]:
    """Run B2 and/or the N+1 check on one dataset; returns ``{"b2_list": ..., "n_plus_one": ...}``."""
    runtime = dataset.runtime()
    app = create_app(runtime=runtime)
    results: dict[str, Any] = {}
    with LoopbackServers({"product": app, "raw": raw_app(dataset)}) as servers:
        endpoints = Endpoints(servers, dataset, runtime)
        try:
            _check_same_rows(endpoints, dataset, 100)
            if do_n1:
                results["n_plus_one"] = _n_plus_one(endpoints, dataset)
            if do_list:
                results["b2_list"] = _latency(endpoints, rounds=rounds, requests=requests, warmup=warmup)
        finally:
            endpoints.close()
    return results


def _check_same_rows(endpoints: Endpoints, dataset: Dataset, first: int) -> None:
    """Correctness, outside the timed region: both paths return the same usagers in the same order."""
    product = [e["node"] for e in endpoints.graphql(first)["data"]["usagers"]["edges"]]
    raw = [e["node"] for e in endpoints.baseline(first)["data"]["usagers"]["edges"]]
    if len(product) != first or [str(uuid.UUID(n["id"])) for n in product] != [
        str(uuid.UUID(str(n["id"]))) for n in raw
    ]:
        raise AssertionError("the GraphQL page and the raw query return different usagers")
    for node in product:
        if node["identity"] is None or node["etablissement"]["id"] is None:
            raise AssertionError("a usager came back without identity or établissement")
        if uuid.UUID(node["etablissement"]["id"]) != dataset.etablissement_id:
            raise AssertionError("a usager outside the nurse's établissement is visible")


def _statements(endpoints: Endpoints, first: int, after: str | None = None) -> tuple[int, dict[str, Any]]:
    before = endpoints.runtime.db.statement_count
    data = endpoints.graphql(first, after)
    return endpoints.runtime.db.statement_count - before, data


def _n_plus_one(endpoints: Endpoints, dataset: Dataset) -> dict[str, Any]:
    """SQL statements per request for pages of 10 and 100, and per page when paging through 1,000."""
    counts: dict[str, Any] = {}
    for first in (10, 100):
        count, data = _statements(endpoints, first)
        if len(data["data"]["usagers"]["edges"]) != first:
            raise AssertionError(f"expected {first} usagers")
        counts[str(first)] = count
    total_usagers = len(dataset.usager_ids)
    page_size = 100
    after: str | None = None
    per_page: list[int] = []
    seen = 0
    while True:
        count, data = _statements(endpoints, page_size, after)
        per_page.append(count)
        connection = data["data"]["usagers"]
        seen += len(connection["edges"])
        if not connection["pageInfo"]["hasNextPage"]:
            break
        after = connection["pageInfo"]["endCursor"]
    if seen != total_usagers:
        raise AssertionError(f"paging returned {seen} usagers, expected {total_usagers}")
    counts[str(total_usagers)] = sum(per_page) / len(per_page)
    values = list(counts.values())
    return {
        "statements_per_request": counts,
        "pages_for_all": len(per_page),
        "statements_per_page": per_page,
        "constant": len(set(values)) == 1 and len(set(per_page)) == 1,
        "note": f"{total_usagers}: average statements per request while paging {page_size} at a time",
    }


def _latency(endpoints: Endpoints, *, rounds: int, requests: int, warmup: int) -> dict[str, Any]:
    """Interleaved latencies (raw, product alternately; the order flips every round)."""
    first = 100
    product_body = {"query": QUERY, "variables": {"first": first, "after": None}}
    raw_body = {"first": first}
    for _ in range(warmup):
        endpoints.graphql(first)
        endpoints.baseline(first)
    product: list[float] = []
    raw: list[float] = []
    round_medians: list[dict[str, float]] = []
    with GcMonitor() as gc_monitor:
        _rounds(endpoints, rounds, requests, product_body, raw_body, product, raw, round_medians)
    p, r = latency_summary(product), latency_summary(raw)
    return {
        "usagers_per_request": first,
        "rounds": rounds,
        "requests_per_round": requests,
        "product": p,
        "raw": r,
        "ratio_median": ratio(float(p["median_ms"]), float(r["median_ms"])),
        "ratio_p95": ratio(float(p["p95_ms"]), float(r["p95_ms"])),
        "round_medians": round_medians,
        "gc": gc_monitor.summary(),
    }


def _rounds(
    endpoints: Endpoints,
    rounds: int,
    requests: int,
    product_body: dict[str, Any],
    raw_body: dict[str, Any],
    product: list[float],
    raw: list[float],
    round_medians: list[dict[str, float]],
) -> None:
    timer = time.perf_counter
    for index in range(rounds):
        p_round: list[float] = []
        r_round: list[float] = []
        order = ("raw", "product") if index % 2 == 0 else ("product", "raw")
        for _ in range(requests):
            for which in order:
                if which == "raw":
                    start = timer()
                    status, _body = endpoints.raw.post("/usagers", raw_body)
                    r_round.append(timer() - start)
                else:
                    start = timer()
                    status, _body = endpoints.product.post("/graphql", product_body, endpoints.headers)
                    p_round.append(timer() - start)
                if status != 200:
                    raise AssertionError(f"{which} request failed with HTTP {status}")
        product += p_round
        raw += r_round
        round_medians.append(
            {
                "product_ms": round(sorted(p_round)[len(p_round) // 2] * 1000, 3),
                "raw_ms": round(sorted(r_round)[len(r_round) // 2] * 1000, 3),
            }
        )
