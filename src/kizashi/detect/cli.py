"""``kizashi scan`` and ``kizashi detect train|eval``.

``scan`` is a JSONL filter: records in (a file or ``-`` for stdin), one scored line out per
good record. A bad line is reported on stderr with its line number and reason, the other
lines are still scored, and the command then exits 1 (like a quarantined ingest row).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Annotated, Any

import orjson
import typer

from kizashi.cli.common import (
    EXIT_OK,
    EXIT_QUARANTINED,
    handle_errors,
    quiet_broken_pipe,
    stderr,
    write_json,
    write_jsonl,
)
from kizashi.errors import InputError

__all__ = ["detect_app", "scan"]

detect_app = typer.Typer(
    help="Train and evaluate the text scorer (rules + n-grams + embeddings).",
    no_args_is_help=True,
)


class _Reader:
    """Good records from JSONL lines; bad lines go to stderr and are counted."""

    def __init__(self, name: str, lines: Iterator[bytes]) -> None:
        self.name, self.lines, self.bad = name, lines, 0

    def _problem(self, line: int, reason: str) -> None:
        self.bad += 1
        stderr.print(f"error: {self.name}:{line}: {reason}", markup=False, soft_wrap=True)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        from kizashi.detect.scanner import record_text

        for n, raw in enumerate(self.lines, 1):
            if not raw.strip():
                continue
            try:
                record = orjson.loads(raw)
            except orjson.JSONDecodeError as exc:
                self._problem(n, f"not valid JSON ({exc})")
                continue
            try:
                record_text(record)
            except InputError as exc:
                self._problem(n, str(exc))
                continue
            yield record


def _open(file: str, stack: ExitStack) -> tuple[str, Iterator[bytes]]:
    if file == "-":
        return "<stdin>", iter(sys.stdin.buffer)
    try:
        return file, iter(stack.enter_context(Path(file).open("rb")))
    except OSError as exc:
        raise InputError(f"cannot read {file}: {exc.strerror}") from None


@handle_errors
def scan(
    file: Annotated[str, typer.Argument(help="JSONL file of records, or - for stdin.")] = "-",
    min_score: Annotated[
        float | None,
        typer.Option(
            "--min-score", min=0.0, max=1.0, help="Only write records scoring at least this."
        ),
    ] = None,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain", help="Add the cascade stage, suppressed hits and feature contributions."
        ),
    ] = False,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Scoring processes.")] = 1,
    store: Annotated[
        bool,
        typer.Option(
            "--store",
            help="Score the ingested reports that have no signal of this model; store signals.",
        ),
    ] = False,
    channel: Annotated[
        list[str] | None,
        typer.Option("--channel", help="With --store: only this channel (repeatable)."),
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="With --store: at most this many.")
    ] = None,
    progress: Annotated[
        bool | None,
        typer.Option(help="Progress bar on stderr (default: when stderr is a terminal)."),
    ] = None,
    engine_name: Annotated[
        str,
        typer.Option("--engine", help="local (default) or spark (FILE is JSONL or Parquet)."),
    ] = "local",
    out: Annotated[
        Path | None,
        typer.Option("--out", help="With --engine spark: output directory (.parquet: Parquet)."),
    ] = None,
    master: Annotated[
        str, typer.Option("--master", help="With --engine spark: the Spark master.")
    ] = "local[2]",
) -> None:
    """Score posts, listings and reports: one JSONL line per record, with its evidence."""
    from kizashi.detect.scanner import scan as scan_records

    if store:
        if file != "-" or engine_name != "local":
            raise InputError("--store scores the stored reports: give no FILE and no --engine")
        from kizashi.detect.cli_store import scan_store

        scan_store(channel, limit, progress)
        raise typer.Exit(EXIT_OK)
    if engine_name == "spark":
        _scan_with_spark(file, out, master, min_score)
    if engine_name != "local":
        raise InputError(f"unknown engine {engine_name!r}: use local or spark")

    with ExitStack() as stack:
        name, lines = _open(file, stack)
        reader = _Reader(name, lines)
        outputs = scan_records(reader, explain=explain, workers=workers)
        if min_score is not None:
            outputs = (o for o in outputs if o["score"] >= min_score)
        with quiet_broken_pipe():
            write_jsonl(outputs)
    if reader.bad:
        stderr.print(f"{name}: {reader.bad} bad line(s) not scored", markup=False)
        raise typer.Exit(EXIT_QUARANTINED)
    raise typer.Exit(EXIT_OK)


def _scan_with_spark(file: str, out: Path | None, master: str, min_score: float | None) -> None:
    from kizashi.detect.spark import scan_spark, spark_session

    if file == "-" or out is None:
        raise InputError("--engine spark needs a FILE (JSONL or Parquet) and --out DIR")
    session = spark_session(master)
    try:
        summary = scan_spark(session, Path(file), out, min_score=min_score)
    finally:
        session.stop()
    for rid, reason in summary.errors:
        stderr.print(f"error: {file}: record {rid}: {reason}", markup=False, soft_wrap=True)
    write_json(summary.as_dict() | {"out": str(out)})
    raise typer.Exit(EXIT_QUARANTINED if summary.bad else EXIT_OK)


@detect_app.command("train")
@handle_errors
def train(
    data: Annotated[
        Path | None,
        typer.Option(
            "--data",
            help="Labelled JSONL to train on instead of the shipped suites and ../shared/data.",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Model path without suffix (default: the shipped model)."),
    ] = None,
    seed: Annotated[int, typer.Option("--seed")] = 20261122,
    from_reviews: Annotated[
        bool,
        typer.Option(
            "--from-reviews",
            help="Add the texts behind confirmed and dismissed alerts in the store as "
            "labelled examples (see docs/detection.md).",
        ),
    ] = False,
    synthetic: Annotated[
        bool,
        typer.Option(
            "--synthetic",
            help="Add the compositional threat sentences and their benign twins "
            "(detect/data/synthetic.py; the ninth pass, see docs/detection.md).",
        ),
    ] = False,
) -> None:
    """Train the scorer on split=train, calibrate and set thresholds on split=dev."""
    from kizashi.detect.dataset import training_items
    from kizashi.detect.evaluate import load_labelled
    from kizashi.detect.model import shipped_path
    from kizashi.detect.train import train_model

    items = load_labelled(data) if data else training_items(seed, synthetic=synthetic)
    if from_reviews:
        from kizashi.detect.cli_store import review_items

        reviewed = review_items()
        stderr.print(f"{len(reviewed)} labelled example(s) from alert reviews", markup=False)
        items = [*items, *reviewed]
    model = train_model(items, seed=seed)
    if data is None:
        from dataclasses import replace

        from kizashi.detect.dataset import evaluation_items
        from kizashi.detect.reviews import score_reference

        texts = [i["text"] for i in evaluation_items("dev")["background"]]
        reference = score_reference(model, texts)
        model = replace(model, metadata=model.metadata | {"score_reference": reference})
    npz, meta = model.save(out or shipped_path())
    stderr.print(f"wrote {npz} and {meta}", markup=False)
    json.dump({"thresholds": model.thresholds, "band": model.band}, sys.stdout)
    sys.stdout.write("\n")


@detect_app.command("eval")
@handle_errors
def evaluate_command(
    split: Annotated[str, typer.Option("--split", help="test (frozen) or dev.")] = "test",
    model: Annotated[
        Path | None, typer.Option("--model", help="Model path without suffix (default: shipped).")
    ] = None,
    background: Annotated[
        bool,
        typer.Option(help="Also measure false positives on the ordinary text of ../shared/data."),
    ] = True,
    legacy: Annotated[
        bool, typer.Option("--legacy", help="The earlier labelled set (eval.jsonl) instead.")
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="JSON instead of Markdown tables.")
    ] = False,
) -> None:
    """Pass rate per functionality (95 % CIs), recall/FPR per language, FPR on ordinary text."""
    from kizashi.detect.model import load_model, shipped_model
    from kizashi.detect.scorer import Scorer

    scorer = Scorer(load_model(model) if model else shipped_model())
    if legacy:
        _legacy_eval(scorer, split, as_json)
        return
    from kizashi.detect.dataset import evaluation_items
    from kizashi.detect.suite_eval import evaluate_background, evaluate_suite, format_suite

    if split not in ("test", "dev"):
        raise InputError(f"unknown split {split!r}: use test or dev")
    items = evaluation_items(split) if background else {"functional": [], "background": []}
    if not background:
        from kizashi.detect.dataset import functional_items

        items["functional"] = [i for i in functional_items() if i["split"] == split]
    functional = items["functional"]
    suite = evaluate_suite(functional, scorer.score([i["text"] for i in functional]))
    report: dict[str, Any] = {"split": split, "functional": suite}
    if background:
        rows = items["background"]
        report["background"] = evaluate_background(rows, scorer.score([i["text"] for i in rows]))
    if as_json:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    for line in format_suite(suite, report.get("background")):
        print(line)


def _legacy_eval(scorer: Any, split: str, as_json: bool) -> None:
    from kizashi.detect.evaluate import evaluate, format_report, load_labelled

    chosen = [i for i in load_labelled() if i["split"] == split]
    if not chosen:
        raise InputError(f"no items in split {split!r}")
    report = evaluate(chosen, scorer.score([i["text"] for i in chosen]))
    if as_json:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    for line in format_report(f"{split} split (legacy set)", report):
        print(line)


@detect_app.command("drift")
@handle_errors
def drift_command(
    month: Annotated[
        str | None, typer.Option("--month", help="YYYY-MM (default: the current month).")
    ] = None,
) -> None:
    """This month's stored signal scores against the training distribution (PSI, flag rates)."""
    from kizashi.detect.cli_store import drift

    write_json(drift(month))
