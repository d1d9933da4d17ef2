"""`kizashi resolve`, `kizashi link FILE|eval` and `kizashi judge same|not-same|undo`."""

from __future__ import annotations

import csv
import itertools
import json
import sys
import unicodedata
from collections.abc import Iterator, Sequence
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
    """Decide (and log) the linkage job before it runs (fails closed); returns the actor."""
    from kizashi.guard.policy import CliAccess

    access = CliAccess(config, store, None, "batch job")
    facts = {
        k: v if v is None or isinstance(v, str | int | bool) else str(v)
        for k, v in (context or {}).items()
    }
    access.job(f"{action}:{resource_id}" if resource_id != "*" else action, facts)
    return access.user.id


def _read_records(path: Path) -> Iterator[dict[str, Any]]:
    """Records of a CSV or JSONL file ('-': stdin), read as a stream."""
    try:
        handle = sys.stdin if str(path) == "-" else path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from exc
    with handle:
        if path.suffix.lower() == ".csv":
            yield from (dict(row) for row in csv.DictReader(handle))
            return
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}: line {number}: not JSON ({exc.msg})") from exc
            if not isinstance(record, dict):
                raise InputError(f"{path}: line {number}: expected an object")
            yield record


def _blocks(specs: list[str]) -> list[tuple[str, ...]]:
    """``--block postcode,street_number`` → the feature columns of one extra blocking rule."""
    from kizashi.resolve.records import feature_column

    out = []
    for spec in specs:
        fields = [f for f in (part.strip() for part in spec.split(",")) if f]
        if not fields:
            raise InputError(f"--block {spec!r}: name one or more fields, comma-separated")
        out.append(tuple(feature_column(f) for f in fields))
    return out


@handle_errors
def link(
    target: Annotated[
        str,
        typer.Argument(
            help="CSV or JSONL person records ('-' for stdin), or 'eval' for the evaluation."
        ),
    ],
    id_field: Annotated[
        str | None,
        typer.Option(
            "--id-field",
            help="Field holding the record id (default: the one column named id, rec_id, "
            "record_id, unique_id or recid, any case).",
        ),
    ] = None,
    link_engine: Engine = "duckdb",
    threshold: Annotated[float, typer.Option(help="Match probability to cluster at.")] = 0.9,
    block: Annotated[
        list[str] | None,
        typer.Option(
            "--block",
            help="An extra blocking rule: fields compared together, comma-separated "
            "(e.g. postcode,street_number). Repeatable. Every identifier column already blocks.",
        ),
    ] = None,
    only: Annotated[
        str | None, typer.Option(help="eval: only data sets whose name contains this.")
    ] = None,
) -> None:
    """Link person records: writes {"id", "cluster"} per record as JSONL.

    Fields: name (or family_name + given_name), name_kana, name_romaji, birth_date, phone,
    email, account, address (any subset; other fields are compared as text, and ID-like ones
    block and identify). Blocking rules come from the columns; --block adds more. The same
    model, decisions and clustering as `kizashi resolve` and the live path. `kizashi link
    eval` prints pairwise precision, recall and F1 on FEBRL 1-4, the Japanese cross-script
    set and the look-alike sets, beside plain splink, through this same path.
    """
    from kizashi.resolve import LinkConfig

    config = LinkConfig(threshold=threshold, extra_blocks=_blocks(block or []))
    if target == "eval":
        _link_eval(link_engine, only, config)
        return
    # Imported here so that the freeze below takes in the linker, splink and pandas: all
    # of it lives to the end, and the collector need not walk it again.
    from kizashi.resolve.evaluate import link_file_records  # noqa: F401
    from kizashi.resolve.heap import batch_heap

    with batch_heap():
        _link_file(Path(target), id_field, config, link_engine)


# Field names a record id goes by in the files people link (FEBRL's rec_id, splink's
# unique_id; a Japanese register's 受付番号, 管理番号 …), compared as people write headers
# (NFKC, any case): `kizashi link FILE` needs no option for them.
ID_FIELDS = ("id", "rec_id", "record_id", "unique_id", "recid")
JA_ID_FIELDS = (
    "受付番号",
    "管理番号",
    "整理番号",
    "記録番号",
    "レコード番号",
    "通し番号",
    "識別番号",
    "番号",
    "no",
    "受付no",
)


def id_field_of(path: Path, columns: Sequence[str], given: str | None) -> str:
    """The field holding the record ids: the one given, else the one column named like an
    id; an error naming the columns when none or several are (never a guess by position)."""
    if given:
        return given
    # The English names first: a file with an ``id`` and a ``No.`` column keeps its ``id``.
    named = [c for c in columns if _header(c) in ID_FIELDS] or [
        c for c in columns if _header(c) in JA_ID_FIELDS
    ]
    if len(named) == 1:
        return named[0]
    found = ", ".join(repr(c) for c in columns) or "none"
    if named:
        reason = f"several columns could hold the record id ({', '.join(map(repr, named))})"
    else:
        reason = f"no column named {', '.join((*ID_FIELDS, *JA_ID_FIELDS))}"
    raise InputError(f"{path}: {reason}; name it with --id-field (columns: {found})")


def _header(name: str) -> str:
    return unicodedata.normalize("NFKC", name).strip().casefold().rstrip(".")


