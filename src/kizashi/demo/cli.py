"""`kizashi demo`: a fresh workspace with the election-month scenario, and its summary."""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from kizashi.cli.common import EXIT_OK, command_clock, handle_errors, settings
from kizashi.demo.context import DemoContext
from kizashi.demo.credentials import OVERSIGHT_OFFICER
from kizashi.demo.run import run_demo


def print_summary(context: DemoContext, seconds: float, console: Console | None = None) -> None:
    """What `kizashi demo` prints when the build is done (on `console`, by default the
    terminal): the figures of each stage, and where a newcomer goes next — the web UI's
    address and whom to sign in as (the browser tests sign in with what it prints)."""
    console = console or Console(width=120)
    manifest = context.scenario.manifest
    console.print(
        f"[bold]kizashi demo[/bold] — scenario {manifest.get('scenario')} (seed {context.scenario.seed}), "
        f"built in {seconds:.1f} s"
    )
    table = Table("channel", "read", "stored", "already stored", "quarantined")
    for summary in context.summaries:
        table.add_row(
            summary.channel,
            str(summary.rows_read),
            str(summary.stored),
            str(summary.duplicates),
            str(summary.quarantined),
        )
    console.print(table)
    cases = Table("planted case", "kind", "records", "stored", "channels")
    for case in context.cases:
        channels = ", ".join(f"{k}×{v}" for k, v in case["channels"].items())
        cases.add_row(
            case["id"], str(case["kind"]), str(case["records"]), str(case["stored"]), channels
        )
    console.print(cases)
    _print_detection(console, context)
    _print_triage(console, context)
    _print_insider(console, context)
    _print_trace(console, context)
    _print_share(console, context)
    _print_resolution(console, context)
    _print_outreach(console, context)
    root = context.workspace.root
    kizashi = _command_name()
    console.print(f"workspace: {root}  (manifest: {context.workspace.manifest})")
    tokens = root / "tokens.json"
    console.print(
        f"try:  KIZASHI_DATA_DIR={root} KIZASHI_TOKEN=$(jq -r .matsumoto {tokens}) "
        f"{kizashi} reports list --channel partner_report | head -3"
    )
    console.print(f"      KIZASHI_DATA_DIR={root} {kizashi} serve   (API tokens in {tokens})")
    console.print(
        f"      KIZASHI_DATA_DIR={root} KIZASHI_TOKEN=$(jq -r .kimura {tokens}) "
        f"{kizashi} guard alerts list   (passwords in {root / 'users.json'}; at a terminal, "
        "--as NAME asks for one)"
    )
    _print_web(console, context)


WEB_USER = "matsumoto"  # the lone-offender command centre: the desk the planted alert goes to


def _print_web(console: Console, context: DemoContext) -> None:
    """Where a newcomer looks first: the web UI's address and whom to sign in as."""
    password = context.insider.users.get(WEB_USER, {}).get("password") if context.insider else None
    if password is None:
        return
    settings = context.settings
    host = "127.0.0.1" if settings.host in ("0.0.0.0", "::") else settings.host
    # soft_wrap: the address and the command stay whole on one line, to copy and paste.
    console.print(
        f"[bold]web UI:[/bold] http://{host}:{settings.port}/ui   — start it with: "
        f"KIZASHI_DATA_DIR={context.workspace.root} {_command_name()} serve",
        highlight=False,
        soft_wrap=True,
    )
    console.print(
        f"  sign in as [bold]{WEB_USER}[/bold] (lone-offender command centre) with password "
        f"[bold]{password}[/bold]: work the alert queue, open the top alert, confirm or dismiss",
        highlight=False,
        soft_wrap=True,
    )
    console.print(
        "  inspection desk: kimura (insider alerts); the other demo users and passwords are above",
        highlight=False,
        soft_wrap=True,
    )
    console.print(
        f"  oversight: {OVERSIGHT_OFFICER} (oversight officer) reads who looked at whom and why "
        "at /ui/oversight, never the material",
        highlight=False,
        soft_wrap=True,
    )


def _print_outreach(console: Console, context: DemoContext) -> None:
    for found in context.outreach.get("approachers", []):
        if found["level"] != "alert":
            continue
        console.print(
            f"outreach: approacher {' / '.join(found['names'])} — {found['companies']} companies, "
            f"furthest stage {found['furthest']}, rules {', '.join(found['fired'])}; alert for "
            f"{found['alert_desk']} ({found['alert_rule']})",
            highlight=False,
            soft_wrap=True,
        )
    if context.outreach.get("approachers"):
        console.print(
            "  economic-security desk: sign in as ogawa (desk lead) → 企業・接近事案; "
            "the country desk: morozumi (fa-russia); the company: tsc-security (partner)",
            highlight=False,
            soft_wrap=True,
        )


def _print_resolution(console: Console, context: DemoContext) -> None:
    result = context.resolution
    if not result:
        return
    summary = result["summary"]
    console.print(
        f"resolution (kizashi resolve): {summary['records']} person records → "
        f"{summary['person_entities']} people, {summary['entities']} entities"
    )
    channels = ", ".join(f"{k}×{v}" for k, v in result.get("joined_channels", {}).items())
    console.print(
        f"  planted lone offender {result.get('offender_label')} = entity "
        f"{result.get('offender_entity')}: {result.get('joined_records')} of "
        f"{result.get('planted_records')} planted reports ({channels}); "
        f"decoy 山田 太一 separate: {'yes' if result.get('decoy_separate') else 'NO'}"
    )


