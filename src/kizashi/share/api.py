"""The share room's routes: products and their release, the partner inbox, requests to
platforms and their dashboard, STIX export and STIX/MISP import (TAXII is in ``taxii.py``).

Every route acts through :class:`ShareService`, which asks the guard about each product
before anything is read, written or sent; errors map to problems through the app's
handlers (a concealed refusal is a 404, an audit failure a 503).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from starlette.concurrency import run_in_threadpool

from kizashi.http import (
    GUARDED_PROBLEMS,
    CallerDep,
    EngineDep,
    GuardDep,
    ProblemOut,
    PurposeDep,
    SettingsDep,
    failing_closed,
)
from kizashi.share import delivery, exchange, platform
from kizashi.share.products import ShareService

# Every route needs a credential and writes the audit log, names a product, delivery or
# request that may be missing or hidden (404, alike), and may meet a step already taken.
SHARE_PROBLEMS: dict[int | str, dict[str, Any]] = {
    **GUARDED_PROBLEMS,
    400: {"model": ProblemOut, "description": "The input cannot be used."},
    403: {"model": ProblemOut, "description": "Refused, with the reason."},
    404: {"model": ProblemOut, "description": "No such item, or not yours to see."},
    409: {"model": ProblemOut, "description": "The step was taken already."},
}
router = APIRouter(prefix="/api/v1/share", tags=["share"], responses=SHARE_PROBLEMS)


HandlingCode = Literal["TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED"]
# What the service parses (recipients.parse_recipient, products' sources), said in the schema.
# Ids are printable ASCII (login names, organisation, group and desk ids, report ids, case
# refs); spelled as ranges so that JSON Schema's regex engines and Python's agree on them.
RECIPIENT_PATTERN = r"^(?:(?:user|partner|group|desk):[!-~]+|[!-9;-~]+)$"
SOURCE_PATTERN = r"^(?:report|alert|case):[!-~]+$"


# A line's surrounding whitespace is not part of the name (the web form sends lines).
Recipient = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=RECIPIENT_PATTERN, max_length=300)
]
Source = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=SOURCE_PATTERN, max_length=300)
]


# Some character that is not white space as intake spells it (products.py refuses a blank
# title or body): said in the schema, so a client and a fuzzer know "\f " is refused.
NOT_BLANK = "[^\t\n\x0b\x0c\r \u00a0\u3000]"
MAX_BODY = 100_000


class DraftIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["advisory", "bulletin", "briefing", "consultation_answer", "case_summary"]
    title: str = Field(min_length=1, max_length=300, pattern=NOT_BLANK)
    body: str = Field(
        min_length=1,
        max_length=MAX_BODY,
        pattern=NOT_BLANK,
        description="Markdown; {{a|b}} slots allowed; not only white space",
    )
    handling_code: HandlingCode
    recipients: list[Recipient] = Field(
        min_length=1, max_length=200, description="user:, partner:, group:, desk: (bare: user)"
    )
    sources: list[Source] = Field(
        default=[], max_length=200, description="report:ID, alert:ID, case:REF"
    )
    desk: str | None = None
    case_ref: str | None = None
    lang: Literal["ja", "en"] = "ja"


class SubmitIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    keep: list[str] = Field(default=[], description="Personal-data kinds the recipients need")


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field(min_length=3, max_length=2000)


class ReleaseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    format: str = Field(default="md", description="md (fingerprinted text) or pdf")


class RestoreIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # a body holds at most MAX_BODY characters, so at most as many removals
    removal: int = Field(
        ge=0, le=MAX_BODY, description="the index of the removal in tearline_removed"
    )
    reason: str = Field(min_length=3, max_length=2000)


class QuestionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    question: str = Field(min_length=3, max_length=10_000)


class RequestIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    alert_id: str
    platform: str = Field(min_length=1, max_length=100)
    legal_basis: str = Field(min_length=1, max_length=300)
    body: str = Field(min_length=1, max_length=20_000)
    identifiers: dict[str, Any] = {}


class RequestDecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    approve: bool
    reason: str = Field(min_length=3, max_length=2000)


class AnswerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    answer: str = Field(min_length=1, max_length=20_000)
    account: str | None = None
    subscriber_name: str | None = None
    subscriber_phone: str | None = None
    subscriber_email: str | None = None


class ActionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    action: str = Field(min_length=3, max_length=2000)


class IndicatorOut(BaseModel):
    """An indicator to put in an exported bundle (kinds with a STIX pattern)."""

    model_config = ConfigDict(extra="forbid")
    kind: Literal["phone", "email", "account", "payment_token", "url", "domain", "ip"]
    value: str = Field(min_length=1, max_length=2000)
    name: str | None = Field(default=None, max_length=300)
    description: str | None = Field(default=None, max_length=10_000)
    handling_code: HandlingCode | None = None


class ExportIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    products: list[str] = []
    indicators: list[IndicatorOut] = []


class StixObjectIn(BaseModel):
    """A STIX object: its type and id are required, the rest is kept as sent."""

    model_config = ConfigDict(extra="allow")
    type: str = Field(min_length=1)
    id: str = Field(min_length=1)


class StixBundleIn(BaseModel):
    model_config = ConfigDict(extra="allow")
    type: Literal["bundle"]
    id: str | None = None
    objects: list[StixObjectIn]


class MispAttributeIn(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)
    type: str = Field(min_length=1)
    value: str = Field(min_length=1)


class MispObjectIn(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)
    attributes: list[MispAttributeIn] = Field(default=[], alias="Attribute")


class MispEventBodyIn(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)
    uuid: str = Field(min_length=1)
    attributes: list[MispAttributeIn] = Field(default=[], alias="Attribute")
    objects: list[MispObjectIn] = Field(default=[], alias="Object")


class MispEventIn(BaseModel):
    """A MISP event as MISP exports it: ``{"Event": {"uuid": ..., "Attribute": [...]}}``."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)
    event: MispEventBodyIn = Field(alias="Event")


