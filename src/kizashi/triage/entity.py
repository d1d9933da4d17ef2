"""The entity page: who it is, every linked report in time order, and every contribution.

The entity is looked up as a subject (a compartment holding any of its identifiers seals
it, and an outsider's lookup is deconflicted); then each linked report is decided on its
own, like a list of reports. Reports the user may not see are left out, with their
contributions and without a count, and the risk shown is the sum of what is shown.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import select

from kizashi.clock import iso
from kizashi.errors import ForbiddenError, NotFoundError
from kizashi.guard import Guard, User
from kizashi.resolve.read import EntityRead, read_entity
from kizashi.store.payloads import open_texts
from kizashi.store.tables import reports
from kizashi.store.tables_triage import alerts, risk_contributions
from kizashi.triage.access import refusal, visible_alerts
from kizashi.triage.scoring import decay

SNIPPET = 160


def entity_refusal(read: EntityRead) -> Exception:
    """A refused entity read as the error the API answers: 404 as for a missing id, or the
    refusal the user may know of (deconfliction, a missing purpose)."""
    if read.concealed:
        return NotFoundError("no such entity")
    told = next(d for d in read.denied if not d.conceal)
    error = refusal(told, "entity")
    return error if isinstance(error, ForbiddenError) else NotFoundError("no such entity")


def entity_evidence(
    guard: Guard, user: User, read: EntityRead, purpose: str
) -> tuple[list[Any], frozenset[str]]:
    """An entity's risk contributions and every report the user may see behind it (API and
    web alike): the members' readable reports, and a report a contribution rests on without
    naming a member (a purchase a rule counted), decided on its own."""
    assert read.entity is not None
    with guard.engine.connect() as connection:
        contributions = list(
            connection.execute(
                select(risk_contributions)
                .where(risk_contributions.c.entity_id == read.entity["id"])
                .order_by(risk_contributions.c.observed_at, risk_contributions.c.id)
            )
        )
    shown = read.reports
    extra = sorted({c.report_id for c in contributions if c.report_id and c.report_id not in shown})
    if extra:
        decided = guard.decide_many(user, "read", guard.load_reports(extra), purpose)
        shown = shown | {r for r, d in zip(extra, decided, strict=True) if d.allowed}
    return contributions, shown


def entity_view(
    guard: Guard, user: User, entity_id: str, purpose: str, *, as_of: datetime | None = None
) -> dict[str, Any]:
    as_of = as_of or guard.now()
    read = read_entity(guard, user, entity_id, purpose)
    if read.entity is None:
        raise entity_refusal(read)
    entity = read.entity
    contributions, shown = entity_evidence(guard, user, read, purpose)
    with guard.engine.connect() as connection:
        report_ids = sorted(shown)
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
                ).where(reports.c.id.in_(report_ids[start : start + 500]))
            )
        }
        texts = open_texts(connection, report_ids)
        alert_rows = list(connection.execute(select(alerts).where(alerts.c.entity_id == entity_id)))
    members = read.members
    shown_alerts = visible_alerts(guard, user, alert_rows, purpose)
    by_report: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for m in members:
        by_report[m["report_id"]].append(
            {
                "kind": m["kind"],
                "path": m["path"],
                "value": m["value"],
                "match_weight": m["match_weight"],
                "reasons": m["reasons"],
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
                "observed_at": iso(c.observed_at),
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
        if rid not in shown or rid not in rows or rid not in texts:
            continue
        r = rows[rid]
        text = " ".join(texts[rid].split())
        timeline.append(
            {
                "report_id": rid,
                "channel": r.channel,
                "source": r.source,
                "at": iso(r.occurred_at or r.received_at),
                "received_at": iso(r.received_at),
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
        "id": entity["id"],
        "kind": entity["kind"],
        "label": entity["label"],
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
                "opened_at": iso(a.opened_at),
            }
            for a in shown_alerts
        ],
    }
