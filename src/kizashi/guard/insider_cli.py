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
    engine,
    handle_errors,
    quiet_broken_pipe,
    settings,
    stderr,
    write_json,
    write_jsonl,
)
from kizashi.guard.audit_setup import open_audit_log
from kizashi.guard.cli_user import cli_terminal, cli_user, local_operator
from kizashi.guard.insider_queue import get_insider_alert, list_insider_alerts
from kizashi.guard.policy_service import Guard

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
    budget_per_300: float = typer.Option(
        5.0, "--budget-per-300", help="Alerts a day allowed per 300 officers."
    ),
    scorer: str = typer.Option("hst", "--scorer", help="hst (river HalfSpaceTrees) or zsum."),
    jobs: int = typer.Option(1, "--jobs", help="Seeds evaluated in parallel processes."),
) -> None:
    """Recall per insider scenario at a fixed alert budget, across generator seeds."""
    chosen = _seeds(seeds)
    if scorer not in ("hst", "zsum") or budget_per_300 <= 0:
        stderr.print("[red]error:[/red] --scorer is hst or zsum; --budget-per-300 is positive")
        raise typer.Exit(EXIT_USAGE)
    # Imported here: river and scipy take a second to load, and every `kizashi` run loads this.
    from kizashi.guard.insider.evaluate import format_table, run_eval

    stderr.print(f"evaluating seeds {', '.join(map(str, chosen))} (about 30 s a seed)")
    print(format_table(run_eval(chosen, budget_per_300, scorer, jobs)))


@guard_app.command("synth")
def synth_command(
    seed: int = typer.Option(1, "--seed", help="Generator seed (same seed, same log)."),
    out: Path = typer.Option(Path("-"), "--out", help="Output JSONL file ('-' for stdout)."),
) -> None:
    """Write the synthetic access log of a seed as JSONL, with its labels."""
    from kizashi.guard.insider.synth import generate, write_jsonl

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

AS_HELP = "Act as this user (else $KIZASHI_USER, else the local operator: unrouted material only)."
PURPOSE_HELP = "Why you need it (logged with the decision)."


@insiders_app.command("run")
@handle_errors
def insiders_run(
    days: int = typer.Option(35, "--days", min=7, help="Days of audit log to analyse."),
) -> None:
    """Analyse the audit log and store insider alerts with their explanations (JSON summary)."""
    from kizashi.guard.insider.service import run_insiders

    current = settings()
    store = engine(current)
    guard = Guard(store, open_audit_log(current, store))
    summary = run_insiders(guard, actor=local_operator().id, days=days)
    write_json(asdict(summary))


@alerts_app.command("list")
@handle_errors
def alerts_list(
    as_user: str | None = typer.Option(None, "--as", help=AS_HELP),
    purpose: str = typer.Option("inspection review", "--purpose", help=PURPOSE_HELP),
    status: str | None = typer.Option(None, "--status", help="new, in_review, confirmed, ..."),
) -> None:
    """Insider alerts you may read, newest first, one JSON line each (none: not yours to see)."""
    current = settings()
    store = engine(current)
    guard = Guard(store, open_audit_log(current, store))
    user = cli_user(store, as_user)
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
    current = settings()
    store = engine(current)
    guard = Guard(store, open_audit_log(current, store))
    user = cli_user(store, as_user)
    record = get_insider_alert(guard, user, alert_id, purpose, terminal=cli_terminal())
    if text:
        print(record["explanation"])
    else:
        write_json(record)


@guard_app.command("route")
@handle_errors
def route(
    dry_run: bool = typer.Option(False, "--dry-run", help="Count, label nothing."),
    rules: Path | None = typer.Option(None, "--rules", help="Routing rules (default: shipped)."),
) -> None:
    """Route unrouted reports to desks by the rules in guard/data/routing.yaml (counts as JSON)."""
    from kizashi.guard.audit import AuditEntry
    from kizashi.guard.routing import load_routing, route_reports

    current = settings()
    store = engine(current)
    routing = load_routing(rules) if rules else load_routing()
    # Routing reads every unrouted report: logged first, as the local operator.
    open_audit_log(current, store).append(
        AuditEntry(
            actor=local_operator().id,
            action="route",
            resource_type="report",
            resource_id="*",
            purpose="desk routing",
            effect="allow",
            context={"dry_run": dry_run, "rules": [r.id for r in routing.rules]},
        )
    )
    counts = route_reports(store, routing, dry_run=dry_run)
    write_json({"dry_run": dry_run, "routed": dict(sorted(counts.items()))})
