"""Shared helpers of the HTTP benchmarks (``booking.py``, ``guichet.py``).

- a dedicated PostgreSQL database on the server of DATABASE_URL (default ``postgresql://postgres@127.0.0.1:5432/
  postgres``; the database named in the URL is never touched), dropped and recreated at each run;
- ``passculture`` commands and small Django snippets run in subprocesses with that DATABASE_URL;
- ``passculture serve --no-jobs`` started on a free loopback port in its own process group, waited for, and
  stopped (SIGTERM, then SIGKILL after 15 s) whatever happens;
- a bounded closed-loop load generator (threads, one keep-alive ``httpx.Client`` each), percentiles, one JSON line.

Only 127.0.0.1 is ever contacted; every loop is bounded by a count and a deadline.
"""

import json
import math
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
LOG_DIR = ROOT / "var" / "bench"
DEFAULT_SERVER_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
HOST = "127.0.0.1"

# Settings for the server's processes: passculture.settings plus the overrides passed in BENCH_SETTINGS_JSON (the
# settings module reads no environment variable for some of them, e.g. PUBLIC_API_THROTTLE_MAX_PER_KEY).
_SETTINGS_MODULE = """\
import json as _json
import os as _os

from passculture.settings import *  # noqa: F403

for _name, _value in _json.loads(_os.environ.get("BENCH_SETTINGS_JSON", "{}")).items():
    globals()[_name] = _value
"""


def log(*message) -> None:
    print(*message, file=sys.stderr, flush=True)


def passculture_bin() -> list[str]:
    """The ``passculture`` console script of the running virtualenv (``uv run python bench/…``)."""
    candidate = Path(sys.executable).parent / "passculture"
    return [str(candidate)] if candidate.exists() else ["uv", "run", "passculture"]


# --- Database --------------------------------------------------------------------------------------------------------


def recreate_database(name: str) -> str:
    """Drop and create ``name`` on the server of DATABASE_URL; returns its URL."""
    import psycopg

    url = os.environ.get("DATABASE_URL") or DEFAULT_SERVER_URL
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("DATABASE_URL must be a PostgreSQL URL (the benchmark uses its own database on that server).")
    parts = urlsplit(url)
    if parts.path.strip("/") == name:
        parts = parts._replace(path="/postgres")
    with psycopg.connect(urlunsplit(parts), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def fresh_redis(url: str) -> dict[str, str]:
    """The server's ``REDIS_URL`` (cache, Celery broker), emptied first: no counter or task of an earlier run."""
    import redis

    redis.Redis.from_url(url).flushdb()
    return {"REDIS_URL": url}


def bench_env(database_url: str, settings_overrides: dict | None = None, **extra: str) -> dict[str, str]:
    """The environment of every subprocess: the bench database, quiet logs, the overriding settings module."""
    settings_dir = Path(tempfile.gettempdir()) / f"passculture-bench-settings-{os.getuid()}"
    settings_dir.mkdir(exist_ok=True)
    (settings_dir / "passculture_bench_settings.py").write_text(_SETTINGS_MODULE)
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="passculture_bench_settings",
        PYTHONPATH=os.pathsep.join(filter(None, [str(settings_dir), str(ROOT / "src"), env.get("PYTHONPATH")])),
        BENCH_SETTINGS_JSON=json.dumps(settings_overrides or {}),
        LOG_LEVEL=env.get("LOG_LEVEL", "WARNING"),
    )
    env.update(extra)
    return env


