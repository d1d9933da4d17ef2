"""An open alert follows its subject's records into the entity they were merged into (issue
12): the desk keeps one alert for the person — its history, now with where it came from —
instead of a dead one on the old id and a second one opened on the new."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import Engine, select, update

from kizashi.clock import ManualClock
from kizashi.config import Settings
from kizashi.pipeline import Worker
from kizashi.store import (
    alert_events,
    alert_outcomes,
    alerts,
    entities,
    entity_members,
    mentions,
    transaction,
)
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


def _alert_of(engine: Engine, entity_id: str) -> Any:
    with engine.connect() as connection:
        return connection.execute(select(alerts).where(alerts.c.entity_id == entity_id)).one()


def _events(engine: Engine, alert_id: str) -> list[Any]:
    with engine.connect() as connection:
        return list(
            connection.execute(
                select(alert_events)
                .where(alert_events.c.alert_id == alert_id)
                .order_by(alert_events.c.at, alert_events.c.id)
            )
        )


def test_where_both_had_open_alerts_they_are_folded_into_one(
    engine: Engine, settings: Settings
) -> None:
    from fastapi.testclient import TestClient

    from kizashi.api import create_app
    from kizashi.guard.identity import create_user, issue_token
    from tests.conftest import frozen_now

    clock, gone, into = _two_accounts(engine, settings, THREAT, THREAT + "！")
    with transaction(engine) as connection:
        worker = create_user(connection, "duty", role="analyst", desk="lone-offender").id
        # The merged-away alert was taken by someone; the survivor is in review, unassigned.
        connection.execute(
            update(alerts).where(alerts.c.entity_id == gone).values(assignee_id=worker)
        )
        connection.execute(
            update(alerts).where(alerts.c.entity_id == into).values(status="in_review")
        )
    other, kept = _alert_of(engine, gone), _alert_of(engine, into)
    _merge(engine, gone, into)
    clock.advance(timedelta(minutes=5))
    run_triage(engine, as_of=NOW, now=clock(), run_purchases=False)

    with engine.connect() as connection:
        rows = {r.id: r for r in connection.execute(select(alerts))}
        outcomes = connection.execute(select(alert_outcomes)).all()
    assert set(rows) == {other.id, kept.id}  # no third alert opened on the survivor
    folded, survivor = rows[other.id], rows[kept.id]
    assert (folded.status, folded.folded_into) == ("folded", kept.id)
    assert folded.closed_reason == f"folded into alert #{kept.id}"
    assert folded.closed_at == clock() and folded.closed_by is None
    assert outcomes == []  # no person decided it: nothing for the outcome statistics
    assert (survivor.status, survivor.entity_id, survivor.folded_into) == ("in_review", into, None)
    assert survivor.assignee_id == worker  # the survivor had none: the other's is kept
    assert survivor.score >= max(other.score, kept.score)
    [told] = survivor.explanation["folded"]
    assert (told["alert_id"], told["entity_id"], told["score"]) == (other.id, gone, other.score)
    assert set(other.explanation["categories"]) <= set(survivor.explanation["categories"])

    details = {
        "from_alert": other.id,
        "into_alert": kept.id,
        "from_entity": gone,
        "to_entity": into,
    }
    [merged] = [e for e in _events(engine, kept.id) if e.action == "merged"]
    assert {k: merged.details[k] for k in details} == details
    [closing] = [e for e in _events(engine, other.id) if e.action == "folded"]
    assert (closing.from_status, closing.to_status) == ("new", "folded")
    assert {k: closing.details[k] for k in details} == details

    # Done once: the next run changes neither alert's state nor adds a step.
    clock.advance(timedelta(minutes=5))
    run_triage(engine, as_of=NOW, now=clock(), run_purchases=False)
    with engine.connect() as connection:
        assert len(connection.execute(select(alerts.c.id)).all()) == 2
        steps = connection.execute(
            select(alert_events.c.action).where(alert_events.c.action.in_(("merged", "folded")))
        ).all()
    assert sorted(s.action for s in steps) == ["folded", "merged"]

    with engine.begin() as connection:
        create_user(connection, "analyst", role="command_centre", desk="lone-offender")
        token = issue_token(connection, "analyst", now=frozen_now())
    client = TestClient(create_app(settings, engine=engine, clock=clock))
    headers = {"Authorization": f"Bearer {token}", "X-Kizashi-Purpose": "duplicate alert check"}
    shown_folded = client.get(f"/api/v1/alerts/{other.id}", headers=headers).json()
    shown_kept = client.get(f"/api/v1/alerts/{kept.id}", headers=headers).json()
    assert shown_folded["status"] == "folded" and shown_folded["folded_into"] == kept.id
    assert shown_folded["subject_merged_into"] == into
    assert shown_kept["folded_from"] == [other.id] and shown_kept["folded_into"] is None
    # The survivor's history is both alerts' history, each step under its own alert.
    assert {e["alert_id"] for e in shown_kept["events"]} == {other.id, kept.id}
    assert "opened" in {e["action"] for e in shown_kept["events"] if e["alert_id"] == other.id}
    listed = client.get("/api/v1/alerts?status=folded", headers=headers).json()["items"]
    assert [a["id"] for a in listed] == [other.id]
    # Closed for good: work goes on on the survivor.
    reopen = client.post(
        f"/api/v1/alerts/{other.id}/review",
        headers=headers,
        json={"status": "in_review", "reason": "look again"},
    )
    assert reopen.status_code == 409 and "folded" in reopen.json()["detail"]


def test_a_survivor_keeps_its_own_assignee_when_folding(engine: Engine, settings: Settings) -> None:
    from kizashi.guard.identity import create_user

    clock, gone, into = _two_accounts(engine, settings, THREAT, THREAT + "！")
    with transaction(engine) as connection:
        theirs = create_user(connection, "one", role="analyst", desk="lone-offender").id
        ours = create_user(connection, "two", role="analyst", desk="lone-offender").id
        connection.execute(
            update(alerts).where(alerts.c.entity_id == gone).values(assignee_id=theirs)
        )
        connection.execute(
            update(alerts).where(alerts.c.entity_id == into).values(assignee_id=ours)
        )
    _merge(engine, gone, into)
    clock.advance(timedelta(minutes=5))
    run_triage(engine, as_of=NOW, now=clock(), run_purchases=False)
    assert _alert_of(engine, into).assignee_id == ours
    assert _alert_of(engine, gone).status == "folded"


def test_a_decided_alert_is_neither_folded_nor_folded_into(
    engine: Engine, settings: Settings
) -> None:
    clock, gone, into = _two_accounts(engine, settings, THREAT, THREAT + "！")
    with transaction(engine) as connection:
        connection.execute(
            update(alerts)
            .where(alerts.c.entity_id == into)
            .values(status="dismissed", closed_at=clock(), closed_reason="a joke")
        )
    decided, other = _alert_of(engine, into), _alert_of(engine, gone)
    _merge(engine, gone, into)
    clock.advance(timedelta(minutes=5))
    run_triage(engine, as_of=NOW, now=clock(), run_purchases=False)
    with engine.connect() as connection:
        rows = {r.id: r for r in connection.execute(select(alerts))}
    # The dismissal stands as decided; the open one is carried to the survivor, not folded.
    assert set(rows) == {decided.id, other.id}
    assert (rows[decided.id].status, rows[decided.id].closed_reason) == ("dismissed", "a joke")
    assert (rows[other.id].status, rows[other.id].entity_id) == ("new", into)
    assert rows[other.id].folded_into is None and rows[decided.id].folded_into is None
    assert not [e for e in _events(engine, decided.id) if e.action in ("merged", "folded")]


def test_a_decided_merged_away_alert_stays_decided_beside_an_open_one(
    engine: Engine, settings: Settings
) -> None:
    clock, gone, into = _two_accounts(engine, settings, THREAT, THREAT + "！")
    with transaction(engine) as connection:
        connection.execute(
            update(alerts)
            .where(alerts.c.entity_id == gone)
            .values(status="confirmed", closed_at=clock(), closed_reason="real")
        )
    _merge(engine, gone, into)
    clock.advance(timedelta(minutes=5))
    run_triage(engine, as_of=NOW, now=clock(), run_purchases=False)
    assert (_alert_of(engine, gone).status, _alert_of(engine, gone).folded_into) == (
        "confirmed",
        None,
    )
    assert _alert_of(engine, into).status == "new"


def test_a_folded_alerts_account_of_its_risk_covers_both(
    engine: Engine, settings: Settings
) -> None:
    """Before: the survivor took the higher score but kept its own account, so its page said
    "risk 106.5 … from 1 text signal" under a risk of 129.3 (found folding two demo alerts)."""
    from kizashi.triage.carry import fold

    clock, gone, into = _two_accounts(engine, settings, THREAT, THREAT + "！")
    other, kept = _alert_of(engine, gone), _alert_of(engine, into)
    high, low = (other, kept) if other.score >= kept.score else (kept, other)
    with transaction(engine) as connection:
        connection.execute(
            update(alerts).where(alerts.c.id == high.id).values(score=high.score + 50.0)
        )
        rows = {r.id: r for r in connection.execute(select(alerts))}
        # the lower-scored alert survives: the account must take the other's risk and time
        after = fold(connection, rows[low.id], rows[high.id], clock())
    told = after.explanation
    assert after.score == high.score + 50.0
    assert told["score"] == high.explanation["score"] and told["as_of"] == high.explanation["as_of"]
    both = {
        kind: low.explanation["signal_kinds"].get(kind, 0)
        + high.explanation["signal_kinds"].get(kind, 0)
        for kind in {*low.explanation["signal_kinds"], *high.explanation["signal_kinds"]}
    }
    assert told["signal_kinds"] == both and sum(both.values()) >= 2
