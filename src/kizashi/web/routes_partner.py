"""The partner portal: submit a report through a form made from the channel's schema, and
see one's own organisation's submissions (and nothing else) with their status."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

import orjson
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy import exists, select
from starlette.concurrency import run_in_threadpool

from kizashi.errors import UnknownChannelError
from kizashi.guard import Resource
from kizashi.intake import (
    RawRow,
    channels,
    get_channel,
    get_report,
    ingest_batch,
    new_report,
    report_as_seen_by,
)
from kizashi.intake.spec import ChannelSpec
from kizashi.share import inbox, mark_notifications_read, notifications
from kizashi.store import reports, signals
from kizashi.web import forms
from kizashi.web.door import PageRefusedError, Visit, form_checked, partner_visit, visit
from kizashi.web.i18n import translate
from kizashi.web.render import page, redirect
from kizashi.web.routes_inbox import PURPOSE as INBOX_PURPOSE
from kizashi.web.routes_share import run

router = APIRouter(prefix="/ui/partner", include_in_schema=False)

LIST_LIMIT = 200


def partner_channels(current: Visit) -> list[ChannelSpec]:
    """The channels whose form this account may use: the guard's policy decides each (the
    channel open to partners, PARTNER-4, and the account's own scope, PARTNER-6)."""
    specs = list(channels().values())
    offered = current.offered("write", [new_report(spec, current.user) for spec in specs])
    return [spec for spec, ok in zip(specs, offered, strict=True) if ok]


def own_submissions(current: Visit) -> list[dict[str, Any]]:
    organisation = current.user.organisation
    assessed = exists().where(signals.c.report_id == reports.c.id)
    query = (
        select(
            reports.c.id,
            reports.c.channel,
            reports.c.external_id,
            reports.c.received_at,
            reports.c.organisation,
            reports.c.source,
            reports.c.handling_code,
            assessed.label("assessed"),
        )
        .where(reports.c.source == organisation)
        .order_by(reports.c.id.desc())
        .limit(LIST_LIMIT)
    )
    with current.engine.connect() as connection:
        rows = [dict(r._mapping) for r in connection.execute(query)]
    resources = [
        Resource(
            "report",
            r["id"],
            handling_code=r["handling_code"],
            channel=r["channel"],
            source=r["source"],
            organisation=r["organisation"],
        )
        for r in rows
    ]
    shown = current.visible("list", resources)
    return [r for r, ok in zip(rows, shown, strict=True) if ok]


@router.get("")
def portal(
    request: Request, stored: Annotated[str | None, Query(max_length=20)] = None
) -> Response:
    current = partner_visit(request)
    # What was released to this partner, and what it was told (then marked as seen).
    box = run(current, lambda s: inbox(s, current.user, INBOX_PURPOSE))
    notes = run(current, lambda s: notifications(s, current.user))
    unread = sum(1 for n in notes if not n["read_at"])
    run(current, lambda s: mark_notifications_read(s, current.user))
    return page(
        request,
        "partner.html",
        visit=current,
        submissions=own_submissions(current),
        specs=partner_channels(current),
        stored=stored,
        inbox=box,
        notes=notes[:20],
        unread=unread,
    )


@router.get("/submissions/{report_id}")
def submission(request: Request, report_id: str) -> Response:
    """One of the partner's own submissions as it was received: what was sent, when, and
    whether it was assessed. Never the police's assessment, grading or links (PARTNER-2
    allows the partner its own organisation's reports; anyone else's is a 404). The page
    renders the same read model as the API's answer (``report_as_seen_by``): one door."""
    current = visit(request)
    if not current.user.is_partner:
        # An officer at a partner's page of a report is decided on the report, as the API's
        # GET /api/v1/reports/{id} decides it (so a refusal is audited, not a silent 404),
        # and when allowed is sent to the officers' page of the report.
        current.require("read", [current.guard.load("report", report_id)])
        return redirect(request, f"/ui/reports/{quote(report_id)}")
    current.require("read", [current.guard.load("report", report_id)])
    with current.engine.connect() as connection:
        report = get_report(connection, report_id)
        if report is None:
            raise PageRefusedError(404, "not_found")
        assessed = connection.execute(
            select(exists().where(signals.c.report_id == report_id))
        ).scalar_one()
    seen = report_as_seen_by(current.user, report)
    return page(request, "partner_submission.html", visit=current, report=seen, assessed=assessed)


def _spec(channel: str) -> ChannelSpec:
    try:
        spec = get_channel(channel)
    except UnknownChannelError:
        raise PageRefusedError(404, "not_found") from None
    return spec


@router.get("/new/{channel}")
def new_form(request: Request, channel: str) -> Response:
    current = partner_visit(request)
    spec = _spec(channel)
    # The form is offered only where a submission would be allowed (PARTNER-4 and PARTNER-6
    # otherwise).
    current.require("write", [new_report(spec, current.user)])
    return page(
        request,
        "partner_form.html",
        visit=current,
        spec=spec,
        fields=forms.form_fields(spec),
        values={},
        problems=forms.Problems(),
        status=200,
    )


def _submit(
    current: Visit, spec: ChannelSpec, body: dict[str, Any]
) -> tuple[str, list[tuple[str | None, str]]]:
    """Store one report as the API does; ('stored'|'duplicate'|'rejected', problems)."""
    user = current.user
    current.require("write", [new_report(spec, user)])
    raw = orjson.dumps(body).decode("utf-8")
    summary = ingest_batch(
        current.engine,
        current.settings,
        spec.id,
        [RawRow(1, 1, raw, body, None)],
        f"web:{user.name}",
        default_source=f"principal:{user.name}",
        organisation=user.organisation,
        submitted_by=user.id,
    )
    item = summary.items[0]
    if summary.rejected is not None:
        return "rejected", [(p.field, p.reason) for p in item.problems]
    return item.status, []


@router.post("/new/{channel}")
async def submit(request: Request, channel: str) -> Response:
    current = partner_visit(request)
    spec = _spec(channel)
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    form_checked(current, form)
    fields = forms.form_fields(spec)
    body = forms.payload(fields, form)
    status, problems = await run_in_threadpool(_submit, current, spec, body)
    if status == "rejected":
        lang = current.lang
        placed = forms.place(problems, fields, spec.natural_key, lambda key: translate(key, lang))
        return page(
            request,
            "partner_form.html",
            visit=current,
            spec=spec,
            fields=fields,
            values=form,
            problems=placed,
            status=422,
        )
    return redirect(request, f"/ui/partner?stored={status}")
