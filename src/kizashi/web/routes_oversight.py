"""Oversight pages: who looked at a person (or a report), everything one officer looked at,
and the transparency report for a period (docs/oversight.md, docs/web.md).

For oversight officers and auditors (OVERSIGHT-1; anyone else is refused with OVERSIGHT-2,
and the navigation shows them no link). The pages read through oversight's own services —
:func:`kizashi.oversight.access_report` and :func:`kizashi.oversight.transparency_report` —
which the API and the command line use too, so a page cannot show more than they do: audit
metadata and counts, never the material (no report's text, body or mentions). Each service
decides and logs its read; the page adds no second decision, and a refusal is drawn from the
pure policy (nothing logged twice) with the rule's id.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from kizashi.errors import ForbiddenError, InputError, NotFoundError
from kizashi.guard import Resource, decide
from kizashi.oversight import (
    Period,
    access_report,
    signed_access_report,
    tampered_purposes,
    transparency_report,
)
from kizashi.web.door import PageRefusedError, Visit, officer_visit
from kizashi.web.explain import label
from kizashi.web.i18n import translate
from kizashi.web.oversight_form import PURPOSE, form_day
from kizashi.web.render import desk_names, page

router = APIRouter(prefix="/ui/oversight", include_in_schema=False)

KINDS = ("entity", "officer", "report")
# Access lines on one page: an officer's month is thousands of lines (the demo's kuroda: 630,
# a 53,000 px page); the page shows a window, the signed export holds them all.
LINES_PER_PAGE = 200
# How each table's rows are named: the catalogue prefix of the row's code.
ROW_WORDS = {
    "channel": "channel",
    "partner_type": "value",
    "category": "category",
    "outcome": "insider_status",
    "led_to": "ovr_led_to",
}


def _purpose(current: Visit) -> str:
    return current.session.purpose or PURPOSE


def _refused(current: Visit, resource_id: str) -> PageRefusedError:
    """The refusal the service's (logged) decision made, with its rule, drawn again from the
    pure policy so that nothing is logged twice."""
    decision = decide(
        current.user,
        "read",
        Resource("oversight_report", resource_id),
        _purpose(current),
        now=current.now(),
        config=current.guard.config,
    )
    return PageRefusedError(403, "forbidden", decision)


@router.get("")
def access_page(
    request: Request,
    kind: Annotated[str, Query(max_length=20)] = "entity",
    q: Annotated[str, Query(max_length=200)] = "",
    since: Annotated[str, Query(max_length=10)] = "",
    until: Annotated[str, Query(max_length=10)] = "",
    start: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Response:
    """Who looked at a person's records (or a report), or what one officer looked at; the
    lines `LINES_PER_PAGE` at a time from `start` (the summary counts them all)."""
    current = officer_visit(request)
    kind = kind if kind in KINDS else "entity"
    q = q.strip()
    found: dict[str, Any] | None = None
    error = ""
    status = 200
    if not q:
        # The empty form is a read of the oversight pages too: decided, logged, refused
        # to anyone but oversight and auditors.
        current.require("read", [Resource("oversight_report", "page")])
    else:
        try:
            zone = ZoneInfo(current.settings.timezone)
            with current.guarded():
                found = access_report(
                    current.guard,
                    current.user,
                    entity=q if kind == "entity" else None,
                    officer=q if kind == "officer" else None,
                    report=q if kind == "report" else None,
                    period=Period(
                        form_day(since, zone, end=False), form_day(until, zone, end=True)
                    ),
                    purpose=_purpose(current),
                )
        except ForbiddenError:
            raise _refused(current, f"access:{kind}:{q}") from None
        except NotFoundError:
            error, status = translate("ovr_not_found", current.lang), 404
        except InputError as exc:
            error, status = str(exc), 422
    return page(
        request,
        "oversight.html",
        visit=current,
        kind=kind,
        kinds=KINDS,
        q=q,
        since=since,
        until=until,
        found=found,
        # The "other purposes" texts carried by tampered entries, marked as the PDF marks them.
        other_marks=tampered_purposes(found["accesses"]) if found else {},
        window=_window(found, start),
        error=error,
        status=status,
    )


def _window(found: dict[str, Any] | None, start: int) -> dict[str, Any]:
    """The page's slice of the access lines, and where the pages before and after begin."""
    lines = found["accesses"] if found else []
    start = min(start, max(len(lines) - 1, 0))
    shown = lines[start : start + LINES_PER_PAGE]
    end = start + len(shown)
    return {
        "lines": shown,
        "total": len(lines),
        "first": start + 1 if shown else 0,
        "last": end,
        "earlier": max(start - LINES_PER_PAGE, 0) if start else None,
        "later": end if end < len(lines) else None,
    }


