"""The command centre's pages: dashboard, alert queue, an alert's page, review, notices."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import replace
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from kizashi.casework.domain import REASON_WIRE_CHARS
from kizashi.errors import ForbiddenError, InputError, NotFoundError
from kizashi.guard import list_notices
from kizashi.guard.identity import list_desks
from kizashi.search import list_search_notices
from kizashi.triage import folded_alerts
from kizashi.triage.access import foreseen_alerts, visible_alerts
from kizashi.web import alerts as queries
from kizashi.web import dashboard
from kizashi.web.case_page import KNOWN_ERRORS, REASON_BOUNDS, refusal_field
from kizashi.web.door import PageRefusedError, Visit, form_checked, officer_visit, visit
from kizashi.web.explain import label
from kizashi.web.i18n import translate
from kizashi.web.render import desk_names, page, redirect
from kizashi.web.routes_case_reports import promote_alerts
from kizashi.web.routes_entity import entity_view

router = APIRouter(prefix="/ui", include_in_schema=False)


CATEGORY_TTL_SECONDS = 60.0
# Up to this many matching alerts the queue's total is what its reader is shown, each alert
# foreseen by the pure policy (≈ 0.14 ms an alert at 10,000 on SQLite, most of it the
# compartments of its subject: 1.7 s a page if all 10,000 were; ≈ 70 ms at this bound,
# estimated from that, not measured);
# beyond it, the desks' count, said to include what the reader may not see.
EXACT_COUNT = 500


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
    period: Annotated[str, Query(max_length=10)] = dashboard.DEFAULT_PERIOD,
    category: Annotated[str | None, Query(max_length=30)] = None,
    until: Annotated[str | None, Query(max_length=10)] = None,
) -> Response:
    current = visit(request)
    if current.user.is_partner:
        return redirect(request, "/ui/partner")
    if current.user.oversees:
        # Oversight's home is who looked at whom: every count here is material it never reads.
        return redirect(request, "/ui/oversight")
    if current.user.audits:
        # The same for inspection: its home is the audit log and the insider alerts; the
        # counts here would be seventeen refusals a visit (CONTENT-1), each one audited.
        return redirect(request, "/ui/inspection")
    period = period if period in dashboard.PERIODS else dashboard.DEFAULT_PERIOD
    tz = current.settings.tz
    now = dashboard.period_end(until, current.now(), tz)
    since = dashboard.period_start(period, now, tz)
    figures = dashboard.Figures()
    with current.engine.connect() as connection:
        rows = dashboard.flagged_signals(connection, since, now)
        counts = queries.desk_status_counts(connection)
        decided = queries.decided_between(connection, since, now)
        all_desks = [d.id for d in list_desks(connection)]
        bounds = dashboard.day_bounds(dashboard.days_between(since, now, tz), tz)
        opened = dashboard.opened_per_day(connection, bounds)
        # An empty period says so and points to the newest data the user may count: first
        # the groups among the newest flagged signals (down the index), all only if need be.
        probe = (
            dashboard.latest_flagged(connection, since, limit=dashboard.LATEST_PROBE)
            if not rows
            else dashboard.Latest([], complete=True)
        )
        latest = probe.rows
    # One batch of `count` decisions: a group of reports alike to the policy, and each desk.
    groups = list(
        {dashboard.group_resource(r).id: dashboard.group_resource(r) for r in rows}.values()
    )
    desk_resources = [queries.desk_resource(d) for d in all_desks]
    latest_groups = [dashboard.group_resource(r) for r in latest]
    shown = current.visible("count", [*groups, *desk_resources, *latest_groups])
    allowed = {g.id for g, ok in zip(groups, shown, strict=False) if ok}
    desks = tuple(
        d
        for d, ok in zip(all_desks, shown[len(groups) : len(groups) + len(all_desks)], strict=True)
        if ok
    )
    countable = shown[len(groups) + len(all_desks) :]
    newest = max((r.at for r, ok in zip(latest, countable, strict=True) if ok), default=None)
    if newest is None and not probe.complete:
        # Nothing the user may count among the newest: every group, decided in a second batch.
        with current.engine.connect() as connection:
            latest = dashboard.latest_flagged(connection, since).rows
        countable = current.visible("count", [dashboard.group_resource(r) for r in latest])
        newest = max((r.at for r, ok in zip(latest, countable, strict=True) if ok), default=None)
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
        until=until if now < current.now() else None,
        period_from=since.astimezone(tz).date().isoformat(),
        period_to=now.astimezone(tz).date().isoformat(),
        zone=tz.key,
        newest_day=newest.astimezone(tz).date().isoformat() if newest else None,
        category=category,
        categories=categories,
        signals_chart=figures.signals_chart(
            translate("flagged_by_day", current.lang),
            {c: label(lambda key: translate(key, current.lang), "category", c) for c in categories},
        ),
        opened_chart=figures.opened_chart(translate("opened_by_day", current.lang), names),
        desks_chart=figures.desks_chart(translate("open_by_desk", current.lang), names),
        open_total=sum(figures.open_by_desk.values()),
    )


@router.get("/alerts")
def queue(
    request: Request,
    # Declared for the app's rule against parameters a route does not take; each is read,
    # with its siblings, by alerts.queue_query (the page's words, then the API's).
    status: str | None = None,
    category: str | None = None,
    desk: str | None = None,
    assignee: str | None = None,
    sort: str | None = None,
    after: str | None = None,
    limit: str | None = None,
    bulk: str | None = None,
    entity_id: str | None = None,
    min_score: str | None = None,
) -> Response:
    current = officer_visit(request)
    # The page's words mapped to the API's in one place (alerts.read_queue_query); what
    # neither takes is refused (422 naming each field) as the API refuses it, and a
    # partner's refused page reads the same query the same way (the door).
    query = queries.queue_query(request.query_params)
    desks = allowed_desks(current, "list")
    if query.api.desk:
        desks = tuple(d for d in desks if d == query.api.desk)
    where = queries.AlertFilter(
        desks=desks,
        status=query.status,
        category=query.api.category,
        assignee=current.user.id if query.assignee == "me" else query.assignee,
        sort=query.sort,
        after=query.after,
        limit=query.api.limit,
        entity_id=query.api.entity_id,
        min_score=query.api.min_score,
    )
    left: set[str] = set()
    total = first = 0
    try:
        with current.engine.connect() as connection:
            rows, next_after = queries.list_alerts(connection, where)
            categories = _categories(request, connection, desks)
            matched = queries.matching_alerts(connection, replace(where, after=None), EXACT_COUNT)
            if matched is None:
                total = queries.count_alerts(connection, replace(where, after=None))
                first = total - queries.count_alerts(connection, where) + 1 if where.after else 1
            elif where.after:
                left = {
                    str(r.id) for r in queries.matching_alerts(connection, where, EXACT_COUNT) or ()
                }
    except InputError:
        raise PageRefusedError(404, "not_found") from None
    # The one alert read model (the API's): the same resource, the same decision.
    with current.guarded():
        rows = visible_alerts(current.guard, current.user, rows, current.session.purpose)
    needing_purpose = 0
    if matched is not None:
        # The total is what this reader is shown (before: every alert of the desks, so a
        # page said 「該当 1 件」 over 「該当するアラートはありません。」 when the guard hid
        # that one), and what a stated purpose would add is said, as on a case's page.
        # Foreseen by the pure policy: nothing is logged for alerts this page does not list.
        foreseen = foreseen_alerts(current.guard, current.user, matched, current.session.purpose)
        total, needing_purpose = len(foreseen.shown), foreseen.needing_purpose
        # The rows from the cursor on are what is left; the page shows where it starts.
        first = total - len(foreseen.shown & left) + 1 if where.after else 1
    given = request.query_params
    params = {
        "status": where.status,
        "category": where.category or "",
        "desk": query.api.desk or "",
        "assignee": query.assignee or "",
        "sort": where.sort,
        "limit": where.limit,
        "after": where.after or "",
        "entity_id": given.get("entity_id") or "",
        "min_score": given.get("min_score") or "",
    }
    return page(
        request,
        "alerts.html",
        visit=current,
        rows=rows,
        next_after=next_after,
        total=total,
        first=first,
        needing_purpose=needing_purpose,
        counted_exactly=matched is not None,
        bulk_result=_bulk_result(query.bulk),
        params=params,
        statuses=tuple(queries.STATUS_WORDS),
        sorts=queries.SORTS,
        categories=categories,
        queue_desks=desks if not query.api.desk else allowed_desks(current, "list"),
        stream_url="/ui/alerts/stream?"
        + urlencode({"desk": query.api.desk or "", "category": where.category or ""}),
    )


def _bulk_result(bulk: str | None) -> dict[str, Any] | None:
    """What the last bulk action did, from the redirect's ``bulk=<action>-<done>-<refused>``."""
    if not bulk:
        return None
    action, done, refused = bulk.split("-")
    if action not in ("assign", "merge", *queries.DECISIONS):
        return None
    return {"action": action, "done": int(done), "refused": int(refused)}


