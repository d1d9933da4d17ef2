from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine, and_, func, insert, select

from kizashi.api import create_app
from kizashi.clock import FixedClock
from kizashi.config import Settings
from kizashi.guard.identity import (
    add_item,
    create_case,
    create_compartment,
    label_material,
    sync_desks,
)
from kizashi.ids import new_id
from kizashi.store import ingest_runs, reports, signals, transaction
from kizashi.store.tables import compartment_items, material_labels
from kizashi.store.tables_signals import report_time_of
from kizashi.web import dashboard
from kizashi.web.dashboard import (
    DEFAULT_PERIOD,
    Figures,
    day_bounds,
    days_between,
    flagged_signals,
    group_resource,
    latest_flagged,
    opened_per_day,
    period_end,
    period_start,
    signal_figures,
)
from tests.web.conftest import csrf_of, sign_in
from tests.web.seeding import Seeded, _alert, _entity

TOKYO = ZoneInfo("Asia/Tokyo")


def test_periods_start_at_local_midnight() -> None:
    now = datetime(2026, 11, 22, 16, 0, tzinfo=UTC)  # 01:00 on the 23rd in Tokyo
    assert period_start("month", now, TOKYO) == datetime(2026, 11, 1, tzinfo=TOKYO)
    assert period_start("7d", now, TOKYO) == datetime(2026, 11, 17, tzinfo=TOKYO)
    assert period_start("30d", now, TOKYO) == datetime(2026, 10, 25, tzinfo=TOKYO)


def test_the_default_period_rolls_over_a_month_boundary() -> None:
    """On the first hour of a month the default still shows the last 30 days."""
    first_hour = datetime(2026, 11, 30, 15, 30, tzinfo=UTC)  # 00:30 on 1 December in Tokyo
    start = period_start(DEFAULT_PERIOD, first_hour, TOKYO)
    assert start == datetime(2026, 11, 2, tzinfo=TOKYO)
    assert len(days_between(start, first_hour, TOKYO)) == 30


def test_a_period_can_end_on_an_earlier_day_but_never_in_the_future() -> None:
    now = datetime(2026, 12, 3, 3, 0, tzinfo=UTC)
    end = period_end("2026-11-03", now, TOKYO)
    assert end.astimezone(TOKYO).date().isoformat() == "2026-11-03"
    assert end > datetime(2026, 11, 3, 23, 59, tzinfo=TOKYO)
    assert period_end("2027-01-01", now, TOKYO) == now
    assert period_end("not-a-day", now, TOKYO) == now
    assert period_end(None, now, TOKYO) == now


def test_alerts_are_counted_on_their_local_day(engine: Engine) -> None:
    now = datetime(2026, 11, 22, 3, 0, tzinfo=UTC)
    with transaction(engine) as connection:
        sync_desks(connection)
        entity = _entity(connection, "person", "x", now)
        # 15:30 UTC on the 20th is 00:30 on the 21st in Tokyo.
        _alert(
            connection,
            entity,
            "tokuryu",
            0.5,
            None,
            "s",
            datetime(2026, 11, 20, 15, 30, tzinfo=UTC),
        )
        _alert(
            connection,
            entity,
            "tokuryu",
            0.5,
            None,
            "s",
            datetime(2026, 11, 20, 14, 30, tzinfo=UTC),
        )
        _alert(
            connection, entity, "fa-china", 0.5, None, "s", datetime(2026, 11, 1, 0, 0, tzinfo=UTC)
        )
    days = ["2026-11-20", "2026-11-21", "2026-11-22"]
    with engine.connect() as connection:
        counts = opened_per_day(connection, day_bounds(days, TOKYO))
    assert counts == {"tokuryu": [1, 1, 0]}


def test_an_empty_period_says_so_and_points_to_the_newest_data(
    engine: Engine, settings: Settings, seeded: Seeded, now: datetime
) -> None:
    """Sixty days after the seeded material, the default window is empty: the page says so
    instead of drawing empty axes, and links to the period ending on the newest day the user
    may count."""
    later = FixedClock(now + timedelta(days=60))
    with TestClient(
        create_app(settings, engine=engine, clock=later), base_url="http://127.0.0.1"
    ) as client:
        sign_in(client, "analyst")
        page = client.get("/ui/")
        assert page.status_code == 200
        assert 'data-testid="flagged-total">0<' in page.text
        assert 'data-testid="no-data"' in page.text and 'data-testid="no-data-signals"' in page.text
        link = re.search(r'data-testid="newest-data"', page.text)
        day = re.search(r'href="/ui/\?period=30d&amp;until=(\d{4}-\d{2}-\d{2})"', page.text)
        assert link and day, "no link to the newest data"
        newest = datetime.fromisoformat(day.group(1)).date()
        assert timedelta(0) <= now.astimezone(TOKYO).date() - newest <= timedelta(days=6)
        back = client.get(f"/ui/?period=30d&until={day.group(1)}")
        assert re.search(r'data-testid="flagged-total">1[0-9]<', back.text)
        assert 'data-testid="no-data"' not in back.text


