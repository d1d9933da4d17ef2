"""What oversight itself forgets when reports expire (docs/oversight.md, "Expiry").

- ``report_corrections``: a correction note holds the corrected statement, which may quote the
  report; it goes with the report.
- ``subject_access_reports``: a request's ties to expired reports go. A subject-access request
  left with no report (every report it exported, or a correction it asked for was about, has
  expired) has the person's data erased: ``requester``, ``identifiers`` and ``subject_key``.
  What remains is the record that a request was made and answered — its reference, legal
  basis, who registered and exported it and when, the export's SHA-256 — and ``expired_at``.

Legal holds are respected through the reports: a held report does not expire, so its notes
and its tie (and so the request's identifiers) stay. Run by :func:`kizashi.oversight.expire`
in the run's one transaction, after every room's hook.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, exists, select, update

from kizashi.store.tables_oversight import (
    report_corrections,
    subject_access_reports,
    subject_access_requests,
)

ERASED = "expired"  # subject_key of a request whose identifiers were erased


def forget_reports(connection: Connection, expired: Any, now: datetime) -> dict[str, int]:
    """Delete the correction notes and request ties of the reports ``expired`` selects, and
    erase the identifiers of the requests left with no report."""
    notes = connection.execute(
        delete(report_corrections).where(report_corrections.c.report_id.in_(expired))
    )
    touched = sorted(
        connection.execute(
            select(subject_access_reports.c.request_id)
            .where(subject_access_reports.c.report_id.in_(expired))
            .distinct()
        ).scalars()
    )
    ties = connection.execute(
        delete(subject_access_reports).where(subject_access_reports.c.report_id.in_(expired))
    )
    erased = 0
    if touched:
        left = exists().where(subject_access_reports.c.request_id == subject_access_requests.c.id)
        erased = connection.execute(
            update(subject_access_requests)
            .where(
                subject_access_requests.c.id.in_(touched),
                subject_access_requests.c.expired_at.is_(None),
                ~left,
            )
            .values(requester=None, identifiers=None, subject_key=ERASED, expired_at=now)
        ).rowcount
    return {"corrections": notes.rowcount, "sar_ties": ties.rowcount, "sar_erased": erased}