def _alert_or_refuse(current: Visit, alert_id: str, action: str) -> dict[str, Any]:
    # The guard's one alert loader: desk, case, compartments and handling code, as the API.
    current.require(action, current.load("alert", [alert_id]))
    with current.engine.connect() as connection:
        alert = queries.get_alert(connection, alert_id)
    if alert is None:
        raise PageRefusedError(404, "not_found")
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
        current.require("read", current.load("alert", [alert_id]))
        raise PageRefusedError(404, "not_found")
    # The alert and its subject are decided in one batch: either may refuse the page.
    view = entity_view(
        current, alert["entity_id"], required=current.load("alert", [alert_id]), with_alerts=False
    )
    # After a decision the officer goes on to the next alert without the queue.
    decided = done in ("confirmed", "dismissed")
    desks = allowed_desks(current, "list") if decided else ()
    with current.engine.connect() as connection:
        events = queries.events_of(connection, alert_id)
        folded_from = folded_alerts(connection, alert_id)
        assignees = queries.desk_members(connection, alert["desk_id"])
        following = queries.next_open_alert(connection, desks, alert_id) if decided else None
    return page(
        request,
        "entity.html",
        visit=current,
        alert=alert,
        events=events,
        folded_from=folded_from,
        assignees=assignees,
        error=error,
        done=done,
        following=following,
        status=status,
        **view,
    )


