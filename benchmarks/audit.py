"""Audit log benchmarks: group-commit throughput, single-append latency, proofs and offline
verification at a million entries.

    .venv/bin/python benchmarks/audit.py [--quick] [--postgres-url URL] [--runs N] [--size N]

Throughput is measured in process, on a fresh migrated store per backend, as committed
(durable) appends per second: ``append_many`` batches of 1,000 entries, and a
GroupCommitWriter fed by 8 threads (open loop) and by 32 threads each waiting for its commit.
Each entry carries one personal field (hashed, its salt and value stored apart), as a search
by name does. Latency is one ``append`` per transaction; the guarded-read figure is
``Guard.check`` (load, decide, log through the Guard's GroupCommitWriter, as the API does)
against the same with a log that writes nothing, interleaved.
The million-entry figures use SQLite: build the log, then time ``prove`` against the store,
verify the proof, export, and verify the export offline. Medians of --runs runs.
PostgreSQL figures are skipped, with the reason, when no server answers (a throw-away
database is created next to --postgres-url and dropped afterwards).
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (
    DEFAULT_PG_ADMIN_URL,
    machine,
    median,
    percentile,
    pg_database,
    pg_reachable,
    say,
    temp_dir,
    verdict,
)

from kizashi.config import load_settings
from kizashi.guard import (
    AppendReceipt,
    AuditEntry,
    AuditLog,
    GroupCommitWriter,
    Signer,
    export_log,
    merkle,
)
from kizashi.guard.audit import verify_export
from kizashi.store import make_engine, upgrade


def entry(i: int) -> AuditEntry:
    return AuditEntry(
        actor=f"officer-{i % 300}",
        action=("read", "search", "list", "export")[i % 4],
        resource_type="report",
        resource_id=f"01970000-0000-7000-8000-{i:012d}",
        purpose="case 2026-041: assigned investigation",
        effect="allow" if i % 50 else "deny",
        reason="desk owns the report",
        personal={"subject_name": f"山田 太郎 {i % 5000}"},
        context={"terminal": f"T-{i % 40}", "desk": "special-investigation"},
    )


def fresh_log(data_dir: Path, url: str | None, **kwargs: object) -> AuditLog:
    settings = load_settings(data_dir=data_dir, database_url=url)
    engine = make_engine(settings)
    upgrade(engine)
    return AuditLog(engine, Signer.generate("bench.kizashi/audit"), **kwargs)  # type: ignore[arg-type]


def batch_rate(log: AuditLog, total: int, batch: int = 1000) -> float:
    entries = [entry(i) for i in range(total)]
    started = time.perf_counter()
    for i in range(0, total, batch):
        log.append_many(entries[i : i + batch])
    return total / (time.perf_counter() - started)


def writer_rate(log: AuditLog, total: int, threads: int, *, wait_each: bool) -> float:
    """Appends/s through a GroupCommitWriter from `threads` request threads.

    wait_each: each thread waits for its entry to commit before the next (closed loop: a
    batch holds at most `threads` entries). Otherwise each thread submits all its entries
    and then waits for them (open loop: as many requests in flight as the server holds).
    """
    per_thread = total // threads
    entries = [entry(i) for i in range(per_thread)]
    with GroupCommitWriter(log, max_batch=1000) as writer:

        def work() -> None:
            if wait_each:
                for item in entries:
                    writer.append(item)
            else:
                for future in [writer.submit(item) for item in entries]:
                    future.result()

        workers = [threading.Thread(target=work) for _ in range(threads)]
        started = time.perf_counter()
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        elapsed = time.perf_counter() - started
    return per_thread * threads / elapsed


def latencies(log: AuditLog, count: int) -> list[float]:
    values = []
    for i in range(count):
        started = time.perf_counter()
        log.append(entry(i))
        values.append((time.perf_counter() - started) * 1000)
    return sorted(values)


class UnloggedLog(AuditLog):
    """The baseline of the read-overhead figure: decisions with no audit write at all."""

    def append_many(self, entries):  # type: ignore[no-untyped-def]
        now = datetime.now(UTC)
        return [AppendReceipt(-1, "", now, 0, None) for _ in entries]


def read_overhead(log: AuditLog, count: int) -> tuple[list[float], list[float]]:
    """Latency (ms) of one guarded read decision (load, decide, log) with the real log and
    with no log, interleaved so that both see the same machine load."""
    from kizashi.guard import Guard, subject_key
    from kizashi.guard.identity import create_user, sync_desks

    with log.engine.begin() as connection:
        sync_desks(connection)
        user = create_user(
            connection, f"bench-{time.monotonic_ns()}", role="analyst", desk="tokuryu"
        )
    logged = Guard(log.engine, log)
    unlogged = Guard(log.engine, UnloggedLog(log.engine, log.signer))
    with_log, without = [], []
    for i in range(count):
        key = subject_key("person", f"山田 太郎 {i}")
        for guard, out in ((logged, with_log), (unlogged, without)):
            started = time.perf_counter()
            guard.check(user, "read", "subject", key, "case 2026-041 review", terminal="T-1")
            out.append((time.perf_counter() - started) * 1000)
    return sorted(with_log), sorted(without)


def throughput(tmp: Path, backend: str, url: str | None, args: argparse.Namespace) -> None:
    total = 20_000 if args.quick else 100_000
    # One store per backend; runs follow each other, so later runs append to a larger log.
    log = fresh_log(tmp / backend, url)
    batch_runs = [batch_rate(log, total) for _ in range(args.runs)]
    open_runs = [writer_rate(log, total, 8, wait_each=False) for _ in range(args.runs)]
    closed_runs = [writer_rate(log, total // 10, 32, wait_each=True) for _ in range(args.runs)]
    lat = latencies(log, 300 if args.quick else 1000)
    logged, unlogged = read_overhead(log, 300 if args.quick else 1000)
    log.engine.dispose()
    best = median(batch_runs)
    say(f"  {backend}: append_many(1000) {best:,.0f}/s {verdict(best >= 20_000)} (≥ 20,000/s)")
    say(f"  {backend}: GroupCommitWriter, 8 threads, open loop {median(open_runs):,.0f}/s")
    say(
        f"  {backend}: GroupCommitWriter, 32 threads each waiting for its commit "
        f"{median(closed_runs):,.0f}/s"
    )
    say(
        f"  {backend}: single append latency p50 {percentile(lat, 50):.2f} ms, "
        f"p99 {percentile(lat, 99):.2f} ms"
    )
    added = percentile(logged, 99) - percentile(unlogged, 99)
    say(
        f"  {backend}: guarded read (load, decide, log) p50 {percentile(logged, 50):.2f} ms, "
        f"p99 {percentile(logged, 99):.2f} ms; unlogged p99 {percentile(unlogged, 99):.2f} ms; "
        f"added by the log {added:.2f} ms {verdict(added <= 5)} (≤ 5 ms)"
    )


def million(tmp: Path, args: argparse.Namespace) -> None:
    size = args.size
    log = fresh_log(tmp / "million", None, checkpoint_every=10_000)
    started = time.perf_counter()
    batch = [entry(i) for i in range(10_000)]
    for _ in range(size // len(batch)):
        log.append_many(batch)
    say(f"  built {size:,} entries in {time.perf_counter() - started:.1f} s")
    seq = size * 3 // 4 + 123
    timings, proof = [], None
    for _ in range(args.runs * 5):
        started = time.perf_counter()
        proof = log.prove(seq)
        timings.append(time.perf_counter() - started)
    assert proof is not None
    verify_times = []
    for _ in range(1000):
        started = time.perf_counter()
        ok = merkle.verify_inclusion(proof.leaf_hash, seq, proof.tree_size, proof.path, proof.root)
        verify_times.append(time.perf_counter() - started)
    assert ok
    hashes = len(proof.path)
    verify_ms = median(verify_times) * 1000
    say(f"  inclusion proof at {proof.tree_size:,}: {hashes} hashes {verdict(hashes <= 21)} (≤ 21)")
    say(f"  proof from the store: {median(timings) * 1000:.2f} ms")
    say(f"  proof verification: {verify_ms:.3f} ms {verdict(verify_ms < 1)} (< 1 ms)")
    path = tmp / "million.jsonl"
    started = time.perf_counter()
    with path.open("wb") as out:
        export_log(log, out)
    say(f"  export: {time.perf_counter() - started:.1f} s, {path.stat().st_size / 2**20:.0f} MiB")
    runs = []
    for _ in range(args.runs):
        started = time.perf_counter()
        report = verify_export(path, log.signer.verifier)
        runs.append(time.perf_counter() - started)
        assert report.ok, report.problem
    best = median(runs)
    say(f"  offline verification of {size:,} entries: {best:.1f} s {verdict(best < 30)} (< 30 s)")
    log.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller runs, for a smoke test")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument(
        "--postgres-url", default=os.environ.get("KIZASHI_BENCH_POSTGRES_URL", DEFAULT_PG_ADMIN_URL)
    )
    args = parser.parse_args()
    if args.quick:
        args.size = min(args.size, 100_000)
    say(f"machine: {machine(args.postgres_url)}")
    with temp_dir() as tmp:
        say("durable appends:")
        throughput(tmp, "sqlite", None, args)
        reason = pg_reachable(args.postgres_url)
        if reason:
            say(f"  postgresql: skipped ({reason})")
        else:
            with pg_database(args.postgres_url) as url:
                throughput(tmp, "postgresql", url, args)
        say(f"at {args.size:,} entries (SQLite):")
        million(tmp, args)


if __name__ == "__main__":
    main()