def _print_detection(console: Console, context: DemoContext) -> None:
    detection = context.detection
    if not detection:
        return
    table = Table("detection (kizashi scan)", "planted", "flagged")
    for case_id, planted in sorted(detection["planted"].items()):
        table.add_row(case_id, str(planted), str(detection["found"].get(case_id, 0)))
    table.add_row("everything else", "—", str(detection["other_flags"]))
    console.print(table)
    console.print(f"{detection['scored']} stored reports with text scored into signals")


def _print_triage(console: Console, context: DemoContext) -> None:
    triage = context.triage
    if not triage:
        return
    if not triage.get("top"):
        console.print("triage: no entity has any risk yet (no resolved entities or signals)")
        return
    table = Table("triage: top entities", "kind", "risk")
    for row in triage.get("top", [])[:5]:
        table.add_row(str(row["label"]), str(row["kind"]), f"{row['score']:.1f}")
    console.print(table)
    firings = context.purchases.get("firings", 0)
    console.print(
        f"{firings} purchase-rule firings, {triage.get('contributions', 0)} risk contributions, "
        f"alerts: {triage.get('alerts', {})}"
    )


def _print_insider(console: Console, context: DemoContext) -> None:
    insider = context.insider
    if insider is None:
        return
    users = Table("demo user (password sign-in)", "desk", "role", "password")
    for name, info in insider.users.items():
        users.add_row(name, info["desk"], info["role"], info["password"])
    console.print(users)
    console.print(
        f"insider analytics: {insider.decisions} accesses decided through the guard "
        f"({insider.refused} refused), {insider.run.get('alerts', 0)} alert(s) for the "
        "inspection desk (read them as kimura):"
    )
    for alert in insider.alerts:
        console.print(alert["explanation"], markup=False, highlight=False)


def _print_trace(console: Console, context: DemoContext) -> None:
    trace = context.trace
    if not trace:
        return
    table = Table("leak tracing (kizashi trace find)", "named", "confidence")
    for key, label in (("still", "surveillance still IMG_0413.jpg"), ("plan", "retyped raid plan")):
        found = trace[key]
        table.add_row(
            label, ", ".join(found["named"]) or "nobody", f"{found.get('confidence', 0):.4f}"
        )
    console.print(table)
    for leak in trace["leaks"]:
        console.print(
            f"leaked operation {leak['operation']}: {leak['messages']} seized messages from "
            f"{leak['first_leak_at']}; had access before: {', '.join(leak['had_access'])}"
        )
    root = context.workspace.root
    console.print(
        # jq reads a name with a hyphen (insp-mori) only in brackets.
        f"      KIZASHI_DATA_DIR={root} KIZASHI_TOKEN=$(jq -r '.[\"{trace['inspector']}\"]' "
        f"{root / 'tokens.json'}) {_command_name()} trace find "
        f"{trace['files']['still']} --as {trace['inspector']} --purpose 'leak inquiry op-oyama'"
    )


def _print_share(console: Console, context: DemoContext) -> None:
    share = context.share
    if not share:
        return
    left = ", ".join(share["left_in_tearline"]) or "none"
    console.print(
        f"sharing: advisory 「{share['title']}」 {share['status']} to {', '.join(share['copies'])} "
        f"after a second person's approval; {share['removed']} item(s) torn out "
        f"(seeded personal data left in the tear-line: {left}); the leaked copy "
        f"{share['leak_file']} names {share['leak_named'] or 'nobody'}"
    )
    for row in share["platforms"]:
        console.print(
            f"request to {row['platform']} about {share['account']}: {share['request_status']}; "
            f"answered {row['answered']}, median {row['median_hours']} h from sending to answer"
        )
    console.print(
        "      web: sign in as ishida (the approver) or p-otsuka-housing (a partner's inbox) "
        "at /ui/share and /ui/partner (passwords in users.json)"
    )


def _command_name() -> str:
    """How the user can run kizashi again: its path when it is not on PATH (e.g. .venv/bin)."""
    invoked = Path(sys.argv[0])
    on_path = shutil.which(invoked.name)
    if not invoked.exists() or (on_path and Path(on_path).resolve() == invoked.resolve()):
        return "kizashi"
    return os.path.relpath(invoked)


@handle_errors
def demo(
    workspace: Annotated[
        Path | None,
        typer.Option(help="Workspace directory (default: <data_dir>/demo); rebuilt from scratch."),
    ] = None,
    seed: Annotated[
        int, typer.Option(help="Scenario seed: the same seed gives the same data.")
    ] = 20261122,
    scale: Annotated[
        float, typer.Option(min=0.01, max=10.0, help="Multiplier of the background volume.")
    ] = 1.0,
) -> None:
    """Build a fresh demo workspace: a month before a Tokyo ward election, through the real pipeline."""
    base = settings()
    root = workspace or base.data_dir / "demo"
    started = time.perf_counter()
    context = run_demo(base, root, seed=seed, scale=scale, built_at=command_clock()())
    print_summary(context, time.perf_counter() - started)
    failed = [c for c in context.cases if c["stored"] != c["records"]]
    quarantined = sum(s.quarantined for s in context.summaries)
    if failed or quarantined:
        Console(stderr=True).print(
            f"[red]demo data problem:[/red] {quarantined} rows quarantined; "
            f"cases incomplete: {[c['id'] for c in failed]}"
        )
        raise typer.Exit(1)
    raise typer.Exit(EXIT_OK)
