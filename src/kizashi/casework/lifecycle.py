"""A case's officers and its end: assign, unassign, hand over, close with an outcome, reopen.

Who may (docs/cases.md "Assign, hand over, close"):

- assign, unassign, close, reopen: the case's desk lead (the guard's management rule
  ``MANAGE-2``, decided on the resource ``case``). An administrator not on the case gets
  the 404 of its file first (``CASE-3``) and assigns with ``kizashi users cases assign``;
- hand over: the same, or the officer handing over, while assigned to the case (``CASE-1``
  on its file, decided and logged as a ``write`` of the file): an officer may pass their
  own case to a colleague of the desk, never someone else's.

Every call first decides the case's file (a stranger gets the 404 of a missing case), then
the management rule (a refusal names it: 403), then reads the input (400 naming the
field). Each change is an event of the case's timeline with the reason.

A disabled account is neither offered nor assigned or handed a case (409). A hand-over takes
the outgoing officer's open tasks on the case to the new officer; an unassign leaves the
removed officer's open tasks on the case with no assignee, to be re-assigned.

Closing needs an outcome of ``data/outcomes.yaml`` and a reason (a summary of at least
``MIN_CLOSING_CHARS`` characters). Open tasks refuse the close, listed, unless ``force``
(with the reason) cancels them. Closing also writes oversight's ``case_closures``, from which
the case material's retention runs; reopening removes it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from kizashi.casework import repository as repo
from kizashi.casework.domain import (
    MAX_REASON_CHARS,
    MIN_CLOSING_CHARS,
    MIN_REASON_CHARS,
    CaseClosedError,
    InactiveOfficerError,
    bad,
    clean_text,
)
from kizashi.casework.outcomes import outcomes
from kizashi.casework.service import Casework
from kizashi.errors import ForbiddenError, NotFoundError
from kizashi.guard import Resource, User
from kizashi.guard.identity import (
    CaseInfo,
    assign_case,
    get_user,
    get_user_by_id,
    load_case,
    unassign_case,
)
from kizashi.store import transaction

# The roles that work cases (guard's OFFICER_ROLES): a command-centre desk's officers too.
WORKING_ROLES = ("analyst", "command_centre", "desk_lead")


def _manages(work: Casework, user: User, info: CaseInfo, purpose: str | None) -> bool:
    decision = work.guard.decide(
        user, "write", Resource("case", info.id, desk=info.desk, case=info), purpose or ""
    )
    return decision.allowed


def _lead_only(work: Casework, user: User, info: CaseInfo, purpose: str | None, what: str) -> None:
    decision = work.guard.decide(
        user, "write", Resource("case", info.id, desk=info.desk, case=info), purpose or ""
    )
    if not decision.allowed:
        raise ForbiddenError(
            f"only the lead of desk {info.desk} {what}: {decision.reason} (rule {decision.rule})"
        )


def _colleague(work: Casework, info: CaseInfo, name: str, field: str) -> User:
    """An active officer of the case's desk, else InputError naming the field.

    The desk is asked first: someone of another desk is not eligible whatever their account.
    A disabled account of the desk (``kizashi users disable``) is refused with
    :class:`InactiveOfficerError` (409): the name is right, the account cannot work a case."""
    with work.engine.connect() as connection:
        try:
            person = get_user(connection, name.strip())
        except NotFoundError:
            raise bad(field, f"no user named {name.strip()!r}") from None
    return _eligible(person, info, field)


def _eligible(person: User, info: CaseInfo, field: str) -> User:
    if person.desk != info.desk or person.role not in WORKING_ROLES:
        raise bad(field, f"{person.name} is not an officer of desk {info.desk}")
    if not person.active:
        raise InactiveOfficerError(
            f"{field}: {person.name}'s account is disabled; an inactive user is not "
            "assigned or handed a case (an administrator may enable it again)"
        )
    return person


def _still_eligible(connection: Connection, info: CaseInfo, person: User, field: str) -> User:
    """Inside the writing transaction: the officer read again (held against a concurrent
    ``users disable``), and asked again."""
    repo.lock_user(connection, person.id)
    return _eligible(get_user_by_id(connection, person.id), info, field)


def _reason(reason: str, field: str = "reason", minimum: int = MIN_REASON_CHARS) -> str:
    return clean_text(reason, field, MAX_REASON_CHARS, minimum=minimum)


def _not_closed(work: Casework, info: CaseInfo) -> None:
    with work.engine.connect() as connection:
        if repo.closing(connection, info.id) is not None:
            raise CaseClosedError(f"closed: case {info.ref} is closed; the desk lead may reopen it")


def _locked_open(connection: Connection, info: CaseInfo) -> CaseInfo:
    """Inside the writing transaction: lock the case row, refuse a closed case; the case as
    it is now (its assigned officers).

    ``_not_closed`` and the other checks before the transaction give the early, cheap
    refusal; the checks after this one decide, so two concurrent closes (or a close and an
    assignment, two hand-overs, a hand-over and a task) cannot both pass them."""
    repo.lock_case(connection, info.id)
    if repo.closing(connection, info.id) is not None:
        raise CaseClosedError(f"closed: case {info.ref} is closed; the desk lead may reopen it")
    return load_case(connection, info.id)


def assign_officer(
    work: Casework, user: User, case_ref: str, officer: str, *, reason: str, purpose: str | None
) -> list[str]:
    """Put an officer of the case's desk on the case; the assigned officers' names."""
    info = work.case(user, case_ref, "read", purpose)
    _lead_only(work, user, info, purpose, "assigns officers to its cases")
    _not_closed(work, info)
    person = _colleague(work, info, officer, "officer")
    why = _reason(reason)
    if person.id in info.assigned:
        raise bad("officer", f"{person.name} is assigned to case {info.ref} already")
    now = work.now()
    with transaction(work.engine) as connection:
        current = _locked_open(connection, info)
        person = _still_eligible(connection, current, person, "officer")
        if person.id in current.assigned:
            raise bad("officer", f"{person.name} is assigned to case {info.ref} already")
        assign_case(connection, info.ref, person.name, now=now)
        repo.event(
            connection,
            info.id,
            "assigned",
            user.id,
            now,
            person.id,
            {"officer": person.name, "reason": why},
        )
        return _names(connection, info.id)


def unassign_officer(
    work: Casework, user: User, case_ref: str, officer: str, *, reason: str, purpose: str | None
) -> list[str]:
    """Take an officer off the case; the case keeps at least one assigned officer.

    The officer's open tasks on the case lose their assignee (the officer no longer sees the
    case): they are listed for re-assignment (``Casework.assign_task``), and the
    ``unassigned`` event lists them (``tasks``: id and title). Done tasks keep who did them."""
    info = work.case(user, case_ref, "read", purpose)
    _lead_only(work, user, info, purpose, "takes officers off its cases")
    _not_closed(work, info)
    why = _reason(reason)
    with work.engine.connect() as connection:
        try:
            person = get_user(connection, officer.strip())
        except NotFoundError:
            raise bad("officer", f"no user named {officer.strip()!r}") from None
    if person.id not in info.assigned:
        raise bad("officer", f"{person.name} is not assigned to case {info.ref}")
    if len(info.assigned) == 1:
        raise bad("officer", f"{person.name} is the case's only officer; hand it over instead")
    now = work.now()
    with transaction(work.engine) as connection:
        current = _locked_open(connection, info)
        if person.id not in current.assigned:
            raise bad("officer", f"{person.name} is not assigned to case {info.ref}")
        if len(current.assigned) == 1:
            raise bad("officer", f"{person.name} is the case's only officer; hand it over instead")
        unassign_case(connection, info.ref, person.name)
        released = repo.release_open_tasks(connection, info.id, person.id)
        repo.event(
            connection,
            info.id,
            "unassigned",
            user.id,
            now,
            person.id,
            {"officer": person.name, "reason": why, "tasks": released},
        )
        return _names(connection, info.id)


def hand_over_case(
    work: Casework,
    user: User,
    case_ref: str,
    *,
    from_officer: str,
    to_officer: str,
    reason: str,
    purpose: str | None,
) -> list[str]:
    """Pass the case from one assigned officer to a colleague of the desk, with a reason.

    The desk lead may hand over anyone's case; an officer only their own. The outgoing
    officer's open tasks on the case go with it to the new officer (the outgoing one no
    longer sees the case, so a task left with them would be nobody's): the ``handed_over``
    event lists them (``tasks``: id and title)."""
    info = work.case(user, case_ref, "read", purpose)
    own = from_officer.strip() == user.name and user.id in info.assigned
    if own:
        # The officer's own hand-over is a write of their case's file (CASE-1), decided and
        # logged as the write it is; the read above alone left the access log saying "read".
        work.case(user, case_ref, "write", purpose)
    else:
        _lead_only(work, user, info, purpose, "hands over another officer's case")
    _not_closed(work, info)
    with work.engine.connect() as connection:
        try:
            giver = get_user(connection, from_officer.strip())
        except NotFoundError:
            raise bad("from_officer", f"no user named {from_officer.strip()!r}") from None
    if giver.id not in info.assigned:
        raise bad("from_officer", f"{giver.name} is not assigned to case {info.ref}")
    taker = _colleague(work, info, to_officer, "to_officer")
    if taker.id in info.assigned:
        raise bad("to_officer", f"{taker.name} is assigned to case {info.ref} already")
    why = _reason(reason)
    now = work.now()
    with transaction(work.engine) as connection:
        current = _locked_open(connection, info)
        if giver.id not in current.assigned:
            raise bad("from_officer", f"{giver.name} is not assigned to case {info.ref}")
        taker = _still_eligible(connection, current, taker, "to_officer")
        if taker.id in current.assigned:
            raise bad("to_officer", f"{taker.name} is assigned to case {info.ref} already")
        assign_case(connection, info.ref, taker.name, now=now)
        unassign_case(connection, info.ref, giver.name)
        moved = repo.reassign_open_tasks(connection, info.id, giver.id, taker.id)
        repo.event(
            connection,
            info.id,
            "handed_over",
            user.id,
            now,
            taker.id,
            {"from": giver.name, "to": taker.name, "reason": why, "tasks": moved},
        )
        return _names(connection, info.id)


def assign_task(
    work: Casework,
    user: User,
    case_ref: str,
    task_id: str,
    assignee: str,
    *,
    reason: str,
    purpose: str | None,
) -> dict[str, Any]:
    """Give an open task of the case to an officer on it (or the desk's lead): how a task
    left without an assignee by an unassign is taken up again. Whoever may add a task to the
    case (a write of its file) may, with a reason (as every hand-over of work in casework);
    the ``task_assigned`` event says from whom to whom, and why."""
    info = work.case(user, case_ref, "write", purpose)
    with work.engine.connect() as connection:
        # An unknown task is a 404 before an unknown assignee's 400 (the address first).
        found = repo.task(connection, info.id, task_id)
        if found is None:
            raise NotFoundError(f"no task {task_id!r} in case {case_ref!r}")
        try:
            person = get_user(connection, assignee.strip())
        except NotFoundError:
            raise bad("assignee", f"no user named {assignee.strip()!r}") from None
    work.may_hold_task(info, person, case_ref)
    if found.status != "open":  # a done task is done already, whatever the reason given
        raise bad("task", f"is {found.status} already")
    why = _reason(reason)
    now = work.now()
    with transaction(work.engine) as connection:
        current = _locked_open(connection, info)
        row = repo.task(connection, info.id, task_id)
        if row is None:
            raise NotFoundError(f"no task {task_id!r} in case {case_ref!r}")
        if row.status != "open":
            raise bad("task", f"is {row.status} already")
        repo.lock_user(connection, person.id)
        person = get_user_by_id(connection, person.id)
        work.may_hold_task(current, person, case_ref)
        if row.assignee_id == person.id:
            raise bad("assignee", f"{person.name} holds the task already")
        was = repo.names(connection, {row.assignee_id}) if row.assignee_id else {}
        if not repo.give_task(connection, task_id, person.id):
            raise bad("task", "is no longer open")  # done meanwhile: nothing written
        repo.event(
            connection,
            info.id,
            "task_assigned",
            user.id,
            now,
            task_id,
            {
                "title": row.title,
                "assignee": person.name,
                "from": was.get(str(row.assignee_id)) if row.assignee_id else None,
                "reason": why,
            },
        )
    return {
        "id": task_id,
        "title": row.title,
        "assignee": person.name,
        "status": "open",
        "reason": why,
    }


def close_case(
    work: Casework,
    user: User,
    case_ref: str,
    *,
    outcome: str,
    reason: str,
    purpose: str | None,
    force: bool = False,
) -> dict[str, Any]:
    """Close the case with an outcome and a summary; its file becomes read-only."""
    info = work.case(user, case_ref, "read", purpose)
    _lead_only(work, user, info, purpose, "closes its cases")
    _not_closed(work, info)
    known = outcomes()
    if known.get(outcome.strip()) is None:
        allowed = ", ".join(o.id for o in known.items)
        raise bad("outcome", f"{outcome.strip()!r} is not an outcome; one of {allowed}")
    why = _reason(reason, minimum=MIN_CLOSING_CHARS)
    now = work.now()
    try:
        with transaction(work.engine) as connection:
            _locked_open(connection, info)
            still = repo.open_tasks(connection, info.id)
            if still and not force:
                listed = "; ".join(f"{t['title']} ({t['id']})" for t in still)
                raise bad(
                    "tasks", f"{len(still)} task(s) still open: {listed}; finish them or force"
                )
            if still:
                repo.cancel_tasks(connection, [t["id"] for t in still], user.id, now)
            repo.close(
                connection,
                {
                    "case_id": info.id,
                    "outcome": outcome.strip(),
                    "outcomes_version": known.version,
                    "reason": why,
                    "closed_by": user.id,
                    "closed_at": now,
                },
            )
            repo.event(
                connection,
                info.id,
                "closed",
                user.id,
                now,
                outcome.strip(),
                {
                    "outcome": outcome.strip(),
                    "reason": why,
                    "cancelled_tasks": [t["title"] for t in still],
                },
            )
    except IntegrityError:
        # A close that slipped past the lock (a writer that does not take it): same answer.
        raise CaseClosedError(
            f"closed: case {info.ref} is closed; the desk lead may reopen it"
        ) from None
    return {"status": "closed", "outcome": outcome.strip(), "cancelled_tasks": len(still)}


def reopen_case(
    work: Casework, user: User, case_ref: str, *, reason: str, purpose: str | None
) -> dict[str, Any]:
    """Reopen a closed case (the desk lead, with a reason); its retention clock stops."""
    info = work.case(user, case_ref, "read", purpose)
    _lead_only(work, user, info, purpose, "reopens its cases")
    why = _reason(reason)
    now = work.now()
    with transaction(work.engine) as connection:
        # Locked first: of concurrent reopens one wins, the others find the case open (400).
        repo.lock_case(connection, info.id)
        was = repo.closing(connection, info.id)
        if was is None:
            raise bad("case", f"{info.ref} is not closed")
        repo.reopen(connection, info.id)
        repo.event(
            connection,
            info.id,
            "reopened",
            user.id,
            now,
            was["outcome"],
            {"reason": why, "outcome": was["outcome"]},
        )
    return {"status": "open"}


def _names(connection: Any, case_id: str) -> list[str]:
    case = load_case(connection, case_id)
    return sorted(repo.names(connection, set(case.assigned)).values())
