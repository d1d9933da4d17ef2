from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from kizashi.api import create_app
from kizashi.clock import FixedClock
from kizashi.config import Settings
from kizashi.guard.identity import sync_desks
from kizashi.store import transaction
from kizashi.web.dashboard import (
    DEFAULT_PERIOD,
    day_bounds,
    days_between,
    opened_per_day,
    period_end,
    period_start,
)
from tests.web.conftest import sign_in
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
