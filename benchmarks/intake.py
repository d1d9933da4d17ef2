"""Intake benchmarks: ratios to plain-code limits, bulk ingest, API batches and latency, memory, crash.

    .venv/bin/python benchmarks/intake.py [--quick] [--postgres-url URL] [--only NAME] [--runs N]
        [--base TREE]

By default it runs the ratios of issue 21 against plain-code limits, interleaved, medians
(see benchmarks/intake_ratios.py and benchmarks/intake_limits.py): ingest_limit (`kizashi
ingest` vs plain executemany / COPY, with peak RSS), audit_limit, startup and scan_limit.

Each benchmark generates its own synthetic data (70% ``sns_post`` rows with ~80 characters of
Japanese text, 30% ``purchase`` rows with buyer name, kana, phone, address, so that mentions
are extracted) in a temporary directory, uses a fresh store, prints its figures (median of
several runs, and a ratio to a baseline measured in the same process), and cleans up.
PostgreSQL figures are skipped, with the reason printed, when no server answers at the URL
(default: KIZASHI_BENCH_POSTGRES_URL, else postgresql+psycopg://root@127.0.0.1:5432/test; a
throw-away database is created next to it and dropped afterwards).

Benchmarks (``--only`` takes a comma-separated list, or ``all``): ingest_limit, audit_limit,
startup, scan_limit, cli, inproc, api_batch, api_latency, memory, crash. Figures go to
docs/benchmarks.md by hand, with the command that made them.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))

import intake_ratios
from _common import (
    DEFAULT_PG_ADMIN_URL,
    KIZASHI,
    SOURCES,
    Store,
    free_port,
    fresh_store,
    machine,
    median,
    percentile,
    pg_reachable,
    records,
    say,
    split_rows,
    temp_dir,
    verdict,
    write_jsonl,
    write_mix,
)

# The ratios of issue 21 against plain-code limits (benchmarks/intake_ratios.py): the default.
HEADLINE = ("ingest_limit", "audit_limit", "startup", "scan_limit")
BENCHMARKS = (*HEADLINE, "cli", "inproc", "api_batch", "api_latency", "memory", "crash")


class Config:
    def __init__(self, args: argparse.Namespace) -> None:
        self.quick: bool = args.quick
        self.runs: int = args.runs or 3
        self.pg_url: str | None = args.postgres_url
        self.wanted_backends = set(args.backends.split(","))
        self.pg_skip: str | None = pg_reachable(self.pg_url) if self.pg_url else "no URL given"
        self.bulk_rows = args.bulk_rows or (20_000 if self.quick else 200_000)
        self.api_rows = 5_000 if self.quick else 30_000
        self.latency_seconds = 5.0 if self.quick else 20.0
        self.memory_rows = 100_000 if self.quick else 1_000_000
        self.crash_rows = 60_000 if self.quick else 200_000
        self.limit_rows = args.limit_rows or (20_000 if self.quick else 200_000)
        self.audit_entries = 20_000 if self.quick else 100_000
        self.startup_rounds = 5 if self.quick else 9
        self.tmp = Path()

    def backends(self) -> list[str]:
        found = ["sqlite"] + ([] if self.pg_skip else ["postgresql"])
        return [name for name in found if name in self.wanted_backends]


def _skip_pg(config: Config, what: str) -> None:
    if config.pg_skip:
        say(f"  [{what}] PostgreSQL skipped: {config.pg_skip}")


# --- baselines -------------------------------------------------------------------------------


def _bare_insert_rate(store: Store, files: dict[str, tuple[Path, int]]) -> float:
    """Rows/s of a raw DBAPI executemany of (id, raw line) into a bare two-column table, in
    batches of 2,000, one commit per batch: the floor of what any intake can cost."""
    lines = [line for path, _ in files.values() for line in path.read_bytes().splitlines()]
    batches = [
        [(str(i + j), line.decode()) for j, line in enumerate(lines[i : i + 2000])]
        for i in range(0, len(lines), 2000)
    ]
    if store.database_url is None:
        conn = sqlite3.connect(store.data_dir / "bare.db")
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("create table bare (id text primary key, raw text not null)")
        mark = "?"
    else:
        import psycopg

        conn = psycopg.connect(store.database_url.replace("+psycopg", ""))  # type: ignore[assignment]
        conn.execute("create table bare (id text primary key, raw text not null)")
        conn.commit()
        mark = "%s"
    start = time.perf_counter()
    for batch in batches:
        cur = conn.cursor()
        cur.executemany(f"insert into bare values ({mark}, {mark})", batch)
        conn.commit()
    elapsed = time.perf_counter() - start
    conn.close()
    return len(lines) / elapsed


def _reader_rate(files: dict[str, tuple[Path, int]]) -> float:
    from kizashi.intake.readers import RecordSource

    start = time.perf_counter()
    count = 0
    for path, _ in files.values():
        with RecordSource(path) as reader:
            count += sum(1 for _ in reader)
    return count / (time.perf_counter() - start)


# --- 1. bulk CLI and in-process ingest -------------------------------------------------------


def _cli_ingest(store: Store, files: dict[str, tuple[Path, int]]) -> tuple[float, int]:
    """Wall time of `kizashi ingest` (one subprocess per channel file) and rows stored."""
    stored = 0
    start = time.perf_counter()
    for channel, (path, _) in files.items():
        done = store.kizashi("ingest", channel, str(path), "--source", SOURCES[channel])
        stored += orjson.loads(done.stdout.splitlines()[-1])["stored"]
    return time.perf_counter() - start, stored


def _inproc_ingest(store: Store, files: dict[str, tuple[Path, int]]) -> tuple[float, int]:
    from kizashi.intake.readers import RecordSource
    from kizashi.intake.service import ingest_rows
    from kizashi.store import make_engine

    settings = store.settings()
    engine = make_engine(settings)
    stored = 0
    start = time.perf_counter()
    for channel, (path, _) in files.items():
        with RecordSource(path) as reader:
            summary = ingest_rows(
                engine, settings, channel, reader, str(path), default_source=SOURCES[channel]
            )
        stored += summary.stored
    elapsed = time.perf_counter() - start
    engine.dispose()
    return elapsed, stored


def bench_bulk(config: Config, how: str) -> dict[str, Any]:
    run = _cli_ingest if how == "cli" else _inproc_ingest
    label = "kizashi ingest (subprocess)" if how == "cli" else "ingest_rows (in process)"
    n = config.bulk_rows
    files = write_mix(config.tmp, n, prefix=f"bulk{n}")
    say(f"\n== {how}: {label}, {n:,} rows ({split_rows(n)}), median of {config.runs}")
    results: dict[str, Any] = {}
    reader = _reader_rate(files)
    say(f"  baseline reader alone (RecordSource, no validation or store): {reader:,.0f} rows/s")
    _skip_pg(config, how)
    for backend in config.backends():
        rates = []
        for i in range(config.runs):
            with fresh_store(config.tmp, backend, config.pg_url, f"{how}{i}") as store:
                elapsed, stored = run(store, files)
                if stored != n:
                    raise RuntimeError(f"{how}/{backend}: stored {stored} of {n}")
                rates.append(n / elapsed)
                if i == 0:
                    bare = _bare_insert_rate(store, files)
            say(f"  {backend} run {i + 1}: {rates[-1]:,.0f} rows/s ({elapsed:.1f} s)")
        rate = median(rates)
        target = 20_000 if backend == "sqlite" else 10_000
        say(
            f"  {backend}: median {rate:,.0f} rows/s; bare executemany insert {bare:,.0f} rows/s "
            f"(ratio {rate / bare:.2f}); reader alone ratio {rate / reader:.2f}; "
            f"target >= {target:,}/s: {verdict(rate >= target)}"
        )
        results[backend] = {"rows_per_s": rate, "runs": rates, "bare": bare, "reader": reader}
    return results


# --- 2./3. API --------------------------------------------------------------------------------


class Server:
    """`kizashi serve` as a subprocess on 127.0.0.1 with a fresh SQLite store and a token."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.port = free_port()
        self.token = store.kizashi("tokens", "create", "bench", "--role", "officer").stdout.strip()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [KIZASHI, "serve", "--host", "127.0.0.1", "--port", str(self.port)],
            env=store.env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        import httpx

        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"kizashi serve exited: {self.process.stderr.read()!r}")  # type: ignore[union-attr]
            try:
                if httpx.get(self.url + "/api/v1/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("kizashi serve did not answer in 30 s")

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"}

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _api_batches(n: int, seed: int) -> list[tuple[str, bytes]]:
    batches = []
    for channel, count in split_rows(n).items():
        items = [
            {**r, "source": SOURCES[channel]}
            for r in records(channel, count, seed=seed, start=seed * 10**7)
        ]
        for i in range(0, len(items), 1000):
            batches.append((channel, orjson.dumps(items[i : i + 1000])))
    return batches


def bench_api_batch(config: Config) -> dict[str, Any]:
    import httpx

    n = config.api_rows
    say(
        f"\n== api_batch: POST /api/v1/reports/{{channel}} in batches of 1,000, {n:,} rows, "
        f"median of {config.runs}, SQLite, `kizashi serve` subprocess"
    )
    rates, direct = [], []
    for i in range(config.runs):
        batches = _api_batches(n, seed=i + 1)
        with fresh_store(config.tmp, "sqlite", None, f"api{i}") as store:
            server = Server(store)
            try:
                with httpx.Client(
                    base_url=server.url, headers=server.headers, timeout=120
                ) as client:
                    start = time.perf_counter()
                    stored = 0
                    for channel, body in batches:
                        response = client.post(f"/api/v1/reports/{channel}", content=body)
                        response.raise_for_status()
                        stored += response.json()["stored"]
                    elapsed = time.perf_counter() - start
            finally:
                server.stop()
        if stored != n:
            raise RuntimeError(f"api_batch: stored {stored} of {n}")
        rates.append(n / elapsed)
        # Baseline: the same batches through ingest_batch in this process, no HTTP.
        with fresh_store(config.tmp, "sqlite", None, f"apidirect{i}") as store:
            direct.append(n / _direct_batches(store, batches))
        say(f"  run {i + 1}: {rates[-1]:,.0f} rows/s over HTTP; {direct[-1]:,.0f} rows/s direct")
    rate, base = median(rates), median(direct)
    say(
        f"  median {rate:,.0f} rows/s; baseline ingest_batch in process {base:,.0f} rows/s "
        f"(ratio {rate / base:.2f}); target >= 5,000/s: {verdict(rate >= 5000)}"
    )
    return {"rows_per_s": rate, "runs": rates, "direct": base}


def _direct_batches(store: Store, batches: list[tuple[str, bytes]]) -> float:
    from kizashi.intake.readers import RawRow
    from kizashi.intake.service import ingest_batch
    from kizashi.store import make_engine

    settings = store.settings()
    engine = make_engine(settings)
    start = time.perf_counter()
    for channel, body in batches:
        rows = [
            RawRow(k + 1, 1, orjson.dumps(item).decode(), item, None)
            for k, item in enumerate(orjson.loads(body))
        ]
        ingest_batch(engine, settings, channel, rows, "api:bench")
    elapsed = time.perf_counter() - start
    engine.dispose()
    return elapsed


async def _open_loop(
    url: str,
    headers: dict[str, str],
    rate: float,
    seconds: float,
    make: Callable[[int], tuple[str, str, bytes | None]],
) -> tuple[list[float], int, float]:
    """Send requests at fixed scheduled times; latency counts from the scheduled time, so a
    slow server cannot slow the load down (no coordinated omission)."""
    import httpx

    total = int(rate * seconds)
    latencies: list[float] = []
    errors = 0
    # Requests are started by a dispatcher at their scheduled times (not all queued up front:
    # thousands of tasks waiting on httpx's pool make the client, not the server, the
    # bottleneck).
    limits = httpx.Limits(max_connections=100, max_keepalive_connections=100)
    async with httpx.AsyncClient(
        base_url=url, headers=headers, timeout=30, limits=limits
    ) as client:
        loop = asyncio.get_running_loop()
        start = loop.time() + 0.2

        async def one(i: int, scheduled: float) -> None:
            nonlocal errors
            method, path, body = make(i)
            try:
                response = await client.request(method, path, content=body)
                ok = response.status_code < 300
            except httpx.HTTPError:
                ok = False
            latencies.append(loop.time() - scheduled)
            if not ok:
                errors += 1

        tasks = []
        for i in range(total):
            scheduled = start + i / rate
            delay = scheduled - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(i, scheduled)))
        await asyncio.gather(*tasks)
        achieved = total / (start + (total - 1) / rate - start + 1 / rate)
        sent_in = loop.time() - start
    # Achieved rate: requests completed over the time from the first send to the last answer.
    return sorted(latencies), errors, min(achieved, total / sent_in)


