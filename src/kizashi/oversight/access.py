"""Who looked at whom, and why: access reports from the guard's audit log (docs/oversight.md).

For an oversight officer, who reads audit metadata but never the material:

- :func:`about_entity` — every access to a person's records (the entity itself, the reports
  that name them, their signals, their alerts) and to what left the building about them (the
  products drafted from those alerts or reports, their approval and release, each recipient's
  copy and its reads: :mod:`kizashi.oversight.shared`), by whom, when, for which stated purpose,
  with the decision and the guard's rule; for a report, also the purpose it was collected
  for, its legal basis, and the recorded purpose changes that opened it to other uses.
- :func:`by_officer` — the reverse: everything one user looked at (or tried to).
- :func:`about_report` — every access to one report and its signals: the purposes it was
  actually used for (the summary's ``by_purpose``), against the one it was collected for.

An entry is the audit log's own row (sequence number, time, actor, action, resource, stated
purpose, effect, rule), checked against its hashes before it is shown (``tampered`` names why
a row fails: its columns or leaf were rewritten in the database), so every line can be proved with the log's inclusion proof
(:func:`kizashi.oversight.service.access_report` adds them). No content is read: reports are
described by channel, times, purpose and legal basis only; payloads are never opened.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import Connection, and_, or_, select

from kizashi.guard.audit import check_stored_entries
from kizashi.guard.policy import default_purposes, fold_purpose
from kizashi.oversight.shared import shared_about
from kizashi.store.tables import audit_entries, reports, users
from kizashi.store.tables_oversight import purpose_changes, report_expiries
from kizashi.store.tables_resolve import entities, entity_members
from kizashi.store.tables_signals import signals
from kizashi.store.tables_triage import alerts

LIMIT = 10_000
_CHUNK = 500
# by_purpose's buckets for accesses whose stated purpose names no configured purpose.
OTHER_PURPOSE = "other"  # stated, in words that name none (the texts: other_purposes)
UNSTATED = "unstated"  # nothing stated at all


@dataclass(frozen=True)
class Period:
    since: datetime | None = None
    until: datetime | None = None

    def where(self) -> list[Any]:
        out: list[Any] = []
        if self.since is not None:
            out.append(audit_entries.c.time >= self.since)
        if self.until is not None:
            out.append(audit_entries.c.time < self.until)
        return out


def _rule(leaf: str) -> str | None:
    try:
        data = orjson.loads(leaf)
    except orjson.JSONDecodeError:
        return None
    rule = (data.get("context") or {}).get("rule")
    return str(rule) if rule else None


def _records(connection: Connection, entity_id: str) -> dict[str, set[str]]:
    """The ids, by resource type, of what the audit log calls this person's records."""
    report_ids = set(
        connection.execute(
            select(entity_members.c.report_id).where(entity_members.c.entity_id == entity_id)
        ).scalars()
    )
    alert_ids = set(
        connection.execute(select(alerts.c.id).where(alerts.c.entity_id == entity_id)).scalars()
    )
    signal_ids: set[str] = set()
    ordered = sorted(report_ids)
    for start in range(0, len(ordered), _CHUNK):
        signal_ids.update(
            connection.execute(
                select(signals.c.id).where(signals.c.report_id.in_(ordered[start : start + _CHUNK]))
            ).scalars()
        )
    return {
        "entity": {entity_id},
        "report": report_ids,
        "alert": alert_ids,
        "signal": signal_ids,
    }


def _entries(connection: Connection, condition: Any, period: Period, limit: int) -> list[Any]:
    return list(
        connection.execute(
            select(
                audit_entries.c.seq,
                audit_entries.c.time,
                audit_entries.c.actor,
                audit_entries.c.action,
                audit_entries.c.resource_type,
                audit_entries.c.resource_id,
                audit_entries.c.purpose,
                audit_entries.c.effect,
                audit_entries.c.leaf,
                audit_entries.c.leaf_hash,
            )
            .where(condition, *period.where())
            .order_by(audit_entries.c.seq)
            .limit(limit)
        )
    )


