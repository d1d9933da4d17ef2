"""casework: working cases, not only alerts (issue 15).

Promote alerts into a case (new or existing), keep notes (append-only, an edit is a new
version), tasks with assignees and due dates, attachments kept as reports with provenance,
and a timeline; print the case or an alert as a PDF and issue it, fingerprinted per
recipient, through ``kizashi.trace``. Everything through the guard (the case's file is the
resource ``case_file``: its assigned officers and its desk lead). docs/cases.md::

    work = Casework(engine, guard, settings)
    work.promote(user, [alert_id], new_case_ref="R8-001", reason="同一人物", purpose="捜査")
    work.add_note(user, "R8-001", "本文", purpose="捜査")
    copy = issue_case_report(work, user, "R8-001", recipient="ito", purpose="捜査会議資料")
"""

from typing import TYPE_CHECKING

from kizashi.lazy import lazy_exports

if TYPE_CHECKING:
    from kizashi.casework.domain import (
        MAX_ATTACHMENT_BYTES,
        MEDIA_TYPES,
        Upload,
        check_upload,
        overdue,
    )
    from kizashi.casework.lifecycle import (
        WORKING_ROLES,
        assign_officer,
        assign_task,
        close_case,
        hand_over_case,
        reopen_case,
        unassign_officer,
    )
    from kizashi.casework.outcomes import Outcome
    from kizashi.casework.outcomes import outcomes as case_outcomes
    from kizashi.casework.report import (
        alert_report,
        case_report,
        issue_alert_report,
        issue_case_report,
        render_pdf,
    )
    from kizashi.casework.service import Casework, Promotion

__getattr__ = lazy_exports(
    __name__,
    {
        "MAX_ATTACHMENT_BYTES": "kizashi.casework.domain",
        "MEDIA_TYPES": "kizashi.casework.domain",
        "Upload": "kizashi.casework.domain",
        "check_upload": "kizashi.casework.domain",
        "overdue": "kizashi.casework.domain",
        "alert_report": "kizashi.casework.report",
        "case_report": "kizashi.casework.report",
        "issue_alert_report": "kizashi.casework.report",
        "issue_case_report": "kizashi.casework.report",
        "render_pdf": "kizashi.casework.report",
        "WORKING_ROLES": "kizashi.casework.lifecycle",
        "assign_officer": "kizashi.casework.lifecycle",
        "assign_task": "kizashi.casework.lifecycle",
        "close_case": "kizashi.casework.lifecycle",
        "hand_over_case": "kizashi.casework.lifecycle",
        "reopen_case": "kizashi.casework.lifecycle",
        "unassign_officer": "kizashi.casework.lifecycle",
        "Outcome": "kizashi.casework.outcomes",
        "case_outcomes": "kizashi.casework.outcomes:outcomes",
        "Casework": "kizashi.casework.service",
        "Promotion": "kizashi.casework.service",
    },
)

__all__ = [
    "MAX_ATTACHMENT_BYTES",
    "MEDIA_TYPES",
    "WORKING_ROLES",
    "Casework",
    "Outcome",
    "Promotion",
    "Upload",
    "alert_report",
    "assign_officer",
    "assign_task",
    "case_outcomes",
    "case_report",
    "check_upload",
    "close_case",
    "hand_over_case",
    "issue_alert_report",
    "issue_case_report",
    "overdue",
    "render_pdf",
    "reopen_case",
    "unassign_officer",
]