def _service(engine: EngineDep, settings: SettingsDep, guard: GuardDep) -> ShareService:
    return ShareService(engine, guard, settings, clock=guard.now)


# The room's service for one request, on the request's engine, guard and clock.
ServiceDep = Annotated[ShareService, Depends(_service)]


async def _run(call: Any) -> Any:
    def guarded() -> Any:
        with failing_closed():
            return call()

    return await run_in_threadpool(guarded)


@router.post("/products", status_code=201, summary="Draft a product")
async def draft(
    body: DraftIn,
    caller: CallerDep,
    service: ServiceDep,
    purpose: PurposeDep,
) -> Any:
    user = caller
    return await _run(lambda: service.draft(user, purpose=purpose or "", **body.model_dump()))


@router.get("/products", summary="Products the caller may see")
async def products(
    caller: CallerDep,
    service: ServiceDep,
    purpose: PurposeDep,
    status: Annotated[str | None, Query(max_length=20)] = None,
) -> Any:
    user = caller
    return await _run(lambda: service.list(user, purpose or "", status=status))


@router.get("/products/{product_id}", summary="A product, with the tear-line and its diff")
async def product(
    product_id: str,
    caller: CallerDep,
    service: ServiceDep,
    purpose: PurposeDep,
) -> Any:
    user = caller
    return await _run(lambda: service.review(user, product_id, purpose or ""))


@router.post(
    "/products/{product_id}/submit", summary="Make the tear-line; put it before an approver"
)
async def submit(
    product_id: str,
    body: SubmitIn,
    caller: CallerDep,
    service: ServiceDep,
    purpose: PurposeDep,
) -> Any:
    user = caller
    return await _run(lambda: service.submit(user, product_id, purpose or "", keep=body.keep))


@router.post("/products/{product_id}/approve", summary="Approve the release (four-eyes)")
async def approve(
    product_id: str,
    body: DecisionIn,
    caller: CallerDep,
    service: ServiceDep,
    purpose: PurposeDep,
) -> Any:
    user = caller
    return await _run(lambda: service.approve(user, product_id, body.reason, purpose or ""))


@router.post(
    "/products/{product_id}/restore",
    summary="Put one over-removed span back into the tear-line (the approver, with a reason)",
)
async def restore(
    product_id: str,
    body: RestoreIn,
    caller: CallerDep,
    service: ServiceDep,
    purpose: PurposeDep,
) -> Any:
    user = caller
    return await _run(
        lambda: service.restore(user, product_id, body.removal, body.reason, purpose or "")
    )


@router.post("/products/{product_id}/reject", summary="Send it back to its author")
async def reject(
    product_id: str,
    body: DecisionIn,
    caller: CallerDep,
    service: ServiceDep,
    purpose: PurposeDep,
) -> Any:
    user = caller
    return await _run(lambda: service.reject(user, product_id, body.reason, purpose or ""))


@router.post("/products/{product_id}/release", summary="Send: one fingerprinted copy each")
async def release(
    product_id: str,
    body: ReleaseIn,
    caller: CallerDep,
    service: ServiceDep,
    purpose: PurposeDep,
) -> Any:
    user = caller
    return await _run(
        lambda: delivery.release(service, user, product_id, purpose or "", fmt=body.format)
    )


@router.get("/inbox", summary="The products released to the caller")
async def my_inbox(
    caller: CallerDep,
    service: ServiceDep,
    purpose: PurposeDep,
) -> Any:
    user = caller
    return await _run(lambda: delivery.inbox(service, user, purpose or ""))


@router.get("/inbox/{delivery_id}/copy", summary="The caller's own fingerprinted copy")
async def my_copy(
    delivery_id: str,
    caller: CallerDep,
    service: ServiceDep,
    purpose: PurposeDep,
) -> Response:
    user = caller
    content, media = await _run(
        lambda: delivery.read_copy(service, user, delivery_id, purpose or "")
    )
    return Response(content, media_type=media)


