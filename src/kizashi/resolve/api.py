"""API: an entity's links with their reasons, and analyst judgements (make, undo).

Every member of an entity is shown only if the caller may read the report it came from: each
report is decided by the guard (and logged) before anything is served, so an entity page
never tells a caller about a report it may not see. A judgement needs read access to both
mentions' reports and is never open to partners.
"""

from __future__ import annotations

import uuid
from typing import Any, Literal

from fastapi import APIRouter, HTTPException, status
from pydantic import BaseModel, Field
from sqlalchemy import Engine, select

from kizashi.errors import NotFoundError
from kizashi.guard import Guard
from kizashi.guard.identity import User
from kizashi.http import (
    CallerDep,
    EngineDep,
    GuardDep,
    ProblemOut,
    PurposeDep,
    decided,
    failing_closed,
    refuse,
)
from kizashi.resolve.read import read_entity, review_flags
from kizashi.resolve.service import (
    JudgementError,
    judgements_of,
    record_judgement,
    undo_judgement,
)
from kizashi.store.tables import mentions
from kizashi.store.tables_resolve import link_judgements

router = APIRouter(prefix="/api/v1", tags=["entities"])

_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ProblemOut},
    403: {"model": ProblemOut},
    404: {"model": ProblemOut},
    503: {"model": ProblemOut, "description": "The audit log cannot be written."},
}


class ReasonOut(BaseModel):
    field: str
    comparison: str
    weight: float | None = Field(description="log2 Bayes factor of this field; null for rules")


class MemberOut(BaseModel):
    mention_id: str
    kind: str
    value: str
    path: str
    report_id: str
    match_weight: float | None
    reasons: list[ReasonOut]


class JudgementOut(BaseModel):
    id: str
    left_mention_id: str
    right_mention_id: str
    verdict: str
    user_id: str
    reason: str
    undone: bool


class ConflictOut(BaseModel):
    field: str
    conflict: str = Field(description="The linker's wording, in English (birth dates a / b)")
    values: list[str] = Field(
        default_factory=list,
        description="The two values set against each other, this record's or the first "
        "candidate's first; empty when the wording is not a known one",
    )


class CandidateOut(BaseModel):
    mention_id: str
    entity_id: str | None


class FlagOut(BaseModel):
    kind: Literal["veto", "split", "judged", "ambiguous", "mobiles"] = Field(
        description="veto: a link a decisive disagreement stopped; split: a join of two "
        "entities it stopped; judged: an analyst joined records that disagree; ambiguous: "
        "the record could be either of two people the store tells apart (a father and his "
        "son of one name at one home) and has no value for what tells them apart (no birth "
        "date), so it joined neither — one flag against each candidate; mobiles: the entity is "
        "kept whole but may be two people — its records fall into groups with a mobile each, "
        "tied only by the home (a father and his son of one name), and none states a birth "
        "date; the flag names a record of each group"
    )
    mention_id: str
    other_mention_id: str
    other_entity_id: str | None
    conflicts: list[ConflictOut] = Field(
        description="For ambiguous: the conflict between the two candidates, not with this "
        "record; otherwise between this record and the other"
    )
    candidates: list[CandidateOut] = Field(
        default_factory=list,
        description="ambiguous: both records the flagged record could belong to, with their "
        "entities; empty for the other kinds",
    )
    judgement: Literal["same", "not_same"] | None = Field(
        default=None,
        description="The analysts' judgement in force on this pair, if any (who and when: "
        "the judgements and the audit log)",
    )


class LinksOut(BaseModel):
    entity_id: str
    kind: str
    label: str
    merged_into: str | None
    members: list[MemberOut]
    judgements: list[JudgementOut]
    review_flags: list[FlagOut] = Field(
        description="Pairs to review: the members' records and others that match them but "
        "disagree decisively (another birth date, another given name, generation, ID)."
    )


class JudgementIn(BaseModel):
    left_mention_id: uuid.UUID
    right_mention_id: uuid.UUID
    verdict: Literal["same", "not_same"]
    reason: str = Field(min_length=1, max_length=2000)


class JudgementCreatedOut(BaseModel):
    id: str
    verdict: str


