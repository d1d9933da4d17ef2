"""Printed reports: a case (or an alert) as a PDF, and its fingerprinted issue to a recipient.

The report is HTML with a print stylesheet (A4, running header with the handling code,
page numbers, Noto Sans CJK JP from Debian's fonts-noto-cjk) rendered by WeasyPrint. What it
shows is what the preparing officer may read: the case's file through
:meth:`Casework.file`, and each report of the material decided ``read`` by the guard (those
refused are counted, never printed).

A report that leaves the platform goes through ``kizashi.trace``: registered as a product of
the case (or of the alert's desk), issued to one named recipient for a stated purpose (the
guard decides ``export`` for the officer and the recipient, and logs the copy with its
SHA-256), and the recipient's copy is fingerprinted page by page. The issue is an event of
the case's timeline (recipient, purpose, copy id, audit entry).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from kizashi.casework import repository as repo
from kizashi.casework.domain import bad, clean_text
from kizashi.casework.outcomes import labels
from kizashi.casework.service import Casework, refused
from kizashi.errors import NotFoundError
from kizashi.guard import User
from kizashi.intake import get_report
from kizashi.store import transaction
from kizashi.trace import IssuedCopy, open_trace

TEMPLATES = Path(__file__).parent / "templates"
# Strictness of handling codes: a report is handled as its strictest material.
TLP_ORDER = ("TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED")
EXCERPT = 600


def _translator(lang: str) -> Callable[[str], str]:
    table = labels()

    def translate(key: str) -> str:
        found = table.get(key, {}).get(lang)
        return found if found is not None else key.removeprefix("status_")

    return translate


@cache
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))


def strictest(codes: list[str | None]) -> str:
    ranked = [TLP_ORDER.index(c) for c in codes if c in TLP_ORDER]
    return TLP_ORDER[max(ranked)] if ranked else "TLP:AMBER"


def render_pdf(context: dict[str, Any]) -> bytes:
    """The report's HTML (``templates/report.html``) as PDF bytes."""
    from weasyprint import HTML

    html = _environment().get_template("report.html").render(**context)
    return bytes(HTML(string=html, base_url=str(TEMPLATES)).write_pdf())


def _when(value: datetime | None, tz: Any) -> str:
    return value.astimezone(tz).strftime("%Y-%m-%d %H:%M %Z") if value else ""


def _material(
    work: Casework, user: User, report_ids: list[str], purpose: str | None, tz: Any
) -> tuple[list[list[str]], int, list[str | None]]:
    resources = [work.guard.load("report", r) for r in report_ids]
    decisions = work.guard.decide_many(user, "read", resources, purpose or "")
    rows: list[list[str]] = []
    codes: list[str | None] = []
    hidden = 0
    with work.engine.connect() as connection:
        for report_id, decision in zip(report_ids, decisions, strict=True):
            report = get_report(connection, report_id) if decision.allowed else None
            if report is None:
                hidden += 1
                continue
            p = report["provenance"]
            codes.append(p["handling_code"])
            received = datetime.fromisoformat(p["received_at"]) if p["received_at"] else None
            text = str(report["text"] or "")
            rows.append(
                [
                    report_id[:8],
                    str(report["channel"]),
                    _when(received, tz),
                    f"{p['reliability'] or '?'}{p['credibility'] or '?'} {p['handling_code'] or ''}",
                    text[:EXCERPT] + ("…" if len(text) > EXCERPT else ""),
                ]
            )
    return rows, hidden, codes