@router.post("/inbox/{delivery_id}/acknowledge", summary="Acknowledge receipt")
async def my_acknowledge(
    delivery_id: str,
    caller: CallerDep,
    service: ServiceDep,
    purpose: PurposeDep,
) -> Any:
    user = caller
    return await _run(lambda: delivery.acknowledge(service, user, delivery_id, purpose or ""))


@router.post("/inbox/{delivery_id}/questions", status_code=201, summary="Ask a question back")
async def my_question(
    delivery_id: str,
    body: QuestionIn,
    caller: CallerDep,
    service: ServiceDep,
    purpose: PurposeDep,
) -> Any:
    user = caller
    return await _run(
        lambda: delivery.ask(service, user, delivery_id, body.question, purpose or "")
    )


@router.get("/notifications", summary="The caller's notifications")
async def my_notifications(
    caller: CallerDep, engine: EngineDep, settings: SettingsDep, guard: GuardDep
) -> Any:
    user, service = caller, _service(engine, settings, guard)
    return await _run(lambda: delivery.notifications(service, user))


@router.post("/requests", status_code=201, summary="Draft a request to a platform")
async def new_request(
    body: RequestIn,
    caller: CallerDep,
    service: ServiceDep,
    purpose: PurposeDep,
) -> Any:
    user = caller
    return await _run(
        lambda: platform.draft_request(service, user, purpose=purpose or "", **body.model_dump())
    )


@router.get("/requests", summary="Open requests and turnaround per platform")
async def dashboard(
    caller: CallerDep,
    service: ServiceDep,
    purpose: PurposeDep,
) -> Any:
    user = caller
    return await _run(lambda: platform.request_dashboard(service, user, purpose or ""))


@router.post("/requests/{request_id}/submit", summary="Put a request before an approver")
async def request_submit(
    request_id: str,
    caller: CallerDep,
    service: ServiceDep,
    purpose: PurposeDep,
) -> Any:
    user = caller
    return await _run(lambda: platform.submit_request(service, user, request_id, purpose or ""))


@router.post("/requests/{request_id}/decide", summary="Approve or reject a request (four-eyes)")
async def request_decide(
    request_id: str,
    body: RequestDecisionIn,
    caller: CallerDep,
    service: ServiceDep,
    purpose: PurposeDep,
) -> Any:
    user = caller
    return await _run(
        lambda: platform.decide_request(
            service, user, request_id, purpose=purpose or "", **body.model_dump()
        )
    )


@router.post("/requests/{request_id}/send", summary="Record that an approved request was sent")
async def request_send(
    request_id: str,
    caller: CallerDep,
    service: ServiceDep,
    purpose: PurposeDep,
) -> Any:
    user = caller
    return await _run(lambda: platform.send_request(service, user, request_id, purpose or ""))


@router.post(
    "/requests/{request_id}/answer", summary="Record the platform's answer (stored as a report)"
)
async def request_answer(
    request_id: str,
    body: AnswerIn,
    caller: CallerDep,
    service: ServiceDep,
    purpose: PurposeDep,
) -> Any:
    user = caller
    return await _run(
        lambda: platform.answer_request(
            service, user, request_id, purpose=purpose or "", **body.model_dump()
        )
    )


@router.post("/requests/{request_id}/action", summary="Record the action taken (also on the alert)")
async def request_action(
    request_id: str,
    body: ActionIn,
    caller: CallerDep,
    service: ServiceDep,
    purpose: PurposeDep,
) -> Any:
    user = caller
    return await _run(
        lambda: platform.record_action(service, user, request_id, body.action, purpose or "")
    )


@router.post("/stix/export", summary="A STIX 2.1 bundle (TLP 2.0 markings), validated")
async def stix_export(
    body: ExportIn,
    caller: CallerDep,
    service: ServiceDep,
    purpose: PurposeDep,
) -> Any:
    user = caller

    def work() -> Any:
        bundle = exchange.export_bundle(
            service,
            user,
            purpose or "",
            product_ids=body.products,
            indicators=[i.model_dump(exclude_none=True) for i in body.indicators],
        )
        return {"bundle": bundle, "validation": exchange.validate_bundle(bundle)}

    return await _run(work)


@router.post("/import/stix", status_code=201, summary="Import a STIX 2.1 bundle's indicators")
async def stix_import(
    bundle: StixBundleIn,
    caller: CallerDep,
    service: ServiceDep,
    purpose: PurposeDep,
    source: Annotated[str, Query(min_length=1, max_length=200)],
) -> Any:
    user = caller
    sent = bundle.model_dump(exclude_unset=True)
    return await _run(lambda: exchange.import_stix(service, user, sent, source, purpose or ""))


@router.post("/import/misp", status_code=201, summary="Import a MISP event's attributes")
async def misp_import(
    event: MispEventIn,
    caller: CallerDep,
    service: ServiceDep,
    purpose: PurposeDep,
    source: Annotated[str, Query(min_length=1, max_length=200)],
) -> Any:
    user = caller
    sent = event.model_dump(by_alias=True, exclude_unset=True)
    return await _run(lambda: exchange.import_misp(service, user, sent, source, purpose or ""))
