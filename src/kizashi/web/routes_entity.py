"""The entity page (also the body of an alert's page) and analysts' link judgements."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from kizashi.errors import InputError, NotFoundError
from kizashi.guard import Resource
from kizashi.guard.identity_cases import subject_key
from kizashi.web import alerts as alert_queries
from kizashi.web import entity as queries
from kizashi.web.door import PageRefusedError, Visit, form_checked, officer_visit
from kizashi.web.present import highlight, link_graph
from kizashi.web.render import page, redirect

router = APIRouter(prefix="/ui", include_in_schema=False)


def _subjects(
    visit: Visit, entity: dict[str, Any], members: list[dict[str, Any]]
) -> list[Resource]:
    """The entity as the guard's subjects: itself, its label and every identifier it holds.

    ``entity:<id>`` is always among them, so that even an entity with no identifier is
    decided and logged (and a compartment may hold an entity by id).
    """
    keys = {f"entity:{entity['id']}"}
    if entity["kind"] in queries.SUBJECT_KINDS:
        keys.add(subject_key(entity["kind"], entity["label"]))
    for member in members:
        if member["kind"] in queries.SUBJECT_KINDS and member["value"].strip():
            keys.add(subject_key(member["kind"], member["value"]))
    return visit.load("subject", sorted(keys))


def entity_view(
    visit: Visit,
    entity_id: str,
    action: str = "read",
    *,
    required: Sequence[Resource] = (),
    with_alerts: bool = True,
) -> dict[str, Any]:
    """Everything the entity page shows, decided by the guard, or PageRefusedError (whole page).

    `required` (the alert whose page this is) must be allowed first, then the entity as
    subjects (deconfliction when another desk's compartment holds it): either refuses the
    whole page. Each linked report is decided on its own and one the user may not read is
    left out with everything drawn from it, as API lists do. For a read that is shown, all
    of it is one decision batch (one audit commit, see ``Visit.staged``).
    """
    with visit.engine.connect() as connection:
        entity = queries.get_entity(connection, entity_id)
        if entity is None:
            # Decided and logged like a hidden subject: a missing id and a hidden one look alike.
            visit.require(
                action, [*required, Resource("subject", f"entity:{entity_id}", found=False)]
            )
            raise PageRefusedError(404, "not_found")
        all_members = queries.members(connection, entity_id)
    subjects = _subjects(visit, entity, all_members)
    report_ids = sorted({m["report_id"] for m in all_members})
    resources = visit.load("report", report_ids)
    if action == "read":
        decisions = visit.staged("read", [required, subjects], resources)
        shown = [d.allowed for d in decisions]
    else:
        visit.require(action, [*required, *subjects])
        shown = visit.visible("read", resources)
    allowed = {rid for rid, ok in zip(report_ids, shown, strict=True) if ok}
    now = datetime.now(UTC)
    with visit.engine.connect() as connection:
        members = [m for m in all_members if m["report_id"] in allowed]
        timeline = queries.linked_reports(connection, allowed)
        found = queries.signals_by_report(connection, allowed)
        contributions = [
            c
            for c in queries.contributions(connection, entity_id)
            if c["report_id"] is None or c["report_id"] in allowed
        ]
        others = queries.neighbours(connection, entity_id, allowed)
        judged = queries.judgements(connection, [m["mention_id"] for m in members])
        entity_alerts = alert_queries.alerts_of_entity(connection, entity_id) if with_alerts else []
    for report in timeline:
        report_signals = found.get(report["id"], [])
        evidence = [e for s in report_signals for e in (s["evidence"] or [])]
        report["segments"] = highlight(report["text"], evidence)
        report["signals"] = report_signals
    for contribution in contributions:
        contribution["now"] = queries.decayed(
            contribution["weight"], contribution["half_life_days"], contribution["observed_at"], now
        )
    alert_decisions = visit.visible(
        "list", [alert_queries.alert_resource(a["id"], a["desk_id"]) for a in entity_alerts]
    )
    anchor = next(
        (m for m in members if m["kind"] == entity["kind"]), members[0] if members else None
    )
    return {
        "entity": entity,
        "members": members,
        "timeline": timeline,
        "contributions": contributions,
        "risk_now": sum(c["now"] for c in contributions),
        "neighbours": others,
        "judgements": judged,
        "graph": link_graph(entity, members, timeline, others),
        "entity_alerts": [a for a, ok in zip(entity_alerts, alert_decisions, strict=True) if ok],
        "anchor": anchor,
        "channels": sorted({r["channel"] for r in timeline}),
    }


@router.get("/entities/{entity_id}")
def entity_page(request: Request, entity_id: str) -> Response:
    visit = officer_visit(request)
    return page(
        request,
        "entity.html",
        visit=visit,
        alert=None,
        events=[],
        assignees=[],
        error=None,
        done=None,
        **entity_view(visit, entity_id),
    )


@router.post("/entities/{entity_id}/judgements")
async def judge(
    request: Request,
    entity_id: str,
    left: Annotated[str, Form(max_length=36)] = "",
    right: Annotated[str, Form(max_length=36)] = "",
    verdict: Annotated[str, Form(max_length=10)] = "",
    reason: Annotated[str, Form(max_length=2000)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
    back: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    visit = officer_visit(request)
    form_checked(visit, {"csrf": csrf})

    def write() -> str | None:
        view = entity_view(visit, entity_id, action="write")
        on_page = {m["mention_id"] for m in view["members"]} | {
            n["mention_id"] for n in view["neighbours"]
        }
        if left not in on_page or right not in on_page:
            raise PageRefusedError(404, "not_found")
        # Imported here: the resolve package loads the linkage libraries (about 2 s).
        from kizashi.resolve.service import JudgementError, record_judgement

        try:
            # The resolve room's service: stored with who and why, and applied at once
            # (the entities are re-clustered, so the page shows the judgement's effect).
            record_judgement(
                visit.engine, left, right, verdict, user_id=visit.user.id, reason=reason
            )
        except (InputError, JudgementError, NotFoundError) as exc:
            return str(exc)
        return None

    problem = await run_in_threadpool(write)
    target = back if back.startswith("/ui/") else f"/ui/entities/{entity_id}"
    if problem:
        return page(request, "message.html", visit=visit, status=422, message=problem, back=target)
    if target == f"/ui/entities/{entity_id}":
        # Re-clustering may have moved the judged mention into a merged entity: follow it.
        with visit.engine.connect() as connection:
            now_in = queries.entity_of_mention(connection, left)
        target = f"/ui/entities/{now_in or entity_id}"
    return redirect(request, target)


@router.post("/entities/{entity_id}/judgements/{judgement_id}/undo")
async def undo(
    request: Request,
    entity_id: str,
    judgement_id: str,
    csrf: Annotated[str, Form(max_length=200)] = "",
    back: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    visit = officer_visit(request)
    form_checked(visit, {"csrf": csrf})

    def write() -> None:
        view = entity_view(visit, entity_id, action="write")
        if judgement_id not in {j["id"] for j in view["judgements"]}:
            raise PageRefusedError(404, "not_found")
        from kizashi.resolve.service import JudgementError, undo_judgement

        try:
            undo_judgement(visit.engine, judgement_id, user_id=visit.user.id)
        except (NotFoundError, JudgementError):
            raise PageRefusedError(404, "not_found") from None

    await run_in_threadpool(write)
    return redirect(request, back if back.startswith("/ui/") else f"/ui/entities/{entity_id}")
