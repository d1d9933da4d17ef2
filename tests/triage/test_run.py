"""Triage over a seeded store: every kind of signal counts, alerts open once, re-runs are idempotent."""

from __future__ import annotations

from sqlalchemy import Engine, func, select

from kizashi.config import Settings
from kizashi.store.payloads import open_bodies
from kizashi.store.tables_purchases import purchase_firings
from kizashi.store.tables_triage import alert_events, alerts, risk_contributions
from kizashi.triage import run_triage
from tests.triage.seed import NOW, seed


def _count(engine: Engine, table: object) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


def test_the_offender_gets_one_explained_alert_and_reruns_change_nothing(
    engine: Engine, settings: Settings
) -> None:
    seeded = seed(engine, settings)
    summary = run_triage(engine, now=NOW)
    assert summary.top[0]["entity_id"] == seeded.offender
    assert summary.alerts == {"opened": 1}
    with engine.connect() as connection:
        alert = connection.execute(select(alerts)).one()
        kinds = {
            row.kind
            for row in connection.execute(
                select(risk_contributions).where(risk_contributions.c.entity_id == seeded.offender)
            )
        }
        rules = {row.rule_id for row in connection.execute(select(purchase_firings))}
    assert alert.entity_id == seeded.offender
    assert alert.desk_id == "lone-offender" and alert.routing_rule == "route-protected-person"
    assert kinds == {"purchase_rule", "partner_report", "patrol_note", "text_signal"}
    assert rules == {
        "combo-black-powder",
        "precursor-quantity:sulfur",
        "precursor-quantity:potassium-nitrate",
    }
    assert alert.explanation["signal_kinds"]["purchase_rule"] == 3
    assert alert.region == "東京都豊島区"
    assert alert.handling_code == "TLP:AMBER"
    before = (
        _count(engine, risk_contributions),
        _count(engine, alerts),
        _count(engine, alert_events),
        _count(engine, purchase_firings),
    )
    again = run_triage(engine, now=NOW)
    assert again.alerts == {"unchanged": 1}
    assert again.contributions_inserted == 0 and again.contributions_deleted == 0
    assert (
        _count(engine, risk_contributions),
        _count(engine, alerts),
        _count(engine, alert_events),
        _count(engine, purchase_firings),
    ) == before


def test_the_witness_and_the_barbecue_buyer_get_nothing(engine: Engine, settings: Settings) -> None:
    seeded = seed(engine, settings)
    run_triage(engine, now=NOW)
    with engine.connect() as connection:
        owners = {row.entity_id for row in connection.execute(select(risk_contributions))}
    assert owners == {seeded.offender}


def test_a_dismissed_alert_stays_closed_until_new_evidence_arrives(
    engine: Engine, settings: Settings
) -> None:
    from datetime import timedelta

    from kizashi.guard import User
    from kizashi.triage.lifecycle import review
    from tests.triage.seed import add_signal, ingest, link

    seeded = seed(engine, settings)
    run_triage(engine, now=NOW)
    reviewer = User(id="u1", name="cc", role="command_centre", desk="lone-offender")
    with engine.begin() as connection:
        alert = connection.execute(select(alerts)).one()
        review(connection, alert, reviewer, "in_review", None, NOW)
        alert = connection.execute(select(alerts)).one()
        review(connection, alert, reviewer, "dismissed", "fireworks club member", NOW)
    assert run_triage(engine, now=NOW + timedelta(hours=1)).alerts == {"closed": 1}
    post = ingest(
        engine,
        settings,
        "sns_post",
        [
            {
                "platform": "x",
                "post_id": "p3",
                "account_handle": "tar0_ymd",
                "text": "桜井、k0rosu",
                "posted_at": "2026-11-02T03:03:00+09:00",
            }
        ],
        "platform:x",
    )
    with engine.begin() as connection:
        link(connection, seeded.offender, post)
        add_signal(connection, post[0], "threat", 0.8, ["candidate-sakurai"])
    assert run_triage(engine, now=NOW + timedelta(hours=2)).alerts == {"opened": 1}
    with engine.connect() as connection:
        rows = list(connection.execute(select(alerts).order_by(alerts.c.opened_at)))
        opened = [
            e
            for e in connection.execute(
                select(alert_events).where(alert_events.c.action == "opened")
            )
        ]
    assert [r.status for r in rows] == ["dismissed", "new"]
    assert any(e.details.get("after_alert") == rows[0].id for e in opened)


def test_firings_follow_resolution(engine: Engine, settings: Settings) -> None:
    from sqlalchemy import update

    from kizashi.purchases import run_purchase_rules
    from kizashi.store.tables import reports
    from kizashi.store.tables_resolve import entity_members
    from tests.triage.seed import add_entity

    seeded = seed(engine, settings)
    assert run_purchase_rules(engine, now=NOW).inserted == 3
    assert run_purchase_rules(engine, now=NOW).inserted == 0
    # Resolution splits the sulfur buyer ("Taro Yamada", two web orders) off the offender.
    with engine.begin() as connection:
        other = add_entity(connection, "person", "Taro Yamada")
        ids = connection.execute(select(reports.c.id)).scalars().all()
        web = [
            rid
            for rid, body in open_bodies(connection, ids).items()
            if body.get("buyer_name") == "Taro Yamada"
        ]
        connection.execute(
            update(entity_members)
            .where(entity_members.c.report_id.in_(web))
            .values(entity_id=other)
        )
    summary = run_purchase_rules(engine, now=NOW)
    assert summary.deleted >= 2  # the combination and the sulfur total no longer hold for him
    with engine.connect() as connection:
        owners = {(r.entity_id, r.rule_id) for r in connection.execute(select(purchase_firings))}
    assert (other, "precursor-quantity:sulfur") in owners
    assert not any(e == seeded.offender and r == "combo-black-powder" for e, r in owners)


def test_outcomes_count_the_latest_decision_of_each_alert(
    engine: Engine, settings: Settings
) -> None:
    from kizashi.guard import User
    from kizashi.triage import outcome_report
    from kizashi.triage.lifecycle import review

    seed(engine, settings)
    run_triage(engine, now=NOW)
    reviewer = User(id="u1", name="cc", role="command_centre", desk="lone-offender")
    steps = [
        ("in_review", None),
        ("dismissed", "looked ordinary"),
        ("in_review", "garage report"),
        ("confirmed", "precursors and threats"),
    ]
    for status, reason in steps:
        with engine.begin() as connection:
            review(
                connection, connection.execute(select(alerts)).one(), reviewer, status, reason, NOW
            )
    with engine.connect() as connection:
        report = {row["rule"]: row for row in outcome_report(connection)}
        actions = [
            e.action
            for e in connection.execute(
                select(alert_events).order_by(alert_events.c.at, alert_events.c.id)
            )
        ]
    assert report["*all*"] == {"rule": "*all*", "confirmed": 1, "dismissed": 0, "precision": 1.0}
    assert report["combo-black-powder"]["confirmed"] == 1
    assert actions.count("reopened") == 1
