"""What triage forgets when reports expire: their risk contributions, and what alerts said
about them.

Registered in ``triage.room``; oversight calls it in the expiry's transaction before the
hooks of the rooms triage refers to (resolve's entities, purchases' firings, detect's
signals). A contribution drawn from an expired report (or from a purchase-rule firing that
names one) is deleted. An alert that quoted such a contribution is deleted when nothing of
its entity's risk is left, and otherwise rewritten from what is left: the expired items are
taken out of its explanation and its summary no longer quotes them. Its lifecycle (events,
outcome) is kept with the alert, or goes with it. The live path's marks (``risk_marks``) of
the entities the expired reports were in are dropped.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, select, update

from kizashi.store.tables import reports
from kizashi.store.tables_resolve import entity_members
from kizashi.store.tables_triage import (
    alert_events,
    alert_outcomes,
    alerts,
    findings,
    risk_contributions,
    risk_marks,
)

_CHUNK = 500


def _expired_among(connection: Connection, ids: Iterable[str], expired: Any) -> set[str]:
    ordered = sorted(set(ids))
    found: set[str] = set()
    for start in range(0, len(ordered), _CHUNK):
        chunk = ordered[start : start + _CHUNK]
        found.update(
            connection.execute(
                select(reports.c.id).where(reports.c.id.in_(chunk), reports.c.id.in_(expired))
            ).scalars()
        )
    return found


def forget_reports(connection: Connection, expired: Any, now: datetime) -> dict[str, int]:
    """Delete or rewrite what triage concluded from the reports ``expired`` selects."""
    touched = select(entity_members.c.entity_id).where(entity_members.c.report_id.in_(expired))
    rows = connection.execute(
        select(
            risk_contributions.c.id,
            risk_contributions.c.source_ref,
            risk_contributions.c.report_id,
            risk_contributions.c.kind,
            risk_contributions.c.explanation,
        ).where(risk_contributions.c.entity_id.in_(touched))
    ).all()
    named = {r.report_id for r in rows if r.report_id} | {
        str(p) for r in rows for p in (r.explanation or {}).get("purchases") or ()
    }
    gone_reports = _expired_among(connection, named, expired)
    stale = _stale_findings(connection, touched, now)
    doomed = [
        r
        for r in rows
        if r.report_id in gone_reports
        or gone_reports.intersection(str(p) for p in (r.explanation or {}).get("purchases") or ())
        or (r.kind == "finding" and r.source_ref not in stale[1] and r.source_ref in stale[0])
    ]
    gone_refs = {r.source_ref for r in doomed}
    for start in range(0, len(doomed), _CHUNK):
        ids = [r.id for r in doomed[start : start + _CHUNK]]
        connection.execute(delete(risk_contributions).where(risk_contributions.c.id.in_(ids)))
    deleted, rewritten = _settle_alerts(connection, touched, gone_reports, gone_refs, now)
    # A mark lists the entity's contributing reports (the live path's shortcut): it must not
    # keep an expired report's id, and the entity's next re-score reads every member anyway.
    marks = connection.execute(delete(risk_marks).where(risk_marks.c.entity_id.in_(touched)))
    return {
        "marks": marks.rowcount,
        "contributions": len(doomed),
        "alerts_deleted": deleted,
        "alerts_rewritten": rewritten,
    }


def _stale_findings(
    connection: Connection, touched: Any, now: datetime
) -> tuple[set[str], set[str]]:
    """(every finding contribution ref of the touched entities that a room above triage
    deleted, withdrew or re-raised in this expiry, the refs still standing unchanged).

    A room's own hook (outreach's, which runs before this one) recomputes what it concluded
    from the expired reports; a finding it deleted, withdrew or re-raised with less material
    no longer says what the alert quotes, so its contribution goes with the expired ones and
    the alert is rewritten without it (the next triage counts a re-raised finding again).
    """
    refs = set(
        connection.execute(
            select(risk_contributions.c.source_ref).where(
                risk_contributions.c.entity_id.in_(touched), risk_contributions.c.kind == "finding"
            )
        ).scalars()
    )
    standing = {
        f"finding:{row.room}:{row.source_ref}"
        for row in connection.execute(
            select(findings.c.room, findings.c.source_ref).where(
                findings.c.entity_id.in_(touched),
                findings.c.withdrawn_at.is_(None),
                findings.c.updated_at < now,
            )
        )
    }
    return refs, standing


def _quotes(explanation: dict[str, Any], gone_reports: set[str], gone_refs: set[str]) -> bool:
    urgent = explanation.get("urgent") or {}
    routine = explanation.get("routine") or {}
    items = explanation.get("contributions") or []
    counted = (explanation.get("repeated") or {}).get("counted") or []
    return (
        urgent.get("report_id") in gone_reports
        or routine.get("report_id") in gone_reports
        or any(c.get("report_id") in gone_reports for c in counted)
        or any(
            c.get("report_id") in gone_reports or c.get("source_ref") in gone_refs for c in items
        )
    )


def _repeated_without(repeated: dict[str, Any], gone_reports: set[str]) -> dict[str, Any]:
    """A repeat rule's account without the signals of expired reports: their ids, times and
    links go, the count drops by as many (it may now be under the rule's minimum: the alert
    stays, as a person may have acted on it), and the times span what is left. (Only the
    listed signals are known here (the latest ``COUNTED_LISTED``): an expired one
    beyond them leaves the count as it was, until the entity is next scored.)"""
    counted = repeated.get("counted") or []
    kept = [c for c in counted if c.get("report_id") not in gone_reports]
    gone = len(counted) - len(kept)
    if not gone:
        return repeated
    result = {**repeated, "counted": kept, "count": max(0, int(repeated.get("count", 0)) - gone)}
    result["expired_counted"] = int(repeated.get("expired_counted", 0)) + gone
    times = sorted(str(c["observed_at"]) for c in kept if c.get("observed_at"))
    if times:
        result["first_at"], result["last_at"] = times[0], times[-1]
    else:
        result.pop("first_at", None)
        result.pop("last_at", None)
    return result


def _settle_alerts(
    connection: Connection, touched: Any, gone_reports: set[str], gone_refs: set[str], now: datetime
) -> tuple[int, int]:
    found = connection.execute(
        select(alerts.c.id, alerts.c.entity_id, alerts.c.explanation, alerts.c.summary).where(
            alerts.c.entity_id.in_(touched)
        )
    ).all()
    quoting = [a for a in found if _quotes(a.explanation or {}, gone_reports, gone_refs)]
    if not quoting:
        return 0, 0
    left: dict[str, int] = dict(
        connection.execute(
            select(risk_contributions.c.entity_id, func.count())
            .where(risk_contributions.c.entity_id.in_({a.entity_id for a in quoting}))
            .group_by(risk_contributions.c.entity_id)
        ).all()
    )
    empty = [a.id for a in quoting if not left.get(a.entity_id)]
    for table, column in (
        (alert_events, alert_events.c.alert_id),
        (alert_outcomes, alert_outcomes.c.alert_id),
        (alerts, alerts.c.id),
    ):
        for start in range(0, len(empty), _CHUNK):
            connection.execute(delete(table).where(column.in_(empty[start : start + _CHUNK])))
    changes = [
        _rewritten(a, gone_reports, gone_refs, left[a.entity_id], now)
        for a in quoting
        if left.get(a.entity_id)
    ]
    if changes:
        connection.execute(
            update(alerts)
            .where(alerts.c.id == bindparam("aid"))
            .values(
                explanation=bindparam("new_explanation"),
                summary=bindparam("new_summary"),
                updated_at=now,
            ),
            changes,
        )
    return len(empty), len(changes)


def _rewritten(
    alert: Any, gone_reports: set[str], gone_refs: set[str], remaining: int, now: datetime
) -> dict[str, Any]:
    explanation = dict(alert.explanation or {})
    kept = [
        c
        for c in explanation.get("contributions") or []
        if c.get("report_id") not in gone_reports and c.get("source_ref") not in gone_refs
    ]
    explanation["contributions"] = kept
    explanation["more_contributions"] = max(0, remaining - len(kept))
    if explanation.get("repeated"):
        explanation["repeated"] = _repeated_without(explanation["repeated"], gone_reports)
    urgent = explanation.get("urgent")
    if urgent and urgent.get("report_id") in gone_reports:
        explanation["urgent"] = {
            "rule": urgent.get("rule"),
            "why": urgent.get("why"),
            "explanation": f"urgent rule {urgent.get('rule')}: the material that matched has expired",
        }
    routine = explanation.get("routine")
    if routine and routine.get("report_id") in gone_reports:
        # (its matched words quote the report — a named person — and go with it)
        explanation["routine"] = {
            "rule": routine.get("rule"),
            "why": routine.get("why"),
            "priority": routine.get("priority"),
            "explanation": f"rule {routine.get('rule')}: the material that matched has expired",
        }
    explanation["expired"] = {"at": now.isoformat(), "note": "material of expired reports removed"}
    label = (explanation.get("entity") or {}).get("label") or "entity"
    heaviest = f"; heaviest remaining: {kept[0]['summary']}" if kept else ""
    prefix = f"URGENT ({urgent.get('rule')}) — " if urgent else ""
    summary = (
        f"{prefix}{label}: {remaining} contribution{'s' if remaining != 1 else ''} remain after "
        f"retention expiry{heaviest}"
    )
    return {
        "aid": alert.id,
        "new_explanation": explanation,
        "new_summary": summary[:2000],
    }
