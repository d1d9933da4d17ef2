"""The ratios of issue 21, each against a plain-code limit, in one run: interleaved, medians.

- ingest_limit: `kizashi ingest` (subprocess, start-up included) against the plain limit of
  benchmarks/intake_limits.py run the same way (one subprocess for a workload's files: the
  mix's two channel files go to one `kizashi ingest ... --also purchase=FILE`, and to one
  limit process; a ``--base`` tree runs one `kizashi ingest` per channel file, as it must),
  on SQLite (executemany) and PostgreSQL (COPY), for `sns_post` alone and the 70/30
  post/purchase mix; the peak RSS of `kizashi ingest` is sampled during the same runs.
- audit_limit: the audit log's `append_many` (batches of 1,000) against plain code doing the
  same salting, hashing, leaf JSON, Merkle frontier and driver inserts.
- startup: `kizashi --help` and `kizashi reports list --limit 1` against
  `python -c "import sqlalchemy, fastapi"` (wall time of the process, start to exit).
- scan_limit: `kizashi scan` of 5,000 distinct posts against a plain SudachiPy pass over the
  same texts (both subprocesses, start-up included).

Each round runs the candidates in alternating order, so load from other work on the machine
falls on both; the figures are medians over the rounds, and every verdict is a ratio.
"""

from __future__ import annotations

import hashlib
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import orjson
from _common import (
    KIZASHI,
    SOURCES,
    Store,
    fresh_store,
    pg_database,
    say,
    verdict,
    write_jsonl,
    write_mix,
)

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable


CPU: dict[str, list[float]] = {}  # CPU seconds of each candidate's processes, by label

# Where every measured process keeps its bytecode (set by benchmarks/intake.py to a directory
# of the run). An installed package has its .pyc files; a development shell often has
# PYTHONDONTWRITEBYTECODE set, and then each `kizashi` process would compile its ~150 source
# modules again at start (~0.1-0.3 s of CPU that no installation pays) while the limit, one
# small script, hardly notices. So every candidate runs with the same PYTHONPYCACHEPREFIX and
# bytecode writing on, and each benchmark warms that cache up before the timed rounds.
PYCACHE: Path | None = None


