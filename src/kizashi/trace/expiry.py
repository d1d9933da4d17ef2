"""What trace forgets when reports expire: leak findings that quote expired messages.

A seized-message leak finding (``kind = 'leaks'``) keeps the matching messages' report ids
and an excerpt of their text; once one of those reports has expired the finding goes.
Registered in ``trace.room``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, select

from kizashi.store.tables import reports
from kizashi.store.tables_trace import trace_findings


def _report_ids(result: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(result, dict):
        for key, value in result.items():
            if key == "report_id" and isinstance(value, str):
                found.add(value)
            else:
                found |= _report_ids(value)
    elif isinstance(result, list):
        for value in result:
            found |= _report_ids(value)
    return found


def forget_reports(connection: Connection, expired: Any, now: datetime) -> dict[str, int]:
    """Delete the leak findings that name a report ``expired`` selects."""
    findings = connection.execute(
        select(trace_findings.c.id, trace_findings.c.result).where(trace_findings.c.kind == "leaks")
    ).all()
    named = {f.id: _report_ids(f.result) for f in findings}
    every = sorted(set().union(*named.values())) if named else []
    gone: set[str] = set()
    for start in range(0, len(every), 500):
        chunk = every[start : start + 500]
        gone.update(
            connection.execute(
                select(reports.c.id).where(reports.c.id.in_(chunk), reports.c.id.in_(expired))
            ).scalars()
        )
    doomed = [fid for fid, ids in named.items() if ids & gone]
    if doomed:
        connection.execute(delete(trace_findings).where(trace_findings.c.id.in_(doomed)))
    return {"findings": len(doomed)}
