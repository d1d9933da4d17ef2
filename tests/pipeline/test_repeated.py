"""Repeated recruitment lures through the live worker (issue 12, live22): one account's third
yami-baito lure within thirty days opens an alert for the Tokuryu desk by itself, whatever
its risk; the fourth updates that alert; a full triage run afterwards changes nothing."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select

from kizashi.clock import FixedClock
from kizashi.config import Settings
from kizashi.pipeline import Worker
from kizashi.store import alert_events, alerts, signals
from kizashi.triage import run_triage
from tests.pipeline.helpers import NOW, history, lure


def _alerts(engine: Engine) -> list[Any]:
    with engine.connect() as connection:
        return list(connection.execute(select(alerts)))


def test_the_third_lure_opens_the_desks_alert_and_the_fourth_updates_it(
    engine: Engine, settings: Settings
) -> None:
    history(engine, settings)
    worker = Worker(engine, settings, clock=FixedClock(NOW), hooks=(), name="test")
    assert worker.drain().parked == 0
    first = [lure(engine, settings, 0, 20), lure(engine, settings, 1, 12)]
    assert worker.drain().parked == 0
    with engine.connect() as connection:
        flagged = connection.execute(
            select(signals.c.report_id).where(
                signals.c.flagged.is_(True), signals.c.category == "recruitment"
            )
        ).scalars()
        assert set(flagged) == set(first)  # both lures found ...
    assert _alerts(engine) == []  # ... and two are not yet a pattern
    third = lure(engine, settings, 2, 3)
    result = worker.drain()
    assert result.parked == 0
    [alert] = _alerts(engine)
    repeated = alert.explanation["repeated"]
    assert alert.desk_id == "tokuryu" and alert.routing_rule == "route-recruitment"
    assert alert.score < 40 and alert.urgent is None
    assert repeated["rule"] == "repeat-recruitment-lures" and repeated["count"] == 3
    assert repeated["bypassed_threshold"] is True
    assert [c["report_id"] for c in repeated["counted"]] == [*first, third]
    lure(engine, settings, 3, 1)
    assert worker.drain().parked == 0
    [again] = _alerts(engine)
    assert again.id == alert.id and again.explanation["repeated"]["count"] == 4
    with engine.connect() as connection:
        actions = sorted(
            connection.execute(
                select(alert_events.c.action).where(alert_events.c.alert_id == alert.id)
            ).scalars()
        )
    assert actions == ["opened", "rescored"]
    # The backfill concludes the same from the whole store.
    full = run_triage(engine, now=NOW, run_purchases=False)
    assert full.repeated == 1 and set(full.alerts) == {"unchanged"}
