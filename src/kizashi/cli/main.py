"""The root of the `kizashi` command line; each context contributes its sub-app."""

from __future__ import annotations

import typer

from kizashi.cli.admin import init, schema, serve, show_settings, tokens_app
from kizashi.cli.ingest import ingest
from kizashi.cli.store import db_app, quarantine_app, reports_app, runs_app
from kizashi.demo.cli import demo
from kizashi.detect.cli import detect_app, scan
from kizashi.guard.admin_cli import users_app
from kizashi.guard.cli import audit_app
from kizashi.guard.insider_cli import guard_app
from kizashi.purchases.cli import purchases_app
from kizashi.resolve.cli import judge_app, link, resolve
from kizashi.trace.cli import trace_app
from kizashi.triage.cli import alerts_app, entity_app, triage

app = typer.Typer(
    name="kizashi",
    help="kizashi (兆し): early-warning intelligence platform. Data commands are JSONL filters.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.command("init")(init)
app.command("settings")(show_settings)
app.command("schema")(schema)
app.command("serve")(serve)
app.command("ingest")(ingest)
app.command("scan")(scan)
app.add_typer(db_app, name="db")
app.add_typer(reports_app, name="reports")
app.add_typer(quarantine_app, name="quarantine")
app.add_typer(runs_app, name="runs")
app.add_typer(tokens_app, name="tokens")
app.add_typer(audit_app, name="audit")
app.add_typer(users_app, name="users")
app.add_typer(guard_app, name="guard")
app.add_typer(detect_app, name="detect")
app.add_typer(trace_app, name="trace")
app.command("demo")(demo)
app.command("triage")(triage)
app.add_typer(alerts_app, name="alerts")
app.add_typer(entity_app, name="entity")
app.add_typer(purchases_app, name="purchases")
app.command("resolve")(resolve)
app.command("link")(link)
app.add_typer(judge_app, name="judge")


__all__ = ["app"]
