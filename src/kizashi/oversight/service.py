"""Oversight's operations, each decided by the guard (and so logged) before it runs.

- :func:`run_expiry` — ``retention`` write (RETAIN-1: an administrator or the host's
  operator), or read for a dry run (RETAIN-2: oversight and auditors may see what would go);
  the decision's audit entry names the run id and the schedules' version.
- :func:`access_report` — ``oversight_report`` read (OVERSIGHT-1: oversight officers and
  auditors), optionally with the audit log's inclusion proof of every line.
- :func:`change_purpose` — ``purpose_change`` write (PURPOSE-3..5: a desk lead or the
  command centre who may read the report, with a reason and a legal basis), recorded with
  the decision's audit sequence number.
- :func:`place_hold`, :func:`release_hold`, :func:`close_case` — ``retention`` write.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from kizashi.errors import ForbiddenError, InputError, NotFoundError
from kizashi.guard import Guard, User
from kizashi.guard.policy import PurposeChange, Resource, default_purposes
from kizashi.ids import new_id
from kizashi.oversight import access
from kizashi.oversight.expiration import ExpiryRun, expire
from kizashi.oversight.retention import Schedules, default_schedules
from kizashi.store.tables import cases, reports
from kizashi.store.tables_oversight import (
    HOLD_KINDS,
    case_closures,
    purpose_changes,
    retention_holds,
)


def _require(
    guard: Guard,
    user: User,
    action: str,
    resource: Resource,
    purpose: str,
    terminal: str,
    context: dict[str, Any] | None = None,
) -> int:
    """Decide and log; the entry's sequence number, or the error the decision calls for."""
    [(decision, seq)] = guard.decide_each(
        user, action, [(resource, context or {})], purpose, terminal=terminal
    )
    if decision.allowed:
        return seq
    if decision.conceal:
        raise NotFoundError(f"no {resource.kind} {resource.id}")
    raise ForbiddenError(f"{decision.reason} (rule {decision.rule})")


def run_expiry(
    guard: Guard,
    user: User,
    *,
    dry_run: bool,
    as_of: datetime | None = None,
    purpose: str = "retention expiry",
    terminal: str = "",
    schedules: Schedules | None = None,
) -> ExpiryRun:
    """Expire every report due by ``as_of`` (default: now) and not held; dry: list them."""
    now = guard.now()
    judged = schedules or default_schedules()
    when = as_of or now
    run_id = new_id()
    _require(
        guard,
        user,
        "read" if dry_run else "write",
        Resource("retention", f"expire:{run_id}"),
        purpose,
        terminal,
        {"dry_run": dry_run, "as_of": when.isoformat(), "schedules": judged.sha256[:16]},
    )
    if when.tzinfo is None:
        raise InputError("as_of: give a time zone (e.g. +09:00)")
    return expire(
        guard.engine,
        judged,
        as_of=when,
        now=now,
        actor=user.id,
        dry_run=dry_run,
        run_id=run_id,
    )


def access_report(
    guard: Guard,
    user: User,
    *,
    entity: str | None = None,
    officer: str | None = None,
    report: str | None = None,
    period: access.Period = access.Period(),
    proofs: bool = False,
    purpose: str = "oversight review",
    terminal: str = "",
) -> dict[str, Any]:
    """Who looked at a person's records (``entity``), what one user looked at (``officer``),
    or every use of one report and the purposes it served (``report``)."""
    named = [f"{k}:{v}" for k, v in (("entity", entity), ("officer", officer), ("report", report))]
    subject = ",".join(n for n, v in zip(named, (entity, officer, report), strict=True) if v)
    # Decided first: whoever may not read access reports learns nothing, not even that the
    # question was malformed.
    _require(
        guard, user, "read", Resource("oversight_report", f"access:{subject}"), purpose, terminal
    )
    if sum(x is not None for x in (entity, officer, report)) != 1:
        raise InputError("an access report is about one entity, one officer or one report")
    for name, moment in (("since", period.since), ("until", period.until)):
        if moment is not None and moment.tzinfo is None:
            raise InputError(f"{name}: give a time zone (e.g. +09:00)")
    with guard.engine.connect() as connection:
        if entity is not None:
            found = access.about_entity(connection, entity, period)
        elif officer is not None:
            found = access.by_officer(connection, officer, period)
        else:
            found = access.about_report(connection, str(report), period)
    if found is None:
        raise NotFoundError(f"no {subject.replace(':', ' ')}")
    found["generated_at"] = guard.now().isoformat()
    found["generated_by"] = user.id
    if proofs:
        for line in found["accesses"]:
            line["proof"] = guard.audit.prove(int(line["seq"])).to_json()
    return found