def _child_env(env: dict[str, str] | None) -> dict[str, str]:
    env = dict(os.environ if env is None else env)
    if PYCACHE is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    return env


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_process(
    command: list[str],
    env: dict[str, str] | None = None,
    *,
    stdin: Path | None = None,
    cpu_label: str | None = None,
    allowed: tuple[int, ...] = (0, 1),
) -> tuple[float, float, bytes]:
    """Wall seconds, peak RSS (MiB, the process and its children) and stdout of a command.

    With ``cpu_label``, the CPU seconds the process used (user + system, its own, not the
    database server's) are added to ``CPU[cpu_label]``: on a shared machine the wall clock
    measures the neighbours as much as the program, CPU time much less so.
    """
    import psutil

    cpu_before = _children_cpu()
    start = time.perf_counter()
    with open(stdin or os.devnull, "rb") as given:
        process = subprocess.Popen(
            command,
            env=_child_env(env),
            stdin=given,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        watched, peak, done = psutil.Process(process.pid), 0, threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                try:
                    rss = watched.memory_info().rss + sum(
                        c.memory_info().rss for c in watched.children(recursive=True)
                    )
                    peak = max(peak, rss)
                except psutil.Error:
                    pass
                time.sleep(0.02)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        out, err = process.communicate()
        elapsed = time.perf_counter() - start
        done.set()
        sampler.join()
    if process.returncode not in allowed:  # kizashi's 1: rows quarantined (reported, not fatal)
        raise RuntimeError(f"{' '.join(command)} exited {process.returncode}: {err[-2000:]!r}")
    if cpu_label is not None:
        CPU.setdefault(cpu_label, []).append(_children_cpu() - cpu_before)
    return elapsed, peak / 2**20, out


def interleaved(
    candidates: dict[str, Callable[[], float]], rounds: int, *, warm_up: bool = False
) -> dict[str, list[float]]:
    """Run each candidate once per round, in an order that alternates between rounds (with
    ``warm_up``, once each before the rounds, not counted: bytecode and page caches)."""
    names = list(candidates)
    if warm_up:
        for name in names:
            candidates[name]()
    samples: dict[str, list[float]] = {name: [] for name in names}
    for i in range(rounds):
        for name in names if i % 2 == 0 else reversed(names):
            samples[name].append(candidates[name]())
    return samples


def _fmt(values: list[float], unit: str = "") -> str:
    return " / ".join(f"{v:,.0f}{unit}" for v in values)


# --- ingest against the limit ------------------------------------------------------------------


def bench_ingest_limit(
    tmp: Path,
    backends: list[str],
    pg_url: str | None,
    rows: int,
    rounds: int,
    base_src: Path | None = None,
) -> dict[str, Any]:
    """With ``base_src`` (another tree's ``src``), `kizashi ingest` of that code is a third
    candidate in every round ("base": this venv, that source first on PYTHONPATH), so a
    change is measured before and after in the same conditions."""
    workloads = {
        "sns_post": {
            "sns_post": (write_jsonl(tmp / f"limit-sns-{rows}.jsonl", "sns_post", rows), rows)
        },
        "mix 70/30": write_mix(tmp, rows, prefix=f"limit-mix{rows}"),
    }
    say(
        f"\n== ingest vs the plain limit: {rows:,} rows per workload, {rounds} interleaved rounds "
        "(subprocesses, start-up included; fresh store each run)"
    )
    _warm_up_ingest(tmp, backends, pg_url, base_src)
    results: dict[str, Any] = {}
    for backend in backends:
        for workload, files in workloads.items():
            peaks: list[float] = []

            def kizashi(
                files: dict[str, tuple[Path, int]] = files,
                backend: str = backend,
                peaks: list[float] = peaks,
                workload: str = workload,
                who: str = "kizashi",
            ) -> float:
                with fresh_store(tmp, backend, pg_url, "k") as store:
                    env = store.env()
                    if who == "base":
                        assert base_src is not None
                        env["PYTHONPATH"] = str(base_src)
                    total, cpu_before = 0.0, _children_cpu()
                    for command in _ingest_commands(files, one_run=who == "kizashi"):
                        seconds, peak, out = run_process(command, env)
                        for line in out.splitlines():
                            summary = orjson.loads(line)
                            expected = files[summary["channel"]][1]
                            if summary["stored"] != expected:
                                raise RuntimeError(
                                    f"kizashi stored {summary['stored']} of {expected}"
                                )
                        total += seconds
                        if who == "kizashi":
                            peaks.append(peak)
                    CPU.setdefault(f"{backend}/{workload}/{who}", []).append(
                        _children_cpu() - cpu_before
                    )
                    return rows / total

            def limit(
                files: dict[str, tuple[Path, int]] = files,
                backend: str = backend,
                workload: str = workload,
            ) -> float:
                with fresh_store(tmp, backend, pg_url, "l") as store:
                    target = store.database_url or str(store.data_dir)
                    pairs = [f"{channel}={path}" for channel, (path, _) in files.items()]
                    seconds, _, out = run_process(  # one process for every file, as kizashi's
                        [PYTHON, str(HERE / "intake_limits.py"), target, *pairs],
                        cpu_label=f"{backend}/{workload}/limit",
                        allowed=(0,),
                    )
                    if orjson.loads(out)["rows"] != rows:
                        raise RuntimeError(f"the limit wrote {out!r}")
                    return rows / seconds

            candidates: dict[str, Callable[[], float]] = {"kizashi": kizashi, "limit": limit}
            if base_src is not None:
                candidates = {"base": partial(kizashi, who="base"), **candidates}
            samples = interleaved(candidates, rounds)
            k, lim = statistics.median(samples["kizashi"]), statistics.median(samples["limit"])
            target = 0.9 if backend == "sqlite" else 0.7
            ratio = k / lim
            peak = max(peaks)
            per_file = 1  # CPU is recorded once per candidate and round
            cpu = {
                who: statistics.median(
                    sum(CPU[f"{backend}/{workload}/{who}"][i : i + per_file])
                    for i in range(0, len(CPU[f"{backend}/{workload}/{who}"]), per_file)
                )
                for who in candidates
            }
            cpu_ratio = cpu["limit"] / cpu["kizashi"]
            say(
                f"  {backend:10s} {workload:9s}: kizashi {_fmt(samples['kizashi'])} rows/s "
                f"(median {k:,.0f}); limit {_fmt(samples['limit'])} (median {lim:,.0f}); "
                f"ratio {ratio:.2f} (target ≥ {target}) {verdict(ratio >= target)}; "
                f"peak RSS {peak:,.0f} MiB {verdict(peak < 200)}; client CPU seconds "
                f"{cpu['kizashi']:.1f} vs {cpu['limit']:.1f} (CPU ratio {cpu_ratio:.2f})"
            )
            if base_src is not None:
                base = statistics.median(samples["base"])
                say(
                    f"  {'':10s} {'':9s}  base {_fmt(samples['base'])} rows/s (median "
                    f"{base:,.0f}, ratio {base / lim:.2f}); client CPU seconds "
                    f"{cpu['base']:.1f} (CPU ratio {cpu['limit'] / cpu['base']:.2f}); "
                    f"CPU per round base / kizashi / limit: "
                    + "; ".join(
                        f"{who} "
                        + " / ".join(
                            f"{sum(CPU[f'{backend}/{workload}/{who}'][i : i + per_file]):.2f}"
                            for i in range(0, len(CPU[f"{backend}/{workload}/{who}"]), per_file)
                        )
                        for who in candidates
                    )
                )
            results[f"{backend}/{workload}"] = {
                "kizashi": k,
                "limit": lim,
                "ratio": ratio,
                "peak_mib": peak,
                "cpu_ratio": cpu_ratio,
            }
    return results


def _ingest_commands(files: dict[str, tuple[Path, int]], *, one_run: bool) -> list[list[str]]:
    """`kizashi ingest` of every file: one process with ``--also CHANNEL=FILE`` (``one_run``),
    else one process per channel file (a base tree older than ``--also``). One run takes one
    ``--source``: the first channel's (sources only choose grading defaults, looked up once)."""
    (first, (path, _)), *others = files.items()
    if one_run:
        also = [arg for ch, (p, _) in others for arg in ("--also", f"{ch}={p}")]
        return [[KIZASHI, "ingest", first, str(path), *also, "--source", SOURCES[first]]]
    return [
        [KIZASHI, "ingest", channel, str(p), "--source", SOURCES[channel]]
        for channel, (p, _) in files.items()
    ]


def _warm_up_ingest(
    tmp: Path, backends: list[str], pg_url: str | None, base_src: Path | None = None
) -> None:
    """One small, untimed run of each program on each backend: bytecode cache, page cache."""
    files = write_mix(tmp, 200, prefix="warm-up")
    for backend in backends:
        for who in ("k", "l") if base_src is None else ("b", "k", "l"):
            with fresh_store(tmp, backend, pg_url, f"warm-{who}") as store:
                env = store.env()
                if who == "b":
                    env["PYTHONPATH"] = str(base_src)
                if who in ("b", "k"):
                    for command in _ingest_commands(files, one_run=who == "k"):
                        run_process(command, env)
                else:
                    target = store.database_url or str(store.data_dir)
                    pairs = [f"{channel}={path}" for channel, (path, _) in files.items()]
                    run_process(
                        [PYTHON, str(HERE / "intake_limits.py"), target, *pairs], allowed=(0,)
                    )


# --- audit against the limit -------------------------------------------------------------------


def _entries(count: int) -> list[Any]:
    from audit import entry  # benchmarks/audit.py: the same entries as its own figures

    return [entry(i) for i in range(count)]


def plain_audit(database: str, entries: list[Any], batch: int = 1000) -> float:
    """Seconds for plain code to append `entries`: salted hashes of the personal values, the
    leaf's canonical JSON and hash, the Merkle frontier (nodes above level 3 kept, as the
    log keeps them), driver inserts of the same rows, one transaction per batch."""
    from datetime import UTC, datetime

    sha = hashlib.sha256
    sqlite = not database.startswith("postgres")
    conn: Any = sqlite3.connect(database, isolation_level=None) if sqlite else None
    if sqlite:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
    else:
        import psycopg

        conn = psycopg.connect(database.replace("+psycopg", ""))
    frontier: list[bytes] = []
    start = time.perf_counter()
    for first in range(0, len(entries), batch):
        now = datetime.now(UTC)
        stamp = now.replace(tzinfo=None).isoformat(" ", "microseconds") if sqlite else now
        rows, personal, nodes = [], [], []
        for seq, entry in enumerate(entries[first : first + batch], first):
            hashes = {}
            for name, value in entry.personal.items():
                salt = os.urandom(16)
                hashes[name] = sha(salt + value.encode()).hexdigest()
                personal.append((seq, name, salt, value))
            leaf = orjson.dumps(
                {
                    "action": entry.action,
                    "actor": entry.actor,
                    "context": dict(entry.context),
                    "decision": {"effect": entry.effect, "reason": entry.reason},
                    "personal": hashes,
                    "purpose": entry.purpose,
                    "resource": {"type": entry.resource_type, "id": entry.resource_id},
                    "seq": seq,
                    "time": now.isoformat(),
                    "v": 1,
                },
                option=orjson.OPT_SORT_KEYS,
            )
            digest = current = sha(b"\x00" + leaf).digest()
            level, index = 0, seq
            while index & 1:
                current = sha(b"\x01" + frontier.pop() + current).digest()
                level, index = level + 1, index >> 1
                if level > 3:
                    nodes.append((level, index, current))
            frontier.append(current)
            rows.append(
                (seq, stamp, entry.actor, entry.action, entry.resource_type, entry.resource_id,
                 entry.purpose, entry.effect, leaf.decode(), digest)
            )  # fmt: skip
        size, edge = first + len(rows), b"".join(frontier)
        entry_sql = (
            "audit_entries (seq, time, actor, action, resource_type, resource_id, purpose, "
            "effect, leaf, leaf_hash)"
        )
        if sqlite:
            conn.execute("begin")
            conn.executemany(f"INSERT INTO {entry_sql} VALUES ({', '.join('?' * 10)})", rows)
            conn.executemany(
                "INSERT INTO audit_personal (seq, field, salt, value) VALUES (?, ?, ?, ?)", personal
            )
            conn.executemany("INSERT INTO audit_nodes (level, idx, hash) VALUES (?, ?, ?)", nodes)
            conn.execute("UPDATE audit_head SET size = ?, frontier = ? WHERE id = 1", (size, edge))
            conn.execute("commit")
        else:
            with conn.cursor() as cur:
                for table, data in (
                    (entry_sql, rows),
                    ("audit_personal (seq, field, salt, value)", personal),
                    ("audit_nodes (level, idx, hash)", nodes),
                ):
                    if data:
                        with cur.copy(f"COPY {table} FROM STDIN") as copy:
                            for row in data:
                                copy.write_row(row)
                cur.execute(
                    "UPDATE audit_head SET size = %s, frontier = %s WHERE id = 1", (size, edge)
                )
            conn.commit()
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def bench_audit_limit(
    tmp: Path, backends: list[str], pg_url: str | None, count: int, rounds: int
) -> dict[str, Any]:
    from kizashi.config import load_settings
    from kizashi.guard import AuditLog, Signer
    from kizashi.store import make_engine, upgrade

    say(
        f"\n== audit append_many(1,000) vs plain hashing + driver inserts: {count:,} entries, {rounds} rounds"
    )
    entries = _entries(count)
    results = {}
    for backend in backends:
        cleanups: list[Callable[[], object]] = []

        def store(
            name: str, backend: str = backend, cleanups: list[Callable[[], object]] = cleanups
        ) -> tuple[Any, str]:
            data_dir = tmp / f"audit-{name}-{time.perf_counter_ns()}"
            url = None
            if backend == "postgresql":
                assert pg_url
                database = pg_database(pg_url)
                url = database.__enter__()
                cleanups.append(lambda database=database: database.__exit__(None, None, None))
            engine = make_engine(load_settings(data_dir=data_dir, database_url=url))
            upgrade(engine)
            return engine, url or str(data_dir / "kizashi.db")

        def kizashi() -> float:
            engine, _ = store("k")
            log = AuditLog(engine, Signer.generate("bench.kizashi/audit"))
            start = time.perf_counter()
            for i in range(0, count, 1000):
                log.append_many(entries[i : i + 1000])
            elapsed = time.perf_counter() - start
            engine.dispose()
            return count / elapsed

        def plain() -> float:
            engine, database = store("p")
            engine.dispose()
            return count / plain_audit(database, entries)

        try:
            samples = interleaved({"kizashi": kizashi, "plain": plain}, rounds)
        finally:
            for cleanup in cleanups:
                cleanup()
        k, p = statistics.median(samples["kizashi"]), statistics.median(samples["plain"])
        say(
            f"  {backend:10s}: append_many {_fmt(samples['kizashi'])}/s (median {k:,.0f}); plain "
            f"{_fmt(samples['plain'])} (median {p:,.0f}); ratio {k / p:.2f}"
        )
        results[backend] = {"kizashi": k, "plain": p, "ratio": k / p}
    return results


# --- CLI start-up ------------------------------------------------------------------------------


def bench_startup(tmp: Path, rounds: int) -> dict[str, Any]:
    say(f"\n== CLI start-up: wall time from exec to exit, {rounds} interleaved rounds")
    results: dict[str, Any] = {}
    with fresh_store(tmp, "sqlite", None, "startup") as store:
        env = store.env()
        peaks: dict[str, list[float]] = {}

        def timed(name: str, command: list[str]) -> Callable[[], float]:
            def run() -> float:
                seconds, peak, _ = run_process(command, env)
                peaks.setdefault(name, []).append(peak)
                return seconds * 1000

            return run

        samples = interleaved(
            {
                "import sqlalchemy, fastapi": timed(
                    "import", [PYTHON, "-c", "import sqlalchemy, fastapi"]
                ),
                "kizashi --help": timed("help", [KIZASHI, "--help"]),
                "kizashi reports list --limit 1": timed(
                    "reports", [KIZASHI, "reports", "list", "--limit", "1"]
                ),
            },
            rounds,
            warm_up=True,
        )
    base = statistics.median(samples["import sqlalchemy, fastapi"])
    targets = {"kizashi --help": 1.3, "kizashi reports list --limit 1": 1.5}
    say(
        f"  python -c 'import sqlalchemy, fastapi': {_fmt(samples['import sqlalchemy, fastapi'], ' ms')} (median {base:,.0f} ms; peak RSS {max(peaks['import']):,.0f} MiB)"
    )
    for name, target in targets.items():
        median = statistics.median(samples[name])
        key = "help" if "help" in name else "reports"
        say(
            f"  {name}: {_fmt(samples[name], ' ms')} (median {median:,.0f} ms; peak RSS "
            f"{max(peaks[key]):,.0f} MiB); {median / base:.2f}× the plain import "
            f"(target ≤ {target}×) {verdict(median / base <= target)}"
        )
        results[name] = {"ms": median, "ratio": median / base, "peak_mib": max(peaks[key])}
    results["baseline_ms"] = base
    return results


# --- scan against a plain SudachiPy pass -------------------------------------------------------

PLAIN_SUDACHI = """
import sys, orjson
from sudachipy import Dictionary, SplitMode
tokenizer = Dictionary(dict="core").create(mode=SplitMode.C)
tokens = 0
with open(sys.argv[1], "rb") as lines:
    for line in lines:
        tokens += len(tokenizer.tokenize(orjson.loads(line)["text"]))
print(tokens)
"""


def bench_scan_limit(tmp: Path, posts: int, rounds: int) -> dict[str, Any]:
    from _common import _text_pool

    say(f"\n== kizashi scan vs a plain SudachiPy pass: {posts:,} distinct posts, {rounds} rounds")
    path = tmp / f"scan-{posts}.jsonl"
    pool = _text_pool()
    with path.open("wb") as out:
        for i in range(posts):
            text = f"{pool[i % len(pool)]} {i}"
            out.write(orjson.dumps({"id": f"p{i}", "platform": "x", "text": text}) + b"\n")
    env = Store(tmp).env()
    CPU.pop("scan/kizashi", None), CPU.pop("scan/plain", None)
    samples = interleaved(
        {
            "kizashi scan": lambda: (
                posts / run_process([KIZASHI, "scan", str(path)], env, cpu_label="scan/kizashi")[0]
            ),
            "plain SudachiPy": lambda: (
                posts
                / run_process([PYTHON, "-c", PLAIN_SUDACHI, str(path)], cpu_label="scan/plain")[0]
            ),
        },
        rounds,
        warm_up=True,
    )
    k, p = statistics.median(samples["kizashi scan"]), statistics.median(samples["plain SudachiPy"])
    # The warm-up run of each is the first CPU sample: leave it out.
    cpu_k = posts / statistics.median(CPU["scan/kizashi"][1:])
    cpu_p = posts / statistics.median(CPU["scan/plain"][1:])
    say(
        f"  kizashi scan {_fmt(samples['kizashi scan'])} posts/s (median {k:,.0f}); plain "
        f"SudachiPy {_fmt(samples['plain SudachiPy'])} (median {p:,.0f}); ratio {k / p:.2f} "
        f"(target ≥ 0.25) {verdict(k / p >= 0.25)}; per client CPU-second {cpu_k:,.0f} vs "
        f"{cpu_p:,.0f} (CPU ratio {cpu_k / cpu_p:.2f})"
    )
    return {"kizashi": k, "plain": p, "ratio": k / p, "cpu_ratio": cpu_k / cpu_p}
