"""Tracing a leak and matching seized chats: the inspection desk's tools.

Both are reads of who-received-what (audit material), so the guard decides them as a
read of the audit log (``audit_entry``), and the trace room narrows that further to the
inspection desk: an auditor or oversight user is refused, and the refusal is logged too.
Every result is stored in ``trace_findings``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import PurePath
from typing import Any

from sqlalchemy import select

from kizashi.errors import ForbiddenError, InputError
from kizashi.guard import AuditEntry, User
from kizashi.guard.policy_model import Resource
from kizashi.ids import new_id
from kizashi.store import reports, transaction
from kizashi.store.tables import audit_entries, compartment_members
from kizashi.trace import repository as repo
from kizashi.trace.explain import explain_image, explain_text
from kizashi.trace.image_detect import detect
from kizashi.trace.image_register import _homography
from kizashi.trace.plans import Message, Operation, leaked
from kizashi.trace.products import decode_image, load_template, sha256
from kizashi.trace.scoring import Verdict
from kizashi.trace.service import TraceService
from kizashi.trace.text_code import observe, trace_text

FINDINGS = Resource("audit_entry", "trace:findings")
MAX_IMAGE_PRODUCTS = 3


def authorise(service: TraceService, user: User, purpose: str, what: str) -> None:
    decision = service.guard.decide(user, "read", FINDINGS, purpose)
    if decision.allowed and user.desk_kind == "inspection":
        return
    if decision.allowed:
        # The guard allowed an audit read (auditor, oversight); leak findings are narrower.
        service.guard.audit.append(
            AuditEntry(
                actor=user.id,
                action="read",
                resource_type="audit_entry",
                resource_id=FINDINGS.id,
                purpose=purpose,
                effect="deny",
                reason="trace findings are for the inspection desk only",
                context={"rule": "TRACE-1", "what": what, "user": user.name},
            )
        )
        raise ForbiddenError("trace findings are for the inspection desk only (rule TRACE-1)")
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
    image = decode_image(leaked_bytes, filename)
    kind = "image" if image is not None else "text"
    with service.engine.connect() as connection:
        if product_id:
            products = [repo.get_product(connection, product_id)]
        else:
            products = repo.list_products(connection, kind=kind)
        copies = {p["id"]: repo.copies_of(connection, p["id"]) for p in products}
    products = [p for p in products if p["kind"] == kind and copies[p["id"]]]
    if image is not None:
        results = _find_image(service, image, products, copies)
    else:
        try:
            text = leaked_bytes.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError("neither an image nor UTF-8 text", file=filename) from None
        results = _find_text(service, text, products, copies)
    results.sort(key=lambda r: -(r["candidates"][0]["z"] if r["candidates"] else 0))
    finding_id, digest = new_id(), sha256(leaked_bytes)
    outcome: dict[str, Any] = {
        "finding_id": finding_id,
        "leaked": {"file": PurePath(filename).name, "sha256": digest, "kind": kind},
        "products": results,
        "named": [n for r in results for n in r["named"]],
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


def _result(
    product: dict[str, Any],
    copies: Sequence[dict[str, Any]],
    verdict: Verdict,
    explanation: list[str],
) -> dict[str, Any]:
    by_label = {c["id"]: c for c in copies}
    candidates = []
    for ranked in verdict.ranked:
        copy = by_label[ranked.label]
        candidates.append(
            {
                "recipient": copy["recipient"],
                "copy_id": ranked.label,
                "issued_at": copy["issued_at"].isoformat(),
                **ranked.to_json(),
            }
        )
        candidates[-1].pop("label")
    return {
        "product_id": product["id"],
        "title": product["title"],
        "scheme": product["scheme"],
        "candidates": candidates,
        "named": [c["recipient"] for c in candidates if c["named"]],
        "explanation": explanation,
        "evidence": dict(verdict.evidence),
    }


def _find_image(
    service: TraceService,
    image: Any,
    products: list[dict[str, Any]],
    copies: dict[str, list[dict[str, Any]]],
) -> list[dict[str, Any]]:
    params = service.params.image
    originals: dict[str, Any] = {}
    for product in products:
        kept = decode_image(product["original"], product["filename"])
        if kept is not None:
            originals[product["id"]] = kept
    products = [p for p in products if p["id"] in originals]
    # Which originals is it a copy of? Feature matches first, then the costly detection.
    scored = []
    for product in products:
        _, inliers, _ = _homography(image, originals[product["id"]], params)
        scored.append((inliers, product))
    scored.sort(key=lambda pair: -pair[0])
    chosen = [p for n, p in scored if n >= params.min_inliers][:MAX_IMAGE_PRODUCTS]
    if not chosen:
        ratio = image.shape[1] / image.shape[0]
        chosen = [
            p
            for _, p in scored
            if abs(originals[p["id"]].shape[1] / originals[p["id"]].shape[0] - ratio) < 0.02
        ][:MAX_IMAGE_PRODUCTS]
    results = []
    for product in chosen:
        labels = [c["id"] for c in copies[product["id"]]]
        verdict = detect(
            image,
            originals[product["id"]],
            service.key,
            product["id"],
            labels,
            params,
        )
        names = {c["id"]: c["recipient"] for c in copies[product["id"]]}
        results.append(
            _result(product, copies[product["id"]], verdict, explain_image(verdict, names))
        )
    return results


def _find_text(
    service: TraceService,
    text: str,
    products: list[dict[str, Any]],
    copies: dict[str, list[dict[str, Any]]],
) -> list[dict[str, Any]]:
    results = []
    for product in products:
        template = load_template(product["original"], product["filename"])
        seen = sum(1 for slot in observe(text, template) if slot)
        if seen < 2 and "\u2060" not in text:
            continue
        labels = [c["id"] for c in copies[product["id"]]]
        verdict = trace_text(
            text, template, service.key, product["id"], labels, service.params.text
        )
        names = {c["id"]: c["recipient"] for c in copies[product["id"]]}
        results.append(
            _result(product, copies[product["id"]], verdict, explain_text(verdict, names))
        )
    return results


# --- leak match on seized messages ---------------------------------------------------------


def leaks(service: TraceService, user: User, *, purpose: str) -> list[dict[str, Any]]:
    """Operations whose plans appear in seized messages, with who had access and when."""
    authorise(service, user, purpose, "leaks")
    params = service.params.leaks
    with service.engine.connect() as connection:
        plans = repo.list_products(connection, with_operation=True)
        rows = connection.execute(
            select(
                reports.c.id,
                reports.c.text,
                reports.c.occurred_at,
                reports.c.received_at,
                reports.c.body,
            ).where(reports.c.channel == "seized_message")
        ).all()
    messages = [
        Message(
            r.id,
            r.text,
            r.occurred_at or r.received_at,
            {
                k: r.body.get(k)
                for k in ("case_ref", "app", "chat_name", "sender_handle", "attachments")
                if r.body.get(k)
            },
        )
        for r in rows
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
    template = load_template(plan["original"], plan["filename"])
    if not copies or sum(1 for s in observe(text, template) if s) < 2:
        return {"slots_observed": 0, "named": []}
    verdict = trace_text(
        text, template, service.key, plan["id"], [c["id"] for c in copies], service.params.text
    )
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
