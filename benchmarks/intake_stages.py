"""CPU per row of each stage of `kizashi ingest`, in process, beside the limit's whole per-row work.

    .venv/bin/python benchmarks/intake_stages.py FILE.jsonl CHANNEL [ROUNDS]

Stages (best of ROUNDS, `time.process_time`, start-up and the database excluded): the reader
(`RecordSource`), `Preparer.prepare` (validation, body, hashes, mentions), ids, report
tuples, mention rows and sealing the payloads, per batch of 2,000 as the writer makes them;
then `benchmarks/intake_limits.py`'s `prepared_batches` over the same file. Write a file
with `benchmarks/_common.py`'s `write_jsonl` (the rows `benchmarks/intake.py` ingests).
"""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import intake_limits

from kizashi.ids import new_ids
from kizashi.intake import bulk
from kizashi.intake.prepare import PreparedReport, Preparer
from kizashi.intake.readers import RecordSource
from kizashi.store.payloads import Sealer

BATCH = 2_000


def best(rounds: int, work: Callable[[], Any]) -> tuple[float, Any]:
    fastest, result = float("inf"), None
    for _ in range(rounds):
        start = time.process_time()
        result = work()
        fastest = min(fastest, time.process_time() - start)
    return fastest, result


def main(argv: list[str]) -> None:
    path, channel = Path(argv[0]), argv[1]
    rounds = int(argv[2]) if len(argv) > 2 else 3
    gc.freeze()
    gc.set_threshold(20_000)  # as `kizashi ingest` sets it
    count = sum(1 for _ in path.open("rb"))
    times: dict[str, float] = {}
    times["read"], rows = best(rounds, lambda: list(RecordSource(path)))
    preparer = Preparer(channel, ZoneInfo("Asia/Tokyo"), default_source="bench:stages")
    times["prepare"], outcomes = best(rounds, lambda: [preparer.prepare(r) for r in rows])
    prepared = [p for p in outcomes if type(p) is PreparedReport]
    batches = [prepared[i : i + BATCH] for i in range(0, len(prepared), BATCH)]

    def ids() -> None:
        for report, report_id in zip(prepared, new_ids(len(prepared)), strict=True):
            report.id = report_id

    times["ids"], _ = best(rounds, ids)
    times["tuples"], _ = best(
        rounds, lambda: [bulk._rows(b, "run", None, None, True) for b in batches]
    )
    times["mentions"], _ = best(rounds, lambda: [bulk._mention_rows(b) for b in batches])
    times["seal"], _ = best(rounds, lambda: [bulk._payload_rows(Sealer(), b) for b in batches])
    total = sum(times.values())
    limit, _ = best(
        rounds, lambda: list(intake_limits.prepared_batches(path, channel, "s", "run", True))
    )
    per_row = {name: f"{seconds / count * 1e6:.1f}" for name, seconds in times.items()}
    print(
        f"{channel}, {count:,} rows, µs a row: {per_row}; kizashi {total / count * 1e6:.1f}, "
        f"limit {limit / count * 1e6:.1f}"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
