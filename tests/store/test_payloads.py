"""Payloads held for a worker pass: unsealed once, served from memory, dropped at the end."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import Engine, select

from kizashi.config import Settings
from kizashi.intake import RawRow, ingest_batch
from kizashi.store import transaction
from kizashi.store.payloads import destroy_keys, holding_payloads, open_bodies, open_payloads
from kizashi.store.tables import report_payloads

NOW = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)


def _ingest(engine: Engine, settings: Settings, texts: list[str]) -> list[str]:
    rows = []
    for n, text in enumerate(texts, start=1):
        body = {
            "platform": "x",
            "post_id": f"p{n}",
            "account_handle": f"@u{n}",
            "text": text,
            "posted_at": "2026-10-05T10:00:00+09:00",
        }
        rows.append(RawRow(n, n, json.dumps(body, ensure_ascii=False), body, None))
    # One batch a report: one key a report, so one can be destroyed alone.
    ids = []
    for row in rows:
        summary = ingest_batch(engine, settings, "sns_post", [row], "t", default_source="x")
        ids += [str(item.id) for item in summary.items]
    return ids


def _destroy(engine: Engine, report_ids: list[str]) -> None:
    with transaction(engine) as connection:
        keys = connection.execute(
            select(report_payloads.c.key_id).where(report_payloads.c.report_id.in_(report_ids))
        ).scalars()
        assert destroy_keys(connection, list(keys), NOW) == len(report_ids)


def test_a_held_report_is_unsealed_once_a_pass_and_dropped_when_the_pass_ends(
    engine: Engine, settings: Settings
) -> None:
    held_id, other_id = _ingest(engine, settings, ["明日は雨", "晴れの日"])
    with holding_payloads() as held:
        held.hold([held_id])
        with engine.connect() as connection:
            first = open_payloads(connection, [held_id, other_id], ("text",))
        assert {k: p.text for k, p in first.items()} == {held_id: "明日は雨", other_id: "晴れの日"}
        assert first[held_id].body is None  # only the fields asked for
        _destroy(engine, [held_id, other_id])
        with engine.connect() as connection:
            again = open_payloads(connection, [held_id, other_id], ("body", "text"))
            raw = open_payloads(connection, [held_id], ("raw",))
        # The held report is read from the pass's memory; the other one from the store.
        assert list(again) == [held_id]
        assert again[held_id].text == "明日は雨"
        body = again[held_id].body
        assert body is not None and body["post_id"] == "p1"
        assert raw == {}  # raw is never held: read from the store, where it is gone
    with engine.connect() as connection:
        assert open_payloads(connection, [held_id]) == {}
    assert held.plain == {} and held.held == set()


def test_a_held_body_is_decoded_afresh_for_every_reader(engine: Engine, settings: Settings) -> None:
    (report_id,) = _ingest(engine, settings, ["一件"])
    with holding_payloads() as held, engine.connect() as connection:
        held.hold([report_id])
        open_bodies(connection, [report_id])[report_id]["text"] = "changed by a stage"
        assert open_bodies(connection, [report_id])[report_id]["text"] == "一件"


def test_an_unreadable_held_report_stays_absent_for_the_pass(
    engine: Engine, settings: Settings
) -> None:
    (report_id,) = _ingest(engine, settings, ["消える"])
    _destroy(engine, [report_id])
    with holding_payloads() as held, engine.connect() as connection:
        held.hold([report_id, "no-such-report"])
        assert open_bodies(connection, [report_id, "no-such-report"]) == {}
        assert held.unreadable == {report_id, "no-such-report"}
        assert open_bodies(connection, [report_id]) == {}
