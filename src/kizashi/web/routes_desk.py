"""The command centre's pages: dashboard, alert queue, an alert's page, review, notices."""

from __future__ import annotations

import time
from collections import Counter
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from kizashi.errors import ForbiddenError, InputError, NotFoundError
from kizashi.guard import Resource, list_notices
from kizashi.guard.identity_service import list_desks
from kizashi.web import alerts as queries
from kizashi.web import dashboard
from kizashi.web.door import PageRefusedError, Visit, form_checked, officer_visit, visit
from kizashi.web.i18n import translate
from kizashi.web.render import desk_names, page, redirect
from kizashi.web.routes_entity import entity_view

router = APIRouter(prefix="/ui", include_in_schema=False)


CATEGORY_TTL_SECONDS = 60.0


def _categories(request: Request, connection: Any, desks: tuple[str, ...]) -> list[str]:
    """The filter's category choices, kept a minute: a DISTINCT over every alert of a
    desk is the costliest query of the queue, and a new category can wait that long."""
    cache: dict[tuple[str, ...], tuple[float, list[str]]] = request.app.state.web_categories
    now = time.monotonic()
    hit = cache.get(desks)
    if hit is not None and now - hit[0] < CATEGORY_TTL_SECONDS:
        return hit[1]
    found = queries.categories(connection, desks)
    cache[desks] = (now, found)
    return found


def allowed_desks(current: Visit, action: str) -> tuple[str, ...]:
    """The desks whose alerts the user may `action` (decided per desk, logged)."""
    with current.engine.connect() as connection:
        desks = [d.id for d in list_desks(connection)]
    decisions = current.visible(action, [queries.desk_resource(d) for d in desks])
    return tuple(d for d, ok in zip(desks, decisions, strict=True) if ok)


@router.get("/")
def home(
    request: Request,
    period: Annotated[str, Query(max_length=10)] = "month",
    category: Annotated[str | None, Query(max_length=30)] = None,
) -> Response:
    current = visit(request)
    if current.user.is_partner:
        return redirect(request, "/ui/partner")
    period = period if period in dashboard.PERIODS else "month"
    now = datetime.now(UTC)
    tz = current.settings.tz
    since = dashboard.period_start(period, now, tz)
    figures = dashboard.Figures()
    with current.engine.connect() as connection:
        rows = dashboard.flagged_signals(connection, since)
        counts = queries.desk_status_counts(connection)
        decided = queries.decided_since(connection, since)
        all_desks = [d.id for d in list_desks(connection)]
        bounds = dashboard.day_bounds(dashboard.days_between(since, now, tz), tz)
        opened = dashboard.opened_per_day(connection, bounds)
    # One batch of `count` decisions: a group of reports alike to the policy, and each desk.
    groups = list(
        {dashboard.group_resource(r).id: dashboard.group_resource(r) for r in rows}.values()
    )
    desk_resources = [queries.desk_resource(d) for d in all_desks]
    shown = current.visible("count", [*groups, *desk_resources])
    allowed = {g.id for g, ok in zip(groups, shown, strict=False) if ok}
    desks = tuple(d for d, ok in zip(all_desks, shown[len(groups) :], strict=True) if ok)
    dashboard.signal_figures(figures, rows, allowed, since, now, tz, category)
    for desk, status, n in counts:
        if desk not in desks:
            continue
        figures.status_totals[status] += n
        if status in queries.OPEN_STATES:
            figures.open_by_desk[desk] = figures.open_by_desk.get(desk, 0) + n
    figures.opened_by_desk = {d: n for d, n in opened.items() if d in desks}
    figures.decided = Counter()
    for desk, status, n in decided:
        if desk in desks:
            figures.decided[status] += n
    names = desk_names(request, current.lang)
    # Only categories of rows the user may count: a value only hidden rows have stays hidden.
    categories = sorted({r.category for r in rows if dashboard.group_resource(r).id in allowed})
    return page(
        request,
        "dashboard.html",
        visit=current,
        figures=figures,
        period=period,
        periods=dashboard.PERIODS,
        category=category,
        categories=categories,
        signals_chart=figures.signals_chart(translate("flagged_by_day", current.lang)),
        opened_chart=figures.opened_chart(translate("opened_by_day", current.lang), names),
        desks_chart=figures.desks_chart(translate("open_by_desk", current.lang), names),
        open_total=sum(figures.open_by_desk.values()),
    )


