"""`kizashi guard`: the synthetic access log and the insider-analytics evaluation.

`eval` generates a log per seed, runs detection under the alert budget and prints recall
per scenario (Markdown table on stdout, progress on stderr). `synth` writes one seed's log
as JSONL: a directory line, insider and confounder label lines, then one line per event.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from kizashi.cli.common import EXIT_USAGE, stderr

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
