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
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, and_, func, select

from kizashi.guard import Resource
from kizashi.store import alerts, reports, signals
from kizashi.store.tables import compartment_items, material_labels

PERIODS = ("month", "7d", "30d")


def period_start(period: str, now: datetime, tz: ZoneInfo) -> datetime:
    local = now.astimezone(tz)
    if period == "7d":
        start = local - timedelta(days=6)
    elif period == "30d":
        start = local - timedelta(days=29)
    else:
        start = local.replace(day=1)
    return start.replace(hour=0, minute=0, second=0, microsecond=0)


@dataclass
class SignalRow:
    category: str
    channel: str
    handling_code: str
    desk: str | None
    at: datetime


def flagged_signals(connection: Connection, since: datetime) -> list[SignalRow]:
    at = func.coalesce(reports.c.occurred_at, reports.c.received_at)
    held = select(compartment_items.c.ref).where(compartment_items.c.kind == "report")
    query = (
        select(
            signals.c.category,
            reports.c.channel,
            reports.c.handling_code,
            material_labels.c.desk_id,
            reports.c.occurred_at,
            reports.c.received_at,
        )
        .join(reports, reports.c.id == signals.c.report_id)
        .outerjoin(
            material_labels,
            and_(
                material_labels.c.resource_type == "report",
                material_labels.c.resource_id == reports.c.id,
            ),
        )
        .where(signals.c.flagged.is_(True), at >= since)
        .where(material_labels.c.case_id.is_(None))
        .where(reports.c.id.not_in(held))
    )
    return [
        SignalRow(
            r.category or "other",
            r.channel,
            r.handling_code,
            r.desk_id,
            r.occurred_at or r.received_at,
        )
        for r in connection.execute(query)
    ]


def group_resource(row: SignalRow) -> Resource:
    key = f"aggregate:{row.channel}:{row.handling_code}:{row.desk or '-'}"
    return Resource(
        "report", key, desk=row.desk, handling_code=row.handling_code, channel=row.channel
    )


@dataclass
class Figures:
    days: list[str] = field(default_factory=list)
    by_category: dict[str, list[int]] = field(default_factory=dict)
    total_flagged: int = 0
    open_by_desk: dict[str, int] = field(default_factory=dict)
    status_totals: Counter[str] = field(default_factory=Counter)
    decided: Counter[str] = field(default_factory=Counter)
    opened_by_desk: dict[str, list[int]] = field(default_factory=dict)

    def signals_chart(self, title: str) -> dict[str, Any]:
        data = [
            {"type": "bar", "name": category, "x": self.days, "y": counts}
            for category, counts in sorted(self.by_category.items())
        ]
        layout = {
            "title": {"text": title},
            "barmode": "stack",
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
    for row in rows:
        if group_resource(row).id not in allowed or (category and row.category != category):
            continue
        day = row.at.astimezone(tz).date()
        if day in index:
            counts[row.category][index[day]] += 1
            figures.total_flagged += 1
    figures.days = [d.isoformat() for d in days]
    figures.by_category = dict(counts)


def opened_alerts(connection: Connection, since: datetime) -> list[tuple[str, datetime]]:
    query = select(alerts.c.desk_id, alerts.c.opened_at).where(alerts.c.opened_at >= since)
    return [(str(desk), opened) for desk, opened in connection.execute(query)]


def opened_figures(
    figures: Figures, rows: list[tuple[str, datetime]], desks: tuple[str, ...], tz: ZoneInfo
) -> None:
    """Alerts opened per day and desk, over the days of the signal chart."""
    index = {day: i for i, day in enumerate(figures.days)}
    counts: dict[str, list[int]] = {}
    for desk, opened in rows:
        if desk not in desks:
            continue
        day = opened.astimezone(tz).date().isoformat()
        if day in index:
            counts.setdefault(desk, [0] * len(figures.days))[index[day]] += 1
    figures.opened_by_desk = counts
