from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from kizashi.guard.identity_service import sync_desks
from kizashi.store import transaction
from kizashi.web.dashboard import day_bounds, opened_per_day, period_start
from tests.web.seeding import _alert, _entity

TOKYO = ZoneInfo("Asia/Tokyo")


def test_periods_start_at_local_midnight() -> None:
    now = datetime(2026, 11, 22, 16, 0, tzinfo=UTC)  # 01:00 on the 23rd in Tokyo
    assert period_start("month", now, TOKYO) == datetime(2026, 11, 1, tzinfo=TOKYO)
    assert period_start("7d", now, TOKYO) == datetime(2026, 11, 17, tzinfo=TOKYO)


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
