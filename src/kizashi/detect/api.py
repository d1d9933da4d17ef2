"""``POST /api/v1/detect``: score one text or a batch, with the same output as ``kizashi scan``.

The body is one object ``{"text": ..., "id"?: ...}`` (answered with one object) or a list of
them (answered with a list, in order). ``?explain=true`` adds the explanation. Authenticated
like every route; scoring is pure and reads nothing from the store.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Body, HTTPException, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from kizashi.detect.lexicon import CATEGORIES
from kizashi.guard.policy import Resource
from kizashi.http import CallerDep, GuardDep, ProblemOut, decided, refuse

__all__ = ["MAX_BATCH", "MAX_TEXT", "DetectIn", "DetectOut", "router"]

MAX_BATCH = 1000
MAX_TEXT = 100_000  # characters; Sudachi's own limit is handled by chunking below this

router = APIRouter(tags=["detect"])


class DetectIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(max_length=MAX_TEXT, description="The text to score (post, listing, report).")
    id: str | None = Field(
        default=None, max_length=200, description="Echoed back; default: the position."
    )


class EvidenceOut(BaseModel):
    rule: str
    start: int
    end: int
    text: str
    view: str
    components: dict[str, list[Any]] | None = Field(
        default=None,
        description=(
            "Composed threat rules only: the parts found, by component (harm_intent, means, "
            "target, time, imminent, place, event, and named_target — the targets said by a "
            "person's name: lists of {rule, start, end, text}; protected_person: watch-list "
            "ids)."
        ),
    )


class DetectOut(BaseModel):
    id: str
    score: float = Field(ge=0, le=1)
    category: str | None = Field(description=f"One of {', '.join(CATEGORIES)}, or null.")
    scores: dict[str, float]
    flagged: bool
    evidence: list[EvidenceOut]
    protected: list[str]
    explain: dict[str, Any] | None = None


@router.post(
    "/api/v1/detect",
    response_model=DetectOut | list[DetectOut],
    responses={
        400: {"model": ProblemOut, "description": "The body could not be parsed (not UTF-8 JSON)."},
        401: {"model": ProblemOut, "description": "Missing or invalid token."},
        403: {"model": ProblemOut, "description": "Not allowed."},
        503: {"model": ProblemOut, "description": "The audit log cannot be written."},
    },
    summary="Score one text or a batch for threats, recruitment, weapons, listings, activity",
)
def detect(
    user: CallerDep,
    guard: GuardDep,
    body: Annotated[DetectIn | list[DetectIn], Body()],
    explain: Annotated[
        bool, Query(description="Add stage, suppressed hits, contributions.")
    ] = False,
) -> Any:
    from kizashi.detect.scanner import scan_texts  # the model loads on first use, not at import

    items = body if isinstance(body, list) else [body]
    if len(items) > MAX_BATCH:
        raise HTTPException(413, f"at most {MAX_BATCH} texts per request")
    # Nothing stored is read, but the call is an access like any other: decided (a disabled
    # account gets no score) and logged, with how many texts, never the texts themselves.
    decision = decided(
        guard,
        user,
        "read",
        Resource("detector", "scan"),
        "detect",
        context={"texts": len(items), "explain": explain},
    )
    if not decision.allowed:
        raise refuse(decision)
    pairs = [
        (item.id if item.id is not None else str(n), item.text) for n, item in enumerate(items)
    ]
    outputs = scan_texts(pairs, explain=explain) if pairs else []
    # Serialised here, not through the response model: the outputs are built by our own code
    # in the documented shape (tests check it), and FastAPI's validation of the union model
    # cost more than scoring a post the gate clears.
    for output in outputs:
        output.setdefault("explain", None)  # the documented shape always has the key
    payload = outputs if isinstance(body, list) else outputs[0]
    return Response(
        json.dumps(payload, ensure_ascii=False, separators=(",", ":")),
        media_type="application/json",
    )