def case_report(
    work: Casework,
    user: User,
    case_ref: str,
    *,
    purpose: str | None,
    lang: str,
    recipient: str = "",
) -> tuple[bytes, str]:
    """The case's report as PDF bytes (unmarked), with its handling code."""
    lang = lang if lang in ("ja", "en") else "ja"
    t = _translator(lang)
    tz = work.settings.tz
    found = work.file(user, case_ref, purpose)  # the case's file, decided and logged once
    case = found["case"]
    with work.engine.connect() as connection:
        title = repo.case_title(connection, case["id"])
        labelled = repo.case_reports(connection, case["id"])
    material, hidden, codes = _material(work, user, labelled, purpose, tz)
    handling = strictest(codes)
    header = [
        ("case", case["ref"]),
        ("title", title),
        ("desk", case["desk"]),
        (
            "assigned",
            "、".join(found["assigned"]) if lang == "ja" else ", ".join(found["assigned"]),
        ),
        ("printed_by", user.name),
        ("printed_for", recipient),
        ("printed_at", _when(work.now(), tz)),
        ("purpose", purpose or ""),
        ("handling", handling),
        ("case_status", t(f"case_{found['status']}")),
    ]
    closing = found["closing"]
    if closing is not None:
        header += [
            ("outcome", closing["outcome_label" if lang == "ja" else "outcome_label_en"]),
            ("closing_reason", closing["reason"]),
            ("closed_by", closing["closed_by"]),
            ("closed_at", _when(closing["closed_at"], tz)),
        ]
    sections = [
        {
            "title": "alerts",
            "columns": ["alert", "score", "status", "reason"],
            "rows": [
                [
                    p["alert_id"][:8],
                    f"{p['score']:.1f}" if p["score"] is not None else "",
                    p["status"] or "",
                    p["reason"],
                ]
                for p in found["promotions"]
            ],
        },
        {
            "title": "material",
            "columns": ["report", "channel", "received", "grading", "content"],
            "rows": material,
            "more": hidden,
        },
        {
            "title": "notes",
            "columns": ["when", "actor", "version", "notes"],
            "rows": [
                [_when(n["written_at"], tz), n["author"], str(n["version"]), n["body"]]
                for n in found["notes"]
            ],
        },
        {
            "title": "tasks",
            "columns": ["tasks", "assignee", "due", "status"],
            "rows": [
                [
                    x["title"],
                    x["assignee"] or t("task_unassigned"),
                    x["due_on"].isoformat(),
                    t("overdue") if x["overdue"] else t(x["status"]),
                ]
                for x in found["tasks"]
            ],
        },
        {
            "title": "attachments",
            "columns": ["file", "media_type", "attached_at", "size"],
            "rows": [
                [
                    a["filename"],
                    a["media_type"],
                    _when(a["attached_at"], tz),
                    f"{a['size_bytes']} B · sha256 {a['sha256'][:16]}…",
                ]
                for a in found["attachments"]
            ],
        },
        {
            "title": "timeline",
            "columns": ["when", "event", "actor", "detail"],
            "rows": [
                [_when(e["at"], tz), t(f"kind_{e['kind']}"), e["actor"], _detail(e)]
                for e in found["timeline"]
            ],
        },
    ]
    context = {
        "lang": lang,
        "t": t,
        "heading": f"{t('case_report')} {case['ref']}",
        "handling": handling,
        "header": header,
        "sections": sections,
    }
    return render_pdf(context), handling


def _detail(event: dict[str, Any]) -> str:
    d = event["detail"]
    if event["kind"] == "handed_over":
        return f"{d.get('from', '')} → {d.get('to', '')}: {d.get('reason', '')}"
    if event["kind"] in ("assigned", "unassigned"):
        return f"{d.get('officer', '')}: {d.get('reason', '')}"
    if event["kind"] == "task_assigned" and d.get("reason"):
        # Since mend20 a task is given with a reason; an older event (none) prints its title.
        return f"{d.get('title', '')} → {d.get('assignee', '')}: {d['reason']}"
    for key in ("reason", "title", "filename", "recipient", "status"):
        if d.get(key):
            return str(d[key]) if key != "status" else f"{d['status']}: {d.get('reason', '')}"
    return str(event["ref"] or "")[:8]


