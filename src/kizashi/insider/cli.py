"""`kizashi guard`: insider analytics (real runs, the alert queue) and their evaluation.

`insiders run` analyses the real audit log and stores alerts; `alerts list|show` read the
queue as a user (`--as`), through the guard: only the inspection desk sees anything.

`eval` generates a log per seed, runs detection under the alert budget and prints recall
per scenario (Markdown table on stdout, progress on stderr). `synth` writes one seed's log
as JSONL: a directory line, insider and confounder label lines, then one line per event.
"""

from __future__ import annotations

import sys
from dataclasses import asdict
from pathlib import Path

import typer

from kizashi.cli.common import (
    EXIT_USAGE,
    cli_access,
    handle_errors,
    quiet_broken_pipe,
    stderr,
    write_json,
    write_jsonl,
)
from kizashi.guard.identity import cli_terminal
from kizashi.insider.queue import get_insider_alert, list_insider_alerts

guard_app = typer.Typer(
    help="Insider analytics: synthetic access logs and evaluation at an alert budget.",
    no_args_is_help=True,
)


def _seeds(text: str) -> list[int]:
    try:
        seeds = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        seeds = []
    if not seeds:
        stderr.print(f"[red]error:[/red] --seeds wants integers like 1,2,3, not {text!r}")
        raise typer.Exit(EXIT_USAGE)
    return seeds


@guard_app.command("eval")
def eval_command(
    seeds: str = typer.Option("1,2,3", "--seeds", help="Generator seeds, comma-separated."),
    log: list[Path] = typer.Option(
        [], "--log", help="A labelled access log (JSONL, docs/insider.md); repeat for more."
    ),
    labels: list[Path] = typer.Option(
        [], "--labels", help="The labels file of each --log, in the same order (if separate)."
    ),
    budget_per_300: float = typer.Option(
        5.0, "--budget-per-300", help="Queue alerts a day allowed per 300 officers."
    ),
    scorer: str = typer.Option("surprise", "--scorer", help="surprise (default) or hst."),
    jobs: int = typer.Option(1, "--jobs", help="Seeds evaluated in parallel processes."),
) -> None:
    """Recall per scenario within 24 h, alert precision and user-day AUC/AP at a budget.

    Without --log, scores the project's own generator (--seeds); with --log, any labelled
    access log in the documented format.
    """
    if scorer not in ("surprise", "hst") or budget_per_300 <= 0:
        stderr.print("[red]error:[/red] --scorer is surprise or hst; --budget-per-300 > 0")
        raise typer.Exit(EXIT_USAGE)
    if labels and len(labels) != len(log):
        stderr.print("[red]error:[/red] give one --labels per --log, or none")
        raise typer.Exit(EXIT_USAGE)
    # Imported here: numpy, scipy and river take a second to load, and every `kizashi` run
    # loads this module.
    from kizashi.insider.evaluate import format_table, run_eval, run_log

    if log:
        from kizashi.errors import KizashiError
        from kizashi.insider.logfile import read_log

        reports = []
        for i, path in enumerate(log):
            stderr.print(f"reading {path}")
            try:
                loaded = read_log(path, labels[i] if labels else None)
            except KizashiError as exc:
                stderr.print(f"[red]error:[/red] {exc}")
                raise typer.Exit(exc.exit_code) from None
            stderr.print(f"scoring {len(loaded.events)} events of {loaded.days} days")
            reports.append(run_log(loaded, budget_per_300, scorer))
        print(format_table(reports))
        return
    chosen = _seeds(seeds)
    stderr.print(f"evaluating seeds {', '.join(map(str, chosen))} (about 30 s a seed)")
    print(format_table(run_eval(chosen, budget_per_300, scorer, jobs)))


@guard_app.command("synth")
def synth_command(
    seed: int = typer.Option(1, "--seed", help="Generator seed (same seed, same log)."),
    out: Path = typer.Option(Path("-"), "--out", help="Output JSONL file ('-' for stdout)."),
) -> None:
    """Write the synthetic access log of a seed as JSONL, with its labels."""
    from kizashi.insider.synth import generate, write_jsonl

    log = generate(seed)
    if str(out) == "-":
        count = write_jsonl(log, sys.stdout.buffer)
        sys.stdout.flush()
    else:
        with out.open("wb") as handle:
            count = write_jsonl(log, handle)
    stderr.print(
        f"wrote {count} events, {len(log.insiders)} insiders, "
        f"{len(log.directory.officers)} officers over {log.days} days"
    )


insiders_app = typer.Typer(help="Insider analytics over the real audit log.", no_args_is_help=True)
alerts_app = typer.Typer(
    help="The inspection desk's insider-alert queue (decided by the guard).", no_args_is_help=True
)
guard_app.add_typer(insiders_app, name="insiders")
guard_app.add_typer(alerts_app, name="alerts")

AS_HELP = (
    "Act as this user, with their credential ($KIZASHI_TOKEN, or their password at the "
    "terminal); else the host's operator (unrouted material only)."
)
PURPOSE_HELP = "Why you need it (logged with the decision)."


@insiders_app.command("run")
@handle_errors
def insiders_run(
    days: int = typer.Option(35, "--days", min=7, help="Days of audit log to analyse."),
) -> None:
    """Analyse the audit log and store insider alerts with their explanations (JSON summary)."""
    from kizashi.insider.service import run_insiders

    access = cli_access()
    summary = run_insiders(access.guard, actor=access.user, now=access.guard.now(), days=days)
    write_json(asdict(summary))


@alerts_app.command("list")
@handle_errors
def alerts_list(
    as_user: str | None = typer.Option(None, "--as", help=AS_HELP),
    purpose: str = typer.Option("inspection review", "--purpose", help=PURPOSE_HELP),
    status: str | None = typer.Option(None, "--status", help="new, in_review, confirmed, ..."),
) -> None:
    """Insider alerts you may read, newest first, one JSON line each (none: not yours to see)."""
    access = cli_access(as_user, purpose)
    guard, user = access.guard, access.user
    records = list_insider_alerts(guard, user, purpose, status=status, terminal=cli_terminal())
    with quiet_broken_pipe():
        write_jsonl({k: v for k, v in r.items() if k not in ("features", "rules")} for r in records)


@alerts_app.command("show")
@handle_errors
def alerts_show(
    alert_id: str = typer.Argument(..., help="The alert id."),
    as_user: str | None = typer.Option(None, "--as", help=AS_HELP),
    purpose: str = typer.Option("inspection review", "--purpose", help=PURPOSE_HELP),
    text: bool = typer.Option(False, "--text", help="Print the explanation as text, not JSON."),
) -> None:
    """One insider alert with its explanation (rules, features, audit entries behind them)."""
    access = cli_access(as_user, purpose)
    guard, user = access.guard, access.user
    record = get_insider_alert(guard, user, alert_id, purpose, terminal=cli_terminal())
    if text:
        print(record["explanation"])
    else:
        write_json(record)


def _review(
    alert_id: str,
    step: str,
    as_user: str | None,
    purpose: str,
    reason: str = "",
    assignee: str | None = None,
    until: str | None = None,
) -> None:
    from datetime import datetime

    from kizashi.errors import InputError
    from kizashi.insider.review import review_insider_alert

    access = cli_access(as_user, purpose)
    guard, user = access.guard, access.user
    expiry = None
    if until is not None:
        try:
            expiry = datetime.fromisoformat(until)
        except ValueError:
            raise InputError(f"--until wants an ISO date-time, not {until!r}") from None
        if expiry.tzinfo is None:
            raise InputError("--until needs a time zone, e.g. 2026-12-31T00:00+09:00")
    record = review_insider_alert(
        guard,
        user,
        alert_id,
        step,
        purpose,
        reason=reason,
        assignee=assignee,
        until=expiry,
        terminal=cli_terminal(),
    )
    write_json({k: record[k] for k in ("id", "user", "day", "status", "assignee", "reason")})


ALERT_ID = typer.Argument(..., help="The alert id.")
REASON = typer.Option("", "--reason", help="Why (required to confirm, dismiss or suppress).")


@alerts_app.command("ack")
@handle_errors
def alerts_ack(
    alert_id: str = ALERT_ID,
    as_user: str | None = typer.Option(None, "--as", help=AS_HELP),
    purpose: str = typer.Option("inspection review", "--purpose", help=PURPOSE_HELP),
) -> None:
    """Acknowledge an insider alert (seen; not yet judged)."""
    _review(alert_id, "acknowledge", as_user, purpose)


@alerts_app.command("assign")
@handle_errors
def alerts_assign(
    alert_id: str = ALERT_ID,
    to: str | None = typer.Option(None, "--to", help="The inspector (default: yourself)."),
    as_user: str | None = typer.Option(None, "--as", help=AS_HELP),
    purpose: str = typer.Option("inspection review", "--purpose", help=PURPOSE_HELP),
) -> None:
    """Assign an insider alert to an inspector (status in_review)."""
    _review(alert_id, "assign", as_user, purpose, assignee=to)


@alerts_app.command("confirm")
@handle_errors
def alerts_confirm(
    alert_id: str = ALERT_ID,
    reason: str = REASON,
    as_user: str | None = typer.Option(None, "--as", help=AS_HELP),
    purpose: str = typer.Option("inspection review", "--purpose", help=PURPOSE_HELP),
) -> None:
    """Confirm an insider alert as misconduct (final; the day leaves the baselines)."""
    _review(alert_id, "confirm", as_user, purpose, reason=reason)


@alerts_app.command("dismiss")
@handle_errors
def alerts_dismiss(
    alert_id: str = ALERT_ID,
    reason: str = REASON,
    as_user: str | None = typer.Option(None, "--as", help=AS_HELP),
    purpose: str = typer.Option("inspection review", "--purpose", help=PURPOSE_HELP),
) -> None:
    """Dismiss an insider alert with a reason (final; the risk it carried is cleared)."""
    _review(alert_id, "dismiss", as_user, purpose, reason=reason)


@alerts_app.command("suppress")
@handle_errors
def alerts_suppress(
    alert_id: str = ALERT_ID,
    until: str = typer.Option(..., "--until", help="Expiry, ISO date-time with zone."),
    reason: str = REASON,
    as_user: str | None = typer.Option(None, "--as", help=AS_HELP),
    purpose: str = typer.Option("inspection review", "--purpose", help=PURPOSE_HELP),
) -> None:
    """Silence the officer's queue alerts until a date (hard violations still come)."""
    _review(alert_id, "suppress", as_user, purpose, reason=reason, until=until)
