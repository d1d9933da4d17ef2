"""Insider analytics over the real store: the directory, the access events, stored alerts.

The directory (officers, desks, roles, rosters, case assignments, operations and their
targets) is read from the guard's own tables; the access events from the audit log's
leaves (the context keys the guard writes, see :mod:`kizashi.guard.policy.access_context`); the
alerts go to ``insider_alerts``. Nothing here decides who may read an alert: the service
(:mod:`kizashi.insider.service`) asks the guard first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import asdict
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, insert, select

from kizashi.guard.identity import subject_key
from kizashi.insider.alerts import Alert
from kizashi.insider.events import ACTIONS, KINDS, AccessEvent, Directory, Officer, Operation
from kizashi.insider.risk import Feedback, Suppression
from kizashi.store.tables import (
    audit_entries,
    case_assignments,
    cases,
    compartment_items,
    users,
)
from kizashi.store.tables_guard import (
    compartment_operations,
    insider_alerts,
    insider_suppressions,
    user_rosters,
)

DEFAULT_WORKDAYS = frozenset({0, 1, 2, 3, 4})


def load_directory(connection: Connection, pseudonym: Callable[[str], str]) -> Directory:
    """Officers (every user but partners), cases, assignments and operations, from the store."""
    rosters = {
        r.user_id: (r.shift, frozenset(int(d) for d in r.workdays.split(",") if d))
        for r in connection.execute(select(user_rosters))
    }
    officers: dict[str, Officer] = {}
    for row in connection.execute(
        select(users.c.id, users.c.name, users.c.display_name, users.c.desk_id, users.c.role)
    ):
        if row.role == "partner_submitter":
            continue
        shift, workdays = rosters.get(row.id, ("day", DEFAULT_WORKDAYS))
        own = pseudonym(subject_key("person", row.display_name or row.name))
        desk = row.desk_id or "none"
        # Peers are by desk and role; the inspection and oversight desks are peers of
        # nobody operational, which their desk id already says.
        officers[row.id] = Officer(row.id, desk, row.role, shift, own, workdays)
    case_desk = {r.id: r.desk_id for r in connection.execute(select(cases.c.id, cases.c.desk_id))}
    assignments: dict[str, set[str]] = {}
    for r in connection.execute(select(case_assignments)):
        assignments.setdefault(r.user_id, set()).add(r.case_id)
    # A desk lead supervises every case of the desk (the policy's CASE-2): not "unassigned".
    for officer in officers.values():
        if officer.role == "desk_lead":
            led = {c for c, d in case_desk.items() if d == officer.desk}
            assignments.setdefault(officer.user, set()).update(led)
    targets: dict[str, set[str]] = {}
    for r in connection.execute(
        select(compartment_items.c.compartment_id, compartment_items.c.ref).where(
            compartment_items.c.kind == "subject"
        )
    ):
        targets.setdefault(r.compartment_id, set()).add(pseudonym(r.ref))
    operations: list[Operation] = []
    case_subjects: dict[str, set[str]] = {}
    for r in connection.execute(select(compartment_operations)):
        held = frozenset(targets.get(r.compartment_id, ()))
        operations.append(Operation(r.compartment_id, r.case_id or "", r.starts_at, held))
        if r.case_id:
            case_subjects.setdefault(r.case_id, set()).update(held)
    return Directory(
        officers,
        case_desk,
        {c: frozenset(s) for c, s in case_subjects.items()},
        {u: frozenset(cs) for u, cs in assignments.items()},
        sorted(operations, key=lambda op: (op.start, op.op_id)),
    )


def event_of_leaf(seq: int, leaf: dict[str, Any]) -> AccessEvent | None:
    """The access event of one audit leaf, or None for writes and management decisions."""
    if leaf.get("action") not in ACTIONS:
        return None
    allowed = leaf.get("decision", {}).get("effect") == "allow"
    if leaf["action"] == "list" and not allowed:
        # A hidden item left out of a list the user asked for is not an attempt to see it:
        # every list decides items the user may not see. Deliberate reads, searches and
        # exports that were refused are kept.
        return None
    context = leaf.get("context", {})
    kind = str(context.get("kind", ""))
    # A fingerprinted copy issued through `trace` is a dissemination the platform made and
    # recorded, not a bulk export; the recipients' eligibility checks are not their exports.
    resource = leaf.get("resource", {})
    resource_type = str(resource.get("type", "")) if isinstance(resource, dict) else ""
    workflow = str(context.get("workflow", ""))
    if resource_type in ("copy", "trace_copy", "trace_product"):
        workflow = workflow or "trace"
    return AccessEvent(
        event_id=f"audit-{seq}",
        time=datetime.fromisoformat(str(leaf["time"]).replace("Z", "+00:00")),
        user=str(leaf["actor"]),
        device=str(context.get("terminal", context.get("device", ""))),
        action=str(leaf["action"]),
        kind=kind if kind in KINDS else "",
        case_id=str(context.get("case_id", "")),
        subject_id=str(context.get("subject_id", "")),
        assigned=bool(context.get("assigned", False)),
        allowed=allowed,
        purpose=str(leaf.get("purpose", "")),
        count=int(context.get("count", 1)),
        workflow=workflow,
        request_id=str(context.get("request", "")),
        desk_work=bool(context.get("desk_work", False)),
    )


def load_events(
    engine: Engine, since: datetime, until: datetime, *, chunk: int = 20000
) -> Iterator[AccessEvent]:
    """Access events of the audit log between `since` and `until`, in log (= time) order."""
    after = -1
    while True:
        with engine.connect() as connection:
            rows = connection.execute(
                select(audit_entries.c.seq, audit_entries.c.leaf)
                .where(
                    audit_entries.c.seq > after,
                    audit_entries.c.time >= since,
                    audit_entries.c.time < until,
                    audit_entries.c.action.in_(ACTIONS),
                )
                .order_by(audit_entries.c.seq)
                .limit(chunk)
            ).all()
        if not rows:
            return
        for seq, leaf in rows:
            event = event_of_leaf(int(seq), orjson.loads(leaf))
            if event is not None:
                yield event
        after = int(rows[-1].seq)


def _row(
    alert: Alert, alert_id: str, run_id: str, now: datetime, names: dict[str, str]
) -> dict[str, Any]:
    from kizashi.insider.explain_ja import explain_ja

    explanation, japanese = alert.explanation(), explain_ja(alert)
    for raw, readable in names.items():  # user, case and operation ids -> names
        explanation = explanation.replace(raw, readable)
        japanese = japanese.replace(raw, readable)
    return {
        "lane": alert.lane,
        "explanation_ja": japanese,
        "id": alert_id,
        "user_id": alert.user,
        "day": alert.day,
        "raised_at": alert.time,
        "score": alert.score,
        "peer_group": alert.peer_group,
        "rules": [{**asdict(h), "time": h.time.isoformat()} for h in alert.rules],
        "features": [asdict(f) for f in alert.features],
        "explanation": explanation,
        "status": "new",
        "run_id": run_id,
        "created_at": now,
    }


def save_alerts(
    connection: Connection,
    alerts: list[Alert],
    run_id: str,
    new_id: Callable[[], str],
    names: dict[str, str],
    now: datetime,
) -> tuple[int, int]:
    """Store alerts for user-days that have none yet. Returns (added, kept).

    An alert already stored, reviewed or not, is never rewritten by a later run: what the
    inspection desk may already have read stays what it was (a re-run over another window
    finds other numbers; it does not get to change an alert under a reader's eyes).
    """
    added = kept = 0
    for alert in alerts:
        existing = connection.execute(
            select(insider_alerts.c.id).where(
                insider_alerts.c.user_id == alert.user, insider_alerts.c.day == alert.day
            )
        ).first()
        if existing is None:
            connection.execute(
                insert(insider_alerts).values(_row(alert, new_id(), run_id, now, names))
            )
            added += 1
        else:
            kept += 1
    return added, kept


def readable_names(connection: Connection) -> dict[str, str]:
    """Ids an explanation names (users, cases, operations) and what people call them."""
    from kizashi.store.tables import compartments

    names = {r.id: r.name for r in connection.execute(select(users.c.id, users.c.name))}
    names |= {r.id: str(r.ref) for r in connection.execute(select(cases.c.id, cases.c.ref))}
    names |= {
        r.id: f"«{r.name}»"
        for r in connection.execute(select(compartments.c.id, compartments.c.name))
    }
    return names


def load_feedback(connection: Connection) -> Feedback:
    """What the inspection desk decided, for the next run (see :mod:`kizashi.insider.risk`)."""
    feedback = Feedback()
    for r in connection.execute(
        select(insider_alerts.c.user_id, insider_alerts.c.day, insider_alerts.c.status).where(
            insider_alerts.c.status.in_(("confirmed", "dismissed"))
        )
    ):
        target = feedback.confirmed if r.status == "confirmed" else feedback.dismissed
        target.add((str(r.user_id), str(r.day)))
    feedback.suppressions = [
        Suppression(str(r.user_id), r.until, str(r.reason))
        for r in connection.execute(select(insider_suppressions))
    ]
    return feedback
