"""The app's operations commands: `kizashi doctor`, `kizashi backup`, `kizashi restore`,
and the checks run before a service command starts (`serve` runs them itself; `worker`, the
pipeline room's command, is wrapped by the root group with :func:`before_worker`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from kizashi.cli.common import decide_job, engine, handle_errors, settings, stderr, write_json
from kizashi.errors import EXIT_CONFIG
from kizashi.store import make_engine

LEVEL_STYLE = {
    "ok": "[green]ok[/green]",
    "warn": "[yellow]warn[/yellow]",
    "fail": "[red]FAIL[/red]",
}


@handle_errors
def doctor(
    profile: Annotated[
        str | None,
        typer.Option(
            help="Check as this profile (development or production; default: KIZASHI_PROFILE)."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of a table.")] = False,
) -> None:
    """Check the installation as `kizashi serve` would start it; every check with its fix.

    Exits 5 when a check fails (in development the production-only checks only warn)."""
    from kizashi.ops import Launch, run_checks

    config = settings()
    if profile is not None:
        if profile not in ("development", "production"):
            raise typer.BadParameter("development or production", param_hint="--profile")
        config = config.model_copy(update={"profile": profile})
    store = make_engine(config)
    try:
        checks = run_checks(config, store, Launch.from_settings(config, "serve"))
    finally:
        store.dispose()
    if as_json:
        write_json([{**check.__dict__, "failed": check.failed} for check in checks])
    else:
        table = Table("check", "", "found", "fix", show_lines=True)
        for check in checks:
            fix = escape(check.fix) if check.level != "ok" else f"[dim]{escape(check.fix)}[/dim]"
            table.add_row(check.title, LEVEL_STYLE[check.level], escape(check.detail), fix)
        Console(width=160).print(table)
        stderr.print(f"profile: {config.profile}", markup=False)
    if any(check.failed for check in checks):
        raise typer.Exit(EXIT_CONFIG)


def before_worker(kwargs: dict[str, Any]) -> None:
    """What the root group runs before `kizashi worker`: logging, metrics and the profile."""
    from kizashi.observe import configure_logging, enable_metrics
    from kizashi.ops import Launch, enforce

    config = settings()
    configure_logging(config)
    enable_metrics()
    command: Literal["worker"] = "worker"
    store = make_engine(config)
    try:
        enforce(
            config, store, Launch(command, pipeline_processes=int(kwargs.get("processes") or 1))
        )
    finally:
        store.dispose()


@handle_errors
def backup(
    directory: Annotated[
        Path, typer.Argument(help="Folder to write the backup into (as a new directory).")
    ],
    name: Annotated[
        str | None,
        typer.Option(help="Name of the backup directory (default: kizashi-backup-<time>)."),
    ] = None,
) -> None:
    """Back up the store with its audit chain: a copy, the signed checkpoints, a manifest."""
    from kizashi.clock import system_clock
    from kizashi.ops.backup import take_backup

    config = settings()
    store = engine(config)
    try:
        # A backup copies every record: a batch job of the host's operator, decided and logged
        # before it starts (so the backup holds the entry that says it was taken).
        decide_job(config, store, "backup", {"directory": str(directory)})
        path, manifest = take_backup(config, store, directory, system_clock, name=name)
    finally:
        store.dispose()
    write_json({"backup": str(path), **manifest.to_json()})


@handle_errors
def restore(
    backup_dir: Annotated[Path, typer.Argument(metavar="BACKUP", help="A backup directory.")],
    reason: Annotated[
        str | None,
        typer.Option(
            "--reason",
            help="Why entries the witness or the live store hold may be lost (recorded in the "
            "log and by the witness); without it such a restore is refused.",
        ),
    ] = None,
) -> None:
    """Restore a backup; refused if it would cut the audit log short, unless told why."""
    import getpass

    from kizashi.clock import system_clock
    from kizashi.ops.restore import restore_backup
    from kizashi.store import is_up_to_date

    config = settings()
    report = restore_backup(
        config, backup_dir, system_clock, actor=f"cli:{getpass.getuser()}", reason=reason
    )
    write_json(report.__dict__)
    restored = make_engine(config)
    try:
        if not is_up_to_date(restored):
            stderr.print(
                f"the restored store is at migration {report.migration}: run `kizashi db upgrade`",
                markup=False,
            )
    finally:
        restored.dispose()