def _report(
    connection: Connection, run_id: str, received: datetime, occurred: datetime | None
) -> str:
    report_id = new_id()
    connection.execute(
        insert(reports).values(
            id=report_id,
            channel="sns_post",
            schema_version=1,
            source="test",
            external_id=report_id,
            received_at=received,
            occurred_at=occurred,
            reliability="F",
            credibility="6",
            handling_code="TLP:GREEN",
            purpose="p",
            legal_basis="l",
            ingest_run_id=run_id,
            raw_sha256="0" * 64,
            body_sha256="0" * 64,
        )
    )
    return report_id


def _flag(
    connection: Connection,
    report_id: str,
    now: datetime,
    *,
    flagged: bool,
    model: str = "m1",
    category: str = "threat",
) -> None:
    connection.execute(
        insert(signals).values(
            id=new_id(), report_id=report_id, detector="text", model_version=model,
            category=category, score=0.9 if flagged else 0.1, scores={}, flagged=flagged,
            evidence=[], protected=[], created_at=now, report_at=report_time_of(report_id),
        )
    )  # fmt: skip


def _as_before(
    connection: Connection, since: datetime, until: datetime
) -> list[tuple[str, str, str, str, datetime]]:
    """The dashboard's read as it was before migration 0024: every flagged signal joined to
    its report, windowed by the report's own time."""
    at = func.coalesce(reports.c.occurred_at, reports.c.received_at)
    held = select(compartment_items.c.ref).where(compartment_items.c.kind == "report")
    query = (
        select(signals.c.category, reports.c.channel, reports.c.handling_code,
               material_labels.c.desk_id, reports.c.occurred_at, reports.c.received_at)
        .join(reports, reports.c.id == signals.c.report_id)
        .outerjoin(material_labels, and_(material_labels.c.resource_type == "report",
                                         material_labels.c.resource_id == reports.c.id))
        .where(signals.c.flagged.is_(True), material_labels.c.case_id.is_(None))
        .where(reports.c.id.not_in(held), at >= since, at <= until)
    )  # fmt: skip
    return sorted(
        (
            r.category or "other",
            r.channel,
            r.handling_code,
            r.desk_id or "",
            r.occurred_at or r.received_at,
        )
        for r in connection.execute(query)
    )


