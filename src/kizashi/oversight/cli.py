"""`kizashi oversight`: expiry, legal holds, case closures, purpose changes, access reports.

Every command acts as a user (``--as``, with their credential) and is decided by the guard
before it runs: expiry and holds by an administrator or the host's operator (RETAIN-1), a
dry run and the reports by oversight officers and auditors too (RETAIN-2, OVERSIGHT-1),
purpose changes by a desk lead or the command centre (PURPOSE-5). Output is JSON.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

import typer

from kizashi.cli.common import (
    AsOption,
    PurposeOption,
    cli_access,
    handle_errors,
    time_option,
    write_json,
)
from kizashi.errors import InputError

if TYPE_CHECKING:
    from kizashi.oversight.access import Period

oversight_app = typer.Typer(
    help="Retention and expiry, purpose changes, and access reports for oversight.",
    no_args_is_help=True,
)
hold_app = typer.Typer(help="Legal holds: nothing held expires.", no_args_is_help=True)
oversight_app.add_typer(hold_app, name="hold")


@oversight_app.command("expire")
@handle_errors
def expire_command(
    dry_run: bool = typer.Option(
        False, "--dry-run", help="List what would expire and why; change nothing."
    ),
    as_of: str | None = typer.Option(
        None, "--as-of", help="Judge retention at this time (ISO 8601; default now)."
    ),
    as_user: AsOption = None,
    purpose: PurposeOption = None,
) -> None:
    """Expire the reports past their retention (crypto-shredding), in one transaction."""
    from kizashi.oversight.service import run_expiry

    access = cli_access(as_user, purpose or "retention expiry")
    run = run_expiry(
        access.guard,
        access.user,
        dry_run=dry_run,
        as_of=time_option(as_of, "--as-of"),
        purpose=access.purpose,
        terminal=access.terminal,
    )
    write_json(run.as_dict())


class _Asked(TypedDict):
    """What an access report is asked about, by whom and why: the same for its two forms
    (the JSON report, the signed export)."""

    entity: str | None
    officer: str | None
    report: str | None
    period: Period
    purpose: str
    terminal: str


@oversight_app.command("access")
@handle_errors
def access_command(
    entity: str | None = typer.Option(None, "--entity", help="Who looked at this person."),
    officer: str | None = typer.Option(None, "--officer", help="What this user looked at."),
    report: str | None = typer.Option(
        None, "--report", help="Every use of this report, and the purposes it served."
    ),
    since: str | None = typer.Option(None, "--since", help="From this time (ISO 8601)."),
    until: str | None = typer.Option(None, "--until", help="Before this time (ISO 8601)."),
    proofs: bool = typer.Option(
        False, "--proofs", help="Add each entry's inclusion proof against a signed checkpoint."
    ),
    signed: Path | None = typer.Option(
        None,
        "--signed",
        help="Write a signed export (ZIP: PDF, JSON with proofs, SIGNATURE) to this file.",
    ),
    lang: str = typer.Option("ja", "--lang", help="The PDF's language: ja or en."),
    as_user: AsOption = None,
    purpose: PurposeOption = None,
) -> None:
    """Who looked at whom, when, why, and what the guard decided (audit metadata only)."""
    from kizashi.oversight.access import Period
    from kizashi.oversight.service import access_report

    access = cli_access(as_user, purpose or "oversight review")
    asked = _Asked(
        entity=entity,
        officer=officer,
        report=report,
        period=Period(time_option(since, "--since"), time_option(until, "--until")),
        purpose=access.purpose,
        terminal=access.terminal,
    )
    if signed is not None:
        from kizashi.oversight.exports import signed_access_report

        bundle, found = signed_access_report(access.guard, access.user, lang=lang, **asked)
        signed.write_bytes(bundle)
        write_json({"out": str(signed), "bytes": len(bundle), "summary": found["summary"]})
        return
    found = access_report(access.guard, access.user, proofs=proofs, **asked)
    write_json(found)
    tampered = found["summary"]["tampered"]
    if tampered:
        # Loud on the terminal as well as marked in the JSON: the rest is still shown.
        typer.secho(
            f"TAMPERED: {len(tampered)} entries do not match the audit log's hashes "
            f"(seq {', '.join(map(str, tampered))}); what they show is not what was logged. "
            "Check with `kizashi audit export` and `kizashi audit verify`.",
            err=True,
            fg="red",
            bold=True,
        )


@oversight_app.command("repurpose")
@handle_errors
def repurpose_command(
    report_id: str = typer.Argument(..., help="The report."),
    to: str = typer.Option(..., "--to", help="The purpose id it may also serve."),
    reason: str = typer.Option(..., "--reason", help="Why it is needed for that purpose."),
    legal_basis: str = typer.Option(..., "--legal-basis", help="The law that allows it."),
    as_user: AsOption = None,
    purpose: PurposeOption = None,
) -> None:
    """Record a purpose change for a report, if the guard allows it (PURPOSE-3..5)."""
    from kizashi.oversight.service import change_purpose

    access = cli_access(as_user, purpose or f"purpose change to {to}")
    write_json(
        change_purpose(
            access.guard,
            access.user,
            report_id,
            to=to,
            reason=reason,
            legal_basis=legal_basis,
            purpose=access.purpose,
            terminal=access.terminal,
        )
    )


@oversight_app.command("purposes")
def purposes_command() -> None:
    """The purposes of collection and use in force (purposes.yaml)."""
    from kizashi.oversight.service import purposes

    write_json(purposes())


@oversight_app.command("close-case")
@handle_errors
def close_case_command(
    case: str = typer.Argument(..., help="Case id or reference."),
    reason: str = typer.Option(..., "--reason", help="Why the case closed."),
    as_user: AsOption = None,
    purpose: PurposeOption = None,
) -> None:
    """Record that a case closed: its material's retention runs from now."""
    from kizashi.oversight.service import close_case

    access = cli_access(as_user, purpose or "case closure")
    close_case(
        access.guard,
        access.user,
        case,
        reason=reason,
        purpose=access.purpose,
        terminal=access.terminal,
    )
    write_json({"closed": case})


