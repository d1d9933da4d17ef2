"""The dashboard's figures: flagged signals by day and category, alerts by desk and status.

Counts are aggregates, and aggregates leak too (a count that moves tells that something
hidden exists), so each is made from rows the user may count: the rows are grouped by what
the policy looks at (channel, handling code, desk), the guard decides ``count`` once per
group (logged), and only allowed groups are summed. Reports held in a compartment or a case
are left out of every count (their existence is need-to-know).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, and_, case, func, select

from kizashi.guard import Resource
from kizashi.store import alerts, reports, signals
from kizashi.store.tables import compartment_items, material_labels

# Rolling windows first: a calendar month shows almost nothing on its first days, which is
# when a command centre most needs to see the last weeks. "month" stays as a choice.
PERIODS = ("30d", "7d", "90d", "month")
DEFAULT_PERIOD = "30d"
_ROLLING_DAYS = {"7d": 7, "30d": 30, "90d": 90}


def period_start(period: str, end: datetime, tz: ZoneInfo) -> datetime:
    """Local midnight of the first day of `period`, which ends at `end` (its day included)."""
    local = end.astimezone(tz)
    if period == "month":
        start = local.replace(day=1)
    else:
        start = local - timedelta(days=_ROLLING_DAYS.get(period, 30) - 1)
    return start.replace(hour=0, minute=0, second=0, microsecond=0)


def period_end(until: str | None, now: datetime, tz: ZoneInfo) -> datetime:
    """The end of the shown period: `now`, or the end of the local day `until` (ISO date) if
    that is earlier. A malformed or future `until` falls back to `now`."""
    if not until:
        return now
    try:
        day = datetime.fromisoformat(until).date()
    except ValueError:
        return now
    end = datetime(day.year, day.month, day.day, tzinfo=tz) + timedelta(days=1, microseconds=-1)
    return min(end, now)


@dataclass
class SignalRow:
    category: str
    channel: str
    handling_code: str
    desk: str | None
    at: datetime
    report_id: str = ""


def flagged_signals(
    connection: Connection, since: datetime | None, until: datetime | None = None
) -> list[SignalRow]:
    """Flagged signals whose report happened in [since, until] (either bound optional).

    The window is on ``signals.report_at`` (the report's time, copied onto its signals), so
    the index ``(flagged, report_at, ...)`` yields the period's signals and only their
    reports are read, by key, for what the policy groups by: not every flagged signal's."""
    held = select(compartment_items.c.ref).where(compartment_items.c.kind == "report")
    query = (
        select(
            signals.c.category,
            reports.c.channel,
            reports.c.handling_code,
            material_labels.c.desk_id,
            signals.c.report_at,
            signals.c.report_id,
        )
        .join(reports, reports.c.id == signals.c.report_id)
        .outerjoin(
            material_labels,
            and_(
                material_labels.c.resource_type == "report",
                material_labels.c.resource_id == signals.c.report_id,
            ),
        )
        .where(signals.c.flagged.is_(True))
        .where(material_labels.c.case_id.is_(None))
        .where(signals.c.report_id.not_in(held))
    )
    if since is not None:
        query = query.where(signals.c.report_at >= since)
    if until is not None:
        query = query.where(signals.c.report_at <= until)
    return [
        SignalRow(
            r.category or "other", r.channel, r.handling_code, r.desk_id, r.report_at, r.report_id
        )
        for r in connection.execute(query)
    ]


# How many of the newest flagged signals an empty period's pointer looks at first.
LATEST_PROBE = 1_000


@dataclass
class Latest:
    """Per group the policy tells apart (channel, handling code, desk), the newest flagged
    signal found; ``complete`` when every flagged signal up to the bound was looked at (so a
    group missing here has none)."""

    rows: list[SignalRow]
    complete: bool


def latest_flagged(connection: Connection, until: datetime, limit: int | None = None) -> Latest:
    """Per group the policy tells apart (channel, handling code, desk), the newest flagged
    signal up to `until`: what an empty period's "no data" note points the user to, once the
    guard has said which groups the user may count.

    With ``limit``, only the newest ``limit`` flagged signals are read, down the index
    ``(flagged, report_at, ...)`` newest first, and then only their reports, by key: a group
    found among them has its newest signal there, so if the guard allows one of them, the
    newest day the user may count is among them too. Without it (or when the guard allows
    none of them and ``complete`` is false), every flagged signal's group is read."""
    held = select(compartment_items.c.ref).where(compartment_items.c.kind == "report")
    newest = (
        select(signals.c.report_id, signals.c.report_at)
        .where(signals.c.flagged.is_(True), signals.c.report_at <= until)
        .order_by(signals.c.report_at.desc())
    )
    if limit is not None:
        newest = newest.limit(limit)
    walked = newest.subquery()
    query = (
        select(
            reports.c.channel,
            reports.c.handling_code,
            material_labels.c.desk_id,
            func.max(walked.c.report_at),
            func.count(),
        )
        .select_from(walked)
        .join(reports, reports.c.id == walked.c.report_id)
        .outerjoin(
            material_labels,
            and_(
                material_labels.c.resource_type == "report",
                material_labels.c.resource_id == walked.c.report_id,
            ),
        )
        .where(material_labels.c.case_id.is_(None))
        .where(walked.c.report_id.not_in(held))
        .group_by(reports.c.channel, reports.c.handling_code, material_labels.c.desk_id)
    )
    found = []
    for channel, handling_code, desk, at, _n in connection.execute(query):
        if at is None:
            continue
        if isinstance(at, str):  # SQLite hands back max() of a timestamp as text
            at = datetime.fromisoformat(at)
        if at.tzinfo is None:
            at = at.replace(tzinfo=UTC)
        found.append(SignalRow("", channel, handling_code, desk, at))
    if limit is None:
        return Latest(found, complete=True)
    # Fewer than asked for: there were no more (held and case material count as walked).
    walked_count = connection.execute(select(func.count()).select_from(walked)).scalar_one()
    return Latest(found, complete=int(walked_count) < limit)


def group_resource(row: SignalRow) -> Resource:
    key = f"aggregate:{row.channel}:{row.handling_code}:{row.desk or '-'}"
    return Resource(
        "report", key, desk=row.desk, handling_code=row.handling_code, channel=row.channel
    )


# Days as month/day (11/8), read the same in Japanese and English: plotly's own date ticks
# are English month names ("Nov 8") whatever the page's language.
DAY_AXIS = {"type": "date", "tickformat": "%-m/%-d", "hoverformat": "%Y-%m-%d"}


@dataclass
class Figures:
    days: list[str] = field(default_factory=list)
    by_category: dict[str, list[int]] = field(default_factory=dict)
    total_flagged: int = 0
    open_by_desk: dict[str, int] = field(default_factory=dict)
    status_totals: Counter[str] = field(default_factory=Counter)
    decided: Counter[str] = field(default_factory=Counter)
    opened_by_desk: dict[str, list[int]] = field(default_factory=dict)

    def opened_total(self) -> int:
        return sum(sum(counts) for counts in self.opened_by_desk.values())

    def signals_chart(self, title: str, names: dict[str, str]) -> dict[str, Any]:
        data = [
            {"type": "bar", "name": names.get(category, category), "x": self.days, "y": counts}
            for category, counts in sorted(self.by_category.items())
        ]
        layout = {
            "title": {"text": title},
            "barmode": "stack",
            "xaxis": DAY_AXIS,
            "height": 320,
            "margin": {"l": 40, "r": 10, "t": 40, "b": 60},
        }
        return {"data": data, "layout": layout}

    def opened_chart(self, title: str, names: dict[str, str]) -> dict[str, Any]:
        data = [
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": names.get(desk, desk),
                "x": self.days,
                "y": counts,
            }
            for desk, counts in sorted(self.opened_by_desk.items())
        ]
        layout = {
            "title": {"text": title},
            "xaxis": DAY_AXIS,
            "height": 320,
            "margin": {"l": 40, "r": 10, "t": 40, "b": 60},
        }
        return {"data": data, "layout": layout}

    def desks_chart(self, title: str, names: dict[str, str]) -> dict[str, Any]:
        desks = sorted(self.open_by_desk)
        data = [
            {
                "type": "bar",
                "x": [names.get(d, d) for d in desks],
                "y": [self.open_by_desk[d] for d in desks],
                "marker": {"color": "#1f5f8b"},
            }
        ]
        layout = {
            "title": {"text": title},
            "height": 320,
            "margin": {"l": 40, "r": 10, "t": 40, "b": 80},
        }
        return {"data": data, "layout": layout}


