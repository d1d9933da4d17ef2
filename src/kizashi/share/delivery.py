"""Delivery of released products, and the recipient's side: inbox, copy, acknowledge, ask.

Each person a product's recipient list names gets a copy of the tear-line fingerprinted
for them by :mod:`kizashi.trace` (a Markdown text with wording variants, or a PDF whose
pages carry an image fingerprint), so a leaked copy names its recipient (``kizashi trace
find``). The release is written first (the guard then lets exactly those people receive
it), then trace issues the copies — all or none — and each delivery and a notification is
recorded. A question asked back becomes a ``consultation`` report through intake, with the
partner as its source, so it enters the same pipeline as everything else.
"""

from __future__ import annotations

from typing import Any

import orjson

from kizashi.errors import InputError, NotFoundError
from kizashi.guard import User
from kizashi.ids import new_id
from kizashi.share import render
from kizashi.share import repository as repo
from kizashi.share.products import ShareService, refuse
from kizashi.share.recipients import resolve
from kizashi.store import transaction

FORMATS = ("md", "pdf")
MESSAGES = {
    "ja": "新しい資料「{title}」（{code}）が届きました。",
    "en": "A new product, '{title}' ({code}), was released to you.",
}


def release(
    service: ShareService, user: User, product_id: str, purpose: str, *, fmt: str = "md"
) -> dict[str, Any]:
    """Send an approved product: one fingerprinted copy of its tear-line per person.

    The guard decides ``export`` (refused for anything unapproved: ``PRODUCT-4``), and the
    tear-line must be the one the approver saw (its SHA-256 was recorded).
    """
    product, resource = service.load(product_id)
    service.decide(user, "export", resource, purpose)
    approval_id = service.approved_release(product)
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    with service.engine.connect() as connection:
        people = resolve(connection, product["recipients"])
    content = render.pdf(product) if fmt == "pdf" else render.markdown(product).encode("utf-8")
    trace = service.tracer()
    case_ref = None
    if product["case_id"]:
        from kizashi.store.tables import cases

        with service.engine.connect() as connection:
            case_ref = connection.execute(
                cases.select()
                .with_only_columns(cases.c.ref)
                .where(cases.c.id == product["case_id"])
            ).scalar()
    traced = trace.add_product(
        user,
        content,
        f"{product['kind']}-{product['id']}.{fmt}",
        purpose=purpose,
        title=product["title"],
        desk=product["desk_id"],
        case_ref=case_ref,
        handling_code=product["handling_code"],
    )
    ids = [person.id for person, _ in people]
    with transaction(service.engine) as connection:
        service.release_to(connection, product["id"], ids, approval_id)
        service.release_to(connection, str(traced["id"]), ids, approval_id)
    copies = trace.issue(user, str(traced["id"]), [p.name for p, _ in people], purpose=purpose)
    now = service.clock()
    rows = [
        {
            "id": new_id(),
            "product_id": product["id"],
            "recipient_id": person.id,
            "via": via,
            "format": fmt,
            "trace_product_id": str(traced["id"]),
            "trace_copy_id": copy.copy_id,
            "content_sha256": copy.sha256,
            "delivered_at": now,
        }
        for (person, via), copy in zip(people, copies, strict=True)
    ]
    text = MESSAGES.get(product["lang"], MESSAGES["en"])
    notes = [
        {
            "id": new_id(),
            "user_id": person.id,
            "product_id": product["id"],
            "message": text.format(title=product["title"], code=product["handling_code"])[:500],
            "created_at": now,
        }
        for person, _ in people
    ]
    with transaction(service.engine) as connection:
        repo.insert_deliveries(connection, rows)
        repo.notify(connection, notes)
        repo.update_product(
            connection, product["id"], status="released", released_at=now, updated_at=now
        )
    out = service.get(user, product["id"], purpose)
    out["copies"] = [c.to_json() for c in copies]
    return out


# --- the recipient's side --------------------------------------------------------------------


def inbox(service: ShareService, user: User, purpose: str) -> list[dict[str, Any]]:
    """The products released to `user`, newest first (each decided and logged as a list)."""
    with service.engine.connect() as connection:
        rows = repo.deliveries(connection, recipient_id=user.id)
        products = {r["product_id"]: repo.get_product(connection, r["product_id"]) for r in rows}
        resources = [repo.product_resource(connection, products[r["product_id"]]) for r in rows]
    decisions = service.guard.decide_many(user, "list", resources, purpose)
    out = []
    for row, decision in zip(rows, decisions, strict=True):
        if not decision.allowed:
            continue
        p = products[row["product_id"]]
        out.append(
            {
                "delivery_id": row["id"],
                "product_id": p["id"],
                "kind": p["kind"],
                "title": p["title"],
                "handling_code": p["handling_code"],
                "format": row["format"],
                "delivered_at": row["delivered_at"].isoformat(),
                "read_at": row["read_at"].isoformat() if row["read_at"] else None,
                "acknowledged_at": (
                    row["acknowledged_at"].isoformat() if row["acknowledged_at"] else None
                ),
                "question_report_id": row["question_report_id"],
            }
        )
    return out


