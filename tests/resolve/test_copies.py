"""Copies (records identical to an earlier one) keep no blocking keys in either linking path,
so a block holds one record per profile; they get their keys back when their first goes."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, select

from kizashi.config import Settings
from kizashi.intake import RecordSource, ingest_rows
from kizashi.resolve import link_reports, resolve_store
from kizashi.resolve.candidates import Candidates, profile
from kizashi.resolve.copies import keys_of
from kizashi.resolve.expiry import forget_reports
from kizashi.resolve.link import IDENTICAL
from kizashi.resolve.store_model import latest_model
from kizashi.store import transaction
from kizashi.store.tables import reports
from kizashi.store.tables_resolve import resolve_edges, resolve_keys, resolve_records
from tests.resolve.conftest import write_purchases
from tests.resolve.partitions import partition


def _ingest_again(engine: Engine, settings: Settings, tmp_path: Path, copies: int) -> None:
    """The mixed store's purchases again, ``copies`` times each (the same buyers)."""
    rows = [
        json.loads(line)
        for line in write_purchases(tmp_path / "p.jsonl", extra=60).read_text().splitlines()
    ]
    again = tmp_path / "again.jsonl"
    again.write_text(
        "".join(
            json.dumps({**r, "external_id": f"{r['external_id']}-{n}"}, ensure_ascii=False) + "\n"
            for n in range(1, copies + 1)
            for r in rows
        )
    )
    with RecordSource(again) as source:
        ingest_rows(engine, settings, "purchase", source, again.name)


