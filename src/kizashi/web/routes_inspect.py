"""Inspection pages (the inspection desk and auditors): insider alerts with their
explanations, recent accesses, and one access's audit entry with its inclusion proof."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import Response
from sqlalchemy import Connection, select
from starlette.concurrency import run_in_threadpool

from kizashi.errors import InputError, NotFoundError
from kizashi.guard import AuditError, AuditWriteError, Resource
from kizashi.insider import (
    InsiderReviewRefusedError,
    get_insider_alert,
    list_insider_alerts,
    review_insider_alert,
)
from kizashi.store.tables import audit_entries, users
from kizashi.web.door import PageRefusedError, Visit, form_checked, officer_visit
from kizashi.web.i18n import translate
from kizashi.web.render import local_time, page, redirect

# An audit entry's number: the chain holds only integers a JSON reader keeps exactly, and a
# larger one typed into the address bar is refused here, not by the database's integer type.
LARGEST_SEQ = 2**53 - 1

router = APIRouter(prefix="/ui/inspection", include_in_schema=False)

RECENT = 50


def insider_rows(current: Visit) -> list[dict[str, Any]]:
    """The insider alerts this user may read, newest first, each read decided and audited by
    the guard's inspection queue (anyone but the inspection desk gets none)."""
    try:
        found = list_insider_alerts(
            current.guard, current.user, current.session.purpose, terminal=current.terminal
        )
    except AuditWriteError:
        raise PageRefusedError(503, "unavailable") from None
    when = local_time(current.settings)
    # The first lines in the reader's language, as the alert's own page puts them first: a
    # Japanese page listed the English explanation (the Japanese one is stored beside it).
    return [{**a, "lines": _lines(_in_language(a, current.lang), when)} for a in found]


def _in_language(alert: dict[str, Any], lang: str) -> str:
    """The alert's explanation in ``lang``: the Japanese one on a Japanese page when the
    insider room wrote one (alerts stored before migration 0014 have only the English)."""
    japanese = alert.get("explanation_ja") or ""
    return japanese if lang == "ja" and japanese.strip() else str(alert["explanation"])


# A time the insider room wrote into an explanation (ISO 8601 with its offset, as stored).
_ISO_TIME = re.compile(r"\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[+-]\d{2}:\d{2}|Z)")


def _lines(explanation: str, when: Callable[[str], str] | None = None) -> list[str]:
    """The explanation's lines; with ``when``, each stored time as the page shows times (local,
    with its zone), so the lines agree with the page's own times."""
    if when is not None:
        explanation = _ISO_TIME.sub(lambda m: when(m.group(0).replace("Z", "+00:00")), explanation)
    return [line.strip() for line in explanation.splitlines() if line.strip()]


def recent_entries(connection: Connection, before: int | None) -> list[dict[str, Any]]:
    query = (
        select(
            audit_entries.c.seq,
            audit_entries.c.time,
            audit_entries.c.action,
            audit_entries.c.resource_type,
            audit_entries.c.resource_id,
            audit_entries.c.effect,
            users.c.name.label("actor_name"),
            audit_entries.c.actor,
        )
        .outerjoin(users, users.c.id == audit_entries.c.actor)
        .order_by(audit_entries.c.seq.desc())
        .limit(RECENT)
    )
    if before is not None:
        query = query.where(audit_entries.c.seq < before)
    return [dict(r._mapping) for r in connection.execute(query)]


@router.get("")
def inspection(
    request: Request, before: Annotated[int | None, Query(ge=0, le=LARGEST_SEQ)] = None
) -> Response:
    current = officer_visit(request)
    current.require("list", [Resource("audit_entry", "recent")])
    found = insider_rows(current)
    with current.engine.connect() as connection:
        entries = recent_entries(connection, before)
    return page(request, "inspection.html", visit=current, insider=found, entries=entries)


def _audit_links(text: str) -> list[tuple[str, int | None]]:
    """Split a line into text and audit-entry numbers (``audit-N``) to link to their proofs."""
    parts: list[tuple[str, int | None]] = []
    last = 0
    for match in re.finditer(r"audit-(\d+)", text):
        parts.append((text[last : match.start()], None))
        parts.append((match.group(0), int(match.group(1))))
        last = match.end()
    parts.append((text[last:], None))
    return parts


