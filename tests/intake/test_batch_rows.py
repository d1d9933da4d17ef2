"""A batch's rows made report by report: ids in row order, every payload sealed openably."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import orjson
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from kizashi.config import load_settings
from kizashi.intake.batch_rows import BatchRows
from kizashi.intake.bulk import REPORT_COLUMNS
from kizashi.intake.prepare import PreparedReport, Preparer
from kizashi.intake.readers import RawRow
from kizashi.store.payloads import NONCE_BYTES

NOW = datetime(2026, 11, 1, 0, 0, tzinfo=UTC)


def _reports(count: int) -> list[PreparedReport]:
    preparer = Preparer("sns_post", load_settings().tz, default_source="x", now=NOW)
    made = []
    for n in range(count):
        body = {
            "platform": "x",
            "post_id": str(n),
            "account_handle": f"@u{n}",
            "display_name": f"名前{n}",
            "text": f"本文 {n}",
            "posted_at": "2026-10-05T10:00:00+09:00",
        }
        raw = json.dumps(body, ensure_ascii=False)
        report = preparer.prepare(RawRow(n + 1, n + 1, raw, body, None))
        assert isinstance(report, PreparedReport)
        made.append(report)
    return made


def test_more_reports_than_expected_get_fresh_ids_and_nonces_in_row_order() -> None:
    reports = _reports(7)
    batch = BatchRows.of(reports, "run", None, "org", sqlite=True, size=2)  # 2 expected, 7 come
    ids = [r.id for r in reports]
    assert len(set(ids)) == 7 and ids == sorted(ids)  # row order is id order: first row wins
    assert [row[0] for row in batch.report_rows] == ids
    mention_ids = [row[0] for row in batch.mention_rows]
    assert len(set(mention_ids)) == 14 and mention_ids == sorted(mention_ids)
    assert [row[1] for row in batch.mention_rows] == [i for i in ids for _ in range(2)]
    nonces = [sealed[:NONCE_BYTES] for row in batch.payload_rows for sealed in row[2:5]]
    assert len(set(nonces)) == 21


def test_a_reports_rows_carry_its_values_and_its_payload_opens_as_prepared() -> None:
    (report,) = _reports(1)
    batch = BatchRows.of([report], "run", "clerk", "org", sqlite=True, size=2_000)
    row = dict(zip(REPORT_COLUMNS, batch.report_rows[0], strict=True))
    assert row["occurred_at"] == "2026-10-05 01:00:00.000000"  # SQLite's text, UTC
    assert row["received_at"] == "2026-11-01 00:00:00.000000"
    assert (row["submitted_by"], row["organisation"], row["ingest_run_id"]) == (
        "clerk",
        "org",
        "run",
    )
    assert (row["external_id"], row["body_sha256"]) == (report.external_id, report.body_sha256)
    report_id, key_id, raw, body, text, length = batch.payload_rows[0]
    assert (report_id, key_id, length) == (report.id, batch.sealer.key_id, len(report.text))
    aead = AESGCM(batch.sealer.key)

    def opened(sealed: bytes, field: str) -> bytes:
        aad = f"{report_id}/{field}".encode()
        return aead.decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], aad)

    assert opened(raw, "raw").decode() == report.raw
    assert orjson.loads(opened(body, "body")) == report.body
    assert opened(text, "text").decode() == report.text
    postgres = BatchRows.of([report], "run", None, None, sqlite=False, size=1)
    assert postgres.report_rows[0][6] == report.occurred_at  # datetimes for PostgreSQL