def bench_api_latency(config: Config) -> dict[str, Any]:
    rate, seconds = 200.0, config.latency_seconds
    say(
        f"\n== api_latency: single-report POST /api/v1/reports/sns_post, open loop at {rate:.0f}/s "
        f"for {seconds:.0f} s, SQLite, `kizashi serve` subprocess; baseline GET /api/v1/health"
    )
    total = int(rate * seconds)
    bodies = [
        orjson.dumps({**r, "source": SOURCES["sns_post"]})
        for r in records("sns_post", total, seed=99, start=9 * 10**8)
    ]
    with fresh_store(config.tmp, "sqlite", None, "latency") as store:
        server = Server(store)
        try:
            # Warm up (first requests import and compile): 50 posts, then the two runs.
            asyncio.run(
                _open_loop(
                    server.url, server.headers, 50, 1.0, lambda i: ("GET", "/api/v1/health", None)
                )
            )
            health, herr, hrate = asyncio.run(
                _open_loop(
                    server.url,
                    server.headers,
                    rate,
                    seconds,
                    lambda i: ("GET", "/api/v1/health", None),
                )
            )
            posts, perr, prate = asyncio.run(
                _open_loop(
                    server.url,
                    server.headers,
                    rate,
                    seconds,
                    lambda i: ("POST", "/api/v1/reports/sns_post", bodies[i]),
                )
            )
        finally:
            server.stop()
    ms = {q: percentile(posts, q) * 1000 for q in (50, 95, 99)}
    hms = {q: percentile(health, q) * 1000 for q in (50, 95, 99)}
    say(
        f"  baseline health: p50 {hms[50]:.1f} ms, p95 {hms[95]:.1f} ms, p99 {hms[99]:.1f} ms, "
        f"achieved {hrate:.0f}/s, errors {herr}"
    )
    say(
        f"  POST one report: p50 {ms[50]:.1f} ms, p95 {ms[95]:.1f} ms, p99 {ms[99]:.1f} ms, "
        f"achieved {prate:.0f}/s, errors {perr}; "
        f"p99 ratio to health {ms[99] / max(hms[99], 1e-9):.1f}"
    )
    met = ms[99] < 20 and perr == 0 and prate >= 0.97 * rate
    say(f"  target p99 < 20 ms at 200/s: {verdict(met)}")
    return {"post": ms, "health": hms, "achieved": prate, "errors": perr}


