"""Tracing a leak and matching seized chats: the inspection desk's tools.

Both are reads of who-received-what, decided by the guard as a read of a ``trace_finding``:
the inspection desk only (``TRACE-2``); anyone else, auditors and oversight included, is
refused with ``TRACE-1``, and the refusal is in the audit log like any decision. Every
result is stored in ``trace_findings``.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime
from pathlib import PurePath
from typing import Any

from sqlalchemy import select

from kizashi.errors import ForbiddenError, InputError
from kizashi.guard import User
from kizashi.guard.policy import Resource
from kizashi.ids import new_id
from kizashi.store import reports, transaction
from kizashi.store.payloads import with_payloads
from kizashi.store.tables import audit_entries, compartment_members
from kizashi.trace import repository as repo
from kizashi.trace.finding import find_pictures, find_text
from kizashi.trace.pdf import is_pdf, render
from kizashi.trace.plans import Message, Operation, leaked
from kizashi.trace.products import decode_image, load_template, sha256, text_scheme
from kizashi.trace.service import TraceService
from kizashi.trace.text_code import observe
from kizashi.trace.text_trace import trace_text

FINDINGS = Resource("trace_finding", "trace:findings")


def authorise(service: TraceService, user: User, purpose: str, what: str) -> None:
    decision = service.guard.decide(user, "read", FINDINGS, purpose, context={"what": what})
    if not decision.allowed:
        raise ForbiddenError(f"{decision.reason} (rule {decision.rule})")


def find(
    service: TraceService,
    user: User,
    leaked_bytes: bytes,
    filename: str,
    *,
    purpose: str,
    product_id: str | None = None,
) -> dict[str, Any]:
    """Rank the recipients of the product a leaked file comes from, with the evidence."""
    authorise(service, user, purpose, "find")
    if is_pdf(leaked_bytes):
        kind, pictures = "pdf", render(leaked_bytes, filename)
    else:
        image = decode_image(leaked_bytes, filename)
        kind, pictures = ("image", [image]) if image is not None else ("text", [])
    if pictures:
        results = find_pictures(service, pictures, product_id)
    else:
        try:
            text = leaked_bytes.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError("neither an image, a PDF nor UTF-8 text", file=filename) from None
        if not _visible(text):
            # Before: an empty file was "traced" (200, a finding stored that found nothing);
            # a byte-order mark, zero-width or control characters alone are as empty.
            raise InputError(
                "the file is empty or blank (no visible character): there is nothing to trace",
                file=filename,
            )
        results = find_text(service, text, product_id)
    results.sort(key=lambda r: -(r["candidates"][0]["z"] if r["candidates"] else 0))
    finding_id, digest = new_id(), sha256(leaked_bytes)
    outcome: dict[str, Any] = {
        "finding_id": finding_id,
        "leaked": {"file": PurePath(filename).name, "sha256": digest, "kind": kind},
        "products": results,
        "named": [n for r in results for n in r["named"]],
        "named_blind": [n for r in results for n in r.get("blind", {}).get("named", [])],
    }
    with transaction(service.engine) as connection:
        repo.insert_finding(
            connection,
            finding_id,
            kind,
            digest,
            results[0]["product_id"] if results else None,
            outcome,
            user.id,
            service.clock(),
        )
    return outcome


# --- leak match on seized messages ---------------------------------------------------------


def leaks(service: TraceService, user: User, *, purpose: str) -> list[dict[str, Any]]:
    """Operations whose plans appear in seized messages, with who had access and when."""
    authorise(service, user, purpose, "leaks")
    params = service.params.leaks
    with service.engine.connect() as connection:
        plans = repo.list_products(connection, with_operation=True)
        rows = connection.execute(
            select(reports.c.id, reports.c.occurred_at, reports.c.received_at).where(
                reports.c.channel == "seized_message"
            )
        )
        opened = list(with_payloads(connection, rows, ("text", "body")))
    messages = [
        Message(
            r.id,
            p.text or "",
            r.occurred_at or r.received_at,
            {
                k: body.get(k)
                for k in ("case_ref", "app", "chat_name", "sender_handle", "attachments")
                if body.get(k)
            },
        )
        for r, p in opened
        for body in (p.body or {},)
    ]
    found = []
    for plan in plans:
        operation = Operation.from_meta(plan["operation"], plan["filename"])
        hits = leaked(
            operation,
            messages,
            service.tz,
            min_score=params.min_score,
            window_days=params.window_days,
        )
        if not hits:
            continue
        first = hits[0].message.sent_at
        found.append(
            {
                "operation": operation.to_json(),
                "product_id": plan["id"],
                "title": plan["title"],
                "first_leak_at": first.astimezone(service.tz).isoformat(),
                "messages": [
                    {
                        "report_id": h.message.id,
                        "sent_at": h.message.sent_at.astimezone(service.tz).isoformat(),
                        "score": h.score,
                        "matched": h.parts,
                        "text": h.message.text[:300],
                        **h.message.meta,
                        "fingerprint": _fingerprint_in(service, plan, h.message.text),
                    }
                    for h in hits
                ],
                "access": access_of(service, plan, before=first),
            }
        )
    with transaction(service.engine) as connection:
        repo.insert_finding(
            connection,
            new_id(),
            "leaks",
            None,
            None,
            {"operations": [f["operation"]["id"] for f in found]},
            user.id,
            service.clock(),
        )
    return found


def _fingerprint_in(service: TraceService, plan: dict[str, Any], text: str) -> dict[str, Any]:
    """Does the message carry a recipient's wording? (Only if it shows enough slots.)"""
    with service.engine.connect() as connection:
        copies = repo.copies_of(connection, plan["id"])
    template = load_template(plan["original"], plan["filename"], service.params)
    if not copies or sum(1 for s in observe(text, template) if s) < 2:
        return {"slots_observed": 0, "named": []}
    scheme = text_scheme(plan, service.params).text
    verdict = trace_text(text, template, service.key, plan["id"], [c["id"] for c in copies], scheme)
    names = {c["id"]: c["recipient"] for c in copies}
    return {
        "slots_observed": verdict.evidence["slots_observed"],
        "named": [names[r.label] for r in verdict.named],
        "top": [{"recipient": names[r.label], **r.to_json()} for r in verdict.ranked[:3]],
    }


