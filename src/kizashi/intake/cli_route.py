"""`kizashi guard route`: route unrouted reports to desks by the rules in report_routing.yaml.

Registered under the ``guard`` command group (its name predates the move of report routing
from the guard to intake; command names stay as users know them).
"""

from __future__ import annotations

from pathlib import Path

import typer

from kizashi.cli.common import (
    command_clock,
    decide_job,
    engine,
    handle_errors,
    settings,
    write_json,
)
from kizashi.intake.report_routing import load_report_routing, route_reports


@handle_errors
def route(
    dry_run: bool = typer.Option(False, "--dry-run", help="Count, label nothing."),
    rules: Path | None = typer.Option(None, "--rules", help="Routing rules (default: shipped)."),
) -> None:
    """Route unrouted reports to desks by the rules in intake/report_routing.yaml (counts as JSON)."""
    current = settings()
    store = engine(current)
    routing = load_report_routing(rules) if rules else load_report_routing()
    # Routing reads every unrouted report: a batch job, decided and logged first.
    decide_job(current, store, "report-routing", {"dry_run": dry_run, "rules": len(routing.rules)})
    counts = route_reports(store, routing, now=command_clock()(), dry_run=dry_run)
    write_json({"dry_run": dry_run, "routed": dict(sorted(counts.items()))})