def change_purpose(
    guard: Guard,
    user: User,
    report_id: str,
    *,
    to: str,
    reason: str,
    legal_basis: str,
    purpose: str,
    terminal: str = "",
) -> dict[str, Any]:
    """Record that ``report_id`` may also serve ``to``, if the guard allows the change."""
    loaded = guard.load("report", report_id)
    if not loaded.found:
        raise NotFoundError(f"no report {report_id}")
    change = PurposeChange(to=to, reason=reason.strip(), legal_basis=legal_basis.strip())
    resource = dataclasses.replace(loaded, kind="purpose_change", change=change)
    seq = _require(
        guard, user, "write", resource, purpose, terminal, {"to": to, "report": report_id}
    )
    at = guard.now()
    row: dict[str, Any] = {
        "id": new_id(),
        "report_id": report_id,
        "from_purpose": loaded.collected_for or "unknown",
        "to_purpose": to,
        "reason": change.reason,
        "legal_basis": change.legal_basis,
        "decided_by": user.id,
        "rule": "PURPOSE-5",
        "audit_seq": seq,
        "created_at": at,
    }
    with guard.engine.begin() as connection:
        connection.execute(insert(purpose_changes).values(**row))
    return {**row, "created_at": at.isoformat()}


def place_hold(
    guard: Guard,
    user: User,
    kind: str,
    ref: str,
    *,
    reason: str,
    purpose: str = "legal hold",
    terminal: str = "",
) -> dict[str, Any]:
    """Keep a case's material, or one report, whatever the schedules say, until released."""
    if kind not in HOLD_KINDS:
        raise InputError(f"a hold is on a case or a report, not {kind!r}")
    if not reason.strip():
        raise InputError("a legal hold needs a reason")
    column = cases.c.id if kind == "case" else reports.c.id
    with guard.engine.connect() as connection:
        if connection.execute(select(column).where(column == ref)).first() is None:
            raise NotFoundError(f"no {kind} {ref}")
    _require(guard, user, "write", Resource("retention", f"hold:{kind}:{ref}"), purpose, terminal)
    at = guard.now()
    row: dict[str, Any] = {
        "id": new_id(),
        "kind": kind,
        "ref": ref,
        "reason": reason.strip(),
        "placed_by": user.id,
        "placed_at": at,
    }
    with guard.engine.begin() as connection:
        connection.execute(insert(retention_holds).values(**row))
    return {**row, "placed_at": at.isoformat()}


def release_hold(
    guard: Guard, user: User, hold_id: str, *, purpose: str = "legal hold", terminal: str = ""
) -> None:
    _require(guard, user, "write", Resource("retention", f"hold:{hold_id}"), purpose, terminal)
    with guard.engine.begin() as connection:
        done = connection.execute(
            update(retention_holds)
            .where(retention_holds.c.id == hold_id, retention_holds.c.released_at.is_(None))
            .values(released_by=user.id, released_at=guard.now())
        )
    if not done.rowcount:
        raise NotFoundError(f"no open hold {hold_id}")


def close_case(
    guard: Guard,
    user: User,
    case_id: str,
    *,
    reason: str,
    purpose: str = "case closure",
    terminal: str = "",
) -> None:
    """Record that a case closed: its material's retention runs from now."""
    with guard.engine.connect() as connection:
        found = connection.execute(
            select(cases.c.id).where((cases.c.id == case_id) | (cases.c.ref == case_id))
        ).scalar()
    if found is None:
        raise NotFoundError(f"no case {case_id}")
    _require(guard, user, "write", Resource("retention", f"close:{found}"), purpose, terminal)
    with guard.engine.begin() as connection:
        # The first close stands (casework's close writes this row too, docs/cases.md): a
        # second one is a clear refusal, never the table's primary-key error.
        closed = (
            connection.execute(
                select(case_closures.c.case_id).where(case_closures.c.case_id == found)
            ).scalar()
            is not None
        )
        if not closed:
            try:
                with connection.begin_nested():
                    connection.execute(
                        insert(case_closures).values(
                            case_id=found,
                            closed_at=guard.now(),
                            closed_by=user.id,
                            reason=reason.strip(),
                        )
                    )
            except IntegrityError:
                closed = True  # a concurrent close won
        if closed:
            raise InputError(f"case: {case_id} is closed already; reopen it from the case page")


def purposes() -> list[dict[str, Any]]:
    """The purposes of collection and use in force (purposes.yaml)."""
    vocabulary = default_purposes()
    return [
        {
            "id": p.id,
            "name": p.name,
            "name_ja": p.name_ja,
            "compatible": sorted(p.compatible),
            "version": vocabulary.id,
        }
        for p in vocabulary.purposes
    ]
