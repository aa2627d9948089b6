"""Shared machinery: statistics, loopback HTTP servers, a minimal HTTP client, run metadata."""

from __future__ import annotations

import asyncio
import gc
import http.client
import importlib.metadata
import math
import os
import platform
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import orjson
import uvicorn

ROOT = Path(__file__).resolve().parent.parent


# -- statistics -------------------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (``q`` in 0..100) of ``values``."""
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def latency_summary(samples_s: Sequence[float]) -> dict[str, float | int]:
    """Median, p95, min and max of latencies given in seconds, reported in milliseconds."""
    ms = [s * 1000 for s in samples_s]
    return {
        "samples": len(ms),
        "median_ms": round(statistics.median(ms), 4),
        "p95_ms": round(percentile(ms, 95), 4),
        "min_ms": round(min(ms), 4),
        "max_ms": round(max(ms), 4),
    }


def ratio(numerator: float, denominator: float) -> float:
    return round(numerator / denominator, 4) if denominator else math.inf


class GcMonitor:
    """Records full (generation 2) garbage collections and their pauses while active.

    The servers share the benchmark's process, so a full collection triggered by the product's
    allocations can land in a baseline request: the pauses are reported next to the latencies.
    """

    def __init__(self) -> None:
        self.pauses_ms: list[float] = []
        self._start = 0.0

    def _callback(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._start = time.perf_counter()
        elif info["generation"] == 2:
            self.pauses_ms.append((time.perf_counter() - self._start) * 1000)

    def __enter__(self) -> GcMonitor:
        gc.callbacks.append(self._callback)
        return self

    def __exit__(self, *exc: Any) -> None:
        gc.callbacks.remove(self._callback)

    def summary(self) -> dict[str, float | int]:
        pauses = self.pauses_ms or [0.0]
        return {
            "gen2_collections": len(self.pauses_ms),
            "gen2_pause_median_ms": round(statistics.median(pauses), 3),
            "gen2_pause_max_ms": round(max(pauses), 3),
        }


# -- loopback HTTP ----------------------------------------------------------------------------


class LoopbackServers:
    """Real uvicorn servers on 127.0.0.1 (ephemeral ports), all in one background event loop.

    Each application gets its own server and socket; they share one thread, so the product and
    its baseline are served the same way. Lifespans run in that loop (the product opens its
    database there).
    """

    def __init__(self, apps: dict[str, Any]) -> None:
        self.apps = apps
        self.ports: dict[str, int] = {}
        self._servers: list[uvicorn.Server] = []
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    def __enter__(self) -> LoopbackServers:
        sockets = {}
        for name in self.apps:
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(("127.0.0.1", 0))
            sockets[name] = sock
            self.ports[name] = sock.getsockname()[1]
        for app in self.apps.values():
            config = uvicorn.Config(
                app, lifespan="on", log_level="warning", access_log=False, loop="asyncio", http="auto"
            )
            self._servers.append(uvicorn.Server(config))

        async def serve() -> None:
            await asyncio.gather(
                *(
                    server.serve(sockets=[sockets[name]])
                    for server, name in zip(self._servers, self.apps, strict=True)
                )
            )

        def run() -> None:
            try:
                asyncio.run(serve())
            except BaseException as error:  # surfaced by __enter__/__exit__
                self._error = error

        self._thread = threading.Thread(target=run, name="bench-servers", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 30
        while not all(server.started for server in self._servers):
            if self._error is not None or not self._thread.is_alive():
                raise RuntimeError(f"benchmark servers failed to start: {self._error!r}")
            if time.monotonic() > deadline:
                raise RuntimeError("benchmark servers did not start within 30 s")
            time.sleep(0.01)
        return self

    def __exit__(self, *exc: Any) -> None:
        for server in self._servers:
            server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=30)
        if self._error is not None and exc[0] is None:
            raise RuntimeError(f"benchmark server failed: {self._error!r}")

    def client(self, name: str) -> JsonClient:
        return JsonClient(self.ports[name])


class _NoDelayConnection(http.client.HTTPConnection):
    """Disables Nagle's algorithm: headers and body go in separate segments, and Nagle plus the
    server's delayed ACK would add ~40 ms to some requests (the asyncio server side already sets
    ``TCP_NODELAY``)."""

    def connect(self) -> None:
        super().connect()
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class JsonClient:
    """A keep-alive HTTP/1.1 client (``http.client``) posting JSON; minimal client-side cost.

    Every request has a timeout; the number of requests is fixed by the caller.
    """

    def __init__(self, port: int, timeout: float = 30.0) -> None:
        self.connection = _NoDelayConnection("127.0.0.1", port, timeout=timeout)

    def post(
        self, path: str, body: dict[str, Any], headers: dict[str, str] | None = None
    ) -> tuple[int, bytes]:
        payload = orjson.dumps(body)
        self.connection.request(
            "POST", path, body=payload, headers={"Content-Type": "application/json", **(headers or {})}
        )
        response = self.connection.getresponse()
        return response.status, response.read()

    def close(self) -> None:
        self.connection.close()


# -- metadata ---------------------------------------------------------------------------------


def _git(*args: str) -> str | None:
    try:
        result = subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=10, check=True
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip()


def _cpu_model() -> str | None:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or None


def _version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def _http_implementation() -> str:
    try:
        import httptools  # noqa: F401
    except ImportError:
        return "h11"
    return "httptools"


def base_metadata() -> dict[str, Any]:
    """Revision, interpreter, machine and library versions (engine details are added per engine)."""
    status = _git("status", "--porcelain")
    return {
        "git_revision": _git("rev-parse", "HEAD"),
        "git_dirty": bool(status) if status is not None else None,
        "python": sys.version.split()[0],
        "python_implementation": platform.python_implementation(),
        "python_build": " ".join(platform.python_build()),
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "sqlite_version": sqlite3.sqlite_version,
        "postgresql_version": None,
        "libraries": {
            name: _version(name)
            for name in (
                "opendui",
                "strawberry-graphql",
                "graphql-core",
                "starlette",
                "uvicorn",
                "piccolo",
                "asyncpg",
                "orjson",
            )
        },
        "uvicorn_http": _http_implementation(),
        "uvicorn_loop": "asyncio",
        "started_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