# --- 4. memory -------------------------------------------------------------------------------


def _peak_rss(
    command: list[str], env: dict[str, str], interval: float = 0.05
) -> tuple[float, float, int]:
    """Run command, sampling the RSS of it and its children every interval: (peak MB, s, rc)."""
    import psutil

    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    watched = psutil.Process(process.pid)
    peak = 0
    while process.poll() is None:
        try:
            rss = watched.memory_info().rss + sum(
                c.memory_info().rss for c in watched.children(recursive=True)
            )
            peak = max(peak, rss)
        except psutil.Error:
            pass
        time.sleep(interval)
    process.communicate()
    return peak / 2**20, time.perf_counter() - start, process.returncode


def bench_memory(config: Config) -> dict[str, Any]:
    n = config.memory_rows
    say(
        f"\n== memory: `kizashi ingest sns_post` of a {n:,}-row JSONL file, RSS sampled every 50 ms"
    )
    path = write_jsonl(config.tmp / f"memory-{n}.jsonl", "sns_post", n)
    small = write_jsonl(config.tmp / "memory-1000.jsonl", "sns_post", 1000)
    say(f"  file: {path.stat().st_size / 2**20:,.0f} MB")
    results = {}
    _skip_pg(config, "memory")
    for backend in config.backends():
        with fresh_store(config.tmp, backend, config.pg_url, "memsmall") as store:
            base, _, _ = _peak_rss(
                [KIZASHI, "ingest", "sns_post", str(small), "--source", "bench:sns"], store.env()
            )
        with fresh_store(config.tmp, backend, config.pg_url, "mem") as store:
            peak, elapsed, rc = _peak_rss(
                [KIZASHI, "ingest", "sns_post", str(path), "--source", "bench:sns"], store.env()
            )
        if rc != 0:
            raise RuntimeError(f"memory/{backend}: kizashi ingest exited {rc}")
        say(
            f"  {backend}: peak RSS {peak:,.0f} MB ({n / elapsed:,.0f} rows/s, {elapsed:.0f} s); "
            f"baseline 1,000-row file {base:,.0f} MB (ratio {peak / base:.2f}); "
            f"target < 300 MB: {verdict(peak < 300)}"
        )
        results[backend] = {"peak_mb": peak, "base_mb": base, "rows_per_s": n / elapsed}
    return results


