"""Requests to platforms for user information: drafted from an alert, four-eyes, sent,
answered, acted on — and the platform's service level measured.

A request (to an SNS operator about the poster of a threat, say) is decided by the guard as
a product of its desk: the officer who drafts it writes it; a second person, an approver of
the desk who is not the author, approves it with a reason (``PRODUCT-1`` … ``-3``); it can
be marked sent only once approved (``PRODUCT-4``; the transport itself is out of scope).
The platform's answer is stored as a ``platform_answer`` report through intake (provenance:
the platform is its source; the account holder's name, phone and e-mail become mentions,
so the pipeline links them into the entity graph), and the action taken (the poster
identified and warned) is recorded on the alert through triage's public
``record_alert_action``. :func:`request_dashboard` gives the open requests and, per
platform, how long answers took (median and slowest, from sending to answer).
"""

from __future__ import annotations

import hashlib
from statistics import median
from typing import Any

import orjson

from kizashi.errors import InputError, NotFoundError
from kizashi.guard import User, label_material
from kizashi.ids import new_id
from kizashi.share import repository as repo
from kizashi.share.products import MIN_REASON, ShareService, refuse
from kizashi.store import transaction

OPEN_STATES = ("draft", "submitted", "approved", "sent")
RECENT_SHOWN = 20  # answered or closed requests the dashboard lists


def _load(service: ShareService, request_id: str) -> tuple[dict[str, Any], Any]:
    with service.engine.connect() as connection:
        try:
            request = repo.get_request(connection, request_id)
        except NotFoundError:
            return {}, repo.missing_product(request_id)
        return request, repo.request_resource(connection, request)


def _decided(
    service: ShareService, user: User, request_id: str, action: str, purpose: str
) -> dict[str, Any]:
    request, resource = _load(service, request_id)
    decision = service.guard.decide(user, action, resource, purpose)
    if not decision.allowed:
        raise refuse(decision, f"request {request_id}")
    return request


def _status(request: dict[str, Any], *allowed: str) -> None:
    if request["status"] not in allowed:
        raise InputError(
            f"the request is {request['status']}; this step needs it {' or '.join(allowed)}"
        )


def draft_request(
    service: ShareService,
    user: User,
    *,
    alert_id: str,
    platform: str,
    legal_basis: str,
    body: str,
    identifiers: dict[str, Any],
    purpose: str,
) -> dict[str, Any]:
    from kizashi.triage import get_alert  # the one read model of alerts

    alert = get_alert(service.guard, user, alert_id, purpose)
    if not platform.strip() or not legal_basis.strip() or not body.strip():
        raise InputError("a request names the platform, its legal basis and what is asked")
    values = {
        "id": new_id(),
        "alert_id": alert_id,
        "platform": platform.strip(),
        "desk_id": alert.get("desk_id") or user.desk,
        "legal_basis": legal_basis.strip(),
        "body": body,
        "identifiers": identifiers,
        "status": "draft",
        "created_by": user.id,
        "created_at": service.clock(),
    }
    with service.engine.connect() as connection:
        resource = repo.request_resource(connection, values)
    decision = service.guard.decide(user, "write", resource, purpose)
    if not decision.allowed:
        raise refuse(decision, "alert")
    with transaction(service.engine) as connection:
        repo.insert_request(connection, values)
    return get_request(service, user, str(values["id"]), purpose)


def submit_request(
    service: ShareService, user: User, request_id: str, purpose: str
) -> dict[str, Any]:
    request = _decided(service, user, request_id, "write", purpose)
    _status(request, "draft", "rejected")
    with transaction(service.engine) as connection:
        repo.update_request(connection, request_id, status="submitted")
    return get_request(service, user, request_id, purpose)


def decide_request(
    service: ShareService, user: User, request_id: str, *, approve: bool, reason: str, purpose: str
) -> dict[str, Any]:
    """The second person's decision (guard: approve — never the author's)."""
    request, resource = _load(service, request_id)
    seq = service.decide_recorded(user, "approve", resource, purpose)
    _status(request, "submitted")
    if len(reason.strip()) < MIN_REASON:
        raise InputError("a decision on a request needs a reason")
    outcome = "approved" if approve else "rejected"
    digest = hashlib.sha256(orjson.dumps([request["body"], request["identifiers"]])).hexdigest()
    with transaction(service.engine) as connection:
        repo.insert_approval(
            connection,
            {
                "id": new_id(),
                "subject_kind": "request",
                "subject_id": request_id,
                "decided_by": user.id,
                "decision": outcome,
                "reason": reason.strip(),
                "content_sha256": digest,
                "decided_at": service.clock(),
                "audit_seq": seq,
            },
        )
        repo.update_request(connection, request_id, status=outcome)
    return get_request(service, user, request_id, purpose)


def send_request(
    service: ShareService, user: User, request_id: str, purpose: str
) -> dict[str, Any]:
    """Record that the approved request was sent (guard: export, refused unless approved)."""
    from kizashi.triage import record_alert_action

    request = _decided(service, user, request_id, "export", purpose)
    _status(request, "approved")
    now = service.clock()
    with transaction(service.engine) as connection:
        repo.update_request(connection, request_id, status="sent", sent_at=now)
    record_alert_action(
        service.guard,
        user,
        request["alert_id"],
        "platform_request",
        f"request for user information sent to {request['platform']}",
        purpose,
        details={"request": request_id, "platform": request["platform"]},
    )
    return get_request(service, user, request_id, purpose)