INSIDER_STEPS = ("acknowledge", "assign", "confirm", "dismiss", "suppress")
# Why a review step was refused, in the page's words (``problem_insider_<code>``): the
# service's codes (kizashi.insider.review) and the page's own (an unreadable expiry).
INSIDER_PROBLEMS = (
    "step",
    "reason_confirm",
    "reason_dismiss",
    "reason_suppress",
    "until",
    "until_zone",
    "until_format",
    "final",
    "no_user",
    "subject",
    "not_inspection",
)


def insider_problem(exc: InsiderReviewRefusedError, lang: str) -> str:
    """A refused review step in the reader's language (before: the service's English)."""
    if exc.code not in INSIDER_PROBLEMS:
        return str(exc)
    words = dict(exc.words)
    if "status" in words:
        words["status"] = translate(f"insider_status_{words['status']}", lang)
    return translate(f"problem_insider_{exc.code}", lang, **words)


@router.get("/insider/{alert_id}")
def insider_alert(
    request: Request,
    alert_id: str,
    done: Annotated[str | None, Query(max_length=20)] = None,
) -> Response:
    """One insider alert; ``done`` (after a review step: where the form redirects) says
    which step was recorded. The error and status of a failed step are the POST's own."""
    recorded = done if done in INSIDER_STEPS else None
    return _insider_page(request, officer_visit(request), alert_id, done=recorded)


def _insider_page(
    request: Request,
    current: Visit,
    alert_id: str,
    error: str = "",
    status: int = 200,
    done: str | None = None,
) -> Response:
    try:
        found = get_insider_alert(
            current.guard, current.user, alert_id[:36], current.session.purpose
        )
    except NotFoundError:
        raise PageRefusedError(404, "not_found") from None
    except AuditWriteError:
        raise PageRefusedError(503, "unavailable") from None
    when = local_time(current.settings)
    found["lines"] = _lines(found["explanation"], when)
    found["lines_ja"] = [
        _audit_links(line) for line in _lines(found.get("explanation_ja", ""), when)
    ]
    return page(
        request,
        "insider_alert.html",
        visit=current,
        alert=found,
        error=error,
        status=status,
        done=done,
    )


@router.post("/insider/{alert_id}/review")
async def insider_review(
    request: Request,
    alert_id: str,
    step: Annotated[str, Form(max_length=20)] = "",
    reason: Annotated[str, Form(max_length=2000)] = "",
    assignee: Annotated[str, Form(max_length=120)] = "",
    until: Annotated[str, Form(max_length=40)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """The inspection desk acts on an insider alert; the guard decides (INSIDER-5)."""
    current = officer_visit(request)
    form_checked(current, {"csrf": csrf})

    def write() -> str | None:
        try:
            expiry = datetime.fromisoformat(until) if until else None
        except ValueError:
            return translate("problem_insider_until_format", current.lang)
        if expiry is not None and expiry.tzinfo is None:
            # The form's datetime-local is the reader's wall time: the installation's zone
            # (before: the clock's zone, UTC, so 00:00 meant 09:00 in Japan).
            expiry = expiry.replace(tzinfo=current.settings.tz)
        try:
            review_insider_alert(
                current.guard,
                current.user,
                alert_id[:36],
                step,
                current.session.purpose,
                reason=reason,
                assignee=assignee or None,
                until=expiry,
            )
        except NotFoundError:
            raise PageRefusedError(404, "not_found") from None
        except AuditWriteError:
            raise PageRefusedError(503, "unavailable") from None
        except InsiderReviewRefusedError as exc:
            return insider_problem(exc, current.lang)
        except InputError as exc:
            return str(exc)
        return None

    problem = await run_in_threadpool(write)
    if problem:
        return await run_in_threadpool(
            lambda: _insider_page(request, current, alert_id[:36], problem, 422)
        )
    return redirect(request, f"/ui/inspection/insider/{alert_id[:36]}?done={step}")


@router.get("/audit/{seq}")
def audit_entry(request: Request, seq: Annotated[int, Path(ge=0, le=LARGEST_SEQ)]) -> Response:
    current = officer_visit(request)
    current.require("read", [Resource("audit_entry", str(seq))])
    try:
        proof = current.guard.audit.prove(seq)
    except AuditError:
        raise PageRefusedError(404, "not_found") from None
    leaf = orjson.loads(proof.leaf)
    return page(
        request,
        "audit_entry.html",
        visit=current,
        proof=proof,
        leaf=leaf,
        pretty=orjson.dumps(leaf, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS).decode(),
        verified=proof.verify(),
    )
