"""Repeated activity by one subject (urgent.yaml, ``repeated:``): one account's third
recruitment lure within thirty days opens an alert whatever its accumulated risk, routed to
the Tokuryu desk and saying why; more lures update that alert, never open another."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine, select

from kizashi.config import Settings
from kizashi.store.tables_triage import alert_events, alerts
from kizashi.triage import run_triage
from tests.triage.seed import NOW, add_entity, add_signal, ingest, link

HANDLE = "kasegu_job88"


def lures(engine: Engine, settings: Settings, days_ago: list[float], first: int = 0) -> list[str]:
    """Recruitment posts by one account, flagged (score 0.9), ``days_ago`` before NOW."""
    records = [
        {
            "platform": "x",
            "post_id": f"lure{first + n}",
            "account_handle": HANDLE,
            "text": f"ホワイト案件 即日即金 日給5万 詳細はテレグラムで @{HANDLE} ({first + n})",
            "posted_at": (NOW - timedelta(days=days)).isoformat(),
        }
        for n, days in enumerate(days_ago)
    ]
    ids = ingest(engine, settings, "sns_post", records, "platform:x")
    with engine.begin() as connection:
        for report_id in ids:
            add_signal(connection, report_id, "recruitment", 0.9, [])
    return ids


def account(engine: Engine, report_ids: list[str], entity_id: str | None = None) -> str:
    with engine.begin() as connection:
        entity_id = entity_id or add_entity(connection, "account", f"x:{HANDLE}")
        link(connection, entity_id, report_ids, kinds=("account",))
    return entity_id


def test_two_lures_open_nothing(engine: Engine, settings: Settings) -> None:
    account(engine, lures(engine, settings, [9, 1]))
    summary = run_triage(engine, now=NOW)
    assert summary.alerts == {} and summary.repeated == 0


def test_the_third_lure_opens_an_explained_alert_for_the_tokuryu_desk(
    engine: Engine, settings: Settings
) -> None:
    posted = lures(engine, settings, [20, 9, 1])
    entity = account(engine, posted)
    summary = run_triage(engine, now=NOW)
    assert summary.alerts == {"opened": 1} and summary.repeated == 1
    assert summary.above_threshold == 0  # 18 + 12.6 + 8.8, decayed: well under 40
    with engine.connect() as connection:
        [alert] = connection.execute(select(alerts)).all()
    assert alert.entity_id == entity and alert.score < 40
    assert (alert.desk_id, alert.routing_rule) == ("tokuryu", "route-recruitment")
    assert alert.urgent is None  # a lead for the desk's queue, not a duty-phone call
    repeated = alert.explanation["repeated"]
    assert repeated["rule"] == "repeat-recruitment-lures" and repeated["count"] == 3
    assert repeated["bypassed_threshold"] is True
    assert "under the threshold of 40" in repeated["explanation"]
    assert sorted(c["report_id"] for c in repeated["counted"]) == sorted(posted)
    assert "repeat:repeat-recruitment-lures" in alert.explanation["rules"]
    assert alert.summary.startswith("REPEATED (repeat-recruitment-lures: 3 recruitment signals")


def test_lures_outside_the_window_do_not_count(engine: Engine, settings: Settings) -> None:
    account(engine, lures(engine, settings, [31, 9, 1]))
    assert run_triage(engine, now=NOW).alerts == {}
    # Triage at a time when all three are within thirty days opens it: the count reads the
    # injected clock, nothing else.
    assert run_triage(engine, now=NOW - timedelta(days=1)).alerts == {"opened": 1}


def test_more_lures_update_the_open_alert_never_a_second(
    engine: Engine, settings: Settings
) -> None:
    entity = account(engine, lures(engine, settings, [20, 9, 1]))
    run_triage(engine, now=NOW)
    account(engine, lures(engine, settings, [0.5, 0.2], first=10), entity)
    again = run_triage(engine, now=NOW)
    assert again.alerts == {"updated": 1}
    with engine.connect() as connection:
        [alert] = connection.execute(select(alerts)).all()
        actions = [
            row.action
            for row in connection.execute(
                select(alert_events).where(alert_events.c.alert_id == alert.id)
            )
        ]
    assert alert.explanation["repeated"]["count"] == 5
    assert sorted(actions) == ["opened", "rescored"]
    assert run_triage(engine, now=NOW).alerts == {"unchanged": 1}