def access_of(
    service: TraceService, plan: dict[str, Any], *, before: datetime
) -> list[dict[str, Any]]:
    """Who could know the plan: its recipients, the compartment's members, and every
    allowed access in the audit log, each with when (and whether before the first leak)."""
    with service.engine.connect() as connection:
        copies = repo.copies_of(connection, plan["id"])
        ids = [plan["id"], *(c["id"] for c in copies)]
        if plan["compartment_id"]:
            ids.append(plan["compartment_id"])
        members = (
            connection.execute(
                select(compartment_members.c.user_id, compartment_members.c.added_at).where(
                    compartment_members.c.compartment_id == plan["compartment_id"]
                )
            ).all()
            if plan["compartment_id"]
            else []
        )
        entries = connection.execute(
            select(
                audit_entries.c.seq,
                audit_entries.c.time,
                audit_entries.c.actor,
                audit_entries.c.action,
                audit_entries.c.resource_type,
                audit_entries.c.resource_id,
            )
            .where(audit_entries.c.resource_id.in_(ids), audit_entries.c.effect == "allow")
            .order_by(audit_entries.c.seq)
        ).all()
        names = repo.user_names(
            connection, list({e.actor for e in entries} | {m.user_id for m in members})
        )
    rows: list[dict[str, Any]] = []
    for copy in copies:
        rows.append(
            {
                "who": copy["recipient"],
                "how": "received a fingerprinted copy",
                "when": copy["issued_at"].isoformat(),
                "copy_id": copy["id"],
                "audit_seq": copy["audit_seq"],
                "before_leak": copy["issued_at"] <= before,
            }
        )
    for member in members:
        rows.append(
            {
                "who": names.get(member.user_id, member.user_id),
                "how": "member of the operation's compartment",
                "when": member.added_at.isoformat(),
                "before_leak": member.added_at <= before,
            }
        )
    for entry in entries:
        if entry.resource_type == "trace_copy":
            continue  # the issue itself, listed above under the recipient
        rows.append(
            {
                "who": names.get(entry.actor, entry.actor),
                "how": f"{entry.action} {entry.resource_type} (audit #{entry.seq})",
                "when": entry.time.isoformat(),
                "audit_seq": entry.seq,
                "before_leak": entry.time <= before,
            }
        )
    return sorted(rows, key=lambda r: (r["when"], r["who"]))


def _visible(text: str) -> bool:
    """Does the text hold a character a reader would see? Whitespace, separators (Z*),
    control and format characters (Cc, Cf: a byte-order mark, zero-width spaces) are not."""
    return any(
        not character.isspace() and unicodedata.category(character)[0] not in "ZC"
        for character in text
    )
