"""The entity page: who it is, every linked report in time order, and every contribution.

The entity is looked up as a subject (a compartment holding any of its identifiers seals
it, and an outsider's lookup is deconflicted); then each linked report is decided on its
own, like a list of reports. Reports the user may not see are left out, with their
contributions and without a count, and the risk shown is the sum of what is shown.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from kizashi.guard import Guard, User
from kizashi.store.tables import mentions, reports
from kizashi.store.tables_resolve import entities, entity_members
from kizashi.store.tables_triage import alerts, risk_contributions
from kizashi.triage.access import refusal
from kizashi.triage.resources import alert_resources, entity_resource
from kizashi.triage.scoring import decay

SNIPPET = 160


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def entity_view(
    guard: Guard, user: User, entity_id: str, purpose: str, *, as_of: datetime | None = None
) -> dict[str, Any]:
    as_of = as_of or datetime.now(UTC)
    with guard.engine.connect() as connection:
        resource = entity_resource(connection, entity_id)
    decision = guard.decide(user, "read", resource, purpose)
    if not decision.allowed:
        raise refusal(decision, "entity")
    with guard.engine.connect() as connection:
        entity = connection.execute(select(entities).where(entities.c.id == entity_id)).one()
        members = list(
            connection.execute(
                select(
                    entity_members.c.report_id,
                    entity_members.c.match_weight,
                    entity_members.c.reasons,
                    mentions.c.kind,
                    mentions.c.path,
                    mentions.c.value,
                )
                .join(mentions, mentions.c.id == entity_members.c.mention_id)
                .where(entity_members.c.entity_id == entity_id)
            )
        )
        contributions = list(
            connection.execute(
                select(risk_contributions).where(risk_contributions.c.entity_id == entity_id)
            )
        )
        report_ids = sorted(
            {m.report_id for m in members} | {c.report_id for c in contributions if c.report_id}
        )
        rows = {
            r.id: r
            for start in range(0, len(report_ids), 500)
            for r in connection.execute(
                select(
                    reports.c.id,
                    reports.c.channel,
                    reports.c.source,
                    reports.c.occurred_at,
                    reports.c.received_at,
                    reports.c.reliability,
                    reports.c.credibility,
                    reports.c.handling_code,
                    reports.c.text,
                ).where(reports.c.id.in_(report_ids[start : start + 500]))
            )
        }
        alert_rows = list(connection.execute(select(alerts).where(alerts.c.entity_id == entity_id)))
        alert_res = alert_resources(connection, alert_rows)
    report_res = [guard.load("report", rid) for rid in report_ids]
    shown = {
        r.id
        for r, d in zip(
            report_res, guard.decide_many(user, "list", report_res, purpose), strict=True
        )
        if d.allowed
    }
    alert_ok = guard.decide_many(user, "list", alert_res, purpose) if alert_res else []
    by_report: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for m in members:
        by_report[m.report_id].append(
            {
                "kind": m.kind,
                "path": m.path,
                "value": m.value,
                "match_weight": m.match_weight,
                "reasons": m.reasons,
            }
        )
    listed = []
    for c in contributions:
        if c.report_id is not None and c.report_id not in shown:
            continue
        # A firing is shown only if every purchase it names may be seen.
        if any(rid not in shown for rid in (c.explanation or {}).get("purchases") or ()):
            continue
        now_weight = decay(c.weight, c.observed_at, as_of, c.half_life_days)
        listed.append(
            {
                "id": c.id,
                "kind": c.kind,
                "category": c.category,
                "report_id": c.report_id,
                "source_ref": c.source_ref,
                "weight": c.weight,
                "decayed": round(now_weight, 4),
                "half_life_days": c.half_life_days,
                "observed_at": _iso(c.observed_at),
                "reliability": c.reliability,
                "credibility": c.credibility,
                "explanation": c.explanation,
            }
        )
    listed.sort(key=lambda shown_c: (-shown_c["decayed"], shown_c["source_ref"]))
    per_report: dict[str, list[str]] = defaultdict(list)
    for item in listed:
        # A purchase-rule firing counts for every purchase it names, not only its anchor.
        named = item["explanation"].get("purchases") or [item["report_id"]]
        for rid in dict.fromkeys(r for r in named if r):
            per_report[rid].append(item["id"])
    timeline: list[dict[str, Any]] = []
    for rid in report_ids:
        if rid not in shown or rid not in rows:
            continue
        r = rows[rid]
        text = " ".join(r.text.split())
        timeline.append(
            {
                "report_id": rid,
                "channel": r.channel,
                "source": r.source,
                "at": _iso(r.occurred_at or r.received_at),
                "received_at": _iso(r.received_at),
                "reliability": r.reliability,
                "credibility": r.credibility,
                "handling_code": r.handling_code,
                "text": text if len(text) <= SNIPPET else text[: SNIPPET - 1] + "…",
                "mentions": by_report.get(rid, []),
                "contributions": per_report.get(rid, []),
            }
        )
    timeline.sort(key=lambda t: (t["at"] or "", t["report_id"]))
    return {
        "id": entity.id,
        "kind": entity.kind,
        "label": entity.label,
        "as_of": as_of.isoformat(),
        "risk": round(sum(item["decayed"] for item in listed), 4),
        "channels": sorted({t["channel"] for t in timeline}),
        "timeline": timeline,
        "contributions": listed,
        "alerts": [
            {
                "id": a.id,
                "status": a.status,
                "score": a.score,
                "desk_id": a.desk_id,
                "category": a.category,
                "opened_at": _iso(a.opened_at),
            }
            for a, d in zip(alert_rows, alert_ok, strict=True)
            if d.allowed
        ],
    }