@router.get(
    "/entities/{entity_id}/links",
    response_model=LinksOut,
    responses=_ERRORS,
    summary="An entity's member mentions, each with why it joined",
)
def entity_links(
    entity_id: uuid.UUID,
    engine: EngineDep,
    user: CallerDep,
    guard: GuardDep,
    purpose: PurposeDep = None,
) -> dict[str, Any]:
    # The one read model of an entity (the entity page's): the subject decided (sealed
    # subjects deconflicted, partners refused), each report behind it read, and no
    # readable report answers as a missing id.
    with failing_closed():
        read = read_entity(guard, user, str(entity_id), purpose or "")
    if read.entity is None:
        told = [d for d in read.denied if not d.conceal]
        if told:
            raise refuse(told[0])
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such entity")
    entity = read.entity
    visible = sorted(read.members, key=lambda m: (str(m["report_id"]), m["path"]))
    visible_ids = {str(m["mention_id"]) for m in visible}
    return {
        "entity_id": str(entity_id),
        "kind": entity["kind"],
        "label": entity["label"],
        "merged_into": entity["merged_into"],
        "members": [
            {
                "mention_id": str(m["mention_id"]),
                "kind": m["kind"],
                "value": m["value"],
                "path": m["path"],
                "report_id": str(m["report_id"]),
                "match_weight": m["match_weight"],
                "reasons": [
                    {k: r.get(k) for k in ("field", "comparison", "weight")}
                    for r in m["reasons"] or []
                ],
            }
            for m in visible
        ],
        "judgements": [
            {
                "id": str(j["id"]),
                "left_mention_id": str(j["left_mention_id"]),
                "right_mention_id": str(j["right_mention_id"]),
                "verdict": j["verdict"],
                "user_id": str(j["user_id"]),
                "reason": j["reason"],
                "undone": j["undone_at"] is not None,
            }
            for j in judgements_of(engine, str(entity_id))
            if {str(j["left_mention_id"]), str(j["right_mention_id"])} & visible_ids
        ],
        # The one permission filter of review flags (the entity page's too).
        "review_flags": _review_flags(guard, user, str(entity_id), purpose or "", read.reports),
    }


def _review_flags(
    guard: Guard, user: User, entity_id: str, purpose: str, decided: frozenset[str]
) -> list[dict[str, Any]]:
    with failing_closed():
        return review_flags(guard, user, entity_id, purpose, decided=decided)


def _report_or_none(engine: Engine, mention_id: str) -> str | None:
    with engine.connect() as connection:
        report = connection.execute(
            select(mentions.c.report_id).where(mentions.c.id == mention_id)
        ).scalar()
    return None if report is None else str(report)


def _report_of(engine: Engine, mention_id: str) -> str:
    report = _report_or_none(engine, mention_id)
    if report is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no mention {mention_id}")
    return str(report)


def _may_judge(
    engine: Engine, guard: Guard, user: User, mention_ids: list[str], purpose: str | None
) -> None:
    if user.is_partner:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "partners do not judge entity links")
    for mention_id in mention_ids:
        decision = decided(
            guard, user, "read", guard.load("report", _report_of(engine, mention_id)), purpose
        )
        if not decision.allowed:
            raise refuse(decision)


@router.post(
    "/judgements",
    response_model=JudgementCreatedOut,
    status_code=201,
    responses={**_ERRORS, 422: {"model": ProblemOut}},
    summary="Judge two mentions the same person, or not (overrides the model)",
)
def create_judgement(
    body: JudgementIn,
    engine: EngineDep,
    user: CallerDep,
    guard: GuardDep,
    purpose: PurposeDep = None,
) -> dict[str, Any]:
    left, right = str(body.left_mention_id), str(body.right_mention_id)
    _may_judge(engine, guard, user, [left, right], purpose)
    try:
        judgement = record_judgement(
            engine, left, right, body.verdict, user_id=user.id, reason=body.reason, clock=guard.now
        )
    except NotFoundError as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from None
    except JudgementError as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from None
    return {"id": judgement, "verdict": body.verdict}


@router.delete(
    "/judgements/{judgement_id}",
    response_model=JudgementCreatedOut,
    responses={**_ERRORS, 409: {"model": ProblemOut}},
    summary="Undo a judgement (kept, marked undone); the model decides again",
)
def delete_judgement(
    judgement_id: uuid.UUID,
    engine: EngineDep,
    user: CallerDep,
    guard: GuardDep,
    purpose: PurposeDep = None,
) -> dict[str, Any]:
    with engine.connect() as connection:
        row = (
            connection.execute(
                select(link_judgements).where(link_judgements.c.id == str(judgement_id))
            )
            .mappings()
            .first()
        )
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such judgement")
    _may_judge(
        engine, guard, user, [str(row["left_mention_id"]), str(row["right_mention_id"])], purpose
    )
    try:
        undo_judgement(engine, str(judgement_id), user_id=user.id, clock=guard.now)
    except JudgementError as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from None
    return {"id": str(judgement_id), "verdict": str(row["verdict"])}
