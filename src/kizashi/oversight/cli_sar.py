"""`kizashi oversight sar|correct|rules`: subject access, correction notes, rules in force.

- ``sar register REF --requester ... --legal-basis ... --person NAME --phone ...`` (SAR-1:
  oversight officers), ``sar export REF [--out FILE]`` (SAR-2: an administrator, once).
- ``correct REPORT --note ... --reason ... [--field PATH]``: a correction note beside a report
  (whoever may work on the report's desk).
- ``rules [--at TIME | --alert ID] [--content]``: the rule versions in force at a time, or
  those an alert was scored under (OVERSIGHT-1).

Output is JSON, as for the rest of ``kizashi oversight``.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import orjson
import typer

from kizashi.cli.common import AsOption, PurposeOption, cli_access, handle_errors, write_json
from kizashi.errors import InputError

JST = timezone(timedelta(hours=9))

sar_app = typer.Typer(
    help="Subject-access requests: registered by oversight, exported once by an administrator.",
    no_args_is_help=True,
)


@sar_app.command("register")
@handle_errors
def sar_register(
    ref: str = typer.Argument(..., help="The request's reference."),
    requester: str = typer.Option(..., "--requester", help="Who asked."),
    legal_basis: str = typer.Option(..., "--legal-basis", help="The law the person asks under."),
    person: list[str] = typer.Option([], "--person", help="A name the person goes by."),
    phone: list[str] = typer.Option([], "--phone", help="A phone number of the person."),
    email: list[str] = typer.Option([], "--email", help="An e-mail address of the person."),
    account: list[str] = typer.Option([], "--account", help="An account handle of the person."),
    address: list[str] = typer.Option([], "--address", help="An address of the person."),
    as_user: AsOption = None,
    purpose: PurposeOption = None,
) -> None:
    """Register a lawful subject-access request (SAR-1)."""
    from kizashi.oversight.subject_access import register

    access = cli_access(as_user, purpose or "subject access request")
    given = {"person": person, "phone": phone, "email": email, "account": account}
    given["address"] = address
    write_json(
        register(
            access.guard,
            access.user,
            ref,
            requester=requester,
            legal_basis=legal_basis,
            identifiers=given,
            purpose=access.purpose,
            terminal=access.terminal,
        )
    )


@sar_app.command("export")
@handle_errors
def sar_export(
    ref: str = typer.Argument(..., help="The request's reference."),
    out: Path | None = typer.Option(None, "--out", help="Write the JSON export to this file."),
    signed: Path | None = typer.Option(
        None,
        "--signed",
        help="Write the export signed (ZIP: PDF, JSON, SIGNATURE) to this file.",
    ),
    lang: str = typer.Option("ja", "--lang", help="The PDF's language: ja or en."),
    as_user: AsOption = None,
    purpose: PurposeOption = None,
) -> None:
    """Export what the platform holds about the person, with tear-lines (SAR-2, once)."""
    from kizashi.oversight.subject_access import export

    access = cli_access(as_user, purpose or "subject access request")
    if signed is not None:
        from kizashi.oversight.exports import signed_sar_export

        bundle, document = signed_sar_export(
            access.guard,
            access.user,
            ref,
            lang=lang,
            purpose=access.purpose,
            terminal=access.terminal,
        )
        signed.write_bytes(bundle)
        if out is not None:
            out.write_bytes(orjson.dumps(document, option=orjson.OPT_INDENT_2))
        write_json({"ref": ref, "signed": str(signed), "sha256": document["sha256"]})
        return
    document = export(
        access.guard, access.user, ref, purpose=access.purpose, terminal=access.terminal
    )
    if out is None:
        write_json(document)
        return
    out.write_bytes(orjson.dumps(document, option=orjson.OPT_INDENT_2))
    write_json({"ref": ref, "out": str(out), "sha256": document["sha256"], **document["counts"]})


def correct_command(
    report_id: str = typer.Argument(..., help="The report."),
    note: str = typer.Option(..., "--note", help="The corrected statement."),
    reason: str = typer.Option(..., "--reason", help="Why it is corrected."),
    field: str | None = typer.Option(None, "--field", help="The field it is about, if one."),
    requested_by: str | None = typer.Option(
        None, "--requested-by", help="e.g. the subject-access request it answers."
    ),
    as_user: AsOption = None,
    purpose: PurposeOption = None,
) -> None:
    """Attach a correction note to a report; the report itself never changes."""
    from kizashi.oversight.corrections import add_correction

    access = cli_access(as_user, purpose or "correction of a report")
    write_json(
        add_correction(
            access.guard,
            access.user,
            report_id,
            note=note,
            reason=reason,
            field=field,
            requested_by=requested_by,
            purpose=access.purpose,
            terminal=access.terminal,
        )
    )


def rules_command(
    at: str | None = typer.Option(None, "--at", help="In force at this time (ISO 8601)."),
    alert: str | None = typer.Option(
        None, "--alert", help="The versions an alert was scored under."
    ),
    signal: str | None = typer.Option(
        None, "--signal", help="The versions of detect's rule files a signal was scored under."
    ),
    content: bool = typer.Option(False, "--content", help="Include each version's content."),
    as_user: AsOption = None,
    purpose: PurposeOption = None,
) -> None:
    """The triage thresholds, urgent rules, routing, watch-lists and detect's rule files in
    force, by version."""
    from kizashi.oversight.rule_versions import rules_report

    access = cli_access(as_user, purpose or "oversight review")
    write_json(
        rules_report(
            access.guard,
            access.user,
            at=_at(at),
            alert=alert,
            signal=signal,
            content=content,
            purpose=access.purpose,
            terminal=access.terminal,
        )
    )


def _at(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise InputError(f"--at: not an ISO 8601 date or time: {text!r}") from None
    if value.tzinfo is None:
        # A bare date or time is read in Japan's time: the day as the desks lived it.
        value = value.replace(tzinfo=JST)
    return value


def register_commands(app: typer.Typer) -> None:
    """Add ``sar``, ``correct`` and ``rules`` to ``kizashi oversight``."""
    app.add_typer(sar_app, name="sar")
    app.command("correct")(handle_errors(correct_command))
    app.command("rules")(handle_errors(rules_command))