def answer_request(
    service: ShareService,
    user: User,
    request_id: str,
    *,
    answer: str,
    purpose: str,
    account: str | None = None,
    subscriber_name: str | None = None,
    subscriber_phone: str | None = None,
    subscriber_email: str | None = None,
) -> dict[str, Any]:
    """Record the platform's answer as a report (intake) and stop the clock."""
    from kizashi.intake import RawRow, ingest_batch

    request = _decided(service, user, request_id, "write", purpose)
    _status(request, "sent")
    now = service.clock()
    item = {
        "request_ref": request_id,
        "platform": request["platform"],
        "answered_at": now.isoformat(),
        "answer": answer,
        "account": account,
        "subscriber_name": subscriber_name,
        "subscriber_phone": subscriber_phone,
        "subscriber_email": subscriber_email,
        "source": f"platform:{request['platform']}",
        "received_at": now.isoformat(),
    }
    item = {k: v for k, v in item.items() if v}
    summary = ingest_batch(
        service.engine,
        service.settings,
        "platform_answer",
        [RawRow(1, 1, orjson.dumps(item).decode("utf-8"), item, None)],
        f"share:request:{request_id}",
        default_source=f"platform:{request['platform']}",
        submitted_by=user.id,
    )
    report_id = summary.items[0].id if summary.items else None
    if report_id is None:
        reasons = "; ".join(str(p) for p in summary.problems) or "refused"
        raise InputError(f"the answer could not be stored: {reasons}")
    with transaction(service.engine) as connection:
        # The answer is the asking desk's material: its lead approved the request and its
        # officers work the alert. Left unrouted, only the command centre could read it, and
        # the request page would link the desk to a report it may not open.
        label_material(connection, "report", report_id, desk=request["desk_id"], now=now)
        repo.update_request(
            connection, request_id, status="answered", answered_at=now, answer_report_id=report_id
        )
    return get_request(service, user, request_id, purpose)


def record_action(
    service: ShareService, user: User, request_id: str, action: str, purpose: str
) -> dict[str, Any]:
    """The action taken on the answer (poster identified and warned), on the alert too."""
    from kizashi.triage import record_alert_action

    request = _decided(service, user, request_id, "write", purpose)
    _status(request, "answered")
    record_alert_action(
        service.guard,
        user,
        request["alert_id"],
        "action_taken",
        action,
        purpose,
        details={"request": request_id, "answer_report": request["answer_report_id"]},
    )
    with transaction(service.engine) as connection:
        repo.update_request(
            connection, request_id, status="closed", action_taken=action, action_at=service.clock()
        )
    return get_request(service, user, request_id, purpose)


def get_request(service: ShareService, user: User, request_id: str, purpose: str) -> dict[str, Any]:
    request = _decided(service, user, request_id, "read", purpose)
    with service.engine.connect() as connection:
        approvals = repo.approvals_of(connection, "request", request_id)
    out = _json(request)
    out["approvals"] = [_json(a) for a in approvals]
    out["turnaround_hours"] = _hours(request)
    return out


def request_dashboard(service: ShareService, user: User, purpose: str) -> dict[str, Any]:
    """Open requests, the latest answered or closed ones, and per platform the turnaround from
    sending to answer (service level)."""
    with service.engine.connect() as connection:
        rows = repo.list_requests(connection)
        resources = [repo.request_resource(connection, r) for r in rows]
    decisions = service.guard.decide_many(user, "list", resources, purpose)
    visible = [r for r, d in zip(rows, decisions, strict=True) if d.allowed]
    # Requests the user would see with a stated purpose (an open refusal, not a concealed one).
    needs_purpose = sum(1 for d in decisions if d.rule == "PURPOSE-1" and not d.conceal)
    platforms: dict[str, list[float]] = {}
    pending: dict[str, int] = {}
    for r in visible:
        hours = _hours(r)
        if hours is not None:
            platforms.setdefault(r["platform"], []).append(hours)
        elif r["status"] == "sent":
            pending[r["platform"]] = pending.get(r["platform"], 0) + 1
    now = service.clock()
    return {
        "open": [
            {**_json(r), "waiting_hours": _waiting(r, now)}
            for r in visible
            if r["status"] in OPEN_STATES
        ],
        # Answered and closed requests, newest first: what each platform answered and what
        # was done about it (the action taken on the alert), a month's work on one screen.
        "recent": [
            {**_json(r), "turnaround_hours": _hours(r)}
            for r in sorted(
                (r for r in visible if r["status"] not in OPEN_STATES),
                key=lambda r: (r.get("answered_at") or r["created_at"], r["id"]),
                reverse=True,
            )[:RECENT_SHOWN]
        ],
        "platforms": [
            {
                "platform": name,
                "answered": len(platforms.get(name, [])),
                "waiting": pending.get(name, 0),
                "median_hours": round(median(platforms[name]), 2) if platforms.get(name) else None,
                "slowest_hours": round(max(platforms[name]), 2) if platforms.get(name) else None,
            }
            for name in sorted({*platforms, *pending})
        ],
        "needs_purpose": needs_purpose,
    }


def _hours(request: dict[str, Any]) -> float | None:
    if request.get("sent_at") and request.get("answered_at"):
        return float(round((request["answered_at"] - request["sent_at"]).total_seconds() / 3600, 2))
    return None


def _waiting(request: dict[str, Any], now: Any) -> float | None:
    if request["status"] == "sent" and request.get("sent_at"):
        return float(round((now - request["sent_at"]).total_seconds() / 3600, 2))
    return None


def _json(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items()}
