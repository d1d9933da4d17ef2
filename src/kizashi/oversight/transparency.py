"""The transparency report: what the platform did in a period, in counts (docs/oversight.md).

For the bodies that hold the police to account, and for publication: per period, reports
received per channel and partner reports per partner type; signals flagged; alerts opened,
confirmed and dismissed per desk; requests to platforms and where they stand; actions taken
on platforms' answers (the poster identified and warned: how kizashi records a warning);
retention expiries; insider alerts and their outcomes. Counts only, every one read by a
GROUP BY over metadata columns — except the partner type, a field of the partner report's
sealed body (an enum of the channel spec describing the reporting business, never the person
reported): those bodies are opened here, their ``partner_type`` counted and nothing else
kept; a report whose payload has expired counts as ``expired``.

Periods are calendar periods in Japan time (``2026-Q4``, ``2026-11``, ``2026``), or explicit
``--from``/``--to`` dates (inclusive) or times with a zone; a report received at 23:30 JST on
31 December is in Q4. Every table goes through :mod:`kizashi.oversight.suppress` (counts of
1–4 shown as ``<5``, with secondary suppression against totals) before it leaves this module.

:func:`transparency_report` is decided by the guard (``oversight_report`` read, OVERSIGHT-1:
oversight officers and auditors) and so logged before anything is counted.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, func, select

from kizashi.errors import InputError
from kizashi.guard import Guard, User
from kizashi.guard.policy import Resource
from kizashi.oversight.service import _require
from kizashi.oversight.suppress import SMALL, THRESHOLD, WITHHELD, suppress
from kizashi.store.payloads import open_bodies
from kizashi.store.tables import reports
from kizashi.store.tables_guard import INSIDER_ALERT_STATES, insider_alerts
from kizashi.store.tables_oversight import report_expiries
from kizashi.store.tables_share import share_requests
from kizashi.store.tables_signals import signals
from kizashi.store.tables_triage import alert_events, alert_outcomes, alerts

ZONE = ZoneInfo("Asia/Tokyo")
REQUEST_STATES = ("draft", "submitted", "approved", "rejected", "sent", "answered", "closed")
ALERT_COLUMNS = ("opened", "confirmed", "dismissed")
_CHUNK = 500
_CODE = re.compile(r"[a-z][a-z0-9_]{0,39}")


@dataclass(frozen=True)
class ReportPeriod:
    """A period of the report: [start, end) as aware times, and how it was asked for."""

    label: str
    start: datetime
    end: datetime

    def as_dict(self) -> dict[str, str]:
        return {
            "label": self.label,
            "from": self.start.astimezone(ZONE).isoformat(),
            "to": self.end.astimezone(ZONE).isoformat(),
            "zone": ZONE.key,
        }


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=ZONE)


def _month_start(year: int, month: int) -> datetime:
    return _midnight(date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1))


def parse_period(text: str) -> ReportPeriod:
    """``2026-Q4``, ``2026-11`` or ``2026``: the calendar period in Japan time."""
    value = text.strip()
    if m := re.fullmatch(r"(\d{4})-[Qq]([1-4])", value):
        year, quarter = int(m.group(1)), int(m.group(2))
        first = 3 * (quarter - 1) + 1
        return ReportPeriod(
            f"{year}-Q{quarter}", _month_start(year, first), _month_start(year, first + 3)
        )
    if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
        year, month = int(m.group(1)), int(m.group(2))
        if not 1 <= month <= 12:
            raise InputError(f"--period: no month {month} in {text!r}")
        return ReportPeriod(
            f"{year}-{month:02d}", _month_start(year, month), _month_start(year, month + 1)
        )
    if re.fullmatch(r"\d{4}", value):
        year = int(value)
        return ReportPeriod(value, _month_start(year, 1), _month_start(year + 1, 1))
    raise InputError(f"--period: expected 2026-Q4, 2026-11 or 2026, not {text!r}")


def _bound(text: str, option: str, *, end: bool) -> datetime:
    """A date (Japan time; an end date is included) or an ISO 8601 time with a zone."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
            day = date.fromisoformat(text.strip())
            return _midnight(day + timedelta(days=1) if end else day)
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"{option}: not a date or an ISO 8601 time: {text!r}") from None
    if value.tzinfo is None:
        raise InputError(f"{option}: give a time zone (e.g. {text}+09:00), or a date")
    return value


