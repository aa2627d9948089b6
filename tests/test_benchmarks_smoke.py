"""Smoke test of the benchmark suite: ``benchmarks/run.py --quick --engine sqlite`` end to end.

It checks the contract users of the suite depend on (exit status, ratio lines, the JSON document,
a constant SQL statement count), not the figures themselves, which depend on the machine.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_quick_run_on_sqlite_reports_ratios_and_constant_statement_counts(tmp_path: Path) -> None:
    output = tmp_path / "latest.json"
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT / "core" / "src"), str(ROOT / "sdk" / "src"), str(ROOT), env.get("PYTHONPATH", "")]
    ).rstrip(os.pathsep)
    completed = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "run.py"),
            "--quick",
            "--engine",
            "sqlite",
            "--output",
            str(output),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    stdout = completed.stdout

    for line in (
        "RATIO b2_list[sqlite] median_latency = ",
        "RATIO b2_list[sqlite] p95_latency = ",
        "RATIO point_read[sqlite] db_fetchrow = ",
        "RATIO point_read[sqlite] access_get = ",
    ):
        assert re.search(re.escape(line) + r"\d+\.\d+x \(platform/raw\)", stdout), (
            f"missing {line!r} in:\n{stdout}"
        )
    assert re.search(r"GOAL point_read\[sqlite\] access_get >= 0\.3x: (PASS|FAIL)", stdout), stdout

    printed = re.search(r"STATEMENTS n_plus_one\[sqlite\] 10=(\S+) 100=(\S+) 1000=(\S+)", stdout)
    assert printed, stdout
    assert len(set(printed.groups())) == 1, f"statement count grows with N: {printed.groups()}"

    document = json.loads(output.read_text(encoding="utf-8"))
    assert document["ok"] is True and document["errors"] == []
    meta = document["metadata"]
    for key in ("git_revision", "python", "sqlite_version", "postgresql_version", "cpu_count", "engines"):
        assert key in meta, key
    assert meta["engines"]["sqlite"]["journal_mode"] == "wal"
    assert meta["engines"]["sqlite"]["synchronous"] == 2  # FULL

    b2 = document["results"]["b2_list"]["sqlite"]
    for side in ("product", "raw"):
        assert b2[side]["samples"] > 0
        assert 0 < b2[side]["median_ms"] <= b2[side]["p95_ms"]
    assert b2["ratio_median"] == round(b2["product"]["median_ms"] / b2["raw"]["median_ms"], 4)

    n1 = document["results"]["n_plus_one"]["sqlite"]
    counts = n1["statements_per_request"]
    assert set(counts) == {"10", "100", "1000"}
    assert n1["constant"] is True and len(set(counts.values())) == 1
    assert n1["pages_for_all"] == 10
    assert [str(int(c)) for c in printed.groups()] == [str(int(counts[k])) for k in ("10", "100", "1000")]

    point = document["results"]["point_read"]["sqlite"]
    assert set(point["variants"]) >= {"raw_sqlite3", "db_fetchrow", "access_get"}
    assert point["goal"]["min_ratio"] == 0.3
    assert point["goal"]["pass"] is (point["goal"]["ratio"] >= 0.3)
