"""What outreach forgets when reports expire: their readings, what approachers said of them,
and the consultations' ties to them.

Registered in ``outreach.room``; oversight calls it in the expiry's transaction before the
hooks of the rooms outreach refers to (triage's findings and alerts, resolve's entities,
intake's mentions), so it still sees the expired reports' memberships and leaves them out.

- A reading (``approach_readings``) is one report read into stages; it goes with its report.
- An approacher (``approachers``) whose entities an expired report was in is recomputed from
  what is left (names, identifiers, report list, stages, escalation); one left with no
  reading goes. Its triage finding is updated (re-raised with what is left) or, when the
  approacher goes or falls below ``alert``, deleted — a withdrawn finding would still quote
  the expired material. Nothing is re-triaged here: triage's own hook, which runs next,
  takes out the expired reports' contributions and the finding's (deleted, or re-raised in
  this run), and rewrites or deletes the alert; the next triage counts a re-raised finding.
- A consultation (``outreach_activities``) keeps its record but no longer names the report.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, select, update

from kizashi.outreach.approachers import ROOM, OutreachSummary, refresh_approacher
from kizashi.store.tables_outreach import approach_readings, approachers, outreach_activities
from kizashi.store.tables_resolve import entity_members
from kizashi.store.tables_triage import findings


def forget_reports(connection: Connection, expired: Any, now: datetime) -> dict[str, int]:
    """Forget what outreach derived from the reports ``expired`` selects (oversight's hook)."""
    readings = connection.execute(
        delete(approach_readings).where(approach_readings.c.report_id.in_(expired))
    ).rowcount
    consultations = connection.execute(
        update(outreach_activities)
        .where(outreach_activities.c.report_id.in_(expired))
        .values(report_id=None)
    ).rowcount
    touched = set(
        connection.execute(
            select(entity_members.c.entity_id).where(entity_members.c.report_id.in_(expired))
        ).scalars()
    )
    affected = [
        row
        for row in connection.execute(
            select(approachers.c.entity_id, approachers.c.entities, approachers.c.reports)
        ).all()
        if touched & {str(row.entity_id), *(str(e) for e in row.entities or ())}
    ]
    if not affected:
        return {"readings": readings, "consultations": consultations}
    old_groups = {str(e) for row in affected for e in (row.entity_id, *(row.entities or ()))}
    # The entities that keep a membership once the expired reports are gone.
    live = set(
        connection.execute(
            select(entity_members.c.entity_id).where(
                entity_members.c.entity_id.in_(sorted(old_groups)),
                entity_members.c.report_id.not_in(expired),
            )
        ).scalars()
    )
    summary = OutreachSummary()
    kept: set[str] = set()
    done: set[str] = set()
    for entity_id in sorted(old_groups & live):
        if entity_id in done:
            continue
        found = refresh_approacher(
            connection, entity_id, now=now, summary=summary, excluding=expired, rescore=False
        )
        done |= set(found["entities"]) if found else {entity_id}
        if found:
            kept.add(str(found["entity_id"]))
    # Rows not recomputed under a live entity (every report of theirs expired) go.
    gone = sorted({str(row.entity_id) for row in affected} - kept)
    if gone:
        connection.execute(delete(approachers).where(approachers.c.entity_id.in_(gone)))
    refs = [f"approacher:{e}" for e in sorted(old_groups | done | kept)]
    live_refs = {f"approacher:{e}" for e in kept}
    stale = connection.execute(
        select(findings.c.id, findings.c.entity_id, findings.c.source_ref).where(
            findings.c.room == ROOM, findings.c.source_ref.in_(refs)
        )
    ).all()
    # A finding that is not the current one of a kept approacher at ``alert`` is deleted.
    current = set(
        connection.execute(
            select(findings.c.id).where(
                findings.c.room == ROOM,
                findings.c.source_ref.in_(sorted(live_refs)),
                findings.c.withdrawn_at.is_(None),
            )
        ).scalars()
    )
    doomed = [f for f in stale if f.id not in current]
    if doomed:
        connection.execute(delete(findings).where(findings.c.id.in_([f.id for f in doomed])))
    return {
        "readings": readings,
        "consultations": consultations,
        "approachers_recomputed": len(kept),
        "approachers_deleted": len(gone),
        "findings_deleted": len(doomed),
    }