def days_between(since: datetime, now: datetime, tz: ZoneInfo) -> list[str]:
    """The local days of a period, as ISO dates, first to today."""
    start, end = since.astimezone(tz).date(), now.astimezone(tz).date()
    return [(start + timedelta(days=i)).isoformat() for i in range((end - start).days + 1)]


def signal_figures(
    figures: Figures,
    rows: list[SignalRow],
    allowed: set[str],
    since: datetime,
    now: datetime,
    tz: ZoneInfo,
    category: str | None,
) -> None:
    start = since.astimezone(tz).date()
    end = now.astimezone(tz).date()
    days = [(start + timedelta(days=i)) for i in range((end - start).days + 1)]
    index = {d: i for i, d in enumerate(days)}
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * len(days))
    # A report flagged by two detectors or model versions is one item: counted once per
    # category in the charts, once in the total (a row without its report's id, counted).
    seen: set[tuple[str, str]] = set()
    items: set[str] = set()
    for row in rows:
        if group_resource(row).id not in allowed or (category and row.category != category):
            continue
        day = row.at.astimezone(tz).date()
        if day not in index:
            continue
        if row.report_id:
            if (row.report_id, row.category) in seen:
                continue
            seen.add((row.report_id, row.category))
            if row.report_id in items:
                counts[row.category][index[day]] += 1
                continue
            items.add(row.report_id)
        counts[row.category][index[day]] += 1
        figures.total_flagged += 1
    figures.days = [d.isoformat() for d in days]
    figures.by_category = dict(counts)


