"""Opening the share room, and the one-call path other rooms use to put a product forward."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from kizashi.config import Settings
from kizashi.guard import Guard, User, open_audit_log
from kizashi.share.products import ShareService


def open_share(
    settings: Settings,
    engine: Engine,
    *,
    guard: Guard | None = None,
    clock: Callable[[], datetime] | None = None,
) -> ShareService:
    """The installation's share service (its own guard unless one is given)."""
    guard = guard or Guard(engine, open_audit_log(settings, engine), clock=clock)
    if clock is None:
        return ShareService(engine, guard, settings, clock=guard.now)
    return ShareService(engine, guard, settings, clock=clock)


def draft_and_submit(
    service: ShareService,
    author: User,
    *,
    kind: str,
    title: str,
    body: str,
    handling_code: str,
    recipients: Sequence[str],
    purpose: str,
    sources: Sequence[str] = (),
    desk: str | None = None,
    case_ref: str | None = None,
    lang: str = "ja",
    keep: Iterable[str] = (),
) -> dict[str, Any]:
    """Draft a product from content and put it before an approver (tear-line made)."""
    product = service.draft(
        author,
        kind=kind,
        title=title,
        body=body,
        handling_code=handling_code,
        recipients=recipients,
        purpose=purpose,
        sources=sources,
        desk=desk,
        case_ref=case_ref,
        lang=lang,
    )
    return service.submit(author, product["id"], purpose, keep=keep)
