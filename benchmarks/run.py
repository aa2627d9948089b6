"""Run the OpenDUI benchmark suite: ``python benchmarks/run.py [--quick] [--only NAME] [--engine E]``.

Every figure is printed as a ratio against a raw baseline measured in the same run, on the same
data, interleaved with the product path (QUALITY.md A5/A6). Results and metadata go to
``benchmarks/results/latest.json`` (format: ``benchmarks/results/README.md``).

Exit status: 0 when every benchmark ran and the N+1 check holds (statement count constant as the
number of usagers grows); 1 otherwise. The point-read goal (>= 0.3x raw) is advisory: it prints
PASS or FAIL but does not change the exit status.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
import traceback
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
try:
    import opendui  # noqa: F401
except ImportError:  # running from a checkout without the workspace installed
    sys.path[:0] = [str(ROOT / "core" / "src"), str(ROOT / "sdk" / "src")]

import asyncpg  # noqa: E402

from benchmarks import b2_list, dataset, harness, point_read  # noqa: E402

BENCHMARKS = ("b2_list", "n_plus_one", "point_read")
DEFAULT_OUTPUT = ROOT / "benchmarks" / "results" / "latest.json"
SCHEMA_VERSION = 1


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="benchmarks/run.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds (smoke test); figures are noisier")
    parser.add_argument(
        "--only", choices=BENCHMARKS, action="append", help="run only this benchmark (repeatable)"
    )
    parser.add_argument("--engine", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        help=f"JSON results file (default {DEFAULT_OUTPUT.relative_to(ROOT)})",
    )
    parser.add_argument(
        "--usagers", type=int, default=1000, help="usagers visible to the nurse (default 1000)"
    )
    parser.add_argument(
        "--profile", action="store_true", help="also print a cProfile of the point-read data-layer path"
    )
    return parser.parse_args(argv)


def plan(args: argparse.Namespace) -> dict[str, Any]:
    if args.quick:
        return {"b2_rounds": 3, "b2_requests": 5, "b2_warmup": 3, "pr_rounds": 3, "pr_ops": 500}
    return {"b2_rounds": 7, "b2_requests": 20, "b2_warmup": 10, "pr_rounds": 7, "pr_ops": 3000}


async def engine_metadata(ds: dataset.Dataset) -> dict[str, Any]:
    if ds.engine == "sqlite":
        runtime = ds.runtime()
        try:
            return {"database": "sqlite", **dataset.metadata_settings(runtime)}
        finally:
            await runtime.close()
    connection = await asyncpg.connect(ds.settings.database_url)
    try:
        return {
            "database": "postgresql",
            "server_version": await connection.fetchval("SHOW server_version"),
            "fsync": await connection.fetchval("SHOW fsync"),
            "synchronous_commit": await connection.fetchval("SHOW synchronous_commit"),
            "pool_max": ds.settings.pg_pool_max,
        }
    finally:
        await connection.close()


def fmt_ratio(value: float) -> str:
    return f"{value:.3f}x"


def report_b2(engine: str, b2: dict[str, Any]) -> None:
    p, r = b2["product"], b2["raw"]
    print(f"B2 list 100 usagers [{engine}] over loopback HTTP, {p['samples']} requests each:")
    print(f"  platform GraphQL   median {p['median_ms']:8.3f} ms   p95 {p['p95_ms']:8.3f} ms")
    print(f"  raw SQL + orjson   median {r['median_ms']:8.3f} ms   p95 {r['p95_ms']:8.3f} ms")
    g = b2["gc"]
    print(
        f"  full GC collections in the server process: {g['gen2_collections']}, "
        f"pause median {g['gen2_pause_median_ms']} ms, max {g['gen2_pause_max_ms']} ms (they inflate p95)"
    )
    print(f"RATIO b2_list[{engine}] median_latency = {fmt_ratio(b2['ratio_median'])} (platform/raw)")
    print(f"RATIO b2_list[{engine}] p95_latency = {fmt_ratio(b2['ratio_p95'])} (platform/raw)")


def report_n1(engine: str, n1: dict[str, Any]) -> None:
    counts = n1["statements_per_request"]
    text = ", ".join(f"N={n}: {c:g}" for n, c in counts.items())
    verdict = "constant OK" if n1["constant"] else "NOT CONSTANT (N+1 regression)"
    print(
        f"N+1 [{engine}] SQL statements per GraphQL request: {text} ({n1['pages_for_all']} pages): {verdict}"
    )
    print(f"STATEMENTS n_plus_one[{engine}] " + " ".join(f"{n}={c:g}" for n, c in counts.items()))


def report_point_read(engine: str, pr: dict[str, Any]) -> None:
    v = pr["variants"]
    print(f"Point read by id [{engine}], {pr['rounds']} rounds x {pr['ops_per_round']} reads:")
    labels = {
        "raw_sqlite3": "raw sqlite3 (baseline)",
        "raw_sqlite3_scoped": "raw sqlite3, scoped SQL (info)",
        "db_fetchrow": "Database.fetchrow",
        "access_get": "access.usagers.get (in a request)",
        "access_get_new_request": "access.usagers.get + new request (info)",
    }
    for name, label in labels.items():
        f = v[name]
        figures = f"{f['ops_per_s_median']:>9,} ops/s  {f['us_per_op_median']:8.2f} us/op"
        print(f"  {label:40s} {figures}  {fmt_ratio(f['ratio_median'])}")
    print(f"RATIO point_read[{engine}] db_fetchrow = {fmt_ratio(pr['ratio_db_fetchrow'])} (platform/raw)")
    print(f"RATIO point_read[{engine}] access_get = {fmt_ratio(pr['ratio_access_get'])} (platform/raw)")
    goal = pr["goal"]
    verdict = "PASS" if goal["pass"] else "FAIL"
    print(
        f"GOAL point_read[{engine}] access_get >= {goal['min_ratio']}x: {verdict} "
        f"({fmt_ratio(goal['ratio'])}; advisory)"
    )


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    selected = tuple(args.only or BENCHMARKS)
    engines = ["sqlite", "postgres"] if args.engine == "both" else [args.engine]
    settings = plan(args)
    started = time.perf_counter()
    metadata = harness.base_metadata()
    metadata["engines"] = {}
    results: dict[str, Any] = {name: {} for name in selected}
    errors: list[str] = []
    print(
        f"OpenDUI benchmarks: {', '.join(selected)} on {', '.join(engines)}{' (quick)' if args.quick else ''}"
    )
    dirty = " (dirty)" if metadata["git_dirty"] else ""
    print(f"  revision {metadata['git_revision']}{dirty}, Python {metadata['python']},")
    print(f"  SQLite {metadata['sqlite_version']}, ", end="")
    print(f"{metadata['cpu_count']} CPU ({metadata['cpu_model']}), uvicorn {metadata['uvicorn_http']}")
    for engine in engines:
        wants_http = any(name in selected for name in ("b2_list", "n_plus_one"))
        wants_pr = "point_read" in selected and engine == "sqlite"
        if not (wants_http or wants_pr):
            print(f"[{engine}] point_read runs on SQLite only; nothing to do")
            continue
        try:
            t0 = time.perf_counter()
            ds = asyncio.run(dataset.create(engine, args.usagers))
        except (OSError, asyncpg.PostgresError) as error:
            errors.append(f"{engine}: cannot create the dataset: {error}")
            print(f"ERROR [{engine}] cannot create the dataset: {error}", file=sys.stderr)
            continue
        try:
            meta = asyncio.run(engine_metadata(ds))
            metadata["engines"][engine] = meta
            if engine == "postgres":
                metadata["postgresql_version"] = meta["server_version"]
            durability = ", ".join(f"{k}={v}" for k, v in meta.items() if k != "database")
            print(
                f"[{engine}] seeded {len(ds.usager_ids)} usagers (+{dataset.HIDDEN_USAGERS} out of scope) "
                f"in {time.perf_counter() - t0:.1f} s; {durability}"
            )
            if wants_http:
                out = b2_list.run(
                    ds,
                    rounds=settings["b2_rounds"],
                    requests=settings["b2_requests"],
                    warmup=settings["b2_warmup"],
                    do_list="b2_list" in selected,
                    do_n1="n_plus_one" in selected,
                )
                if "n_plus_one" in out:
                    results["n_plus_one"][engine] = out["n_plus_one"]
                    report_n1(engine, out["n_plus_one"])
                    if not out["n_plus_one"]["constant"]:
                        errors.append(f"{engine}: statement count grows with the number of usagers")
                if "b2_list" in out:
                    results["b2_list"][engine] = out["b2_list"]
                    report_b2(engine, out["b2_list"])
            if wants_pr:
                pr = point_read.run(ds, rounds=settings["pr_rounds"], ops=settings["pr_ops"])
                results["point_read"][engine] = pr
                report_point_read(engine, pr)
                if args.profile:
                    print(point_read.profile(ds, ops=settings["pr_ops"] * 2))
        except Exception as error:  # a failed benchmark is reported and fails the run
            traceback.print_exc()
            errors.append(f"{engine}: {type(error).__name__}: {error}")
        finally:
            asyncio.run(dataset.destroy(ds))
    elapsed = round(time.perf_counter() - started, 2)
    document = {
        "schema_version": SCHEMA_VERSION,
        "metadata": metadata,
        "options": {
            "quick": args.quick,
            "only": list(selected),
            "engines": engines,
            "usagers": args.usagers,
            **settings,
        },
        "results": results,
        "errors": errors,
        "ok": not errors,
        "elapsed_s": elapsed,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(
        json.dumps(document, indent=2, sort_keys=False, default=str) + "\n", encoding="utf-8"
    )
    print(f"Results written to {args.output} in {elapsed} s")
    for message in errors:
        print(f"FAILED {message}", file=sys.stderr)
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
