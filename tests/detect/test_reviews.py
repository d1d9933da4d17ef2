"""Reviewed alerts become labelled examples; the drift report compares score distributions."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from sqlalchemy import Engine, insert, select

from kizashi.config import Settings
from kizashi.detect.reviews import drift_report, histogram, review_items
from kizashi.ids import new_id
from kizashi.intake.readers import RawRow
from kizashi.intake.service import ingest_batch
from kizashi.store import alert_outcomes, alerts, reports, signals, transaction
from kizashi.store.payloads import open_texts
from kizashi.store.tables import desks
from kizashi.store.tables_resolve import entities
from kizashi.store.tables_signals import report_time_of
from tests.detect.posts import sns_post

_post = sns_post


def _report_ids(engine: Engine, settings: Settings, texts: list[str]) -> dict[str, str]:
    rows = [
        RawRow(n + 1, n + 1, json.dumps(_post(n, t)), _post(n, t), None)
        for n, t in enumerate(texts)
    ]
    ingest_batch(engine, settings, "sns_post", rows, "test")
    with engine.connect() as connection:
        ids = connection.execute(select(reports.c.id)).scalars().all()
        return {text: rid for rid, text in open_texts(connection, ids).items()}


def _alert(connection: object, now: datetime, outcome: str, report_id: str, category: str) -> str:
    entity, alert = new_id(), new_id()
    connection.execute(  # type: ignore[attr-defined]
        insert(entities).values(id=entity, kind="person", label="x", created_at=now, updated_at=now)
    )
    contribution = {"kind": "text_signal", "category": category, "report_id": report_id}
    connection.execute(  # type: ignore[attr-defined]
        insert(alerts).values(
            id=alert, entity_id=entity, desk_id="desk-test", category=category, score=50.0,
            status=outcome, routing_rule="r", summary="s", opened_at=now, updated_at=now,
            explanation={"contributions": [contribution, {"kind": "purchase_rule"}]},
        )
    )  # fmt: skip
    connection.execute(  # type: ignore[attr-defined]
        insert(alert_outcomes).values(
            id=new_id(), alert_id=alert, outcome=outcome, reason="checked", user_id=new_id(),
            rules=[], categories=[category], score=50.0, desk_id="desk-test", decided_at=now,
        )
    )  # fmt: skip
    return alert


def test_confirmed_and_dismissed_alerts_become_labelled_items(
    engine: Engine, settings: Settings, now: datetime
) -> None:
    ids = _report_ids(engine, settings, ["お前を56す", "ホワイト案件の話を聞いた"])
    with transaction(engine) as connection:
        connection.execute(
            insert(desks).values(id="desk-test", name="t", name_ja="t", kind="operational",
                                 description="", created_at=now)
        )  # fmt: skip
        _alert(connection, now, "confirmed", ids["お前を56す"], "threat")
        _alert(connection, now, "dismissed", ids["ホワイト案件の話を聞いた"], "recruitment")
    items = {i["text"]: i for i in review_items(engine)}
    assert items["お前を56す"]["label"] == "threat"
    assert items["ホワイト案件の話を聞いた"]["label"] is None
    assert all(i["split"] in ("train", "dev") and i["weight"] > 1 for i in items.values())


def test_drift_report_compares_this_window_with_the_reference(
    engine: Engine, settings: Settings, now: datetime
) -> None:
    ids = _report_ids(engine, settings, ["a", "b", "c", "d"])
    with transaction(engine) as connection:
        for n, report_id in enumerate(ids.values()):
            connection.execute(
                insert(signals).values(
                    id=new_id(), report_id=report_id, detector="text", model_version="m1",
                    category="threat" if n == 0 else None, score=0.9 if n == 0 else 0.0,
                    scores={}, flagged=n == 0, evidence=[], protected=[], created_at=now,
                    report_at=report_time_of(report_id),
                )
            )  # fmt: skip
    reference = {"n": 100, "histogram": histogram([0.0] * 100), "flagged": {}}
    report = drift_report(engine, "m1", reference, now - timedelta(days=1), now + timedelta(days=1))
    assert report["signals"] == 4
    assert report["flag_rate"]["threat"] == {"now": 0.25, "training": 0.0}
    assert report["psi"] is not None and report["psi"] > 0.2 and report["drifted"]
    empty = drift_report(engine, "m1", reference, now + timedelta(days=2), now + timedelta(days=3))
    assert empty["signals"] == 0 and empty["psi"] is None