def _identical_sets(engine: Engine) -> list[set[str]]:
    """The sets of records joined by identical-record edges."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(resolve_edges.c.left_id, resolve_edges.c.right_id).where(
                resolve_edges.c.weight == IDENTICAL
            )
        ).all()
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for left, right in rows:
        parent[find(str(left))] = find(str(right))
    sets: dict[str, set[str]] = {}
    for record in list(parent):
        sets.setdefault(find(record), set()).add(record)
    return list(sets.values())


def _keyed(engine: Engine) -> dict[str, set[str]]:
    with engine.connect() as connection:
        rows = connection.execute(select(resolve_keys.c.record_id, resolve_keys.c.key))
        out: dict[str, set[str]] = {}
        for r in rows:
            out.setdefault(str(r.record_id), set()).add(str(r.key))
        return out


def _blocks_hold_one_record_a_profile(engine: Engine) -> None:
    with engine.connect() as connection:
        features = {
            str(r.id): profile(r.features)
            for r in connection.execute(select(resolve_records.c.id, resolve_records.c.features))
        }
    blocks: dict[str, list[str]] = {}
    for record_id, keys in _keyed(engine).items():
        for key in keys:
            blocks.setdefault(key, []).append(features[record_id])
    assert blocks
    for key, profiles in blocks.items():
        assert len(profiles) == len(set(profiles)), key


def test_copies_keep_no_keys_live_or_batch_and_link_the_same(
    mixed_store: Engine, settings: Settings, tmp_path: Path, now: datetime
) -> None:
    resolve_store(mixed_store)  # trains the model
    with mixed_store.connect() as connection:
        linked = set(connection.execute(select(reports.c.id)).scalars())
    _ingest_again(mixed_store, settings, tmp_path, copies=3)
    with mixed_store.connect() as connection:
        new = sorted(
            str(r) for r in connection.execute(select(reports.c.id)).scalars() if r not in linked
        )
    stats: dict[str, int] = {}
    for first in range(0, len(new), 9):  # as the worker claims them
        with transaction(mixed_store) as connection:
            link_reports(connection, new[first : first + 9], now=now, stats=stats)
    sets = _identical_sets(mixed_store)
    assert sum(len(s) - 1 for s in sets) >= len(new) // 2  # most purchases again are copies
    keyed = _keyed(mixed_store)
    assert all(len(s & set(keyed)) == 1 for s in sets)  # one record of each set has keys
    _blocks_hold_one_record_a_profile(mixed_store)
    live = partition(mixed_store)
    # The batch run writes the same: no keys for its copies, and the same entities.
    resolve_store(mixed_store, train=False)
    assert partition(mixed_store) == live
    keyed = _keyed(mixed_store)
    assert all(len(s & set(keyed)) == 1 for s in _identical_sets(mixed_store))
    _blocks_hold_one_record_a_profile(mixed_store)


def test_a_copy_gets_its_keys_back_when_its_first_expires(
    mixed_store: Engine, settings: Settings, tmp_path: Path, now: datetime
) -> None:
    _ingest_again(mixed_store, settings, tmp_path, copies=2)
    resolve_store(mixed_store)
    keyed = _keyed(mixed_store)
    group = max(_identical_sets(mixed_store), key=len)
    (first,) = group & set(keyed)
    mine = sorted(group - {first})
    assert mine
    with transaction(mixed_store) as connection:
        report = connection.execute(
            select(resolve_records.c.report_id).where(resolve_records.c.id == first)
        ).scalar()
        forget_reports(connection, select(reports.c.id).where(reports.c.id == report), now)
        _, model = latest_model(connection)
        features = {
            str(r.id): r.features
            for r in connection.execute(
                select(resolve_records.c.id, resolve_records.c.features).where(
                    resolve_records.c.id.in_(mine)
                )
            )
        }
    keyed = _keyed(mixed_store)
    for copy in mine:  # found again by the next record like them
        assert keyed[copy] == set(keys_of(features[copy], model))


def test_a_new_record_meets_one_record_a_profile(mixed_store: Engine) -> None:
    """Of identical records met (copies whose keys came back, or the batch's own), only the
    smallest id, as the batch run compares only the first of each."""
    with mixed_store.connect() as connection:
        candidates = Candidates(connection, ["k"])
    same = {"unique_id": "x", "account": "a", "x_display_name": "n", "phone": None}
    candidates.add_stored("r2", {**same, "unique_id": "r2"}, "r2", ["k"])
    candidates.add_stored("r1", {**same, "unique_id": "r1", "email": ""}, "r1", ["k"])
    candidates.add("r3", {**same, "unique_id": "r3", "x_display_name": "other"}, ["k"])
    met = candidates.of(["k"], "new")
    assert [m["id"] for m in met] == ["r1", "r3"]
    assert candidates.rows_read == 0  # the store has no key "k"


def test_candidates_decode_each_stored_record_once_as_stored(mixed_store: Engine) -> None:
    """A stored record sharing several keys with the batch is read once a key; its features
    (read as text, decoded once) are the stored ones, whichever key found it first."""
    resolve_store(mixed_store)
    with mixed_store.connect() as connection:
        by_record: dict[str, set[str]] = {}
        for key, record_id in connection.execute(
            select(resolve_keys.c.key, resolve_keys.c.record_id)
        ):
            by_record.setdefault(str(record_id), set()).add(str(key))
        record_id, keys = max(sorted(by_record.items()), key=lambda kv: len(kv[1]))
        assert len(keys) >= 2
        stored = connection.execute(
            select(resolve_records.c.features).where(resolve_records.c.id == record_id)
        ).scalar_one()
        candidates = Candidates(connection, keys)
    assert candidates.rows_read >= len(keys)
    met = {m["id"]: m for m in candidates.of(keys, "new")}
    assert isinstance(met[record_id]["features"], dict)
    assert met[record_id]["features"] == stored


def test_a_record_given_other_features_is_compared_by_them(mixed_store: Engine) -> None:
    """A record's profile is kept for the batch, and forgotten when the record is replaced
    (a copy's keys given back, a re-linked report's record added again under its id)."""
    with mixed_store.connect() as connection:
        candidates = Candidates(connection, ["k"])
    same = {"account": "a", "x_display_name": "n"}
    candidates.add_stored("r1", {**same, "unique_id": "r1"}, "r1", ["k"])
    candidates.add("r2", {**same, "unique_id": "r2"}, ["k"])
    assert [m["id"] for m in candidates.of(["k"], "new")] == ["r1"]
    candidates.add_stored("r1", {**same, "unique_id": "r1", "phone": "1"}, "r1", ["k"])
    assert [m["id"] for m in candidates.of(["k"], "new")] == ["r1", "r2"]
    candidates.add("r2", {**same, "unique_id": "r2", "phone": "1"}, ["k"])
    assert [m["id"] for m in candidates.of(["k"], "new")] == ["r1"]