@router.get("/export")
def signed_export(
    request: Request,
    kind: Annotated[str, Query(max_length=20)] = "entity",
    q: Annotated[str, Query(max_length=200)] = "",
    since: Annotated[str, Query(max_length=10)] = "",
    until: Annotated[str, Query(max_length=10)] = "",
) -> Response:
    """The access report on the page as a signed export: a ZIP of its PDF, its JSON with every
    line's inclusion proof, and the audit key's signature over both (docs/oversight.md)."""
    current = officer_visit(request)
    kind = kind if kind in KINDS else "entity"
    q = q.strip()
    if not q:
        raise PageRefusedError(404, "not_found")
    try:
        zone = ZoneInfo(current.settings.timezone)
        with current.guarded():
            bundle, _found = signed_access_report(
                current.guard,
                current.user,
                entity=q if kind == "entity" else None,
                officer=q if kind == "officer" else None,
                report=q if kind == "report" else None,
                period=Period(form_day(since, zone, end=False), form_day(until, zone, end=True)),
                lang=current.lang,
                purpose=_purpose(current),
            )
    except ForbiddenError:
        raise _refused(current, f"access:{kind}:{q}") from None
    except (NotFoundError, InputError):
        raise PageRefusedError(404, "not_found") from None
    stamp = current.now().strftime("%Y%m%d-%H%M%S")
    return Response(
        bundle,
        media_type="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="access-{kind}-{stamp}.zip"',
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-store",
        },
    )


def _quarter(now: datetime) -> str:
    local = now.astimezone(ZoneInfo("Asia/Tokyo"))
    return f"{local.year}-Q{(local.month - 1) // 3 + 1}"


def _shown(current: Visit, request: Request, report: dict[str, Any]) -> list[dict[str, Any]]:
    """The report's tables in the reader's words (codes named from the catalogue)."""
    lang = current.lang
    desks = desk_names(request, lang)

    def t(key: str, **values: Any) -> str:
        return translate(key, lang, **values)

    def row_name(by: str, code: str) -> str:
        if by == "desk":
            return desks.get(code, code)
        if by == "partner_type" and code == "expired":
            return t("ovr_expired")
        prefix = ROW_WORDS.get(by)
        return label(t, prefix, code) if prefix else code

    def column_name(column: str) -> str:
        if column in ("opened", "confirmed", "dismissed", "count", "total"):
            return t(f"ovr_col_{column}")
        return label(t, "request_status", column)

    return [
        {
            "id": table["id"],
            "caption": t(f"ovr_table_{table['id']}"),
            "by": t(f"ovr_by_{table['by']}"),
            "columns": [(c, column_name(c)) for c in table["columns"]],
            "rows": [
                (row_name(table["by"], row["key"]), row["key"], row["values"])
                for row in table["rows"]
            ],
            "total": table["total"],
        }
        for table in report["tables"]
    ]


@router.get("/transparency")
def transparency_page(
    request: Request,
    period: Annotated[str, Query(max_length=20)] = "",
    start: Annotated[str, Query(alias="from", max_length=40)] = "",
    end: Annotated[str, Query(alias="to", max_length=40)] = "",
) -> Response:
    """The transparency report for a period (this quarter unless another is asked for)."""
    current = officer_visit(request)
    if not period and not start and not end:
        period = _quarter(current.now())
    report: dict[str, Any] | None = None
    error = ""
    status = 200
    try:
        with current.guarded():
            report = transparency_report(
                current.guard,
                current.user,
                period=period or None,
                start=start or None,
                end=end or None,
                purpose=_purpose(current),
            )
    except ForbiddenError:
        raise _refused(current, f"transparency:{period or f'{start}..{end}'}") from None
    except InputError as exc:
        error, status = str(exc), 422
    return page(
        request,
        "oversight_transparency.html",
        visit=current,
        period=period,
        start=start,
        end=end,
        report=report,
        tables=_shown(current, request, report) if report else [],
        error=error,
        status=status,
    )