# --- 5. crash --------------------------------------------------------------------------------


def _count(store: Store) -> int:
    if store.database_url is None:
        conn = sqlite3.connect(
            f"file:{store.data_dir / 'kizashi.db'}?mode=ro", uri=True, timeout=10
        )
        try:
            return int(conn.execute("select count(*) from reports").fetchone()[0])
        finally:
            conn.close()
    import psycopg

    with psycopg.connect(store.database_url.replace("+psycopg", "")) as pg:
        row = pg.execute("select count(*) from reports").fetchone()
        return int(row[0]) if row else 0


def _checks(store: Store) -> dict[str, int]:
    sql = {
        "reports": "select count(*) from reports",
        "duplicate_keys": "select count(*) from (select source, external_id from reports "
        "group by source, external_id having count(*) > 1) d",
        "mentions": "select count(*) from mentions",
        "orphan_mentions": "select count(*) from mentions m where not exists "
        "(select 1 from reports r where r.id = m.report_id)",
        "completed_runs": "select count(*) from ingest_runs where status = 'completed'",
        "unfinished_runs": "select count(*) from ingest_runs where status = 'running'",
    }
    if store.database_url is None:
        conn = sqlite3.connect(store.data_dir / "kizashi.db")
        try:
            return {k: int(conn.execute(q).fetchone()[0]) for k, q in sql.items()}
        finally:
            conn.close()
    import psycopg

    with psycopg.connect(store.database_url.replace("+psycopg", "")) as pg:
        return {k: int(pg.execute(q).fetchone()[0]) for k, q in sql.items()}  # type: ignore[index]


