"""The desk's reports: coverage of the outreach, and anonymised briefing statistics.

**Coverage** answers where the desk has not been: sectors and wards of registered companies
with no visit or briefing in the window, and companies that reported nothing for
``quiet_after_days`` (``data/outreach.yaml``). Only companies the user may list count.

**Briefing statistics** are what the national agency asks for to brief prefectures with few
incidents: how many approaches reached each stage, in which sectors, by which method — no
company, person or text. A cell under ``briefing_min_count`` is shown as ``<N``; when a
dimension has exactly one such cell, the next smallest is suppressed too, so the total
cannot give it away. Every report counted is decided (``count``) by the guard; the table is
read by the outreach desk and exported only by its lead (rules BRIEF-1/2).
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from kizashi.errors import ForbiddenError, NotFoundError
from kizashi.guard import Decision, Guard, Resource, User
from kizashi.outreach import registry
from kizashi.outreach.config import outreach_config
from kizashi.outreach.model import stage_model
from kizashi.outreach.service import list_approachers
from kizashi.store.payloads import with_payloads
from kizashi.store.tables import reports
from kizashi.store.tables_outreach import approach_readings, companies, outreach_activities

__all__ = ["briefing_statistics", "coverage", "desk_dashboard", "suppress"]

VISITS = ("visit", "briefing")


def coverage(guard: Guard, user: User, purpose: str, *, days: int = 365) -> dict[str, Any]:
    now = guard.now()
    since = now - timedelta(days=days)
    quiet_since = now - timedelta(days=outreach_config().quiet_after_days)
    with guard.engine.connect() as connection:
        rows = registry.list_companies(connection)
        activity = connection.execute(
            select(
                outreach_activities.c.company_id,
                outreach_activities.c.kind,
                outreach_activities.c.held_at,
                outreach_activities.c.ward,
            )
        ).all()
        reported = connection.execute(
            select(approach_readings.c.company_id, approach_readings.c.observed_at)
        ).all()
    resources = [
        Resource(
            "company",
            r["id"],
            desk=r["desk_id"],
            handling_code=r["handling_code"],
            organisation=r["organisation"],
        )
        for r in rows
    ]
    visible = [
        r
        for r, d in zip(rows, guard.decide_many(user, "list", resources, purpose), strict=True)
        if d.allowed
    ]
    ids = {r["id"] for r in visible}
    visited = {a.company_id for a in activity if a.kind in VISITS and a.held_at >= since}
    wards_visited = {a.ward for a in activity if a.kind in VISITS and a.held_at >= since and a.ward}
    last_report: dict[str, datetime] = {}
    for company_id, at in reported:
        if company_id in ids:
            last_report[company_id] = max(at, last_report.get(company_id, at))
    sectors = sorted({r["sector"] for r in visible})
    wards = sorted({s["ward"] for r in visible for s in r["sites"] if s.get("ward")})
    return {
        "as_of": now.isoformat(),
        "window_days": days,
        "companies": len(visible),
        "sectors_not_visited": [
            s for s in sectors if not any(r["sector"] == s and r["id"] in visited for r in visible)
        ],
        "sectors_without_companies": [s for s in outreach_config().sectors if s not in sectors],
        "wards_not_visited": [w for w in wards if w not in wards_visited],
        "companies_not_visited": [
            {"id": r["id"], "name": r["name"]} for r in visible if r["id"] not in visited
        ],
        "quiet_companies": [
            {
                "id": r["id"],
                "name": r["name"],
                "last_report": last_report[r["id"]].isoformat() if r["id"] in last_report else None,
            }
            for r in visible
            if last_report.get(r["id"]) is None or last_report[r["id"]] < quiet_since
        ],
    }


def suppress(counts: dict[str, int], minimum: int) -> dict[str, int | str]:
    """Cells under ``minimum`` as ``"<minimum"``; a lone small cell takes the next with it."""
    small = {k for k, v in counts.items() if 0 < v < minimum}
    if len(small) == 1:
        rest = sorted((v, k) for k, v in counts.items() if k not in small and v > 0)
        if rest:
            small.add(rest[0][1])
    return {k: (f"<{minimum}" if k in small else v) for k, v in counts.items()}


def briefing_statistics(
    guard: Guard,
    user: User,
    purpose: str,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    export: bool = False,
) -> dict[str, Any]:
    config = outreach_config()
    decision = _desk_statistics(guard, user, "export" if export else "read", config.desk, purpose)
    query = (
        select(
            approach_readings.c.report_id,
            approach_readings.c.furthest,
            approach_readings.c.method,
            approach_readings.c.observed_at,
            companies.c.sector.label("company_sector"),
        )
        .join(reports, reports.c.id == approach_readings.c.report_id)
        .outerjoin(companies, companies.c.id == approach_readings.c.company_id)
    )
    if since is not None:
        query = query.where(approach_readings.c.observed_at >= since)
    if until is not None:
        query = query.where(approach_readings.c.observed_at < until)
    with guard.engine.connect() as connection:
        opened = list(
            with_payloads(connection, connection.execute(query), ("body",), key="report_id")
        )
    rows = [r for r, _ in opened]
    bodies = {r.report_id: p.body or {} for r, p in opened}
    counted = guard.decide_many(
        user, "count", guard.load_reports([r.report_id for r in rows]), purpose
    )
    rows = [r for r, d in zip(rows, counted, strict=True) if d.allowed]
    model = stage_model()
    by_stage = Counter(r.furthest or "none" for r in rows)
    by_sector = Counter(
        r.company_sector or bodies[r.report_id].get("sector") or "other" for r in rows
    )
    by_method = Counter(r.method or "other" for r in rows)
    minimum = config.briefing_min_count
    stages = {s.id: by_stage.get(s.id, 0) for s in model.stages} | {"none": by_stage.get("none", 0)}
    return {
        "title": {"ja": "接近事案の統計（匿名・集計）", "en": "Approaches: anonymised statistics"},
        "period": {
            "since": since.isoformat() if since else None,
            "until": until.isoformat() if until else None,
        },
        "produced_at": guard.now().isoformat(),
        "total": len(rows) if len(rows) >= minimum else f"<{minimum}",
        "suppression": f"cells under {minimum} shown as <{minimum}; a lone one takes the next smallest",
        "stage_names": {s.id: s.name for s in model.stages},
        "by_stage": suppress(stages, minimum),
        "by_sector": suppress(dict(sorted(by_sector.items())), minimum),
        "by_method": suppress(dict(sorted(by_method.items())), minimum),
        "rule": decision.rule,
    }


def briefing_markdown(stats: dict[str, Any], lang: str = "ja") -> str:
    """The statistics as a short document the desk lead hands out."""
    lines = [f"# {stats['title'][lang]}", ""]
    period = stats["period"]
    lines.append(f"- period: {period['since'] or '…'} – {period['until'] or '…'}")
    lines.append(f"- total: {stats['total']}")
    lines.append(f"- {stats['suppression']}")
    for key, label in (("by_stage", "stage"), ("by_sector", "sector"), ("by_method", "method")):
        lines += ["", f"| {label} | count |", "|---|---|"]
        for name, count in stats[key].items():
            shown = (
                stats["stage_names"].get(name, {}).get(lang, name) if key == "by_stage" else name
            )
            lines.append(f"| {shown} | {count} |")
    return "\n".join(lines) + "\n"


def desk_dashboard(
    guard: Guard, user: User, purpose: str, desk_id: str, *, tz: ZoneInfo
) -> dict[str, Any]:
    """A desk's approaches per month, by furthest stage and by sector (the country desk's
    page). Counts the readings of the approachers the user may list (``list`` through the
    guard) that belong to ``desk_id`` or were shared with it — month, stage and sector only,
    never the company, the person or the text. Who may see it is the guard's decision,
    logged before anything is read: the desk's statistics are a ``briefing`` resource of
    ``desk_id`` (``BRIEF-1``: its members read them; anyone else ``BRIEF-2``, refused and not
    concealed, so 403; a desk that does not exist is not found). The page and
    ``GET /api/v1/outreach/desks/{desk}`` both read through here."""
    _desk_statistics(guard, user, "read", desk_id, purpose)
    mine = [
        a
        for a in list_approachers(guard, user, purpose)
        if a["desk_id"] == desk_id or desk_id in (a.get("shared_with") or ())
    ]
    report_ids = sorted({r for a in mine for r in a["reports"]})
    with guard.engine.connect() as connection:
        rows = (
            connection.execute(
                select(
                    approach_readings.c.report_id,
                    approach_readings.c.furthest,
                    approach_readings.c.observed_at,
                    companies.c.sector,
                )
                .outerjoin(companies, companies.c.id == approach_readings.c.company_id)
                .where(approach_readings.c.report_id.in_(report_ids))
            ).all()
            if report_ids
            else []
        )

    def month(at: datetime) -> str:
        local = at if at.tzinfo else at.replace(tzinfo=UTC)
        return local.astimezone(tz).strftime("%Y-%m")

    months = _months(sorted({month(r.observed_at) for r in rows}))
    by_stage: dict[str, list[int]] = {}
    by_sector: dict[str, list[int]] = {}
    for row in rows:
        at = months.index(month(row.observed_at))
        for table, key in ((by_stage, row.furthest or "none"), (by_sector, row.sector or "other")):
            table.setdefault(key, [0] * len(months))[at] += 1
    order = [s.id for s in stage_model().stages] + ["none"]
    return {
        "desk_id": desk_id,
        "months": months,
        "by_stage": {s: by_stage[s] for s in order if s in by_stage},
        "by_sector": dict(sorted(by_sector.items())),
        "approaches": len(rows),
        "approachers": mine,
        "stage_names": {s.id: s.name for s in stage_model().stages},
    }


def _desk_statistics(guard: Guard, user: User, action: str, desk_id: str, purpose: str) -> Decision:
    """The guard's decision (audited) on a desk's anonymised statistics, or the refusal."""
    decision = guard.decide(user, action, guard.load("briefing", desk_id), purpose)
    if not decision.allowed:
        if decision.conceal:
            raise NotFoundError("no such desk")
        raise ForbiddenError(f"{decision.reason} (rule {decision.rule})")
    return decision


def _months(found: list[str]) -> list[str]:
    """Every month from the first to the last found, so a quiet month shows as zero."""
    if not found:
        return []
    year, month = (int(x) for x in found[0].split("-"))
    out = []
    while f"{year:04d}-{month:02d}" <= found[-1]:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out