def _link_file(path: Path, id_field: str | None, config: Any, link_engine: str) -> None:
    """`kizashi link FILE`: read, normalise, link, write the JSONL."""
    from kizashi.resolve.evaluate import link_file_records
    from kizashi.resolve.frame import feature_table, read_csv, release_memory
    from kizashi.resolve.records import RecordError, record_id

    ids: list[str] = []
    id_column: Any = None  # a CSV's ids stay an Arrow column (a million str objects: ~70 MB)
    source: Any
    if path.suffix.lower() == ".csv" and str(path) != "-":
        try:
            source = read_csv(str(path))
        except (OSError, ValueError) as exc:
            raise InputError(f"{path}: cannot read ({exc})") from exc
        id_field = id_field_of(path, source.column_names, id_field)
        if id_field not in source.column_names:
            raise InputError(f"{path}: no column {id_field!r} (--id-field)")
        id_column = source.column(id_field)
        try:
            source = feature_table(source, id_field)
        except RecordError as exc:
            raise InputError(f"{path}: {exc}") from exc
        release_memory()  # the raw table is gone: linking does not need its memory
    else:
        stream = _read_records(path)
        first = next(stream, None)
        # An empty file links nothing, whatever its ids would have been called.
        id_field = id_field_of(path, list(first), id_field) if first else (id_field or "id")
        named = id_field

        def records() -> Iterator[dict[str, Any]]:
            for record in itertools.chain(() if first is None else (first,), stream):
                ids.append(str(record.get(named, "")).strip())
                yield record

        source = records()
    try:
        clusters = link_file_records(source, config, link_engine, id_field)
    except RecordError as exc:
        raise InputError(f"{path}: {exc}") from exc
    if id_column is not None and _write_plain_ids(id_column, clusters):
        return
    ordered = _arrow_ids(id_column) if id_column is not None else iter(ids)
    # Each id as the file spells it, its cluster looked up as the linker keyed it (NFKC).
    write_jsonl({"id": raw, "cluster": clusters[record_id(raw)]} for raw in ordered)


# Printable ASCII but the two characters JSON escapes (" and \): such a string is its own
# JSON string body, and NFKC leaves it as it is.
_PLAIN = r"^[ !#-\[\]-~]*$"
_SLICE = 262_144  # rows of output built at a time


def _write_plain_ids(column: Any, clusters: dict[str, str]) -> bool:
    """The JSONL of a CSV's id column built by Arrow, a slice at a time — the same bytes as
    ``write_jsonl`` gives (compact, keys in order), without a dict, an NFKC and an
    ``orjson`` call per record. Only for ids that all need no escaping (printable ASCII
    without quote or backslash, their clusters too); False, with nothing written, for any
    other column (the caller then writes record by record)."""
    import numpy as np
    import pyarrow as pa  # type: ignore[import-untyped]
    import pyarrow.compute as pc  # type: ignore[import-untyped]

    ids = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    if not pa.types.is_string(ids.type) or ids.null_count:
        return False
    if pc.all(pc.match_substring_regex(ids, _PLAIN)).as_py() is False:
        return False
    # str(v).strip(), then record_id (NFKC, strip): for these ids, the spaces trimmed.
    raw = pc.utf8_trim(ids, " ")
    known = pa.array(list(clusters), pa.string())
    found = pc.index_in(raw, value_set=known)
    if found.null_count:  # an id the linker did not key: the caller's path says which
        return False
    labels = pa.array(list(clusters.values()), pa.string()).take(found)
    del known, found
    if pc.all(pc.match_substring_regex(labels, _PLAIN)).as_py() is False:
        return False
    out = sys.stdout.buffer
    for start in range(0, len(raw), _SLICE):
        lines = pc.binary_join_element_wise(
            '{"id":"',
            raw.slice(start, _SLICE),
            '","cluster":"',
            labels.slice(start, _SLICE),
            '"}\n',
            "",
        )
        # The lines end to end are the bytes between the first and last offset.
        _, offsets, data = lines.buffers()
        ends = np.frombuffer(offsets, dtype=np.int32)[lines.offset : lines.offset + len(lines) + 1]
        out.write(memoryview(data)[int(ends[0]) : int(ends[-1])])
    out.flush()
    return True


def _arrow_ids(column: Any) -> Iterator[str]:
    """The ids of a CSV column in file order, a slice at a time (never all as str objects)."""
    for start in range(0, len(column), 65_536):
        yield from (str(v).strip() for v in column.slice(start, 65_536).to_pylist())


def _link_eval(link_engine: str, only: str | None, config: Any) -> None:
    from rich.console import Console
    from rich.table import Table

    from kizashi.resolve.evaluate import evaluate

    table = Table(
        "data set", "records", "kizashi P", "R", "F1", "s", "plain splink P", "R", "F1", "s"
    )
    lookalikes = Table("look-alike set", "kind", "kizashi merged", "plain splink merged")
    for row in evaluate(config, engine=link_engine, only=only):
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
        for kind, (merged, total) in sorted(row.get("lookalikes", {}).items()):
            plain_merged, _ = row["plain_lookalikes"].get(kind, (0, 0))
            lookalikes.add_row(
                row["dataset"],
                kind,
                f"{merged}/{total} ({merged / total:.1%})",
                f"{plain_merged}/{total} ({plain_merged / total:.1%})",
            )
        stderr.print(f"{row['dataset']}: F1 {k.f1:.4f} (plain {p.f1:.4f})")
    console = Console(width=140)
    console.print(table)
    if lookalikes.row_count:
        console.print(lookalikes)


@handle_errors
def resolve(
    link_engine: Engine = "duckdb",
    reuse_model: Annotated[
        bool,
        typer.Option(
            "--reuse-model",
            help="Apply the store's last model instead of training a new one (as the live "
            "path links each new report).",
        ),
    ] = False,
) -> None:
    """Link every report's person records and write entities (idempotent; applies judgements)."""
    from kizashi.resolve import resolve_store

    config = settings()
    store = engine(config)
    _audit(config, store, "resolve", "*", {"engine": link_engine, "reuse_model": reuse_model})
    summary = resolve_store(store, link_engine=link_engine, train=not reuse_model)
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