def period_between(start: str, end: str) -> ReportPeriod:
    """An explicit period: ``--from`` and ``--to`` (dates inclusive, Japan time)."""
    since, until = _bound(start, "--from", end=False), _bound(end, "--to", end=True)
    if until <= since:
        raise InputError(f"--to ({end}) must come after --from ({start})")
    return ReportPeriod(f"{start}..{end}", since, until)


def resolve_period(
    period: str | None = None, start: str | None = None, end: str | None = None
) -> ReportPeriod:
    """One period from ``--period``, or from ``--from`` and ``--to`` together."""
    if period is not None and (start is not None or end is not None):
        raise InputError("give --period, or --from and --to, not both")
    if period is not None:
        return parse_period(period)
    if start is None or end is None:
        raise InputError("give --period (e.g. 2026-Q4), or both --from and --to")
    return period_between(start, end)


@dataclass
class _Table:
    id: str
    title: str
    by: str
    columns: tuple[str, ...]
    rows: list[str]
    row_totals: bool
    total_key: dict[str, Hashable] = field(default_factory=dict)


@dataclass
class _Book:
    """Every count of the report as one set of cells and the lines that must add up."""

    values: dict[Hashable, int] = field(default_factory=dict)
    lines: list[list[Hashable]] = field(default_factory=list)
    tables: list[_Table] = field(default_factory=list)

    def add(
        self,
        table_id: str,
        title: str,
        by: str,
        counts: dict[tuple[str, str], int],
        columns: Sequence[str],
        rows: Iterable[str] = (),
        *,
        row_totals: bool = False,
        shared_total: dict[str, Hashable] | None = None,
    ) -> None:
        """A table of ``counts[(row, column)]``: each column adds up to its total (a cell
        of this table, or ``shared_total``'s cell of another); with ``row_totals``, each
        row adds up to a ``total`` column too."""
        listed = list(dict.fromkeys([*rows, *sorted({r for r, _ in counts})]))
        cols = list(columns)
        table = _Table(
            table_id,
            title,
            by,
            tuple(cols) + (("total",) if row_totals else ()),
            listed,
            row_totals,
        )
        for row in listed:
            for col in cols:
                self.values[(table_id, row, col)] = counts.get((row, col), 0)
            if row_totals:
                self.values[(table_id, row, "total")] = sum(counts.get((row, c), 0) for c in cols)
                self.lines.append([*((table_id, row, c) for c in cols), (table_id, row, "total")])
        for col in table.columns:
            key = (shared_total or {}).get(col, (table_id, "total", col))
            summed = sum(self.values[(table_id, row, col)] for row in listed)
            if key in self.values and self.values[key] != summed:
                # Counted a moment apart while reports came in: not the same cell after all.
                key = (table_id, "total", col)
            self.values[key] = summed
            table.total_key[col] = key
            self.lines.append([*((table_id, row, col) for row in listed), key])
        if row_totals:
            # The grand total is also the sum of the columns' totals.
            self.lines.append([*(table.total_key[c] for c in cols), table.total_key["total"]])
        self.tables.append(table)

    def publish(self, threshold: int) -> list[dict[str, Any]]:
        shown = suppress(self.values, self.lines, threshold)
        return [
            {
                "id": t.id,
                "title": t.title,
                "by": t.by,
                "columns": list(t.columns),
                "rows": [
                    {"key": row, "values": {c: shown[(t.id, row, c)] for c in t.columns}}
                    for row in t.rows
                ],
                "total": {c: shown[t.total_key[c]] for c in t.columns},
            }
            for t in self.tables
        ]


def _between(column: Any, period: ReportPeriod) -> list[Any]:
    return [column >= period.start, column < period.end]