def crash_and_recover(store: Store, path: Path, n: int, fraction: float = 0.3) -> dict[str, Any]:
    """SIGKILL `kizashi ingest` once more than fraction*n reports are stored, then re-run."""
    command = [KIZASHI, "ingest", "sns_post", str(path), "--source", "bench:sns"]
    process = subprocess.Popen(
        command, env=store.env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    seen = 0
    while process.poll() is None:
        try:
            seen = _count(store)
        except Exception:
            seen = 0
        if seen >= fraction * n:
            process.send_signal(signal.SIGKILL)
            break
        time.sleep(0.05)
    process.communicate()
    killed = process.returncode == -signal.SIGKILL
    at_kill = _count(store)
    done = store.kizashi("ingest", "sns_post", str(path), "--source", "bench:sns")
    summary = orjson.loads(done.stdout.splitlines()[-1])
    checks = _checks(store)
    ok = (
        killed
        and 0 < at_kill < n
        and checks["reports"] == n
        and checks["duplicate_keys"] == 0
        and checks["mentions"] == 2 * n
        and checks["orphan_mentions"] == 0
        and summary["stored"] + summary["duplicates"] == n
        and summary["duplicates"] == at_kill
        and summary["quarantined"] == 0
        and checks["unfinished_runs"] == 1
        and checks["completed_runs"] == 1
    )
    return {"killed": killed, "at_kill": at_kill, "rerun": summary, "checks": checks, "ok": ok}


def bench_crash(config: Config) -> dict[str, Any]:
    n = config.crash_rows
    say(
        f"\n== crash: SIGKILL `kizashi ingest` of {n:,} sns_post rows past 30% stored, re-run, "
        "check exactly-once"
    )
    path = write_jsonl(config.tmp / f"crash-{n}.jsonl", "sns_post", n)
    results = {}
    _skip_pg(config, "crash")
    for backend in config.backends():
        with fresh_store(config.tmp, backend, config.pg_url, "crash") as store:
            outcome = crash_and_recover(store, path, n)
        rerun, checks = outcome["rerun"], outcome["checks"]
        say(
            f"  {backend}: killed={outcome['killed']} with {outcome['at_kill']:,} stored; "
            f"re-run stored {rerun['stored']:,}, reported {rerun['duplicates']:,} as already "
            f"stored; reports "
            f"{checks['reports']:,} (expected {n:,}), duplicate keys {checks['duplicate_keys']}, "
            f"mentions {checks['mentions']:,} (expected {2 * n:,}), "
            f"orphans {checks['orphan_mentions']}, runs: {checks['unfinished_runs']} left running "
            f"by the kill, {checks['completed_runs']} completed: "
            f"exactly once {verdict(outcome['ok'])}"
        )
        results[backend] = outcome
    return results


# --- main ------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--quick", action="store_true", help="small sizes, for a smoke run (~3 min)"
    )
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("KIZASHI_BENCH_POSTGRES_URL", DEFAULT_PG_ADMIN_URL),
        help="an existing database to create the throw-away benchmark database next to",
    )
    parser.add_argument(
        "--only",
        help=f"comma-separated subset of: {', '.join(BENCHMARKS)}, or all "
        f"(default: {','.join(HEADLINE)})",
    )
    parser.add_argument("--runs", type=int, help="runs per figure (default 3)")
    parser.add_argument(
        "--backends",
        default="sqlite,postgresql",
        help="comma-separated backends to measure (default: sqlite,postgresql)",
    )
    parser.add_argument(
        "--bulk-rows", type=int, help="rows for cli and inproc (default 200,000; --quick 20,000)"
    )
    parser.add_argument(
        "--limit-rows",
        type=int,
        help="rows per workload for ingest_limit (default 200,000; --quick 20,000)",
    )
    parser.add_argument(
        "--base",
        type=Path,
        help="ingest_limit: also run `kizashi ingest` of this tree's src (e.g. a worktree of "
        "main) as a third candidate in every round, for before/after in the same run",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args(argv)
    chosen = (
        list(BENCHMARKS)
        if args.only == "all"
        else (args.only.split(",") if args.only else list(HEADLINE))
    )
    unknown = set(chosen) - set(BENCHMARKS)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    config = Config(args)
    facts = machine(None if config.pg_skip else config.pg_url)
    say("kizashi intake benchmarks" + (" (--quick)" if config.quick else ""))
    for key, value in facts.items():
        say(f"  {key}: {value}")
    say(f"  load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if config.pg_skip:
        say(f"  PostgreSQL figures skipped: {config.pg_skip}")
    results: dict[str, Any] = {}
    with temp_dir(args.keep) as tmp:
        config.tmp = tmp
        intake_ratios.PYCACHE = tmp / "pycache"  # see intake_ratios.PYCACHE
        for name in chosen:
            started = time.perf_counter()
            if name == "ingest_limit":
                results[name] = intake_ratios.bench_ingest_limit(
                    tmp,
                    config.backends(),
                    config.pg_url,
                    config.limit_rows,
                    config.runs,
                    base_src=None if args.base is None else args.base.resolve() / "src",
                )
            elif name == "audit_limit":
                results[name] = intake_ratios.bench_audit_limit(
                    tmp, config.backends(), config.pg_url, config.audit_entries, config.runs
                )
            elif name == "startup":
                results[name] = intake_ratios.bench_startup(tmp, config.startup_rounds)
            elif name == "scan_limit":
                results[name] = intake_ratios.bench_scan_limit(tmp, 5_000, config.runs)
            elif name in ("cli", "inproc"):
                results[name] = bench_bulk(config, name)
            elif name == "api_batch":
                results[name] = bench_api_batch(config)
            elif name == "api_latency":
                results[name] = bench_api_latency(config)
            elif name == "memory":
                results[name] = bench_memory(config)
            elif name == "crash":
                results[name] = bench_crash(config)
            say(
                f"  ({name} took {time.perf_counter() - started:.0f} s; load average now "
                f"{' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores)"
            )
    failed = [f"crash/{b}" for b, o in results.get("crash", {}).items() if not o["ok"]]
    if failed:
        say(f"\ncorrectness FAILED: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    threading.current_thread().name = "bench"
    sys.exit(main())
