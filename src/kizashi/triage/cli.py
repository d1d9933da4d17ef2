"""``kizashi triage``, ``kizashi entity show``, ``kizashi alerts list|show|assign|review|outcomes``.

Reads and reviews act as a named user (``--user``, or ``KIZASHI_USER``) through the guard,
exactly as the API does: the decision is logged before anything is printed, a hidden alert
is "no such alert", and a failed audit append prints nothing. ``kizashi triage`` is batch
work run by the host's operator and is logged as ``cli:<os user>`` first.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from kizashi.cli.common import (
    cli_access,
    command_clock,
    handle_errors,
    quiet_broken_pipe,
    run_job,
    stderr,
    time_option,
    write_json,
    write_jsonl,
)

__all__ = ["alerts_app", "entity_app", "triage"]

alerts_app = typer.Typer(help="Alerts: the desks' review queues.", no_args_is_help=True)
entity_app = typer.Typer(
    help="Entities: who a report is about, across sources.", no_args_is_help=True
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
    str, typer.Option("--purpose", help="Why you need it (required for sensitive material).")
]


def _guarded(user_name: str | None) -> tuple[Any, Any]:
    """The guard and the user the command acts as (a credential is needed for --as)."""
    access = cli_access(user_name)
    return access.guard, access.user


@handle_errors
def triage(
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Decay risk to this time (default: now).")
    ] = None,
    purchases: Annotated[
        bool,
        typer.Option(
            "--purchases/--no-purchases",
            help="Run the purchase rules first (the pipeline runs them as their own stage; "
            "`kizashi pipeline run` does both in order).",
        ),
    ] = False,
) -> None:
    """Score every entity and open or update alerts; print a summary (a backfill: the live
    pipeline does this for the entities each new report touches)."""
    from kizashi.triage.service import run_triage

    when = time_option(as_of, "--as-of")
    store = run_job("triage", {"as_of": as_of, "purchases": purchases})
    summary = run_triage(store, now=command_clock()(), as_of=when, run_purchases=purchases)
    write_json(summary.as_dict())
    stderr.print(
        f"{summary.contributions} contributions, {summary.above_threshold} entities above the "
        f"threshold, alerts: {summary.alerts}",
        markup=False,
    )


@entity_app.command("show")
@handle_errors
def entity_show(
    entity_id: Annotated[str, typer.Argument(help="Entity id.")],
    user: UserOpt = None,
    purpose: PurposeOpt = "",
    as_of: Annotated[str | None, typer.Option("--as-of", help="Decay to this time.")] = None,
) -> None:
    """Every linked report in time order, with the risk contributions (JSON)."""
    from kizashi.triage.entity import entity_view

    guard, acting = _guarded(user)
    write_json(entity_view(guard, acting, entity_id, purpose, as_of=time_option(as_of, "--as-of")))


@alerts_app.command("list")
@handle_errors
def alerts_list(
    user: UserOpt = None,
    purpose: PurposeOpt = "",
    status: Annotated[
        str | None, typer.Option(help="open, new, in_review, confirmed, dismissed.")
    ] = None,
    desk: Annotated[str | None, typer.Option(help="Desk id (default: your desk).")] = None,
    category: Annotated[str | None, typer.Option(help="Only this category.")] = None,
    entity: Annotated[str | None, typer.Option(help="Only this entity's alerts.")] = None,
    min_score: Annotated[float | None, typer.Option(help="Only scores at least this.")] = None,
    sort: Annotated[str, typer.Option(help="-score, score, -opened_at, opened_at, ...")] = "-score",
    limit: Annotated[int, typer.Option(help="Page size.")] = 50,
    after: Annotated[str | None, typer.Option(help="Cursor of the next page.")] = None,
) -> None:
    """A page of alerts as JSONL; the next page's cursor goes to stderr."""
    from kizashi.triage.access import AlertFilter, list_alerts

    guard, acting = _guarded(user)
    where = AlertFilter(status, desk, category, entity, min_score, sort, after, limit)
    page = list_alerts(guard, acting, where, purpose)
    with quiet_broken_pipe():
        write_jsonl(page["items"])
    if page["next_after"]:
        stderr.print(f"next page: --after {page['next_after']}", markup=False)


@alerts_app.command("show")
@handle_errors
def alerts_show(
    alert_id: Annotated[str, typer.Argument(help="Alert id.")],
    user: UserOpt = None,
    purpose: PurposeOpt = "",
) -> None:
    """One alert with its explanation and history (JSON)."""
    from kizashi.triage.access import get_alert

    guard, acting = _guarded(user)
    write_json(get_alert(guard, acting, alert_id, purpose))


@alerts_app.command("assign")
@handle_errors
def alerts_assign(
    alert_id: Annotated[str, typer.Argument(help="Alert id.")],
    assignee: Annotated[str, typer.Argument(help="User name (on the alert's desk).")],
    user: UserOpt = None,
    reason: Annotated[str | None, typer.Option(help="Why.")] = None,
    purpose: PurposeOpt = "",
) -> None:
    """Assign an alert to a user of its desk."""
    from kizashi.triage.access import assign_alert

    guard, acting = _guarded(user)
    write_json(assign_alert(guard, acting, alert_id, assignee, reason, purpose))


@alerts_app.command("review")
@handle_errors
def alerts_review(
    alert_id: Annotated[str, typer.Argument(help="Alert id.")],
    status: Annotated[str, typer.Argument(help="in_review, confirmed or dismissed.")],
    user: UserOpt = None,
    reason: Annotated[
        str | None, typer.Option(help="Required to confirm, dismiss or reopen.")
    ] = None,
    purpose: PurposeOpt = "",
) -> None:
    """Move an alert: new → in_review → confirmed | dismissed, or reopen a closed one."""
    from kizashi.triage.access import review_alert

    guard, acting = _guarded(user)
    write_json(review_alert(guard, acting, alert_id, status, reason, purpose))


@alerts_app.command("outcomes")
@handle_errors
def alerts_outcomes(
    desk: Annotated[str | None, typer.Option(help="Only this desk's alerts.")] = None,
) -> None:
    """Per rule: alerts confirmed, dismissed and the precision (JSONL; `*all*` is the total)."""
    from kizashi.triage.lifecycle import outcome_report

    store = run_job("outcome-report", {"desk": desk})
    with store.connect() as connection, quiet_broken_pipe():
        write_jsonl(outcome_report(connection, desk=desk))