@router.get("/alerts/{alert_id}")
def alert_page(
    request: Request, alert_id: str, done: Annotated[str | None, Query(max_length=20)] = None
) -> Response:
    return _alert_page(request, officer_visit(request), alert_id, done=done)


BULK_LIMIT = 200


@router.post("/alerts/bulk")
async def bulk(
    request: Request,
    ids: Annotated[list[str], Form(max_length=BULK_LIMIT)],
    action: Annotated[str, Form(max_length=20)] = "",
    reason: Annotated[str, Form(max_length=REASON_WIRE_CHARS)] = "",
    back: Annotated[str, Form(max_length=2000)] = "/ui/alerts",
    case_ref: Annotated[str, Form(max_length=100)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Several alerts of the queue at once: take them (assign to oneself), decide them with
    one reason, or merge them into a case (existing, or opened by the desk lead) with one
    reason. Each alert is checked on its own, as the alert page would; those the guard or
    the lifecycle refuse are counted, never half-written."""
    current = officer_visit(request)
    form_checked(current, {"csrf": csrf})
    if action == "merge":
        return await _merge(request, current, list(dict.fromkeys(ids)), case_ref, reason, back)
    if action not in ("assign", *queries.DECISIONS):
        raise PageRefusedError(404, "not_found")

    def one(alert_id: str) -> bool:
        try:
            _alert_or_refuse(current, alert_id[:36], "write")
        except PageRefusedError:
            return False
        try:
            with current.engine.begin() as connection:
                if action == "assign":
                    queries.assign(
                        connection, alert_id, current.user.id, current.user, now=current.now()
                    )
                else:
                    queries.review(
                        connection, alert_id, action, reason, current.user, now=current.now()
                    )
        except (InputError, NotFoundError):
            return False
        return True

    def write() -> tuple[int, int]:
        outcomes = [one(alert_id) for alert_id in dict.fromkeys(ids)]
        return sum(outcomes), len(outcomes) - sum(outcomes)

    done, refused = await run_in_threadpool(write)
    target = back if back.startswith("/ui/alerts") else "/ui/alerts"
    joiner = "&" if "?" in target else "?"
    return redirect(request, f"{target}{joiner}bulk={action}-{done}-{refused}")


async def _merge(
    request: Request, current: Visit, ids: list[str], case_ref: str, reason: str, back: str
) -> Response:
    """Promote the ticked alerts the user may change into one case; the case page says how
    many were merged and the queue how many were refused."""

    def write() -> tuple[str | None, int, int, tuple[str, str] | None]:
        mine = []
        for alert_id in ids:
            try:
                _alert_or_refuse(current, alert_id[:36], "write")
            except PageRefusedError:
                continue
            mine.append(alert_id[:36])
        refused = len(ids) - len(mine)
        if not mine:
            return None, 0, refused, None
        try:
            ref = promote_alerts(current, mine, case_ref, "", reason)
        except (InputError, ForbiddenError, NotFoundError) as exc:
            field = "forbidden" if not isinstance(exc, InputError) else refusal_field(exc)
            return None, 0, len(ids), (field, str(exc))
        return ref, len(mine), refused, None

    ref, done, refused, problem = await run_in_threadpool(write)
    target = back if back.startswith("/ui/alerts") else "/ui/alerts"
    if ref is not None:
        return redirect(request, f"/ui/cases/{quote(ref)}?done=promoted")
    if problem is not None:
        return page(
            request,
            "case_problem.html",
            visit=current,
            status=422,
            error=problem,
            back=target,
            known_case_errors=KNOWN_ERRORS,
            bounds=REASON_BOUNDS,
        )
    joiner = "&" if "?" in target else "?"
    return redirect(request, f"{target}{joiner}bulk=merge-{done}-{refused}")


@router.post("/alerts/{alert_id}/review")
async def review(
    request: Request,
    alert_id: str,
    decision: Annotated[str, Form(max_length=20)] = "",
    reason: Annotated[str, Form(max_length=REASON_WIRE_CHARS)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    current = officer_visit(request)
    form_checked(current, {"csrf": csrf})

    def write() -> str | None:
        _alert_or_refuse(current, alert_id, "write")
        try:
            with current.engine.begin() as connection:
                queries.review(
                    connection, alert_id, decision, reason, current.user, now=current.now()
                )
        except queries.ReviewRefusedError as exc:
            return exc.code
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
            return "assignee"
        try:
            with current.engine.begin() as connection:
                queries.assign(connection, alert_id, target, current.user, now=current.now())
        except queries.ReviewRefusedError as exc:
            return exc.code
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
    """The user's notices: new matches of their saved searches (each decided again by the
    guard), and for a desk lead the deconfliction notices (who looked up a subject their
    desk holds)."""
    current = officer_visit(request)
    with current.guarded():
        matches = list_search_notices(current.guard, current.user, current.session.purpose)
    found = None
    if current.user.role == "desk_lead":
        with current.engine.connect() as connection:
            found = list_notices(connection, current.user)
    return page(request, "notices.html", visit=current, notices=found, search_notices=matches)