def _grouped(
    connection: Connection, query: Any, column: str | None = None
) -> dict[tuple[str, str], int]:
    """``{(row, column): n}`` from rows of (row, column, n), or of (row, n) for ``column``."""
    out: dict[tuple[str, str], int] = {}
    for found in connection.execute(query):
        row, col, n = (found[0], column, found[1]) if column else tuple(found)
        out[(str(row) if row is not None else "none", str(col))] = int(n)
    return out


def _partner_types(connection: Connection, period: ReportPeriod) -> dict[tuple[str, str], int]:
    ids = list(
        connection.execute(
            select(reports.c.id).where(
                reports.c.channel == "partner_report", *_between(reports.c.received_at, period)
            )
        ).scalars()
    )
    counts: dict[tuple[str, str], int] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        bodies = open_bodies(connection, chunk)
        for report_id in chunk:
            body = bodies.get(report_id)
            if body is None:
                kind = "expired"
            else:
                value = body.get("partner_type")
                kind = value if isinstance(value, str) and _CODE.fullmatch(value) else "other"
            counts[(kind, "count")] = counts.get((kind, "count"), 0) + 1
    return counts


def count(
    connection: Connection, period: ReportPeriod, threshold: int = THRESHOLD
) -> list[dict[str, Any]]:
    """The report's tables for ``period``, suppressed (no guard here: see transparency_report)."""
    book = _Book()
    one = func.count()
    book.add(
        "reports_received",
        "Reports received, per channel",
        "channel",
        _grouped(
            connection,
            select(reports.c.channel, one)
            .where(*_between(reports.c.received_at, period))
            .group_by(reports.c.channel),
            "count",
        ),
        ("count",),
    )
    partner_cell: Hashable = ("reports_received", "partner_report", "count")
    book.add(
        "partner_reports",
        "Partner reports, per partner type",
        "partner_type",
        _partner_types(connection, period),
        ("count",),
        shared_total={"count": partner_cell} if partner_cell in book.values else None,
    )
    book.add(
        "signals_flagged",
        "Signals flagged by the detectors, per category",
        "category",
        _grouped(
            connection,
            select(signals.c.category, one)
            .where(signals.c.flagged.is_(True), *_between(signals.c.created_at, period))
            .group_by(signals.c.category),
            "count",
        ),
        ("count",),
    )
    opened = _grouped(
        connection,
        select(alerts.c.desk_id, one)
        .where(*_between(alerts.c.opened_at, period))
        .group_by(alerts.c.desk_id),
        "opened",
    )
    decided = _grouped(
        connection,
        select(alert_outcomes.c.desk_id, alert_outcomes.c.outcome, one)
        .where(*_between(alert_outcomes.c.decided_at, period))
        .group_by(alert_outcomes.c.desk_id, alert_outcomes.c.outcome),
    )
    book.add(
        "alerts",
        "Alerts opened, confirmed and dismissed, per desk",
        "desk",
        {**opened, **{k: v for k, v in decided.items() if k[1] in ALERT_COLUMNS}},
        ALERT_COLUMNS,
    )
    book.add(
        "platform_requests",
        "Requests to platforms made in the period, per platform, by where they stand",
        "platform",
        _grouped(
            connection,
            select(share_requests.c.platform, share_requests.c.status, one)
            .where(*_between(share_requests.c.created_at, period))
            .group_by(share_requests.c.platform, share_requests.c.status),
        ),
        REQUEST_STATES,
        row_totals=True,
    )
    book.add(
        "actions_taken",
        "Actions taken on platforms' answers (e.g. the poster identified and warned), per desk",
        "desk",
        _grouped(
            connection,
            select(alerts.c.desk_id, one)
            .select_from(alert_events.join(alerts, alerts.c.id == alert_events.c.alert_id))
            .where(alert_events.c.action == "action_taken", *_between(alert_events.c.at, period))
            .group_by(alerts.c.desk_id),
            "count",
        ),
        ("count",),
    )
    expiries = ("retention_expiries", "total", "count")
    book.add(
        "retention_expiries",
        "Reports expired (crypto-shredded), per retention schedule",
        "schedule",
        _grouped(
            connection,
            select(report_expiries.c.schedule_id, one)
            .where(*_between(report_expiries.c.expired_at, period))
            .group_by(report_expiries.c.schedule_id),
            "count",
        ),
        ("count",),
    )
    book.add(
        "retention_expiries_led_to",
        "Reports expired, by what they had led to",
        "led_to",
        _grouped(
            connection,
            select(report_expiries.c.led_to, one)
            .where(*_between(report_expiries.c.expired_at, period))
            .group_by(report_expiries.c.led_to),
            "count",
        ),
        ("count",),
        shared_total={"count": expiries},
    )
    book.add(
        "insider_alerts",
        "Insider alerts raised in the period, by outcome",
        "outcome",
        _grouped(
            connection,
            select(insider_alerts.c.status, one)
            .where(*_between(insider_alerts.c.raised_at, period))
            .group_by(insider_alerts.c.status),
            "count",
        ),
        ("count",),
        rows=INSIDER_ALERT_STATES,
    )
    return book.publish(threshold)


