"""The desk's queue, live: server-sent events for the signed-in officer's pages.

Every officer page opens one ``EventSource`` on ``/ui/alerts/stream``: each change of an
alert (opened, rescored, assigned, reviewed) that the officer may list arrives as the queue
row the page would draw, and an urgent alert opening arrives with a banner that says why it
bypassed the threshold. It is the triage room's one feed (:class:`kizashi.triage.AlertFeed`,
the API's stream too): the desks are decided for this officer when the stream opens, and
every change is decided again by the guard for this officer and logged before it is sent,
so a page is never told of an alert its user may not list. A browser that reconnects sends
``Last-Event-ID`` and gets what changed while it was away.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from kizashi.triage import AlertFeed, AlertFilter, follow_feed
from kizashi.web import alerts as queries
from kizashi.web.door import Visit, officer_visit
from kizashi.web.render import fragment
from kizashi.web.routes_desk import allowed_desks

router = APIRouter(prefix="/ui", include_in_schema=False)


def _open(
    request: Request, desk: str | None, category: str | None, after: str | None
) -> tuple[Visit, AlertFeed]:
    current = officer_visit(request)
    # Oversight and the inspection desk read no alert but through a case (CONTENT-1): deciding
    # each desk would write a refusal per desk to the audit log on every page they open.
    reads_no_alert = current.user.reads_access_not_material
    # Otherwise decided per desk for this officer, logged.
    desks = () if reads_no_alert else allowed_desks(current, "list")
    if desk:
        desks = tuple(d for d in desks if d == desk)
    where = AlertFilter(desks=desks, category=category or None)
    return current, AlertFeed(current.engine, where, after=after)


def rendered(request: Request, current: Visit, items: list[dict[str, Any]]) -> None:
    """Add to each change the queue row (and for an urgent alert the banner) as HTML, drawn
    by the page's own templates in the officer's language."""
    if not items:
        return
    with current.engine.connect() as connection:
        rows = {
            r["id"]: r for r in queries.rows_by_id(connection, [i["alert"]["id"] for i in items])
        }
    for item in items:
        row = rows.get(item["alert"]["id"])
        if row is None:
            continue
        item["row"] = fragment(request, current, "_alert_row.html", a=row)
        if row.get("urgent") and item["action"] == "opened":
            item["banner"] = fragment(request, current, "_urgent_banner.html", a=row)


@router.get("/alerts/stream")
async def alerts_stream(
    request: Request,
    desk: Annotated[str | None, Query(max_length=50)] = None,
    category: Annotated[str | None, Query(max_length=30)] = None,
    timeout: Annotated[float | None, Query(gt=0, le=86400)] = None,
    last_event_id: Annotated[str | None, Header(alias="Last-Event-ID", max_length=64)] = None,
) -> StreamingResponse:
    current, feed = await run_in_threadpool(_open, request, desk, category, last_event_id)

    def poll() -> list[dict[str, Any]]:
        items = feed.poll(current.guard, current.user, current.session.purpose)
        rendered(request, current, items)
        return items

    return StreamingResponse(
        follow_feed(request, poll, timeout=timeout),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )
