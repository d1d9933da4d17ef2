"""Dead letters and lag through the guard: what the command centre's page reads and writes.

A dead letter names a report, and its reason may quote it, so each one is decided as that
report for the user — ``list`` to see it, ``write`` to put it back in the queue — and the
decision is logged before anything is shown or changed. Letters the user may not list are
left out and only counted. The lag is a count over reports that are not yet through every
stage (so possibly not yet routed to any desk): it is decided as ``count`` on the queue as a
whole, an unrouted report, which the policy grants the command centre (triaging unrouted
material is its work) and no desk officer.

An analyst's judgement whose re-score kept failing is parked too (0032), with no report: it
names the entities it re-grouped, so it is decided as each of them — ``list`` to see it,
``write`` to put it back — and shown only if every one is allowed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kizashi.errors import ForbiddenError, NotFoundError
from kizashi.guard import Guard, Resource, User
from kizashi.pipeline import queue
from kizashi.pipeline.rescore import parked_requests, retry_requests
from kizashi.pipeline.worker import status
from kizashi.store import transaction

# The queue as one resource: reports, none routed yet (see the module docstring).
QUEUE = Resource("report", "pipeline:queue")


@dataclass(frozen=True)
class DeadLetters:
    items: list[dict[str, Any]]  # the letters the user may list, oldest first
    hidden: int  # letters on this page the user may not list


def visible_lag(guard: Guard, user: User, purpose: str) -> dict[str, Any] | None:
    """Lag per stage and dead letters in all (``kizashi pipeline status``), or None when the
    user may not count the queue."""
    if not guard.decide(user, "count", QUEUE, purpose).allowed:
        return None
    return status(guard.engine, guard.now)


def visible_dead_letters(
    guard: Guard, user: User, purpose: str, *, limit: int = 100, after: int = 0
) -> DeadLetters:
    """The dead letters the user may list (each decided as its report, logged first)."""
    with guard.engine.connect() as connection:
        rows = queue.failed(connection, limit, after)
    if not rows:
        return DeadLetters([], 0)
    resources = guard.load_reports([str(r["report_id"]) for r in rows])
    decisions = guard.decide_many(user, "list", resources, purpose)
    items = [row for row, d in zip(rows, decisions, strict=True) if d.allowed]
    return DeadLetters(items, len(rows) - len(items))


def retry_dead_letters(guard: Guard, user: User, purpose: str, report_ids: Sequence[str]) -> int:
    """Put these dead letters back in the queue at the stage that failed, if the user may
    write every one of their reports (decided and logged first). Returns how many went back."""
    ids = sorted(set(report_ids))
    if not ids:
        return 0
    decisions = guard.decide_many(user, "write", guard.load_reports(ids), purpose)
    denied = [d for d in decisions if not d.allowed]
    if denied:
        if all(d.conceal for d in denied):
            raise NotFoundError("no such dead letter")
        raise ForbiddenError(f"{denied[0].reason} (rule {denied[0].rule})")
    with transaction(guard.engine) as connection:
        return queue.retry(connection, ids)


def _judgement_decisions(
    guard: Guard, user: User, action: str, letters: Sequence[dict[str, Any]], purpose: str
) -> list[bool]:
    """Per letter: may the user ``action`` every entity it names? (One logged batch.)"""
    resources: list[Resource] = []
    owners: list[int] = []
    for index, letter in enumerate(letters):
        for entity_id in letter["entities"]:
            resources.append(guard.load_material("entity", str(entity_id)))
            owners.append(index)
    decisions = guard.decide_many(user, action, resources, purpose)
    allowed = [True] * len(letters)
    for owner, decision in zip(owners, decisions, strict=True):
        allowed[owner] = allowed[owner] and decision.allowed
    return allowed


def visible_parked_judgements(
    guard: Guard, user: User, purpose: str, *, limit: int = 100
) -> DeadLetters:
    """Analysts' judgements whose re-score was parked, that the user may list (each decided
    as the entities it names, logged first), oldest first."""
    with guard.engine.connect() as connection:
        letters = parked_requests(connection, limit)
    if not letters:
        return DeadLetters([], 0)
    allowed = _judgement_decisions(guard, user, "list", letters, purpose)
    items = [letter for letter, ok in zip(letters, allowed, strict=True) if ok]
    return DeadLetters(items, len(letters) - len(items))


def retry_parked_judgements(
    guard: Guard, user: User, purpose: str, request_ids: Sequence[str]
) -> int:
    """Put these parked judgements back for the worker's next pass, if the user may write
    every entity they name (decided and logged first). Returns how many went back."""
    ids = set(request_ids)
    if not ids:
        return 0
    with guard.engine.connect() as connection:
        letters = [r for r in parked_requests(connection, 1_000_000) if r["request_id"] in ids]
    if not letters:
        raise NotFoundError("no such parked judgement")
    if not all(_judgement_decisions(guard, user, "write", letters, purpose)):
        raise ForbiddenError("you may not re-score every entity this judgement re-grouped")
    with transaction(guard.engine) as connection:
        return retry_requests(connection, [str(r["request_id"]) for r in letters])