NOTES = (
    f"Counts from 1 to {THRESHOLD - 1} are shown as {SMALL!r}; where a total would give a "
    f"hidden count back, one more count of its row or column is withheld ({WITHHELD!r}).",
    "Periods are in Japan time (Asia/Tokyo): the start is included, the end is not.",
    "Signals, alerts and their outcomes derived from reports that later expired are removed "
    "by expiry, so a period's counts can fall after an expiry run: keep the report as "
    "generated (generated_at) when it is published.",
    "Alert decisions are counted when they were made, whenever the alert was opened.",
    "kizashi records a warning only as the action taken on a platform's answer.",
)


def transparency_report(
    guard: Guard,
    user: User,
    *,
    period: str | None = None,
    start: str | None = None,
    end: str | None = None,
    purpose: str = "oversight review",
    terminal: str = "",
    threshold: int = THRESHOLD,
) -> dict[str, Any]:
    """The report for ``period`` (or ``start``..``end``), if the guard lets ``user`` read it
    (OVERSIGHT-1)."""
    asked = period if period is not None else f"{start}..{end}"
    # Decided first: whoever may not read the report learns nothing, not even that the
    # period was malformed.
    _require(
        guard,
        user,
        "read",
        Resource("oversight_report", f"transparency:{asked}"[:300]),
        purpose,
        terminal,
        {"period": period, "from": start, "to": end},
    )
    chosen = resolve_period(period, start, end)
    with guard.engine.connect() as connection:
        tables = count(connection, chosen, threshold)
    return {
        "kind": "transparency_report",
        "period": chosen.as_dict(),
        "suppression": {"threshold": threshold, "small": f"<{threshold}", "withheld": WITHHELD},
        "tables": tables,
        "notes": list(NOTES),
        "generated_at": guard.now().isoformat(),
        "generated_by": user.id,
    }


def _cell(value: Any) -> str:
    return str(value)


def markdown(report: dict[str, Any]) -> str:
    """The report as Markdown tables (readable in a terminal as it is)."""
    period = report["period"]
    out = [
        f"# Transparency report {period['label']}",
        "",
        f"Period: {period['from']} to {period['to']} ({period['zone']}, end excluded). "
        f"Generated {report['generated_at']}.",
        "",
    ]
    for table in report["tables"]:
        columns = table["columns"]
        out += [f"## {table['title']}", ""]
        out.append("| " + " | ".join([table["by"], *columns]) + " |")
        out.append("|" + "---|" * (len(columns) + 1))
        for row in table["rows"]:
            out.append(
                "| " + " | ".join([row["key"], *(_cell(row["values"][c]) for c in columns)]) + " |"
            )
        out.append("| **total** | " + " | ".join(_cell(table["total"][c]) for c in columns) + " |")
        out.append("")
    out += ["Notes:", "", *(f"- {note}" for note in report["notes"]), ""]
    return "\n".join(out)