def test_signals_are_counted_by_their_report_time_as_before(engine: Engine) -> None:
    """Flagged signals are windowed by the report's time copied onto them (0024): the same
    rows as the join to every report gave, across a month boundary in Tokyo, for reports
    with and without an event time, with held and case material still left out."""
    boundary = datetime(2026, 11, 1, tzinfo=TOKYO)  # 15:00 UTC on 31 October
    received = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
    with transaction(engine) as connection:
        sync_desks(connection)
        create_case(connection, "C-9", desk="tokuryu")
        create_compartment(
            connection,
            "hold",
            desk="tokuryu",
            valid_from=received,
            valid_until=received + timedelta(days=90),
        )
        run_id = new_id()
        connection.execute(
            insert(ingest_runs).values(
                id=run_id, channel="sns_post", input_name="t", started_at=received,
                rows_read=0, rows_stored=0, rows_duplicate=0, rows_conflicting=0,
                rows_quarantined=0, status="completed",
            )
        )  # fmt: skip
        times = {
            "october, last minute": (received, boundary - timedelta(minutes=1)),
            "november, first minute": (received, boundary + timedelta(minutes=1)),
            "received on 1 November only": (boundary + timedelta(hours=2), None),
            "received in November, happened in October": (received, boundary - timedelta(days=3)),
            "december": (received, datetime(2026, 12, 1, 0, 30, tzinfo=TOKYO)),
            "held": (received, boundary + timedelta(days=1)),
            "in a case": (received, boundary + timedelta(days=1)),
            "routed to a desk": (received, boundary + timedelta(days=2)),
        }
        ids = {name: _report(connection, run_id, *at) for name, at in times.items()}
        for report_id in ids.values():
            _flag(connection, report_id, received, flagged=True)
        # A second model that did not flag it: not counted.
        _flag(connection, ids["october, last minute"], received, flagged=False, model="m2")
        add_item(connection, "hold", "report", ids["held"])
        label_material(connection, "report", ids["in a case"], desk="tokuryu", case_ref="C-9")
        label_material(connection, "report", ids["routed to a desk"], desk="fa-china")
    now = datetime(2026, 11, 30, 15, 30, tzinfo=UTC)  # 00:30 on 1 December in Tokyo
    windows = [
        (period_start("month", boundary + timedelta(hours=1), TOKYO), boundary + timedelta(hours=1)),
        (period_start("30d", now, TOKYO), now),
        (period_start("month", now, TOKYO), now),
        (period_start("7d", boundary, TOKYO), boundary),
        (boundary - timedelta(days=90), boundary + timedelta(days=60)),
    ]  # fmt: skip
    with engine.connect() as connection:
        for since, until in windows:
            rows = flagged_signals(connection, since, until)
            found = sorted(
                (r.category, r.channel, r.handling_code, r.desk or "", r.at) for r in rows
            )
            assert found == _as_before(connection, since, until), (since, until)
        november = flagged_signals(connection, boundary, boundary + timedelta(hours=3))
        assert sorted(r.at for r in november) == [
            boundary + timedelta(minutes=1),
            boundary + timedelta(hours=2),
        ]
        figures = Figures()
        since = period_start("month", now, TOKYO)
        rows = flagged_signals(connection, since, now)
        allowed = {group_resource(r).id for r in rows}
        signal_figures(figures, rows, allowed, since, now, TOKYO, None)
        # The December report (00:30 on the 1st in Tokyo) falls on the last day of the window.
        assert figures.days[0] == "2026-12-01" and figures.by_category == {"threat": [1]}
        month = period_start("month", boundary + timedelta(days=5), TOKYO)
        rows = flagged_signals(connection, month, boundary + timedelta(days=5))
        figures = Figures()
        allowed = {group_resource(r).id for r in rows}
        signal_figures(figures, rows, allowed, month, boundary + timedelta(days=5), TOKYO, None)
        # 1 November: the first minute and the one received that day; the 2nd: held and in a
        # case, left out; the 3rd: routed to a desk.
        assert figures.by_category == {"threat": [2, 0, 1, 0, 0, 0]}
        assert figures.total_flagged == 3
        newest = latest_flagged(connection, boundary)
        assert newest.complete
        assert [r.at for r in newest.rows] == [boundary - timedelta(minutes=1)]


def _run(connection: Connection, at: datetime) -> str:
    run_id = new_id()
    connection.execute(
        insert(ingest_runs).values(
            id=run_id, channel="sns_post", input_name="t", started_at=at,
            rows_read=0, rows_stored=0, rows_duplicate=0, rows_conflicting=0,
            rows_quarantined=0, status="completed",
        )
    )  # fmt: skip
    return run_id


def test_a_report_flagged_by_two_model_versions_is_one_item(engine: Engine) -> None:
    """The dashboard counts items the detector flagged: a report two model versions (or
    detectors) flagged is one item, once per category it was flagged for, once in the total."""
    day = datetime(2026, 11, 20, tzinfo=TOKYO)
    received = day + timedelta(hours=12)
    with transaction(engine) as connection:
        sync_desks(connection)
        run_id = _run(connection, received)
        twice = _report(connection, run_id, received, day + timedelta(hours=1))
        _flag(connection, twice, received, flagged=True)
        _flag(connection, twice, received, flagged=True, model="m2")
        two_categories = _report(connection, run_id, received, day + timedelta(days=1))
        _flag(connection, two_categories, received, flagged=True)
        _flag(connection, two_categories, received, flagged=True, model="m2", category="weapon")
        once = _report(connection, run_id, received, day + timedelta(days=1, hours=2))
        _flag(connection, once, received, flagged=True)
    since, now = day, day + timedelta(days=2, hours=1)
    with engine.connect() as connection:
        rows = flagged_signals(connection, since, now)
    allowed = {group_resource(r).id for r in rows}
    figures = Figures()
    signal_figures(figures, rows, allowed, since, now, TOKYO, None)
    assert figures.by_category == {"threat": [1, 2, 0], "weapon": [0, 1, 0]}
    assert figures.total_flagged == 3
    weapons = Figures()
    signal_figures(weapons, rows, allowed, since, now, TOKYO, "weapon")
    assert weapons.by_category == {"weapon": [0, 1, 0]} and weapons.total_flagged == 1


