"""An open alert follows its subject's records into the entity they were merged into (issue
12): the desk keeps one alert for the person — its history, now with where it came from —
instead of a dead one on the old id and a second one opened on the new."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine, select, update

from kizashi.clock import ManualClock
from kizashi.config import Settings
from kizashi.pipeline import Worker
from kizashi.store import alert_events, alerts, entities, entity_members, mentions, transaction
from kizashi.triage import run_triage
from tests.pipeline.helpers import NOW, THREAT, history, ingest, post


def _entity_of(engine: Engine, report_id: str) -> str:
    with engine.connect() as connection:
        return str(
            connection.execute(
                select(entity_members.c.entity_id)
                .join(mentions, mentions.c.id == entity_members.c.mention_id)
                .where(mentions.c.report_id == report_id, mentions.c.kind == "account")
            ).scalar_one()
        )


def _merge(engine: Engine, gone: str, into: str) -> None:
    """What a judgement's re-clustering leaves: the members moved, the old id pointing on."""
    with transaction(engine) as connection:
        connection.execute(
            update(entity_members).where(entity_members.c.entity_id == gone).values(entity_id=into)
        )
        connection.execute(update(entities).where(entities.c.id == gone).values(merged_into=into))


def _two_accounts(
    engine: Engine, settings: Settings, first: str, second: str
) -> tuple[ManualClock, str, str]:
    """Two accounts' posts through the live worker; their entities (the first's to be merged
    away into the second's)."""
    history(engine, settings)
    clock = ManualClock(NOW)
    worker = Worker(engine, settings, clock=clock, as_of=NOW, hooks=(), name="test")
    one, two = ingest(
        engine,
        settings,
        "sns_post",
        [post(901, "acct_one", first, NOW), post(902, "acct_two", second, NOW)],
    )
    assert worker.drain().parked == 0
    return clock, _entity_of(engine, one), _entity_of(engine, two)


def test_an_open_alert_is_carried_to_the_entity_its_records_went_to(
    engine: Engine, settings: Settings
) -> None:
    clock, gone, into = _two_accounts(engine, settings, THREAT, "駅前のカフェ")
    with engine.connect() as connection:
        [alert] = connection.execute(select(alerts)).all()
    assert alert.entity_id == gone
    _merge(engine, gone, into)

    clock.advance(timedelta(minutes=5))
    run_triage(engine, as_of=NOW, now=clock(), run_purchases=False)
    with engine.connect() as connection:
        now_open = connection.execute(select(alerts)).all()
        events = connection.execute(
            select(alert_events.c.action, alert_events.c.details)
            .where(alert_events.c.alert_id == alert.id)
            .order_by(alert_events.c.at, alert_events.c.id)
        ).all()
    assert [(a.id, a.entity_id, a.status) for a in now_open] == [(alert.id, into, "new")]
    merged = [e.details for e in events if e.action == "merged"]
    assert merged == [{"from_entity": gone, "to_entity": into}]
    # Done once: a second run leaves it be.
    clock.advance(timedelta(minutes=5))
    run_triage(engine, as_of=NOW, now=clock(), run_purchases=False)
    with engine.connect() as connection:
        assert connection.execute(select(alerts.c.id, alerts.c.entity_id)).all() == [
            (alert.id, into)
        ]
        count = connection.execute(
            select(alert_events.c.id).where(alert_events.c.action == "merged")
        ).all()
    assert len(count) == 1


def test_a_decided_alert_stays_where_it_was_decided(engine: Engine, settings: Settings) -> None:
    clock, gone, into = _two_accounts(engine, settings, THREAT, "駅前のカフェ")
    with transaction(engine) as connection:
        connection.execute(
            update(alerts).values(status="dismissed", closed_at=clock(), closed_reason="joke")
        )
    _merge(engine, gone, into)
    clock.advance(timedelta(minutes=5))
    run_triage(engine, as_of=NOW, now=clock(), run_purchases=False)
    with engine.connect() as connection:
        rows = connection.execute(select(alerts.c.entity_id, alerts.c.status)).all()
    # The dismissal was about what the analyst saw; the merged person's risk is new evidence
    # for the entity the records are in, so it opens its own alert there.
    assert sorted(rows, key=lambda r: r.status) == [(gone, "dismissed"), (into, "new")]


def test_where_both_had_alerts_the_api_says_where_the_subject_went(
    engine: Engine, settings: Settings
) -> None:
    from fastapi.testclient import TestClient

    from kizashi.api import create_app
    from kizashi.guard.identity import create_user, issue_token
    from tests.conftest import frozen_now

    clock, gone, into = _two_accounts(engine, settings, THREAT, THREAT + "！")
    with engine.connect() as connection:
        by_entity = {r.entity_id: r.id for r in connection.execute(select(alerts))}
    assert set(by_entity) == {gone, into}
    _merge(engine, gone, into)
    clock.advance(timedelta(minutes=5))
    run_triage(engine, as_of=NOW, now=clock(), run_purchases=False)
    with engine.begin() as connection:
        create_user(connection, "analyst", role="command_centre", desk="lone-offender")
        token = issue_token(connection, "analyst", now=frozen_now())
    client = TestClient(create_app(settings, engine=engine, clock=clock))
    headers = {"Authorization": f"Bearer {token}", "X-Kizashi-Purpose": "duplicate alert check"}
    stayed = client.get(f"/api/v1/alerts/{by_entity[gone]}", headers=headers).json()
    kept = client.get(f"/api/v1/alerts/{by_entity[into]}", headers=headers).json()
    assert stayed["entity_id"] == gone and stayed["subject_merged_into"] == into
    assert kept["subject_merged_into"] is None
