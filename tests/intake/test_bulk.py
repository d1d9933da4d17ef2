"""The driver-level writes of intake: same values as SQLAlchemy would write, first row wins."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine, select
from sqlalchemy.dialects import sqlite

from kizashi.config import Settings
from kizashi.intake import repository
from kizashi.intake.bulk import SMALL_BATCH, sqlite_timestamp
from kizashi.intake.prepare import PreparedReport, Preparer
from kizashi.intake.readers import RawRow, RecordSource
from kizashi.intake.service import ingest_rows
from kizashi.store import mentions, reports, transaction
from kizashi.store.payloads import open_payloads, open_texts
from kizashi.store.tables import UTCDateTime, report_payloads
from tests.conftest import frozen_now


@given(
    st.datetimes(
        min_value=datetime(1, 1, 2),
        max_value=datetime(9999, 12, 30),
        timezones=st.sampled_from([UTC, timezone(timedelta(hours=9))]),
    )
)
def test_sqlite_timestamps_are_written_as_sqlalchemy_writes_them(value: datetime) -> None:
    dialect = sqlite.dialect()
    processor = UTCDateTime().dialect_impl(dialect).bind_processor(dialect)
    assert processor is not None
    utc = value.astimezone(UTC)
    expected = processor(UTCDateTime().process_bind_param(utc, dialect))
    assert sqlite_timestamp(utc) == expected


def _post(n: int, text: str) -> RawRow:
    body = {
        "source": "x",
        "platform": "x",
        "post_id": str(n),
        "account_handle": f"@u{n}",
        "text": text,
        "posted_at": "2026-10-05T10:00:00+09:00",
    }
    return RawRow(n, n, json.dumps(body), body, None)


def test_inside_one_batch_the_first_row_of_a_key_wins(engine: Engine, settings: Settings) -> None:
    rows = [_post(1, "最初"), _post(2, "別"), _post(1, "改ざん"), _post(1, "最初")]
    summary = ingest_rows(engine, settings, "sns_post", rows, "batch.jsonl")
    assert (summary.stored, summary.conflicts, summary.duplicates) == (2, 1, 1)
    with engine.connect() as connection:
        ids = connection.execute(select(reports.c.id)).scalars().all()
        texts = sorted(open_texts(connection, ids).values())
        count = len(connection.execute(select(mentions.c.id)).all())
    assert texts == ["別", "最初"] and count == 2  # mentions of stored reports only


@pytest.mark.parametrize("filler", [0, SMALL_BATCH], ids=["small", "staged"])
def test_a_small_batch_and_a_staged_one_keep_the_same_rules(
    engine: Engine, settings: Settings, filler: int
) -> None:
    """PostgreSQL writes a batch of up to SMALL_BATCH rows by INSERT … VALUES and a larger
    one through its staging table: either way the first row of a key wins, a stored report
    repeated is a duplicate and one changed a conflict, and only stored reports get their
    mentions and payloads."""
    before = ingest_rows(engine, settings, "sns_post", [_post(9, "前から")], "before.jsonl")
    assert before.stored == 1
    posts = [_post(1, "最初"), _post(1, "改ざん"), _post(9, "前から"), _post(9, "変えた")]
    posts += [_post(100 + n, f"埋め{n}") for n in range(filler)]
    rows = [RawRow(i + 1, i + 1, p.raw, p.data, None) for i, p in enumerate(posts)]
    assert (len(rows) <= SMALL_BATCH) == (filler == 0)
    summary = ingest_rows(engine, settings, "sns_post", rows, "batch.jsonl", keep_items=True)
    assert (summary.stored, summary.conflicts, summary.duplicates) == (1 + filler, 2, 1)
    assert [i.status for i in summary.items[:4]] == ["stored", "rejected", "duplicate", "rejected"]
    with engine.connect() as connection:
        ids = connection.execute(select(reports.c.id)).scalars().all()
        texts = open_texts(connection, ids)
        mentioned = set(connection.execute(select(mentions.c.report_id)).scalars())
        sealed = set(connection.execute(select(report_payloads.c.report_id)).scalars())
    assert len(ids) == 2 + filler and {"最初", "前から"} <= set(texts.values())
    assert mentioned == sealed == set(ids)


def test_two_batches_in_one_transaction_do_not_see_each_other(
    engine: Engine, settings: Settings
) -> None:
    preparer = Preparer("sns_post", settings.tz)
    first = [preparer.prepare(_post(n, f"t{n}")) for n in range(1, 4)]
    second = [preparer.prepare(_post(n, f"t{n}")) for n in range(3, 6)]
    assert all(isinstance(r, PreparedReport) for r in first + second)
    with transaction(engine) as connection:
        run = repository.start_run(connection, "sns_post", "two", now=frozen_now())
        one = repository.store_reports(connection, first, run)  # type: ignore[arg-type]
        two = repository.store_reports(connection, second, run)  # type: ignore[arg-type]
    assert [len(one.stored), len(one.duplicates)] == [3, 0]
    assert [len(two.stored), len(two.duplicates)] == [2, 1]
    with engine.connect() as connection:
        assert len(connection.execute(select(reports.c.id)).all()) == 5


def test_the_bulk_column_lists_are_the_tables_columns_in_order() -> None:
    from kizashi.intake.bulk import MENTION_COLUMNS, REPORT_COLUMNS

    assert tuple(reports.columns.keys()) == REPORT_COLUMNS
    assert tuple(mentions.columns.keys()) == MENTION_COLUMNS


def test_a_files_rows_are_sealed_from_their_bytes_and_open_as_read(
    engine: Engine, settings: Settings, tmp_path: Path
) -> None:
    rows = [
        {
            "platform": "x",
            "post_id": "1",
            "account_handle": "@a",
            "text": "髙橋 ①",
            "posted_at": "2026-10-05T10:00:00",
        },
        {
            "platform": "x",
            "post_id": "2",
            "account_handle": "@b",
            "text": "plain",
            "posted_at": "2026-10-05T10:00:00",
        },
    ]
    lines = [json.dumps(row, ensure_ascii=False) for row in rows]
    path = tmp_path / "posts.jsonl"
    path.write_bytes("\r\n".join(lines).encode("utf-8") + b"\r\n")
    with RecordSource(path) as source:
        summary = ingest_rows(
            engine, settings, "sns_post", source, "posts.jsonl", default_source="x"
        )
    assert summary.stored == 2
    with engine.connect() as connection:
        ids = connection.execute(select(reports.c.id)).scalars().all()
        opened = open_payloads(connection, ids).values()
    assert sorted((p.raw, p.text, (p.body or {})["post_id"]) for p in opened) == [
        (lines[0], "髙橋 ①", "1"),
        (lines[1], "plain", "2"),
    ]


def test_a_batchs_payloads_are_sealed_in_one_pass_with_a_fresh_nonce_each(
    settings: Settings,
) -> None:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from kizashi.intake.bulk import _payload_rows
    from kizashi.store.payloads import NONCE_BYTES, Sealer

    preparer = Preparer("sns_post", settings.tz)
    batch = [preparer.prepare(_post(n, f"本文{n}")) for n in range(1, 6)]
    assert all(isinstance(r, PreparedReport) for r in batch)
    for n, report in enumerate(batch):
        report.id = f"r{n}"  # type: ignore[union-attr]
    sealer = Sealer()
    rows = _payload_rows(sealer, batch)  # type: ignore[arg-type]
    nonces = [sealed[:NONCE_BYTES] for row in rows for sealed in row[2:5]]
    assert len(set(nonces)) == 15
    aead = AESGCM(sealer.key)
    for report, (report_id, key_id, raw, body, text, length) in zip(batch, rows, strict=True):
        assert (report_id, key_id, length) == (report.id, sealer.key_id, len(report.text))  # type: ignore[union-attr]
        opened = {
            field: aead.decrypt(
                sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], f"{report_id}/{field}".encode()
            )
            for field, sealed in (("raw", raw), ("body", body), ("text", text))
        }
        assert opened["raw"].decode() == report.raw  # type: ignore[union-attr]
        assert json.loads(opened["body"]) == report.body  # type: ignore[union-attr]
        assert opened["text"].decode() == report.text  # type: ignore[union-attr]
