"""The scenario's fixed clock: every timestamp in the demo derives from these constants.

The generator never reads the wall clock, so the same seed always yields the same bytes,
whatever day the demo is built on.
"""

from __future__ import annotations

import random
import zlib
from datetime import date, datetime, timedelta, timezone

__all__ = [
    "ELECTION_DAY",
    "JST",
    "PERIOD_END",
    "PERIOD_START",
    "RALLY_AT",
    "RALLY_PLACE",
    "at",
    "day_str",
    "iso",
    "natural",
    "random_time",
]

# Japan has no daylight saving, so a fixed +09:00 offset is exact for every date.
JST = timezone(timedelta(hours=9), "JST")

PERIOD_START = datetime(2026, 10, 4, 0, 0, tzinfo=JST)
# Exclusive end: the observation window closes at midnight starting 2026-11-04.
PERIOD_END = datetime(2026, 11, 4, 0, 0, tzinfo=JST)
ELECTION_DAY = date(2026, 11, 8)
RALLY_AT = datetime(2026, 11, 1, 15, 0, tzinfo=JST)
RALLY_PLACE = "JR大塚駅南口広場(東京都豊島区南大塚三丁目)"

# Relative activity per hour of day for human posting and shopping: quiet before dawn,
# peaks at lunch and in the evening. Weighted draws keep the corpus from looking uniform.
_HOUR_WEIGHTS = (
    2,
    1,
    1,
    1,
    1,
    2,
    4,
    7,
    9,
    8,
    7,
    8,
    11,
    9,
    7,
    7,
    8,
    9,
    11,
    13,
    14,
    13,
    10,
    6,
)
_HOURS = tuple(range(24))
_HOUR_CUM = tuple(sum(_HOUR_WEIGHTS[: h + 1]) for h in _HOURS)


def at(month: int, day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    """A time in the scenario's year (2026), in JST."""
    return datetime(2026, month, day, hour, minute, second, tzinfo=JST)


def natural(moment: datetime, salt: str) -> datetime:
    """Give a hand-written planted time a stable, arbitrary second.

    Background times carry random seconds; planted ones written to the minute would stand out
    by ending in :00, which a model could learn instead of the content.
    """
    return moment.replace(second=zlib.crc32(salt.encode("utf-8")) % 60)


def iso(moment: datetime) -> str:
    """ISO 8601 with the +09:00 offset, to the second (what the intake channels expect)."""
    return moment.replace(microsecond=0).isoformat()


def day_str(moment: date | datetime) -> str:
    """YYYY-MM-DD."""
    return moment.strftime("%Y-%m-%d")


def random_time(
    rng: random.Random,
    start: datetime = PERIOD_START,
    end: datetime = PERIOD_END,
    *,
    open_hours: tuple[int, int] | None = None,
) -> datetime:
    """A draw within [start, end) that follows the diurnal profile.

    ``open_hours`` (first, last inclusive) restricts the hour, e.g. a store's trading hours.
    """
    days = max(1, (end.date() - start.date()).days)
    for _ in range(20):
        day = start.date() + timedelta(days=rng.randrange(days))
        if open_hours is None:
            hour = rng.choices(_HOURS, cum_weights=_HOUR_CUM)[0]
        else:
            hour = rng.randint(open_hours[0], open_hours[1])
        moment = datetime(
            day.year, day.month, day.day, hour, rng.randrange(60), rng.randrange(60), tzinfo=JST
        )
        if start <= moment < end:
            return moment
    return start