def _report_facts(connection: Connection, report_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """What oversight may know of a report: metadata, purposes and basis — never content."""
    ordered = sorted(set(report_ids))
    purposes = default_purposes()
    facts: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ordered), _CHUNK):
        chunk = ordered[start : start + _CHUNK]
        for row in connection.execute(
            select(
                reports.c.id,
                reports.c.channel,
                reports.c.received_at,
                reports.c.purpose,
                reports.c.legal_basis,
            ).where(reports.c.id.in_(chunk))
        ):
            facts[row.id] = {
                "channel": row.channel,
                "received_at": row.received_at.isoformat(),
                "collected_for": purposes.collected_for(row.purpose),
                "recorded_purpose": row.purpose,
                "legal_basis": row.legal_basis,
                "purpose_changes": [],
                "expired_at": None,
            }
        for change in connection.execute(
            select(purpose_changes)
            .where(purpose_changes.c.report_id.in_(chunk))
            .order_by(purpose_changes.c.created_at)
        ):
            facts[change.report_id]["purpose_changes"].append(
                {
                    "to": change.to_purpose,
                    "reason": change.reason,
                    "legal_basis": change.legal_basis,
                    "decided_by": change.decided_by,
                    "rule": change.rule,
                    "at": change.created_at.isoformat(),
                }
            )
        for report_id, expired_at in connection.execute(
            select(report_expiries.c.report_id, report_expiries.c.expired_at).where(
                report_expiries.c.report_id.in_(chunk)
            )
        ):
            facts[report_id]["expired_at"] = expired_at.isoformat()
    return facts


def _lines(connection: Connection, rows: list[Any]) -> list[dict[str, Any]]:
    names = {
        row.id: (row.name, row.role, row.desk_id)
        for row in connection.execute(
            select(users.c.id, users.c.name, users.c.role, users.c.desk_id).where(
                users.c.id.in_({r.actor for r in rows})
            )
        )
    }
    facts = _report_facts(connection, (r.resource_id for r in rows if r.resource_type == "report"))
    # Every shown entry is checked against its hashes: a column or leaf rewritten in the
    # database is shown, marked, never silently believed (and never hides the rest).
    tampered = check_stored_entries(connection, rows)
    purposes = default_purposes()
    out: list[dict[str, Any]] = []
    for row in rows:
        name, role, desk = names.get(row.actor, (row.actor, None, None))
        line: dict[str, Any] = {
            "seq": row.seq,
            "time": row.time.isoformat(),
            "actor": row.actor,
            "user": name,
            "role": role,
            "desk": desk,
            "action": row.action,
            "resource": {"type": row.resource_type, "id": row.resource_id},
            "stated_purpose": row.purpose,
            "purpose": purposes.counted_as(row.purpose),
            "effect": row.effect,
            "rule": _rule(row.leaf),
            "tampered": tampered.get(row.seq),
        }
        if row.resource_type == "report" and row.resource_id in facts:
            line["report"] = facts[row.resource_id]
        out.append(line)
    return out


def _purpose_bucket(line: dict[str, Any]) -> str:
    """The purpose an access is counted under: the configured purpose its stated purpose
    names; "other" for a purpose stated in words that name none; "unstated" only when
    nothing (or only white space) was given."""
    if line["purpose"]:
        return str(line["purpose"])
    if fold_purpose(line["stated_purpose"]):
        return OTHER_PURPOSE
    return UNSTATED


def tampered_purposes(lines: Iterable[dict[str, Any]]) -> dict[str, list[int]]:
    """Each "other" stated purpose (``other_purposes``) carried by entries that failed their
    hashes, with those entries' numbers: such a text is what the stored row says, not what was
    logged. The page's "other purposes" table and the signed export's PDF mark it alike."""
    marked: dict[str, list[int]] = {}
    for line in lines:
        text = fold_purpose(line.get("stated_purpose"))
        if line.get("tampered") and not line.get("purpose") and text:
            marked.setdefault(text, []).append(int(line["seq"]))
    return marked


