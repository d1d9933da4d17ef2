"""Dead letters and lag through the guard: what the command centre's page reads and writes.

A dead letter names a report, and its reason may quote it, so each one is decided as that
report for the user — ``list`` to see it, ``write`` to put it back in the queue — and the
decision is logged before anything is shown or changed. Letters the user may not list are
left out and only counted. The lag is a count over reports that are not yet through every
stage (so possibly not yet routed to any desk): it is decided as ``count`` on the queue as a
whole, an unrouted report, which the policy grants the command centre (triaging unrouted
material is its work) and no desk officer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kizashi.errors import ForbiddenError, NotFoundError
from kizashi.guard import Guard, Resource, User
from kizashi.pipeline import queue
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
