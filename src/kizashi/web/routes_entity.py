"""The entity page (also the body of an alert's page) and analysts' link judgements."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from kizashi.errors import InputError, NotFoundError
from kizashi.guard import Resource
from kizashi.resolve.read import merged_end, read_entity, review_flags
from kizashi.triage.access import visible_alerts
from kizashi.triage.entity import entity_evidence
from kizashi.triage.scoring import decay
from kizashi.web import alerts as alert_queries
from kizashi.web import entity as queries
from kizashi.web.door import PageRefusedError, Visit, form_checked, officer_visit, refusal
from kizashi.web.i18n import catalogue, translate
from kizashi.web.linkage_reasons import reason_text
from kizashi.web.present import highlight, link_graph
from kizashi.web.render import page, redirect

# Reports on one entity page, newest first: a hub (a shop in 1,500 purchase reports) is read,
# logged and rendered a page at a time.
REPORTS_PER_PAGE = 100

router = APIRouter(prefix="/ui", include_in_schema=False)


def entity_view(
    visit: Visit,
    entity_id: str,
    action: str = "read",
    *,
    required: Sequence[Resource] = (),
    with_alerts: bool = True,
    skip: int = 0,
) -> dict[str, Any]:
    """Everything the entity page shows, decided by the guard, or PageRefusedError (whole page).

    The entity is read through its one read model, :func:`kizashi.resolve.read.read_entity`,
    as the API reads it: `required` (the alert whose page this is) and the entity as a
    subject must be allowed (deconfliction when another desk's compartment holds it), and at
    least one report behind it must be readable (unless the page is an allowed alert's), or
    the page answers as for a missing id.
    Each linked report is decided on its own and one the user may not read is left out with
    everything drawn from it; contributions and reports come from triage's
    :func:`~kizashi.triage.entity.entity_evidence`, alerts from ``visible_alerts``, as the
    API's.
    """
    purpose = visit.session.purpose
    with visit.guarded():
        # A page shows (decides, logs) one window of the reports, newest first; a judgement
        # (action "write") is decided on every report, as the API reads them.
        window = REPORTS_PER_PAGE if action == "read" else None
        read = read_entity(
            visit.guard,
            visit.user,
            entity_id,
            purpose,
            action=action,
            required=required,
            newest=window,
            skip=skip,
        )
        if read.entity is None:
            raise (
                refusal(read.denied)
                if read.denied and not read.concealed
                else PageRefusedError(404, "not_found")
            )
        entity = read.entity
        contribution_rows, allowed = entity_evidence(visit.guard, visit.user, read, purpose)
        # The resolve room's one permission filter of review flags, as the API's: decided
        # from the flagged records' own reports, so every page of a hub shows the same flags.
        flags = review_flags(
            visit.guard, visit.user, entity_id, purpose or "", decided=read.reports
        )
    now = visit.now()
    members = read.members
    with visit.engine.connect() as connection:
        # The window's reports; on the first page also those the risk rests on outside it.
        timeline = queries.linked_reports(
            connection,
            allowed if not read.skipped_reports else allowed & set(read.window_ids),
        )
        found = queries.signals_by_report(connection, allowed)
        contributions = [
            dict(c._mapping)
            for c in contribution_rows
            if c.report_id is None or c.report_id in allowed
        ]
        others = queries.neighbours(connection, entity_id, read.reports)
        judged = queries.judgements(connection, [m["mention_id"] for m in members])
        entity_alerts = alert_queries.alerts_of_entity(connection, entity_id) if with_alerts else []
        # only the id: the link goes through the guard like any entity page (no label shown)
        merged = merged_end(connection, entity_id) if entity["merged_into"] else None
    for report in timeline:
        report_signals = found.get(report["id"], [])
        evidence = [e for s in report_signals for e in (s["evidence"] or [])]
        report["segments"] = highlight(report["text"], evidence)
        report["signals"] = report_signals
    for contribution in contributions:
        # Triage's one decay (the API's risk is the same sum).
        contribution["now"] = decay(
            contribution["weight"], contribution["observed_at"], now, contribution["half_life_days"]
        )
    with visit.guarded():
        shown_alerts = visible_alerts(visit.guard, visit.user, entity_alerts, purpose)
    anchor = next(
        (m for m in members if m["kind"] == entity["kind"]), members[0] if members else None
    )
    return {
        "entity": entity,
        "merged_into": merged,
        "members": members,
        "member_words": _member_words(members, visit.lang),
        "timeline": timeline,
        "contributions": contributions,
        "risk_now": sum(c["now"] for c in contributions),
        "as_of": now,
        "neighbours": others,
        "judgements": judged,
        "review_flags": flags,
        "flag_words": _flag_words(visit.engine, flags, visit.lang),
        "graph": link_graph(
            entity, members, timeline, others, lambda key: translate(key, visit.lang)
        ),
        "entity_alerts": shown_alerts,
        "anchor": anchor,
        "channels": sorted({r["channel"] for r in timeline}),
        "report_window": {
            "total": read.total_reports,
            "first": read.skipped_reports + 1 if read.window_ids else 0,
            "last": read.skipped_reports + len(read.window_ids),
            "newer": max(read.skipped_reports - REPORTS_PER_PAGE, 0)
            if read.skipped_reports
            else None,
            "older": read.skipped_reports + len(read.window_ids)
            if read.skipped_reports + len(read.window_ids) < read.total_reports
            else None,
        },
    }


@router.get("/entities/{entity_id}")
def entity_page(
    request: Request, entity_id: str, older: Annotated[int, Query(ge=0, le=10_000_000)] = 0
) -> Response:
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
        **entity_view(visit, entity_id, skip=older),
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
        on_page = (
            {str(m["mention_id"]) for m in view["members"]}
            | {str(n["mention_id"]) for n in view["neighbours"]}
            # a review flag's other record (shown only if its report may be read)
            | {f["other_mention_id"] for f in view["review_flags"]}
        )
        if left not in on_page or right not in on_page:
            raise PageRefusedError(404, "not_found")
        # Told in the page's words (the service's errors are English, for the API and logs).
        if verdict not in ("same", "not_same"):
            return "judgement_bad_verdict"
        if not reason.strip():
            return "judgement_no_reason"
        if left == right:
            return "judgement_self"
        # Imported here: the resolve package loads the linkage libraries (about 2 s).
        from kizashi.resolve.service import JudgementError, record_judgement

        try:
            # The resolve room's service: stored with who and why, and applied at once
            # (the entities are re-clustered, so the page shows the judgement's effect).
            record_judgement(
                visit.engine,
                left,
                right,
                verdict,
                user_id=visit.user.id,
                reason=reason,
                clock=visit.now,
            )
        except NotFoundError:
            return "judgement_unresolved"  # a mention in no resolved person record
        except JudgementError:
            return "judgement_one_record"  # the only one left once the checks above pass
        except InputError:
            return "judgement_refused"
        return None

    problem = await run_in_threadpool(write)
    target = back if back.startswith("/ui/") else f"/ui/entities/{entity_id}"
    if problem:
        message = translate(problem, visit.lang)
        return page(request, "message.html", visit=visit, status=422, message=message, back=target)
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
            undo_judgement(visit.engine, judgement_id, user_id=visit.user.id, clock=visit.now)
        except (NotFoundError, JudgementError):
            raise PageRefusedError(404, "not_found") from None

    await run_in_threadpool(write)
    return redirect(request, back if back.startswith("/ui/") else f"/ui/entities/{entity_id}")


def _member_words(members: list[dict[str, Any]], lang: str) -> dict[str, dict[str, Any]]:
    """Per member, the field it was read from and why it joined, in the page's language."""
    known = catalogue()

    def word(key: str) -> str | None:
        return translate(key, lang) if key in known else None

    return {
        m["mention_id"]: {
            # subjects[0].account_handle is the form's account_handle field, named as the form names it
            "path": word(f"field_{str(m['path']).rsplit('.', 1)[-1]}") or m["path"],
            "reasons": [
                reason_text(why, lang, lambda kind: word(f"kind_{kind}"))
                for why in m["reasons"] or []
            ],
        }
        for m in members
    }


def _flag_words(
    engine: Engine, flags: list[dict[str, Any]], lang: str
) -> dict[str, dict[str, Any]]:
    """Per review flag (by its pair), the flagged record's value and the conflicts in the
    page's words, told from the conflict's field and values (the linker's own wording is
    English, kept for the API)."""
    known = catalogue()
    with engine.connect() as connection:
        value = queries.mention_values(connection, [f["mention_id"] for f in flags])

    def field(name: str) -> str:
        key = f"field_{name}"
        return translate(key, lang) if key in known else name

    def told(conflict: dict[str, Any]) -> str:
        name = str(conflict["field"])
        values = conflict.get("values") or []
        if len(values) != 2:
            return translate("review_conflict_other", lang, field=field(name))
        key = f"review_conflict_{name}"
        if key not in known:
            key = "review_conflict_id"
        return translate(key, lang, field=field(name), a=values[0], b=values[1])

    return {
        f"{f['mention_id']}/{f['other_mention_id']}": {
            "value": value.get(f["mention_id"], ""),
            "conflicts": [told(c) for c in f["conflicts"]],
        }
        for f in flags
    }