def test_an_empty_periods_pointer_reads_the_newest_signals_first(engine: Engine) -> None:
    """``latest_flagged`` with a limit reads only the newest flagged signals: each group it
    finds carries the same newest time as a read of every flagged signal gives; it says
    whether it saw them all."""
    start = datetime(2026, 10, 1, tzinfo=TOKYO)
    with transaction(engine) as connection:
        sync_desks(connection)
        run_id = _run(connection, start)
        for i in range(6):
            at = start + timedelta(days=i)
            report_id = _report(connection, run_id, at, at)
            _flag(connection, report_id, at, flagged=True)
            _flag(connection, report_id, at, flagged=True, model="m2")
            if i % 2:
                label_material(connection, "report", report_id, desk="tokuryu")
        later = _report(connection, run_id, start + timedelta(days=40), None)
        _flag(connection, later, start, flagged=True)  # after the bound: never
    until = start + timedelta(days=30)
    with engine.connect() as connection:
        full = latest_flagged(connection, until)
        probe = latest_flagged(connection, until, limit=2)
        wide = latest_flagged(connection, until, limit=100)
    newest = {(r.channel, r.handling_code, r.desk): r.at for r in full.rows}
    assert full.complete and newest == {
        ("sns_post", "TLP:GREEN", None): start + timedelta(days=4),
        ("sns_post", "TLP:GREEN", "tokuryu"): start + timedelta(days=5),
    }
    # The two newest signals are both the sixth report's (two model versions).
    assert not probe.complete
    assert [(r.desk, r.at) for r in probe.rows] == [("tokuryu", start + timedelta(days=5))]
    assert wide.complete
    assert {(r.channel, r.handling_code, r.desk): r.at for r in wide.rows} == newest


def test_an_empty_period_points_past_newer_data_the_user_may_not_count(
    engine: Engine,
    settings: Settings,
    seeded: Seeded,
    now: datetime,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """When the newest flagged signals are all another desk's, the pointer still finds the
    newest day the user may count (every group read and decided in a second batch)."""
    monkeypatch.setattr(dashboard, "LATEST_PROBE", 1)
    newer = now + timedelta(days=20)
    with transaction(engine) as connection:
        run_id = _run(connection, newer)
        theirs = _report(connection, run_id, newer, newer)
        _flag(connection, theirs, newer, flagged=True)
        label_material(connection, "report", theirs, desk="tokuryu")
    later = FixedClock(now + timedelta(days=60))
    with TestClient(
        create_app(settings, engine=engine, clock=later), base_url="http://127.0.0.1"
    ) as client:
        sign_in(client, "analyst")
        page = client.get("/ui/")
        day = re.search(r'href="/ui/\?period=30d&amp;until=(\d{4}-\d{2}-\d{2})"', page.text)
        assert day, "no link to the newest data"
        newest = datetime.fromisoformat(day.group(1)).date()
        assert timedelta(0) <= now.astimezone(TOKYO).date() - newest <= timedelta(days=6)
        sign_in(client, "analyst-b")  # tokuryu's analyst may count it: found in the probe
        other = client.get("/ui/")
        assert f"until={newer.astimezone(TOKYO).date().isoformat()}" in other.text


def test_categories_are_named_in_the_readers_words(as_user, seeded: Seeded) -> None:  # type: ignore[no-untyped-def]
    """The period's categories (filter, table, chart legend) read 危害の予告, not the code."""
    client = as_user("analyst")
    page = client.get("/ui/")
    assert '<th scope="row">危害の予告</th>' in page.text
    assert '<th scope="row">threat</th>' not in page.text
    assert '<option value="threat" >危害の予告</option>' in page.text.replace("selected", "")
    assert '"name":"危害の予告"' in page.text.replace(": ", ":").replace(", ", ",")
    client.post("/ui/lang", data={"lang": "en", "csrf": csrf_of(page.text), "back": "/ui/"})
    assert '<th scope="row">Threat</th>' in client.get("/ui/").text


def test_the_day_charts_write_days_the_same_in_both_languages(as_user, seeded: Seeded) -> None:  # type: ignore[no-untyped-def]
    """Plotly's own date ticks are English month names ("Nov 8") on a Japanese page."""
    html = as_user("analyst").get("/ui/").text.replace(": ", ":").replace(", ", ",")
    assert html.count('"xaxis":{"type":"date","tickformat":"%-m/%-d"') == 2
