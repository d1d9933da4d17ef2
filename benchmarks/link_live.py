"""The live path at scale: one new report linked against a store of N person records.

Called by ``benchmarks/link.py --new M``. The store (SQLite in a temporary directory) is built
as ``kizashi resolve`` would leave it — model and term frequencies, records with their
blocking keys and components, edges, entity ids — straight from a ``link_rows`` run over the
N records (ingesting N reports first is intake's benchmark, not this one). Then M purchase
reports, half of them people already in the store written another way, are ingested and
linked one at a time with ``link_new_report``; the milliseconds of each call are reported.
"""

from __future__ import annotations

import json
import random
import statistics
import time
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from kizashi.config import load_settings
from kizashi.ids import new_id
from kizashi.intake import RecordSource, ingest_rows
from kizashi.resolve import link_new_report
from kizashi.resolve.batch import components_of, edge_row, strongest_edges
from kizashi.resolve.blocking import record_keys
from kizashi.resolve.frame import feature_table
from kizashi.resolve.jaset import write_phone
from kizashi.resolve.link import link_rows
from kizashi.resolve.repository import chunks
from kizashi.resolve.store_model import save_frequencies
from kizashi.store import make_engine, transaction, upgrade
from kizashi.store.tables import reports
from kizashi.store.tables_resolve import resolve_edges, resolve_keys, resolve_records, resolve_runs


def _store(records: list[dict[str, Any]], work: Path, placeholder: str, engine: Any) -> None:
    table = feature_table(records)
    result = link_rows(table, keep_frequencies=True, explain=False)
    model = result.model
    component = components_of(table.ids, [(e.left, e.right) for e in result.edges])
    run_id = new_id()
    with transaction(engine) as connection:
        connection.execute(
            insert(resolve_runs).values(
                id=run_id,
                started_at=_now(),
                engine="duckdb",
                records=len(table),
                entities=0,
                model=model.as_json(),
            )
        )
        save_frequencies(connection, model)
    rows_out: list[dict[str, Any]] = []
    keys_out: list[dict[str, Any]] = []
    for row in table.all_rows():
        record_id = str(row["unique_id"])
        rows_out.append(
            {
                "id": record_id,
                "report_id": placeholder,  # the existing records' reports are not needed
                "slot": "",
                "mention_ids": [record_id],
                "features": row,
                "entity_id": result.clusters[record_id],
                "component": component[record_id],
            }
        )
        keys_out += [
            {"key": k, "record_id": record_id}
            for k in record_keys(row, model.rules)
            if k not in model.stops
        ]
        if len(rows_out) >= 20_000:
            _flush(engine, rows_out, keys_out)
    _flush(engine, rows_out, keys_out)
    with transaction(engine) as connection:
        for chunk in chunks([edge_row(e, run_id) for e in strongest_edges(result.edges)], 5000):
            connection.execute(insert(resolve_edges), list(chunk))


def _now() -> Any:
    from kizashi.clock import system_clock

    return system_clock()


def _flush(engine: Any, rows: list[dict[str, Any]], keys: list[dict[str, Any]]) -> None:
    with transaction(engine) as connection:
        for chunk in chunks(rows, 5000):
            connection.execute(insert(resolve_records), list(chunk))
        for chunk in chunks(keys, 20_000):
            connection.execute(insert(resolve_keys), list(chunk))
    rows.clear()
    keys.clear()


def live(records: list[dict[str, Any]], new: int, work: Path) -> None:
    settings = load_settings(data_dir=work / "store", database_url=None)
    engine = make_engine(settings)
    upgrade(engine)
    rng = random.Random(5)
    rows = []
    for n in range(new + 3):
        person = dict(rng.choice(records)) if n % 2 == 0 else {"name": f"ヤマダ タロウ{n}"}
        buyer = {"buyer_name": person["name"]}
        if person.get("phone"):
            buyer["buyer_phone"] = write_phone(
                rng, "0" + "".join(c for c in person["phone"] if c.isdigit())[-10:]
            )
        if person.get("address"):
            buyer["buyer_address"] = person["address"]
        rows.append(
            {
                "source": "retailer:bench",
                "external_id": f"B-{n:05d}",
                "received_at": "2026-10-04T23:59:00+09:00",
                "retailer": "テスト薬品",
                "store": "本店",
                "transaction_id": f"B-{n:05d}",
                "purchased_at": "2026-10-04T12:00:00+09:00",
                "item": "硫黄 1kg",
                "quantity": 1,
                "unit": "bag",
                "price_jpy": 1000,
                "payment_method": "cash",
                **buyer,
            }
        )
    path = work / "new.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n")
    with RecordSource(path) as source:
        ingest_rows(engine, settings, "purchase", source, path.name)
    with engine.connect() as connection:
        ids = [
            str(r.id)
            for r in connection.execute(
                select(reports.c.id)
                .where(reports.c.source == "retailer:bench")
                .order_by(reports.c.external_id)
            )
        ]
    started = time.perf_counter()
    _store(records, work, ids[0], engine)
    print(
        f"store of {len(records)} records built in {time.perf_counter() - started:.0f} s",
        flush=True,
    )
    ids = ids[1:]
    # Warm, timed apart: the process's first reports read the model, and the first name in
    # katakana also loads the name-reading tables and Sudachi's dictionary (~120-190 ms of
    # CPU once per process, whatever the store's size; the max of the timed calls before).
    # The first two are a katakana name of its own and a person from the store.
    for report_id in ids[:2]:
        begun, begun_cpu = time.perf_counter(), time.process_time()
        link_new_report(engine, report_id)
        print(
            f"warm-up call: wall {(time.perf_counter() - begun) * 1000:.1f} ms, "
            f"CPU {(time.process_time() - begun_cpu) * 1000:.1f} ms",
            flush=True,
        )
    wall, cpu = [], []
    for report_id in ids[2:]:
        begun, begun_cpu = time.perf_counter(), time.process_time()
        link_new_report(engine, report_id)
        wall.append((time.perf_counter() - begun) * 1000)
        cpu.append((time.process_time() - begun_cpu) * 1000)
    for name, times in (("wall", wall), ("CPU", cpu)):
        times.sort()
        p95 = times[int(0.95 * (len(times) - 1))]
        print(
            f"link_new_report against {len(records)} records, {name} time: "
            f"p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, max {times[-1]:.1f} ms "
            f"({len(times)} reports)",
            flush=True,
        )
