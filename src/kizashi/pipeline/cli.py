"""``kizashi pipeline`` (run, status, failed, retry, stages) and ``kizashi worker``.

Operator commands: each is logged to the audit log as ``cli:<os user>`` before it runs or
prints (a dead letter names a report, which is material). Output is JSON or JSONL on stdout.
"""

from __future__ import annotations

import logging
import signal
import threading
from typing import Annotated, Any

import typer
from sqlalchemy import Engine

from kizashi.cli.common import (
    decide_job,
    engine,
    handle_errors,
    settings,
    stderr,
    write_json,
    write_jsonl,
)
from kizashi.config import Settings

log = logging.getLogger("kizashi.pipeline")

pipeline_app = typer.Typer(
    help="The live pipeline: backfill, lag per stage, dead letters.", no_args_is_help=True
)


def _logged(
    config: Settings, store: Engine, action: str, what: str, context: dict[str, Any]
) -> None:
    """A pipeline operation is a batch job: decided and logged before it runs."""
    decide_job(config, store, f"pipeline-{what}", {"action": action, **context})


@pipeline_app.command("stages")
@handle_errors
def stages() -> None:
    """The stages in order, with what each reads and writes (JSONL)."""
    from kizashi.pipeline import describe

    write_jsonl(describe())


@pipeline_app.command("run")
@handle_errors
def run(
    batch: Annotated[
        bool,
        typer.Option(
            "--batch/--incremental",
            help="Each stage's batch form over the whole store (a backfill), instead of the "
            "worker draining the queue report by report.",
        ),
    ] = False,
    link_engine: Annotated[
        str, typer.Option("--engine", help="Linkage engine of --batch: duckdb or spark.")
    ] = "duckdb",
) -> None:
    """Bring every stored report through every stage, then stop (JSON summary)."""
    from kizashi.pipeline import Worker, run_backfill

    if link_engine not in ("duckdb", "spark"):
        raise typer.BadParameter("duckdb or spark", param_hint="--engine")
    config = settings()
    store = engine(config)
    try:
        _logged(config, store, "write", "run", {"batch": batch, "engine": link_engine})
        if batch:
            spark = None
            if link_engine == "spark":
                from kizashi.resolve.model import spark_session

                spark = spark_session()

            def progress(stage: str, result: dict[str, Any]) -> None:
                stderr.print(f"{stage}: done in {result.get('seconds')} s", markup=False)

            write_json(
                run_backfill(
                    store, options={"engine": link_engine, "spark": spark}, progress=progress
                )
            )
            return
        result = Worker(store, config, name="cli-run").drain()
        write_json(
            {"moved": result.moved, "parked": result.parked, "seconds": round(result.seconds, 2)}
        )
    finally:
        store.dispose()


@pipeline_app.command("status")
@handle_errors
def status() -> None:
    """Lag of every stage: reports waiting at or before it, the oldest's age, dead letters."""
    from kizashi.pipeline import status as pipeline_status

    config = settings()
    store = engine(config)
    try:
        _logged(config, store, "read", "status", {})
        write_json(pipeline_status(store))
    finally:
        store.dispose()


@pipeline_app.command("failed")
@handle_errors
def failed(
    limit: Annotated[int, typer.Option(help="Most dead letters to list.")] = 100,
) -> None:
    """Dead letters: reports a stage failed on, with the stage and the reason, then analysts'
    judgements whose re-score failed (kind "judgement", with their entities) (JSONL)."""
    from kizashi.pipeline.queue import failed as dead_letters
    from kizashi.pipeline.rescore import parked_requests

    config = settings()
    store = engine(config)
    try:
        _logged(config, store, "read", "failed", {"limit": limit})
        with store.connect() as connection:
            letters = dead_letters(connection, limit)
            letters += parked_requests(connection, max(0, limit - len(letters)))
            write_jsonl(letters)
    finally:
        store.dispose()


@pipeline_app.command("retry")
@handle_errors
def retry(
    report_ids: Annotated[
        list[str] | None, typer.Argument(help="Report ids (default: every dead letter).")
    ] = None,
) -> None:
    """Put dead letters back in the queue at the stage that failed (a judgement's re-score:
    back for the next pass; its request id is taken as a report id is)."""
    from kizashi.pipeline.queue import retry as requeue
    from kizashi.pipeline.rescore import retry_requests
    from kizashi.store import transaction

    config = settings()
    store = engine(config)
    try:
        _logged(config, store, "write", "retry", {"reports": report_ids or "all"})
        with transaction(store) as connection:
            count = requeue(connection, report_ids or None)
            judgements = retry_requests(connection, report_ids or None)
        write_json({"requeued": count, "judgements": judgements})
    finally:
        store.dispose()


def _follow(suffix: str, ready: Any = None, warmed: bool = False) -> None:
    """One worker process: follow the queue until SIGTERM / SIGINT. ``ready`` (an event) is
    set once it follows; ``warmed``: the parent loaded the stages' models before forking."""
    from kizashi.pipeline import Worker
    from kizashi.pipeline.worker import worker_name

    config = settings()
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    store = engine(config)
    try:
        follower = Worker(store, config, name=worker_name(suffix))
        follower.warm = warmed
        follower.follow(stop, ready=None if ready is None else ready.set)
    finally:
        store.dispose()


def _announce(workers: int) -> None:
    """One JSON line on stdout once every worker follows the queue (warm, listening)."""
    log.info("%d worker(s) following the queue", workers)
    write_jsonl([{"ready": True, "workers": workers}])


class _Announce:
    def set(self) -> None:
        _announce(1)


@handle_errors
def worker(
    processes: Annotated[
        int, typer.Option(help="Worker processes (several share the queue on PostgreSQL).")
    ] = 1,
) -> None:
    """Follow new reports through the pipeline until stopped (production: beside `serve`
    with KIZASHI_SERVE_WORKER=false).

    Writes {"ready": true, "workers": N} on stdout once every worker follows the queue;
    with several processes the stages are warmed once and the workers forked from the warm
    process (see kizashi.pipeline.processes)."""
    from kizashi.pipeline.processes import run_processes

    logging.basicConfig(level=settings().log_level, format="%(asctime)s %(name)s %(message)s")
    config = settings()
    if processes > 1 and config.effective_database_url.startswith("sqlite"):
        raise typer.BadParameter("SQLite has one writer: use one process", param_hint="--processes")
    if processes == 1:
        _follow("0", _Announce())
        return
    run_processes(processes, _follow, announce=_announce)