@router.get("/alerts")
def queue(
    request: Request,
    status: Annotated[str, Query(max_length=20)] = "open",
    category: Annotated[str | None, Query(max_length=30)] = None,
    desk: Annotated[str | None, Query(max_length=50)] = None,
    assignee: Annotated[str | None, Query(max_length=10)] = None,
    sort: Annotated[str, Query(max_length=10)] = "score",
    after: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> Response:
    current = officer_visit(request)
    desks = allowed_desks(current, "list")
    if desk:
        desks = tuple(d for d in desks if d == desk)
    statuses = ("open", "new", "in_review", "confirmed", "dismissed", "all")
    where = queries.AlertFilter(
        desks=desks,
        status=status if status in statuses else "open",
        category=category or None,
        assignee=current.user.id if assignee == "me" else ("none" if assignee == "none" else None),
        sort=sort if sort in queries.SORTS else "score",  # type: ignore[arg-type]
        after=after or None,
        limit=limit,
    )
    try:
        with current.engine.connect() as connection:
            rows, next_after = queries.list_alerts(connection, where)
            categories = _categories(request, connection, desks)
    except InputError:
        raise PageRefusedError(404, "not_found") from None
    shown = current.visible("list", [queries.alert_resource(r["id"], r["desk_id"]) for r in rows])
    rows = [r for r, ok in zip(rows, shown, strict=True) if ok]
    params = {
        "status": where.status,
        "category": category or "",
        "desk": desk or "",
        "assignee": assignee or "",
        "sort": where.sort,
        "limit": limit,
    }
    return page(
        request,
        "alerts.html",
        visit=current,
        rows=rows,
        next_after=next_after,
        params=params,
        statuses=statuses,
        sorts=queries.SORTS,
        categories=categories,
        queue_desks=desks if not desk else allowed_desks(current, "list"),
    )


def _alert_or_refuse(current: Visit, alert_id: str, action: str) -> dict[str, Any]:
    with current.engine.connect() as connection:
        alert = queries.get_alert(connection, alert_id)
    if alert is None:
        current.require(action, [Resource(queries.ALERT_KIND, alert_id, found=False)])
        raise PageRefusedError(404, "not_found")
    current.require(action, [queries.alert_resource(alert_id, alert["desk_id"])])
    return alert


def _alert_page(
    request: Request,
    current: Visit,
    alert_id: str,
    *,
    error: str | None = None,
    done: str | None = None,
    status: int = 200,
) -> Response:
    with current.engine.connect() as connection:
        alert = queries.get_alert(connection, alert_id)
    if alert is None:
        current.require("read", [Resource(queries.ALERT_KIND, alert_id, found=False)])
        raise PageRefusedError(404, "not_found")
    # The alert and its subject are decided in one batch: either may refuse the page.
    view = entity_view(
        current,
        alert["entity_id"],
        required=[queries.alert_resource(alert_id, alert["desk_id"])],
        with_alerts=False,
    )
    with current.engine.connect() as connection:
        events = queries.events_of(connection, alert_id)
        assignees = queries.desk_members(connection, alert["desk_id"])
    return page(
        request,
        "entity.html",
        visit=current,
        alert=alert,
        events=events,
        assignees=assignees,
        error=error,
        done=done,
        status=status,
        **view,
    )


@router.get("/alerts/{alert_id}")
def alert_page(
    request: Request, alert_id: str, done: Annotated[str | None, Query(max_length=20)] = None
) -> Response:
    return _alert_page(request, officer_visit(request), alert_id, done=done)


@router.post("/alerts/{alert_id}/review")
async def review(
    request: Request,
    alert_id: str,
    decision: Annotated[str, Form(max_length=20)] = "",
    reason: Annotated[str, Form(max_length=2000)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    current = officer_visit(request)
    form_checked(current, {"csrf": csrf})

    def write() -> str | None:
        _alert_or_refuse(current, alert_id, "write")
        try:
            with current.engine.begin() as connection:
                queries.review(
                    connection, alert_id, decision, reason, current.user, now=datetime.now(UTC)
                )
        except (InputError, NotFoundError) as exc:
            return str(exc)
        return None

    problem = await run_in_threadpool(write)
    if problem:
        return await run_in_threadpool(
            lambda: _alert_page(request, current, alert_id, error=problem, status=422)
        )
    return redirect(request, f"/ui/alerts/{alert_id}?done={decision}")


@router.post("/alerts/{alert_id}/assign")
async def assign(
    request: Request,
    alert_id: str,
    assignee: Annotated[str, Form(max_length=36)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    current = officer_visit(request)
    form_checked(current, {"csrf": csrf})

    def write() -> str | None:
        alert = _alert_or_refuse(current, alert_id, "write")
        with current.engine.connect() as connection:
            members = dict(queries.desk_members(connection, alert["desk_id"]))
        target = current.user.id if assignee in ("", "me") else assignee
        if target not in members:
            return "the assignee must be an officer of the alert's desk"
        try:
            with current.engine.begin() as connection:
                queries.assign(connection, alert_id, target, current.user, now=datetime.now(UTC))
        except (InputError, NotFoundError) as exc:
            return str(exc)
        return None

    problem = await run_in_threadpool(write)
    if problem:
        return await run_in_threadpool(
            lambda: _alert_page(request, current, alert_id, error=problem, status=422)
        )
    return redirect(request, f"/ui/alerts/{alert_id}?done=assigned")


@router.get("/notices")
def notices(request: Request) -> Response:
    """Deconfliction notices for a desk lead: who looked up a subject their desk holds."""
    current = officer_visit(request)
    try:
        with current.engine.connect() as connection:
            found = list_notices(connection, current.user)
    except ForbiddenError:
        raise PageRefusedError(404, "not_found") from None
    return page(request, "notices.html", visit=current, notices=found)
