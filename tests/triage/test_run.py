"""Triage over a seeded store: every kind of signal counts, alerts open once, re-runs are idempotent."""

from __future__ import annotations

from sqlalchemy import Engine, func, select

from kizashi.config import Settings
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
