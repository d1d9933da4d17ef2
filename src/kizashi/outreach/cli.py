"""``kizashi outreach ...``: the register, activities, approachers, reports, reading, evaluation.

Reads and writes act as a named user (``--as``, or ``KIZASHI_USER``) with that user's
credential (``KIZASHI_TOKEN``, or the password asked for at a terminal) through the guard, as
the API does: the decision is logged before anything is printed. ``read`` is a JSONL filter
over texts (no store); ``run`` reads every stored report of outreach's channels (a backfill:
the live pipeline's outreach stage does this per new report) and is decided as a batch job
(``HOST-1``/``JOB-1``) before it starts.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
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
from kizashi.errors import InputError

__all__ = ["outreach_app"]

outreach_app = typer.Typer(
    help="Companies, outreach visits and consultations, approachers read as a modus operandi, "
    "coverage and briefing statistics.",
    no_args_is_help=True,
)

UserOpt = Annotated[
    str,
    typer.Option(
        "--as",
        "--user",
        envvar="KIZASHI_USER",
        help="Act as this user, with their credential: $KIZASHI_TOKEN, or their password "
        "asked for at the terminal.",
    ),
]
PurposeOpt = Annotated[
    str, typer.Option("--purpose", help="Why you need it (required for sensitive material).")
]


def _guarded(user_name: str) -> tuple[Any, Any]:
    """The guard and the user, who acts only with their credential (``KIZASHI_TOKEN``, or
    their password asked for at a terminal: docs/guard.md, "The command line")."""
    access = cli_access(user_name)
    return access.guard, access.user


def _json_file(path: Path) -> Any:
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: cannot read JSON: {exc}") from None


def _model(cls: Any, data: Any, where: str) -> Any:
    from pydantic import ValidationError

    try:
        return cls.model_validate(data)
    except ValidationError as exc:
        reasons = "; ".join(f"{_field(e['loc'])}: {e['msg']}" for e in exc.errors())
        raise InputError(f"{where}: {reasons}") from None


def _field(loc: Any) -> str:
    """A field path as the API writes it (``sites[0].ward``); the file itself when the error
    is about its whole content (a list where one object belongs: it named no field before)."""
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "(the file: one JSON object)"


@outreach_app.command("read")
@handle_errors
def read(
    source: Annotated[
        Path | None, typer.Argument(help="JSONL of {id, text} (default: stdin).")
    ] = None,
) -> None:
    """Read approach narratives into stages: JSONL {id, text} in, {id, stages, evidence} out."""
    from kizashi.outreach.escalation import ApproacherFacts, escalate
    from kizashi.outreach.reading import read_approach

    stream = source.open(encoding="utf-8") if source else sys.stdin
    with quiet_broken_pipe():
        for number, line in enumerate(stream, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                text = str(record["text"])
            except (ValueError, KeyError, TypeError):
                raise InputError(f"line {number}: needs a JSON object with 'text'") from None
            reading = read_approach(text)
            level = escalate(ApproacherFacts([reading.furthest]))
            write_jsonl([{"id": record.get("id"), **reading.to_json(), "level": level.level}])


@outreach_app.command("eval")
@handle_errors
def evaluate_command(
    split: Annotated[str, typer.Option(help="dev, test (frozen) or all.")] = "dev",
    failures: Annotated[
        bool, typer.Option(help="List the dev split's misses (never the test split's).")
    ] = False,
    background: Annotated[
        bool,
        typer.Option(help="Also read ordinary sentences (../shared/data, Tanaka/Tatoeba)."),
    ] = False,
) -> None:
    """Stage accuracy and escalation precision/recall on the approach narratives."""
    from kizashi.outreach.evaluation import background as background_rates
    from kizashi.outreach.evaluation import evaluate

    try:
        result = evaluate(split, failures=failures)
        if background:
            result["background"] = background_rates()
        write_json(result)
    except ValueError as exc:
        raise InputError(str(exc)) from None


@outreach_app.command("run")
@handle_errors
def run(
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Re-score the entities of changed findings as of this time, as `kizashi "
            "triage --as-of` does (default: now).",
        ),
    ] = None,
) -> None:
    """Read every stored report of outreach's channels and recompute the approachers."""
    from kizashi.outreach.approachers import read_all

    when = time_option(as_of, "--as-of")
    store = run_job("outreach", {"what": "read every approach report", "as_of": as_of})
    summary = read_all(store, now=command_clock()(), as_of=when)
    write_json(summary.as_dict())


