"""``kizashi cases assign|unassign|task-assign|hand-over|close|reopen|outcomes``: a case's
officers, its tasks' holders and its end from the command line (docs/cases.md "The command line").

The same calls as the API and the page (:mod:`kizashi.casework.lifecycle`), with the same
guard: the command acts as the user named by ``--as`` with that user's credential
(``$KIZASHI_TOKEN``, or their password at the terminal), else as the host's operator, who is
not on any case and gets the 404 of a missing case. Each step is decided and logged with the
stated ``--purpose`` and is an event of the case's timeline. A refusal is one line on stderr
and the exit code its error class declares (``kizashi.errors``): 3 for a closed case
(``CaseClosedError``), a disabled officer (``InactiveOfficerError``), bad input, a refusal
by the guard or an unknown case; 4 when the store cannot be reached.

``kizashi users cases assign`` stays the administrators' tool (the guard's ``HOST-1`` or an
admin's credential): it writes the assignment without the desk lead's rules or a timeline
event.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from kizashi.casework.domain import MAX_REASON_CHARS, MIN_CLOSING_CHARS
from kizashi.cli.common import (
    cli_access,
    handle_errors,
    quiet_broken_pipe,
    settings,
    write_json,
    write_jsonl,
)

__all__ = ["cases_app"]

cases_app = typer.Typer(
    help="A case's officers and its end: assign, unassign, hand over, close, reopen.",
    no_args_is_help=True,
)

UserOpt = Annotated[
    str | None,
    typer.Option(
        "--as",
        "--user",
        help="Act as this user, with their credential ($KIZASHI_TOKEN, or their password at "
        "the terminal); else the host's operator.",
    ),
]
PurposeOpt = Annotated[
    str, typer.Option("--purpose", help="Why (logged with each decision of the guard).")
]
RefArg = Annotated[str, typer.Argument(help="Case reference, e.g. LO-2026-031.")]
ReasonOpt = Annotated[str, typer.Option("--reason", help="Why (the timeline keeps it).")]


def _work(user_name: str | None, purpose: str) -> tuple[Any, Any]:
    """The casework service on the command's guard, and the user it acts as."""
    from kizashi.casework.service import Casework

    access = cli_access(user_name, purpose or None)
    return Casework(access.guard.engine, access.guard, settings()), access.user


@cases_app.command("assign")
@handle_errors
def cases_assign(
    ref: RefArg,
    officer: Annotated[str, typer.Argument(help="An active officer of the case's desk.")],
    reason: ReasonOpt,
    user: UserOpt = None,
    purpose: PurposeOpt = "",
) -> None:
    """Put an officer of the case's desk on the case (the desk lead)."""
    from kizashi.casework.lifecycle import assign_officer

    work, acting = _work(user, purpose)
    names = assign_officer(work, acting, ref, officer, reason=reason, purpose=purpose or None)
    write_json({"case": ref, "assigned": names})


@cases_app.command("unassign")
@handle_errors
def cases_unassign(
    ref: RefArg,
    officer: Annotated[str, typer.Argument(help="An officer assigned to the case.")],
    reason: ReasonOpt,
    user: UserOpt = None,
    purpose: PurposeOpt = "",
) -> None:
    """Take an officer off the case (the desk lead); never the case's last officer."""
    from kizashi.casework.lifecycle import unassign_officer

    work, acting = _work(user, purpose)
    names = unassign_officer(work, acting, ref, officer, reason=reason, purpose=purpose or None)
    write_json({"case": ref, "assigned": names})


@cases_app.command("task-assign")
@handle_errors
def cases_task_assign(
    ref: RefArg,
    task: Annotated[str, typer.Argument(help="The task's id (the case file lists them).")],
    assignee: Annotated[str, typer.Argument(help="An officer on the case, or the desk lead.")],
    reason: ReasonOpt,
    user: UserOpt = None,
    purpose: PurposeOpt = "",
) -> None:
    """Give an open task to an officer on the case (one an unassign left unassigned), with a
    reason."""
    from kizashi.casework.lifecycle import assign_task

    work, acting = _work(user, purpose)
    write_json(
        assign_task(work, acting, ref, task, assignee, reason=reason, purpose=purpose or None)
    )


@cases_app.command("hand-over")
@handle_errors
def cases_hand_over(
    ref: RefArg,
    to_officer: Annotated[
        str, typer.Option("--to", help="An active officer of the desk, not yet on the case.")
    ],
    reason: ReasonOpt,
    from_officer: Annotated[
        str | None,
        typer.Option("--from", help="The officer handing over (default: the acting user)."),
    ] = None,
    user: UserOpt = None,
    purpose: PurposeOpt = "",
) -> None:
    """Hand the case (and the outgoing officer's open tasks on it) to a colleague of the desk:
    the desk lead, or the officer handing over their own case."""
    from kizashi.casework.lifecycle import hand_over_case

    work, acting = _work(user, purpose)
    names = hand_over_case(
        work,
        acting,
        ref,
        from_officer=from_officer or acting.name,
        to_officer=to_officer,
        reason=reason,
        purpose=purpose or None,
    )
    write_json({"case": ref, "assigned": names})


@cases_app.command("close")
@handle_errors
def cases_close(
    ref: RefArg,
    outcome: Annotated[str, typer.Option("--outcome", help="An id of `kizashi cases outcomes`.")],
    reason: Annotated[
        str,
        typer.Option(
            "--reason",
            help=f"The closing summary ({MIN_CLOSING_CHARS} to {MAX_REASON_CHARS:,} characters).",
        ),
    ],
    force: Annotated[
        bool, typer.Option("--force", help="Cancel the case's open tasks instead of refusing.")
    ] = False,
    user: UserOpt = None,
    purpose: PurposeOpt = "",
) -> None:
    """Close the case with an outcome and a summary (the desk lead); it becomes read-only."""
    from kizashi.casework.lifecycle import close_case

    work, acting = _work(user, purpose)
    done = close_case(
        work, acting, ref, outcome=outcome, reason=reason, purpose=purpose or None, force=force
    )
    write_json({"case": ref, **done})


@cases_app.command("reopen")
@handle_errors
def cases_reopen(
    ref: RefArg,
    reason: ReasonOpt,
    user: UserOpt = None,
    purpose: PurposeOpt = "",
) -> None:
    """Reopen a closed case (the desk lead); its retention clock stops."""
    from kizashi.casework.lifecycle import reopen_case

    work, acting = _work(user, purpose)
    write_json(
        {"case": ref, **reopen_case(work, acting, ref, reason=reason, purpose=purpose or None)}
    )


@cases_app.command("outcomes")
@handle_errors
def cases_outcomes() -> None:
    """The outcomes a case may be closed with (JSONL: id, Japanese, English, list version)."""
    from kizashi.casework.outcomes import outcomes

    known = outcomes()
    with quiet_broken_pipe():
        write_jsonl(
            {"id": o.id, "ja": o.ja, "en": o.en, "version": known.version} for o in known.items
        )