@hold_app.command("place")
@handle_errors
def hold_place(
    kind: str = typer.Argument(..., help="case or report."),
    ref: str = typer.Argument(..., help="The case id or report id."),
    reason: str = typer.Option(..., "--reason", help="Why it must be kept."),
    as_user: AsOption = None,
    purpose: PurposeOption = None,
) -> None:
    """Place a legal hold on a case's material or on one report."""
    from kizashi.oversight.service import place_hold

    access = cli_access(as_user, purpose or "legal hold")
    write_json(
        place_hold(
            access.guard,
            access.user,
            kind,
            ref,
            reason=reason,
            purpose=access.purpose,
            terminal=access.terminal,
        )
    )


@hold_app.command("release")
@handle_errors
def hold_release(
    hold_id: str = typer.Argument(..., help="The hold's id."),
    as_user: AsOption = None,
    purpose: PurposeOption = None,
) -> None:
    """Release a legal hold (what it kept expires on the next run, if due)."""
    from kizashi.oversight.service import release_hold

    access = cli_access(as_user, purpose or "legal hold")
    release_hold(
        access.guard, access.user, hold_id, purpose=access.purpose, terminal=access.terminal
    )
    write_json({"released": hold_id})


@oversight_app.command("report")
@handle_errors
def report_command(
    period: str | None = typer.Option(
        None, "--period", help="2026-Q4, 2026-11 or 2026 (calendar periods in Japan time)."
    ),
    start: str | None = typer.Option(
        None, "--from", help="First day (YYYY-MM-DD, Japan time) or a time with a zone."
    ),
    end: str | None = typer.Option(
        None, "--to", help="Last day, included (YYYY-MM-DD), or a time with a zone (excluded)."
    ),
    form: str = typer.Option("json", "--format", help="json, or markdown (readable tables)."),
    out: str | None = typer.Option(None, "--out", help="Write to this file, not stdout."),
    as_user: AsOption = None,
    purpose: PurposeOption = None,
) -> None:
    """The transparency report for a period: counts only, small counts suppressed."""
    from pathlib import Path

    import orjson

    from kizashi.oversight.transparency import markdown, transparency_report

    if form not in ("json", "markdown"):
        raise InputError(f"--format: json or markdown, not {form!r}")
    access = cli_access(as_user, purpose or "oversight review")
    report = transparency_report(
        access.guard,
        access.user,
        period=period,
        start=start,
        end=end,
        purpose=access.purpose,
        terminal=access.terminal,
    )
    if out is None:
        if form == "json":
            write_json(report)
        else:
            typer.echo(markdown(report))
        return
    data = (
        orjson.dumps(report, option=orjson.OPT_INDENT_2) + b"\n"
        if form == "json"
        else markdown(report).encode("utf-8")
    )
    Path(out).write_bytes(data)


# Subject access, correction notes and the rules in force (kizashi.oversight.cli_sar).
@oversight_app.command("verify-export")
@handle_errors
def verify_export_command(
    bundle: Path = typer.Argument(..., help="A signed export (ZIP)."),
    key: Path | None = typer.Option(
        None,
        "--key",
        help="The audit log's public key (.vkey); default: the one beside the installation's "
        "checkpoint key.",
    ),
) -> None:
    """Check a signed oversight export: the audit key signed it and no file changed."""
    from kizashi.config import load_settings
    from kizashi.guard.audit import key_path, read_verifier, verifier_path
    from kizashi.oversight.exports import verify

    verifier = read_verifier(key if key is not None else verifier_path(key_path(load_settings())))
    try:
        data = bundle.read_bytes()
    except OSError as exc:
        raise InputError(f"{bundle}: {exc.strerror or exc}") from None
    write_json(verify(data, verifier))


def _register_sar() -> None:
    from kizashi.oversight.cli_sar import register_commands

    register_commands(oversight_app)


_register_sar()