def alert_report(
    work: Casework,
    user: User,
    alert_id: str,
    *,
    purpose: str | None,
    lang: str,
    recipient: str = "",
) -> tuple[bytes, str, str]:
    """An alert's report as PDF bytes (unmarked), its handling code and its desk."""
    lang = lang if lang in ("ja", "en") else "ja"
    t = _translator(lang)
    tz = work.settings.tz
    resource = work.guard.load("alert", alert_id)
    decision = work.guard.decide(user, "read", resource, purpose or "")
    if not decision.allowed:
        raise refused(decision, f"alert {alert_id!r}")
    with work.engine.connect() as connection:
        rows = repo.alert_rows(connection, [alert_id])
        if alert_id not in rows:
            raise NotFoundError(f"no alert {alert_id!r}")
        alert = rows[alert_id]
        evidence = repo.reports_of_entity(connection, alert.entity_id)
        history = repo.alert_history(connection, alert_id)
    material, hidden, codes = _material(work, user, evidence, purpose, tz)
    handling = strictest([alert.handling_code, *codes])
    header = [
        ("alert", alert.id),
        ("desk", alert.desk_id),
        ("score", f"{alert.score:.1f}"),
        ("status", t(f"status_{alert.status}")),
        ("subject", alert.summary),
        ("printed_by", user.name),
        ("printed_for", recipient),
        ("printed_at", _when(work.now(), tz)),
        ("purpose", purpose or ""),
        ("handling", handling),
    ]
    sections = [
        {
            "title": "material",
            "columns": ["report", "channel", "received", "grading", "content"],
            "rows": material,
            "more": hidden,
        },
        {
            "title": "events",
            "columns": ["when", "event", "actor", "detail"],
            "rows": [
                [
                    _when(h["at"], tz),
                    h["to_status"] or h["action"],
                    h["user_name"] or "",
                    h["reason"] or "",
                ]
                for h in history
            ],
        },
    ]
    context = {
        "lang": lang,
        "t": t,
        "heading": f"{t('alert_report')} {alert.id[:8]}",
        "handling": handling,
        "header": header,
        "sections": sections,
    }
    return render_pdf(context), handling, str(alert.desk_id)


def _issue_inputs(recipient: str, purpose: str | None) -> tuple[str, str]:
    who = clean_text(recipient, "recipient", 200)
    why = clean_text(purpose or "", "purpose", 300, minimum=3)
    return who, why


def issue_case_report(
    work: Casework,
    user: User,
    case_ref: str,
    *,
    recipient: str,
    purpose: str | None,
    lang: str = "ja",
) -> IssuedCopy:
    """The case's report, fingerprinted for `recipient` through trace, and recorded."""
    info = work.case(user, case_ref, "read", purpose)
    who, why = _issue_inputs(recipient, purpose)
    content, handling = case_report(work, user, case_ref, purpose=why, lang=lang, recipient=who)
    service = open_trace(work.settings, work.engine, guard=work.guard, clock=work.guard.now)
    product, copies = service.issue_file(
        user,
        content,
        f"case-{info.ref}.pdf",
        [who],
        purpose=why,
        title=f"{info.ref}",
        case_ref=info.ref,
        handling_code=handling,
    )
    copy = copies[0]
    with transaction(work.engine) as connection:
        repo.event(
            connection,
            info.id,
            "exported",
            user.id,
            work.now(),
            copy.copy_id,
            {
                "recipient": copy.recipient,
                "purpose": why,
                "product": product["id"],
                "sha256": copy.sha256,
                "audit_seq": copy.audit_seq,
            },
        )
    return copy


def issue_alert_report(
    work: Casework,
    user: User,
    alert_id: str,
    *,
    recipient: str,
    purpose: str | None,
    lang: str = "ja",
) -> IssuedCopy:
    """The alert's report, fingerprinted for `recipient` through trace."""
    decision = work.guard.decide(user, "read", work.guard.load("alert", alert_id), purpose or "")
    if not decision.allowed:
        raise refused(decision, f"alert {alert_id!r}")
    who, why = _issue_inputs(recipient, purpose)
    content, handling, desk = alert_report(
        work, user, alert_id, purpose=why, lang=lang, recipient=who
    )
    service = open_trace(work.settings, work.engine, guard=work.guard, clock=work.guard.now)
    with work.engine.connect() as connection:
        case_id = repo.case_of_material(connection, "alert", [alert_id]).get(alert_id)
        case_ref = repo.case_ref(connection, case_id) if case_id else None
    if not who:
        raise bad("recipient", "is required")
    _product, copies = service.issue_file(
        user,
        content,
        f"alert-{alert_id[:8]}.pdf",
        [who],
        purpose=why,
        title=f"alert {alert_id[:8]}",
        desk=desk,
        case_ref=case_ref,
        handling_code=handling,
    )
    return copies[0]