def _mine(service: ShareService, user: User, delivery_id: str) -> dict[str, Any]:
    with service.engine.connect() as connection:
        try:
            row = repo.get_delivery(connection, delivery_id)
        except NotFoundError:
            raise NotFoundError(f"no delivery {delivery_id}") from None
    if row["recipient_id"] != user.id:
        raise NotFoundError(f"no delivery {delivery_id}")
    return row


def read_copy(
    service: ShareService, user: User, delivery_id: str, purpose: str
) -> tuple[bytes, str]:
    """The recipient's own fingerprinted copy (re-made by trace and checked by its hash)."""
    row = _mine(service, user, delivery_id)
    content, media = service.tracer().copy_content(user, row["trace_copy_id"], purpose=purpose)
    if row["read_at"] is None:
        with transaction(service.engine) as connection:
            repo.update_delivery(connection, delivery_id, read_at=service.clock())
    return content, str(media)


def acknowledge(
    service: ShareService, user: User, delivery_id: str, purpose: str
) -> dict[str, Any]:
    row = _mine(service, user, delivery_id)
    _decide_product(service, user, row["product_id"], "read", purpose)
    if row["acknowledged_at"] is None:
        with transaction(service.engine) as connection:
            repo.update_delivery(connection, delivery_id, acknowledged_at=service.clock())
    return next(d for d in inbox(service, user, purpose) if d["delivery_id"] == delivery_id)


def ask(
    service: ShareService, user: User, delivery_id: str, question: str, purpose: str
) -> dict[str, Any]:
    """A question about a product: stored as a consultation report (intake), author told."""
    from kizashi.intake import RawRow, ingest_batch

    row = _mine(service, user, delivery_id)
    product = _decide_product(service, user, row["product_id"], "read", purpose)
    if len(question.strip()) < 3:
        raise InputError("write the question")
    organisation = user.organisation or f"user:{user.name}"
    item = {
        "consultation_ref": f"{delivery_id}:{new_id()}",
        "product_ref": product["id"],
        "subject": f"Re: {product['title']}"[:300],
        "question": question.strip(),
        "asked_by": user.name,
        "source": organisation,
        "received_at": service.clock().isoformat(),
    }
    summary = ingest_batch(
        service.engine,
        service.settings,
        "consultation",
        [RawRow(1, 1, orjson.dumps(item).decode("utf-8"), item, None)],
        "share:question",
        default_source=organisation,
        organisation=user.organisation,
        submitted_by=user.id,
    )
    report_id = summary.items[0].id if summary.items else None
    if report_id is None:
        reasons = "; ".join(str(p) for p in summary.problems) or "refused"
        raise InputError(f"the question could not be stored: {reasons}")
    now = service.clock()
    with transaction(service.engine) as connection:
        repo.update_delivery(connection, delivery_id, question_report_id=report_id)
        repo.notify(
            connection,
            [
                {
                    "id": new_id(),
                    "user_id": product["created_by"],
                    "product_id": product["id"],
                    "message": f"{user.name}: a question about '{product['title']}'"[:500],
                    "created_at": now,
                }
            ],
        )
    return {"delivery_id": delivery_id, "report_id": report_id}


def _decide_product(
    service: ShareService, user: User, product_id: str, action: str, purpose: str
) -> dict[str, Any]:
    with service.engine.connect() as connection:
        product = repo.get_product(connection, product_id)
        resource = repo.product_resource(connection, product)
    decision = service.guard.decide(user, action, resource, purpose)
    if not decision.allowed:
        raise refuse(decision, f"product {product_id}")
    return product


def notifications(service: ShareService, user: User) -> list[dict[str, Any]]:
    """A user's own notifications (only ever their own: no decision about others' data)."""
    with service.engine.connect() as connection:
        return [
            {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in n.items()}
            for n in repo.notifications(connection, user.id)
        ]


def unread_count(service: ShareService, user: User) -> int:
    """How many of the user's own notifications are unread (the portal's badge)."""
    with service.engine.connect() as connection:
        return repo.unread_notifications(connection, user.id)


def mark_notifications_read(service: ShareService, user: User) -> int:
    """The user has seen their notifications (the page that lists them says so)."""
    with transaction(service.engine) as connection:
        return repo.mark_notifications_read(connection, user.id, service.clock())