@outreach_app.command("companies")
@handle_errors
def companies(user: UserOpt, purpose: PurposeOpt = "") -> None:
    """The company register, one JSON object per company."""
    from kizashi.outreach.service import list_companies

    guard, who = _guarded(user)
    write_jsonl(list_companies(guard, who, purpose))


@outreach_app.command("company")
@handle_errors
def company(
    company_id: Annotated[str, typer.Argument(help="The company's id.")],
    user: UserOpt,
    purpose: PurposeOpt = "",
) -> None:
    """A company: record, outreach history, next follow-up, approach reports."""
    from kizashi.outreach.service import company_view

    guard, who = _guarded(user)
    write_json(company_view(guard, who, purpose, company_id))


@outreach_app.command("register")
@handle_errors
def register(
    path: Annotated[Path, typer.Argument(help="JSON file of the company (see docs/outreach.md).")],
    user: UserOpt,
    purpose: PurposeOpt = "",
) -> None:
    """Register a company from a JSON file."""
    from kizashi.outreach.registry import CompanyIn
    from kizashi.outreach.service import register_company

    data = _model(CompanyIn, _json_file(path), str(path))
    guard, who = _guarded(user)
    write_json(register_company(guard, who, purpose, data))


@outreach_app.command("activity")
@handle_errors
def activity(
    company_id: Annotated[str, typer.Argument(help="The company's id.")],
    path: Annotated[Path, typer.Argument(help="JSON file of the activity.")],
    user: UserOpt,
    purpose: PurposeOpt = "",
) -> None:
    """Record a visit, briefing or consultation (JSON: kind, held_at, topics, follow_up_due...)."""
    from kizashi.outreach.registry import ActivityIn
    from kizashi.outreach.service import log_activity

    data = _model(ActivityIn, _json_file(path), str(path))
    guard, who = _guarded(user)
    write_json(log_activity(guard, who, purpose, company_id, data))


@outreach_app.command("approachers")
@handle_errors
def approachers(user: UserOpt, purpose: PurposeOpt = "") -> None:
    """Approachers the user may see, newest first."""
    from kizashi.outreach.service import list_approachers

    guard, who = _guarded(user)
    write_jsonl(list_approachers(guard, who, purpose))


@outreach_app.command("approacher")
@handle_errors
def approacher(
    entity_id: Annotated[str, typer.Argument(help="The approacher's entity id.")],
    user: UserOpt,
    purpose: PurposeOpt = "",
) -> None:
    """An approacher and the approach timeline read into stages."""
    from kizashi.outreach.service import approacher_view

    guard, who = _guarded(user)
    write_json(approacher_view(guard, who, purpose, entity_id))


@outreach_app.command("coverage")
@handle_errors
def coverage(
    user: UserOpt,
    purpose: PurposeOpt = "",
    days: Annotated[int, typer.Option(help="Window for visits.")] = 365,
) -> None:
    """Sectors and wards not visited; companies that reported nothing for a year."""
    from kizashi.outreach.reports import coverage as report

    guard, who = _guarded(user)
    write_json(report(guard, who, purpose, days=days))


@outreach_app.command("briefing")
@handle_errors
def briefing(
    user: UserOpt,
    purpose: PurposeOpt = "",
    export: Annotated[
        Path | None, typer.Option(help="Write the briefing (Markdown) here: the desk lead only.")
    ] = None,
    lang: Annotated[str, typer.Option(help="ja or en.")] = "ja",
) -> None:
    """Anonymised approach statistics by stage, sector and method (small counts suppressed)."""
    from kizashi.outreach.reports import briefing_markdown, briefing_statistics

    if lang not in ("ja", "en"):
        raise InputError("--lang is ja or en")
    guard, who = _guarded(user)
    stats = briefing_statistics(guard, who, purpose, export=export is not None)
    if export is not None:
        export.write_text(briefing_markdown(stats, lang), encoding="utf-8")
        stderr.print(f"briefing written to {export}")
    write_json(stats)