def run_passculture(args: list[str], env: dict[str, str], timeout: float = 600) -> str:
    """``passculture <args>`` with ``env``; stops the benchmark if it fails."""
    started = time.perf_counter()
    result = subprocess.run(
        [*passculture_bin(), *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode:
        log(result.stdout[-3000:], result.stderr[-3000:])
        sys.exit(f"passculture {' '.join(args)} failed ({result.returncode})")
    log(f"passculture {' '.join(args)}: {time.perf_counter() - started:.1f} s")
    return result.stdout


def run_django(code: str, env: dict[str, str], timeout: float = 600):
    """Run ``code`` (after ``django.setup()``) in a subprocess; it sets ``RESULT``, returned (through JSON)."""
    prelude = "import django, json, sys\ndjango.setup()\nRESULT = None\n"
    epilogue = "\nsys.stdout.write('\\nBENCH-RESULT ' + json.dumps(RESULT) + '\\n')\n"
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", prelude + code + epilogue],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode:
        log(result.stdout[-3000:], result.stderr[-5000:])
        sys.exit(f"Django snippet failed ({result.returncode})")
    line = [line for line in result.stdout.splitlines() if line.startswith("BENCH-RESULT ")][-1]
    log(f"django snippet: {time.perf_counter() - started:.1f} s")
    return json.loads(line.removeprefix("BENCH-RESULT "))


# --- Server ----------------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Server:
    """``passculture serve --no-jobs --workers N`` on a free port of 127.0.0.1, as a context manager."""

    def __init__(self, env: dict[str, str], workers: int, name: str, ready_path: str = "/native/v1/me") -> None:
        self.env, self.workers, self.ready_path = env, workers, ready_path
        self.port = free_port()
        self.base_url = f"http://{HOST}:{self.port}"
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        self.log_path = LOG_DIR / f"{name}-serve.log"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        import httpx

        self.log_file = self.log_path.open("w")
        args = ["serve", "--no-jobs", "--host", HOST, "--port", str(self.port), "--workers", str(self.workers)]
        self.process = subprocess.Popen(
            [*passculture_bin(), *args],
            cwd=ROOT,
            env=self.env,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the master and its workers are stopped together
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.__exit__(None, None, None)
                sys.exit(f"passculture serve exited ({self.process.returncode}): see {self.log_path}")
            try:
                httpx.get(self.base_url + self.ready_path, timeout=2)
                break
            except httpx.HTTPError:
                time.sleep(0.3)
        else:
            self.__exit__(None, None, None)
            sys.exit(f"passculture serve not ready after 120 s: see {self.log_path}")
        # Every worker must have loaded the application before measuring: a few requests per worker.
        with httpx.Client(base_url=self.base_url, timeout=10) as client:
            for _ in range(4 * self.workers):
                client.get(self.ready_path, headers={"Connection": "close"})
        log(f"server ready on {self.base_url} ({self.workers} workers), log {self.log_path}")
        return self

    def __exit__(self, *exc) -> None:
        process = self.process
        if process is not None and process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(5)
        self.log_file.close()


# --- Load ------------------------------------------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, math.ceil(fraction * len(ordered)) - 1))]


def run_clients(
    base_url: str,
    clients: int,
    work: Callable[[int, "object", int], str | None],  # (client index, httpx client, ticket 0, 1, 2…)
    *,
    duration: float | None = None,
    max_requests: int | None = None,
) -> dict:
    """``clients`` threads in a closed loop, each calling ``work(client_index, httpx_client, ticket)`` until the
    deadline, the shared request budget, or ``work`` returning ``None`` (nothing left to do for that client).

    ``work`` performs one timed operation and returns an outcome label ("ok", an error code…). Returns the
    latencies (ms) of every operation, the outcomes, and the wall-clock time of the whole run.
    """
    import httpx

    assert duration or max_requests, "a bounded run: a duration or a number of requests"
    lock = threading.Lock()
    latencies: list[float] = []
    outcomes: dict[str, int] = {}
    issued = [0]
    deadline = time.monotonic() + (duration or 600)
    barrier = threading.Barrier(clients + 1)

    def take() -> int | None:
        with lock:
            if max_requests is not None and issued[0] >= max_requests:
                return None
            issued[0] += 1
            return issued[0] - 1

    def loop(index: int) -> None:
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        with httpx.Client(base_url=base_url, timeout=30, limits=limits) as client:
            barrier.wait()
            while time.monotonic() < deadline:
                ticket = take()
                if ticket is None:
                    return
                started = time.perf_counter()
                try:
                    outcome = work(index, client, ticket)
                except httpx.HTTPError as exc:
                    outcome = f"error:{type(exc).__name__}"
                elapsed = (time.perf_counter() - started) * 1000
                if outcome is None:
                    return
                with lock:
                    latencies.append(elapsed)
                    outcomes[outcome] = outcomes.get(outcome, 0) + 1

    threads = [threading.Thread(target=loop, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return {"latencies": latencies, "outcomes": outcomes, "seconds": wall}


def summary(run: dict, ok: str = "ok") -> dict:
    """Throughput of the successful operations, p50/p99 of all of them (ms)."""
    latencies = run["latencies"]
    return {
        "rps": round(run["outcomes"].get(ok, 0) / run["seconds"], 1) if run["seconds"] else 0.0,
        "p50_ms": round(percentile(latencies, 0.50), 1),
        "p99_ms": round(percentile(latencies, 0.99), 1),
        "count": len(latencies),
        "outcomes": run["outcomes"],
        "seconds": round(run["seconds"], 2),
    }


def load_average() -> float:
    return round(os.getloadavg()[0], 2)


def emit(figures: dict) -> None:
    print(json.dumps(figures, ensure_ascii=False), flush=True)


# --- Open loop -------------------------------------------------------------------------------------------------------


OPEN_CONNECTIONS = 8  # few enough that each stays busy (bench/README.md, "Connections of the open loop")


def add_open_connections_argument(parser) -> None:
    """``--open-connections``: an idle connection is dropped after 1 s and the next request pays a new one, whose
    occasional stall would be measured instead of the server; the waiting for a free connection is still timed."""
    parser.add_argument(
        "--open-connections", type=int, default=OPEN_CONNECTIONS, help="connections of the open-loop generator"
    )


def run_open_loop(
    base_url: str,
    rate: float,
    duration: float,
    work: Callable[[int, "object", int], str | None],  # (connection index, httpx client, ticket 0, 1, 2…)
    *,
    connections: int = OPEN_CONNECTIONS,
    seed: int = 2026,
    grace: float = 30.0,
) -> dict:
    """Arrivals at a fixed Poisson ``rate`` (per second) for ``duration`` seconds, whatever the answers.

    Unlike :func:`run_clients`, a slow answer does not slow the arrivals down: each operation is timed from its
    *scheduled* arrival, so the time it waited for one of the ``connections`` (threads with one keep-alive
    connection each) counts in its latency (no coordinated omission). Arrivals still waiting ``grace`` seconds
    after the last one are dropped and counted (``dropped``). Returns latencies (ms), outcomes, the rate offered
    and the rate achieved; ``by_ticket``: the latency of each operation answered.
    """
    import queue
    import random

    import httpx

    rng = random.Random(seed)
    arrivals: queue.Queue = queue.Queue()
    lock = threading.Lock()
    latencies: list[float] = []
    by_ticket: dict[int, float] = {}
    outcomes: dict[str, int] = {}
    start = time.perf_counter() + 0.5  # the threads are up before the first arrival
    stop_at = start + duration
    give_up_at = stop_at + grace

    def loop(index: int) -> None:
        # At a low rate a connection may wait longer than gunicorn's keep-alive (2 s) between two requests: the
        # client lets it go after 1 s rather than race the server closing it (a "Server disconnected" error).
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1, keepalive_expiry=1.0)
        with httpx.Client(base_url=base_url, timeout=30, limits=limits) as client:
            while True:
                item = arrivals.get()
                if item is None:
                    return
                ticket, scheduled = item
                if time.perf_counter() > give_up_at:
                    outcome = "dropped"
                else:
                    try:
                        outcome = work(index, client, ticket) or "skipped"
                    except httpx.HTTPError as exc:
                        outcome = f"error:{type(exc).__name__}"
                elapsed = (time.perf_counter() - scheduled) * 1000
                with lock:
                    if outcome not in ("dropped", "skipped"):
                        latencies.append(elapsed)
                        by_ticket[ticket] = elapsed
                    outcomes[outcome] = outcomes.get(outcome, 0) + 1

    threads = [threading.Thread(target=loop, args=(i,), daemon=True) for i in range(connections)]
    for thread in threads:
        thread.start()
    ticket, scheduled = 0, start
    while True:
        scheduled += rng.expovariate(rate)
        if scheduled >= stop_at:
            break
        pause = scheduled - time.perf_counter()
        if pause > 0:
            time.sleep(pause)
        arrivals.put((ticket, scheduled))
        ticket += 1
    for _ in threads:
        arrivals.put(None)
    for thread in threads:
        thread.join(max(1.0, give_up_at - time.perf_counter() + 35))
    return {
        "latencies": latencies,
        "by_ticket": by_ticket,
        "outcomes": outcomes,
        "seconds": duration,
        "offered_per_s": round(ticket / duration, 1),
    }


def open_summary(run: dict, ok: str = "ok") -> dict:
    """p50/p99 (ms) of the operations answered, the rate offered and the rate of successes."""
    latencies = run["latencies"]
    return {
        "offered_per_s": run["offered_per_s"],
        "ok_per_s": round(run["outcomes"].get(ok, 0) / run["seconds"], 1),
        "p50_ms": round(percentile(latencies, 0.50), 1),
        "p99_ms": round(percentile(latencies, 0.99), 1),
        "count": len(latencies),
        "outcomes": run["outcomes"],
    }


def highest_rate(
    probe: Callable[[float], dict], ceiling: float, target_p99_ms: float, steps: int, ok: str = "ok"
) -> dict:
    """The highest arrival rate whose p99 stays within ``target_p99_ms`` and every operation succeeds, by bisection
    between 0 and ``ceiling`` (the closed loop's throughput: no open loop sustains more) in ``steps`` runs of
    ``probe(rate)`` (an :func:`open_summary`). Returns the rate found (0 if none held), the first rate that did
    not hold, and every probe."""
    low, high, probes, failed = 0.0, max(ceiling, 1.0), [], False
    rate = high / 2
    for _ in range(steps):
        result = probe(rate)
        holds = result["p99_ms"] <= target_p99_ms and result["outcomes"].get(ok, 0) == result["count"] > 0
        probes.append({"rate": round(rate, 1), "holds": holds, **result})
        log(f"open loop {rate:.1f}/s: p50 {result['p50_ms']} ms, p99 {result['p99_ms']} ms, holds: {holds}")
        if holds:
            low = rate
        else:
            high, failed = rate, True
        rate = (low + high) / 2
    return {
        "highest_rate_per_s": round(low, 1),
        "lowest_failing_rate_per_s": round(high, 1) if failed else None,
        "probes": probes,
    }