def day_bounds(days: list[str], tz: ZoneInfo) -> list[datetime]:
    """Midnight (in the installation's time zone) of each day, and of the day after the last."""
    starts = [datetime.fromisoformat(d).replace(tzinfo=tz) for d in days]
    return [*starts, starts[-1] + timedelta(days=1)] if starts else []


def opened_per_day(connection: Connection, bounds: list[datetime]) -> dict[str, list[int]]:
    """Alerts opened per desk and local day, counted by the database in one pass.

    Each alert's day is the first bound it falls before (one CASE, its branches tried in
    order), computed in the configured time zone on SQLite and PostgreSQL alike; the
    database sends a row per desk and day instead of one per alert. One SUM(CASE) per day
    did the same with twice the work per alert (40 → 18 ms at 10,000 alerts, issue 15).
    """
    if len(bounds) < 2:
        return {}
    column = alerts.c.opened_at
    day = case(*((column < end, i) for i, end in enumerate(bounds[1:])), else_=None)
    # Grouped outside: PostgreSQL cannot tell the CASE in GROUP BY is the one selected.
    inner = (
        select(alerts.c.desk_id, day.label("day"))
        .where(column >= bounds[0], column < bounds[-1])
        .subquery()
    )
    query = select(inner.c.desk_id, inner.c.day, func.count()).group_by(
        inner.c.desk_id, inner.c.day
    )
    counts: dict[str, list[int]] = {}
    for desk, index, n in connection.execute(query):
        counts.setdefault(str(desk), [0] * (len(bounds) - 1))[int(index)] += int(n)
    return counts
