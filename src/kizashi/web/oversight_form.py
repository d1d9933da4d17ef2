"""The oversight access page's form, read from its parameters: one reading for the page and
for the door's record of a partner refused the page (:mod:`kizashi.web.door`)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from kizashi.errors import InputError

PURPOSE = "oversight review"


def form_day(text: str, zone: ZoneInfo, *, end: bool) -> datetime | None:
    """A date from the form, as the start (or, for an end, the next midnight) in local time."""
    if not text:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise InputError(f"not a date: {text!r}") from None
    return datetime.combine(day + timedelta(days=1) if end else day, time(0), tzinfo=zone)
