"""`kizashi resolve`, `kizashi link FILE|eval` and `kizashi judge same|not-same|undo`."""

from __future__ import annotations

import csv
import getpass
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from kizashi.cli.common import engine, handle_errors, settings, stderr, write_json, write_jsonl
from kizashi.config import Settings
from kizashi.errors import InputError

judge_app = typer.Typer(
    help="Analyst judgements on entity links: same, not the same, undo.", no_args_is_help=True
)

Engine = Annotated[str, typer.Option("--engine", help="Linkage backend: duckdb or spark.")]


def _audit(
    config: Settings,
    store: Any,
    action: str,
    resource_id: str,
    context: dict[str, Any] | None = None,
) -> str:
    """Log the CLI action to the audit log before it runs (fails closed); returns the actor."""
    from kizashi.guard import AuditEntry, open_audit_log

    actor = f"cli:{getpass.getuser()}"
    open_audit_log(config, store).append(
        AuditEntry(
            actor=actor,
            action=action,
            resource_type="entity_link",
            resource_id=resource_id,
            purpose="unspecified",
            effect="allow",
            context=context or {},
        )
    )
    return actor


def _read_records(path: Path) -> list[dict[str, Any]]:
    try:
        text = sys.stdin.read() if str(path) == "-" else path.read_text("utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from exc
    if path.suffix.lower() == ".csv":
        return [dict(row) for row in csv.DictReader(text.splitlines())]
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}: line {number}: not JSON ({exc.msg})") from exc
        if not isinstance(record, dict):
            raise InputError(f"{path}: line {number}: expected an object")
        records.append(record)
    return records


@handle_errors
def link(
    target: Annotated[
        str,
        typer.Argument(
            help="CSV or JSONL person records ('-' for stdin), or 'eval' for the evaluation."
        ),
    ],
    id_field: Annotated[
        str | None, typer.Option("--id-field", help="Field holding the record id.")
    ] = None,
    link_engine: Engine = "duckdb",
    threshold: Annotated[float, typer.Option(help="Match probability to cluster at.")] = 0.9,
    only: Annotated[
        str | None, typer.Option(help="eval: only data sets whose name contains this.")
    ] = None,
) -> None:
    """Link person records: writes {"id", "cluster"} per record as JSONL.

    Fields: name, name_kana, name_romaji, birth_date, phone, email, address (any subset;
    other fields are compared as text). `kizashi link eval` prints pairwise precision, recall
    and F1 on FEBRL 1-4 and the Japanese cross-script set beside plain splink.
    """
    if target == "eval":
        _link_eval(link_engine, only)
        return
    if not id_field:
        raise InputError("--id-field: name the field that holds each record's id")
    path = Path(target)
    from kizashi.resolve import LinkConfig, feature_rows, link_rows
    from kizashi.resolve.records import RecordError

    records = _read_records(path)
    try:
        rows = feature_rows(records, id_field)
    except RecordError as exc:
        raise InputError(f"{path}: {exc}") from exc
    result = link_rows(rows, engine=link_engine, config=LinkConfig(threshold=threshold))
    write_jsonl({"id": r["unique_id"], "cluster": result.clusters[r["unique_id"]]} for r in rows)


def _link_eval(link_engine: str, only: str | None) -> None:
    from rich.console import Console
    from rich.table import Table

    from kizashi.resolve.evaluate import evaluate

    table = Table(
        "data set", "records", "kizashi P", "R", "F1", "s", "plain splink P", "R", "F1", "s"
    )
    for row in evaluate(engine=link_engine, only=only):
        k, p = row["kizashi"], row["plain"]
        table.add_row(
            row["dataset"],
            str(row["records"]),
            f"{k.precision:.4f}",
            f"{k.recall:.4f}",
            f"{k.f1:.4f}",
            f"{row['kizashi_seconds']:.0f}",
            f"{p.precision:.4f}",
            f"{p.recall:.4f}",
            f"{p.f1:.4f}",
            f"{row['plain_seconds']:.0f}",
        )
        stderr.print(f"{row['dataset']}: F1 {k.f1:.4f} (plain {p.f1:.4f})")
    Console(width=140).print(table)


@handle_errors
def resolve(link_engine: Engine = "duckdb") -> None:
    """Link every report's person records and write entities (idempotent; applies judgements)."""
    from kizashi.resolve import resolve_store

    config = settings()
    store = engine(config)
    _audit(config, store, "resolve", "*", {"engine": link_engine})
    summary = resolve_store(store, link_engine=link_engine)
    write_json(summary.__dict__)


def _judge(verdict: str, left: str, right: str, reason: str) -> None:
    from kizashi.resolve import record_judgement

    config = settings()
    store = engine(config)
    actor = _audit(config, store, f"judge_{verdict}", f"{left}:{right}", {"reason": reason})
    judgement = record_judgement(store, left, right, verdict, user_id=actor, reason=reason)
    write_json({"judgement": judgement, "verdict": verdict, "left": left, "right": right})


Reason = Annotated[str, typer.Option("--reason", help="Why (stored with the judgement).")]
Left = Annotated[str, typer.Argument(help="A mention id.")]
Right = Annotated[str, typer.Argument(help="Another mention id.")]


@judge_app.command("same")
@handle_errors
def judge_same(left: Left, right: Right, reason: Reason) -> None:
    """The two mentions are the same person (overrides the model)."""
    _judge("same", left, right, reason)


@judge_app.command("not-same")
@handle_errors
def judge_not_same(left: Left, right: Right, reason: Reason) -> None:
    """The two mentions are NOT the same person (splits them apart, whatever the model says)."""
    _judge("not_same", left, right, reason)


@judge_app.command("undo")
@handle_errors
def judge_undo(judgement_id: Annotated[str, typer.Argument(help="The judgement id.")]) -> None:
    """Undo a judgement (it is kept, marked undone) and re-cluster without it."""
    from kizashi.resolve import undo_judgement

    config = settings()
    store = engine(config)
    actor = _audit(config, store, "judge_undo", judgement_id)
    undo_judgement(store, judgement_id, user_id=actor)
    write_json({"judgement": judgement_id, "undone": True})