def _summary(lines: list[dict[str, Any]]) -> dict[str, Any]:
    by_user: dict[str, int] = {}
    by_purpose: dict[str, int] = {}
    other: dict[str, int] = {}
    denied = 0
    tampered: list[int] = []
    for line in lines:
        if line.get("tampered"):
            tampered.append(line["seq"])
        by_user[line["user"]] = by_user.get(line["user"], 0) + 1
        purpose = _purpose_bucket(line)
        by_purpose[purpose] = by_purpose.get(purpose, 0) + 1
        if purpose == OTHER_PURPOSE:
            stated = fold_purpose(line["stated_purpose"])
            other[stated] = other.get(stated, 0) + 1
        denied += line["effect"] == "deny"
    return {
        "accesses": len(lines),
        "denied": denied,
        "by_user": by_user,
        "by_purpose": by_purpose,
        # What was typed where it names no configured purpose (by_purpose's "other"): an
        # officer who gave a reason is never shown as having given none.
        "other_purposes": other,
        # The entries that failed their hashes (kizashi.guard.audit.check_stored_entries):
        # what they say, purpose included, is not what was logged.
        "tampered": tampered,
    }


def about_entity(
    connection: Connection, entity_id: str, period: Period = Period(), limit: int = LIMIT
) -> dict[str, Any] | None:
    """Every access to a person's records (None: no such entity)."""
    entity = connection.execute(
        select(entities.c.id, entities.c.kind).where(entities.c.id == entity_id)
    ).first()
    if entity is None:
        return None
    records = _records(connection, entity_id)
    # What left the building about them: products drafted from their alerts or reports, the
    # released material and each recipient's copy (their reads are audited on those).
    shared = shared_about(connection, records["alert"], records["report"])
    searched = [*records.items(), *shared.resources().items()]
    conditions = []
    for kind, ids in searched:
        ordered = sorted(ids)
        for start in range(0, len(ordered), _CHUNK):
            conditions.append(
                and_(
                    audit_entries.c.resource_type == kind,
                    audit_entries.c.resource_id.in_(ordered[start : start + _CHUNK]),
                )
            )
    rows = _entries(connection, or_(*conditions), period, limit)
    lines = _lines(connection, rows)
    for line in lines:
        about = shared.about(line["resource"]["type"], line["resource"]["id"])
        if about is not None:
            line["shared"] = about
    return {
        "kind": "about_entity",
        "entity": {"id": entity.id, "kind": entity.kind},
        "records": {
            **{kind: len(ids) for kind, ids in records.items()},
            "product": len(shared.products),
            "copy": len(shared.copies),
        },
        "shared": shared.facts,
        "summary": _summary(lines),
        "accesses": lines,
        "truncated": len(rows) == limit,
    }


def by_officer(
    connection: Connection, user_name: str, period: Period = Period(), limit: int = LIMIT
) -> dict[str, Any] | None:
    """Everything one user looked at, or tried to (None: no such user)."""
    user = connection.execute(
        select(users.c.id, users.c.name, users.c.role, users.c.desk_id).where(
            or_(users.c.name == user_name, users.c.id == user_name)
        )
    ).first()
    if user is None:
        return None
    rows = _entries(connection, audit_entries.c.actor == user.id, period, limit)
    lines = _lines(connection, rows)
    return {
        "kind": "by_officer",
        "officer": {"id": user.id, "name": user.name, "role": user.role, "desk": user.desk_id},
        "summary": _summary(lines),
        "accesses": lines,
        "truncated": len(rows) == limit,
    }


def about_report(
    connection: Connection, report_id: str, period: Period = Period(), limit: int = LIMIT
) -> dict[str, Any] | None:
    """Every access to one report (and its signals): the purposes it was used for."""
    facts = _report_facts(connection, [report_id])
    if report_id not in facts:
        return None
    signal_ids = sorted(
        connection.execute(select(signals.c.id).where(signals.c.report_id == report_id)).scalars()
    )
    condition = or_(
        and_(audit_entries.c.resource_type == "report", audit_entries.c.resource_id == report_id),
        and_(
            audit_entries.c.resource_type == "signal", audit_entries.c.resource_id.in_(signal_ids)
        ),
    )
    rows = _entries(connection, condition, period, limit)
    lines = _lines(connection, rows)
    return {
        "kind": "about_report",
        "report": {"id": report_id, **facts[report_id]},
        "summary": _summary(lines),
        "accesses": lines,
        "truncated": len(rows) == limit,
    }
