"""The worker: follows new reports through the stages, by itself, and survives faults.

One pass takes, for each stage in the declared order, up to ``batch_size`` reports waiting
at it and runs the stage on them in one transaction that also moves their cursor; so a
report ingested a moment ago goes through every stage in one pass (every stage that applies
to its channel: the cursor moves past one that does nothing for it). When a batch fails, each
of its reports runs alone, and one that fails ``max_attempts`` times is parked as a dead
letter with its reason while the others go on. Killing the worker at any point loses nothing
and doubles nothing: the stage in flight rolls back with its cursor and runs again.

Idle, the worker waits for a NOTIFY (PostgreSQL) or polls briefly (SQLite). It also sends
the desks' due webhook calls between passes.

Batches follow the load (issue 12, ninth run). A pass costs a fixed ~40 ms of CPU (seven
stages, each a claim, its reads and writes, the cursor's move and a commit) besides ~1.5 ms
a report, so a worker that runs a pass for every two or three reports spends most of a core
on the fixed part and falls behind at a rate it could otherwise carry. While reports keep
coming, a worker therefore lets the next batch gather for ``pipeline_gather_seconds``
(counted from the start of the pass that found less than a full batch); a lone report after
an idle spell is still taken at once. Behind (a claim came back full), it takes larger
batches on PostgreSQL, doubling up to ``BACKLOG_GROWTH`` times the batch size (on SQLite a
claim holds the store's one write lock for the whole stage, against the API's inserts, so
the batch stays as configured there).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from kizashi.clock import Clock, system_clock
from kizashi.config import Settings
from kizashi.pipeline import queue
from kizashi.pipeline.rescore import (
    claim_requests,
    parked_count,
    record_request_failure,
    requests_wait,
    rescore_regrouped,
)
from kizashi.pipeline.stages import STAGES, Stage, StageContext, next_stage, warm_stages
from kizashi.pipeline.wake import waiter_for
from kizashi.pipeline.webhooks import Hook, deliver_due, load_hooks
from kizashi.store import transaction
from kizashi.store.pass_cache import not_sharing, sharing_reads
from kizashi.store.payloads import HeldPayloads, holding_payloads

log = logging.getLogger("kizashi.pipeline")

AlertListener = Callable[[Sequence[tuple[str, str, str, str | None]]], None]

# Behind, a PostgreSQL worker's claim grows to at most this many times the batch size.
BACKLOG_GROWTH = 8


@dataclass
class PassResult:
    moved: dict[str, int] = field(default_factory=dict)  # per stage, reports moved past it
    stage_seconds: dict[str, float] = field(default_factory=dict)  # per stage, time spent
    # per stage, CPU seconds of the worker's thread (what a stage costs on one core, whatever
    # else the machine runs)
    stage_cpu: dict[str, float] = field(default_factory=dict)
    parked: int = 0
    failures: int = 0  # failed attempts (a report is parked after max_attempts of them)
    seconds: float = 0.0
    rescored: int = 0  # entities re-scored because an analyst's judgement re-grouped them

    @property
    def total(self) -> int:
        return sum(self.moved.values()) + self.rescored


def worker_name(suffix: str = "") -> str:
    return f"{socket.gethostname()}:{os.getpid()}{':' + suffix if suffix else ''}"


class Worker:
    """Runs the declared stages over the queue (see the module docstring)."""

    def __init__(
        self,
        engine: Engine,
        settings: Settings,
        *,
        clock: Clock = system_clock,
        as_of: datetime | None = None,
        name: str | None = None,
        stages: Sequence[Stage] = STAGES,
        hooks: Sequence[Hook] | None = None,
        on_alerts: AlertListener | None = None,
    ) -> None:
        self.engine = engine
        self.settings = settings
        self.clock = clock
        self.as_of = as_of  # fixed "now" of the risk decay (the demo's period end), else clock
        self.name = name or worker_name()
        self.stages = tuple(stages)
        self.hooks = tuple(load_hooks(settings.webhooks_file) if hooks is None else hooks)
        self.on_alerts = on_alerts
        self.batch_size = settings.pipeline_batch_size
        # Per stage, how many reports the next claim takes (see the module docstring).
        self._limits: dict[str, int] = {}
        self._grows = engine.dialect.name == "postgresql"
        self._prepared: set[str] = set()
        self.warm = False
        self._guard: Any = None  # opened on the first saved search (kizashi.guard.Guard)

    # -- one pass ------------------------------------------------------------------------

    def run_once(self) -> PassResult:
        """Each stage once, in order, over what waits at it."""
        started = time.perf_counter()
        result = PassResult()
        with self.engine.connect() as connection:
            waiting = queue.waiting_stages(connection, [s.name for s in self.stages])
        carried: set[str] = set()  # the stages reports were moved on to in this pass
        # The claimed reports' payloads are unsealed once for the whole pass, not by every
        # stage again (kizashi.store.payloads.HeldPayloads); dropped when the pass ends. The
        # small reads every pass repeats (the desks, the rules in force) are read once a
        # pass (kizashi.store.pass_cache), and read again by the next pass.
        with holding_payloads() as held, sharing_reads():
            for stage in self.stages:
                began, cpu = time.perf_counter(), time.thread_time()
                if stage.name in waiting or stage.name in carried:
                    moved, parked, failures, targets = self._stage(stage, held)
                else:  # nothing can wait here: no claim (on SQLite a claim takes the write lock)
                    moved, parked, failures, targets = 0, 0, 0, set()
                carried |= targets
                result.stage_seconds[stage.name] = time.perf_counter() - began
                result.stage_cpu[stage.name] = time.thread_time() - cpu
                result.moved[stage.name] = moved
                result.parked += parked
                result.failures += failures
        rescored, parked, failures = self._requested()
        result.rescored = rescored
        result.parked += parked
        result.failures += failures
        result.seconds = time.perf_counter() - started
        return result

    def _requested(self) -> tuple[int, int, int]:
        """Re-score what analysts' judgements re-grouped since the last pass (one small read
        when none did; see :mod:`kizashi.pipeline.rescore`). On failure each request runs
        alone, and one that fails ``max_attempts`` times is parked, as a stage's report is.

        Returns (entities re-scored, requests parked, failed attempts)."""
        with self.engine.connect() as connection:
            if not requests_wait(connection):
                return 0, 0, 0
        context = self._context()
        claimed: dict[str, set[str]] = {}
        try:
            with transaction(self.engine) as connection:
                claimed = claim_requests(connection)
                if claimed:
                    rescore_regrouped(connection, set().union(*claimed.values()), context)
        except Exception:
            if not claimed:
                raise
            log.warning(
                "re-score of %d judgement(s) failed; running each alone",
                len(claimed),
                exc_info=log.isEnabledFor(logging.DEBUG),
            )
            return self._requests_one_by_one(sorted(claimed))
        self._announce(context)
        return len(set().union(*claimed.values())) if claimed else 0, 0, 0

    def _requests_one_by_one(self, request_ids: Sequence[str]) -> tuple[int, int, int]:
        rescored = parked = failures = 0
        for request_id in request_ids:
            context = self._context()
            try:
                with transaction(self.engine) as connection:
                    again = claim_requests(connection, request_id).get(request_id)
                    if not again:
                        continue  # taken by another worker meanwhile
                    rescore_regrouped(connection, again, context)
                rescored += len(again)
                self._announce(context)
            except Exception as exc:  # one request's failure must not stop the loop
                reason = f"{exc.__class__.__name__}: {exc}"
                failures += 1
                with transaction(self.engine) as connection:
                    if record_request_failure(
                        connection,
                        request_id,
                        reason,
                        max_attempts=self.settings.pipeline_max_attempts,
                        now=context.now,
                    ):
                        parked += 1
                        log.error("judgement re-score %s parked: %s", request_id, reason)
        return rescored, parked, failures

    def drain(self, *, max_passes: int | None = None) -> PassResult:
        """Pass after pass until nothing moves (the backfill and the demo use this)."""
        total = PassResult()
        passes = 0
        while max_passes is None or passes < max_passes:
            result = self.run_once()
            passes += 1
            for name, moved in result.moved.items():
                total.moved[name] = total.moved.get(name, 0) + moved
                total.stage_seconds[name] = (
                    total.stage_seconds.get(name, 0.0) + result.stage_seconds[name]
                )
                total.stage_cpu[name] = total.stage_cpu.get(name, 0.0) + result.stage_cpu[name]
            total.parked += result.parked
            total.failures += result.failures
            total.rescored += result.rescored
            total.seconds += result.seconds
            if result.total == 0 and result.failures == 0:
                break
        self.deliver()
        return total

    def _context(self) -> StageContext:
        now = self.clock()
        return StageContext(now=now, as_of=self.as_of or now, options={"hooks": self.hooks})

    def _prepare(self, stage: Stage) -> None:
        if stage.prepare is None or stage.name in self._prepared:
            return
        with self.engine.connect() as connection:
            waiting = queue.claimable(connection, stage.name)
        if waiting:
            with not_sharing():  # whole-store work: nothing of it kept for the pass
                stage.prepare(self.engine, self.clock)
            self._prepared.add(stage.name)

    def _stage(
        self, stage: Stage, held: HeldPayloads | None = None
    ) -> tuple[int, int, int, set[str]]:
        """Run ``stage`` on one batch; on failure, each report alone. The claimed reports'
        payloads are held opened by ``held`` for the rest of the pass.

        Returns (reports moved past it, reports parked, failed attempts, the stages they
        were moved on to)."""
        self._prepare(stage)
        context = self._context()
        claimed: list[queue.Item] = []
        limit = self._limits.get(stage.name, self.batch_size)
        try:
            with transaction(self.engine) as connection:
                claimed = queue.claim(connection, stage.name, limit, self.name)
                self._limits[stage.name] = self.next_limit(limit, len(claimed))
                if not claimed:
                    return 0, 0, 0, set()
                if held is not None:
                    held.hold(item.report_id for item in claimed)
                stage.run(connection, claimed, context)
                targets = self._advance(connection, stage, claimed, context)
        except Exception:
            if not claimed:
                raise
            log.warning(
                "stage %s failed on a batch of %d; running each alone",
                stage.name,
                len(claimed),
                exc_info=log.isEnabledFor(logging.DEBUG),
            )
            return self._one_by_one(stage, claimed)
        self._announce(context)
        return len(claimed), 0, 0, targets

    def _advance(
        self, connection: Any, stage: Stage, items: Sequence[queue.Item], context: StageContext
    ) -> set[str]:
        """Move each report's cursor to the next stage that applies to its channel (one
        statement per distinct next stage: one or two); the stages moved on to."""
        onward: dict[str, list[queue.Item]] = {}
        for item in items:
            onward.setdefault(next_stage(stage.name, item.channel), []).append(item)
        for target, group in onward.items():
            queue.advance(connection, group, target, self.name, context.now)
        return set(onward)

    def next_limit(self, limit: int, claimed: int) -> int:
        """The next claim's size at a stage: doubled after a full claim on PostgreSQL (the
        worker is behind), up to ``BACKLOG_GROWTH`` times the batch size; the batch size
        again as soon as a claim finds fewer reports waiting than it could take."""
        if self._grows and claimed >= limit:
            return min(limit * 2, self.batch_size * BACKLOG_GROWTH)
        return self.batch_size

    def _one_by_one(
        self, stage: Stage, items: Sequence[queue.Item]
    ) -> tuple[int, int, int, set[str]]:
        moved = parked = failures = 0
        targets: set[str] = set()
        for item in items:
            context = self._context()
            try:
                with transaction(self.engine) as connection:
                    again = queue.claim_one(connection, item.seq, stage.name, self.name)
                    if again is None:
                        continue
                    stage.run(connection, [again], context)
                    targets |= self._advance(connection, stage, [again], context)
                moved += 1
                self._announce(context)
            except Exception as exc:  # a stage's failure on one report must not stop the loop
                reason = f"{exc.__class__.__name__}: {exc}"
                failures += 1
                with transaction(self.engine) as connection:
                    if queue.record_failure(
                        connection,
                        item.seq,
                        stage.name,
                        reason,
                        max_attempts=self.settings.pipeline_max_attempts,
                        worker=self.name,
                        now=context.now,
                    ):
                        parked += 1
                        log.error(
                            "report %s parked at stage %s: %s", item.report_id, stage.name, reason
                        )
        return moved, parked, failures, targets

    def _announce(self, context: StageContext) -> None:
        if context.alerts and self.on_alerts is not None:
            try:
                self.on_alerts(context.alerts)
            except Exception:  # a listener's fault must not undo committed work
                log.exception("alert listener failed")

    def deliver(self) -> dict[str, int]:
        """Send the webhook calls that are due (none configured: nothing to do), and tell
        users of what newly matches their saved searches."""
        self.notify()
        if not self.hooks:
            return {}
        return deliver_due(
            self.engine,
            now=self.clock(),
            hooks=self.hooks,
            max_attempts=self.settings.webhook_max_attempts,
            backoff_seconds=self.settings.webhook_backoff_seconds,
        )

    def notify(self) -> dict[str, int]:
        """Saved searches' notices (kizashi.search): each new match decided by the guard for
        the search's owner and logged; nothing to do, and no audit log opened, when nobody
        has saved a search. A failure is logged and retried after the next pass."""
        from kizashi.search import any_saved, notify_saved

        with self.engine.connect() as connection:
            if not any_saved(connection):
                return {}
        try:
            if self._guard is None:
                from kizashi.guard import Guard, open_audit_log

                audit = open_audit_log(self.settings, self.engine, clock=self.clock)
                self._guard = Guard(self.engine, audit, clock=self.clock)
            return notify_saved(self._guard)
        except Exception:
            log.exception("saved-search notices failed; trying again after the next pass")
            return {}

    def gather_wait(self, result: PassResult) -> float:
        """Seconds to let the next batch gather after a pass that moved reports: none after
        a full first claim (more wait already), else what is left of
        ``pipeline_gather_seconds`` since the pass began (see the module docstring)."""
        first = result.moved.get(self.stages[0].name, 0) if self.stages else 0
        if first >= self.batch_size:
            return 0.0
        return max(0.0, self.settings.pipeline_gather_seconds - result.seconds)

    def warm_up(self, stop: threading.Event | None = None) -> None:
        """Load every stage's models, rules and tables now (seconds), not on the first report
        a user is waiting for. Once per worker: `kizashi serve` warms its worker before it
        listens, so the first report posted is not the one that waits for the models.
        ``stop`` set meanwhile ends it between stages (a worker stopped while it warms up
        exits without finishing: ~1 min on a loaded machine)."""
        if self.warm:
            return
        self.warm = warm_stages(self.stages, stop)

    # -- following ---------------------------------------------------------------------

    def follow(self, stop: threading.Event, ready: Callable[[], None] | None = None) -> None:
        """Work until ``stop`` is set: a pass, the webhooks, and a wait when idle.
        ``ready`` is called once, warm and listening, before the first pass."""
        self.warm_up(stop)  # before the LISTEN connection opens: a failed one leaks nothing
        if stop.is_set():
            return
        waiter = waiter_for(self.engine, stop, self.settings.pipeline_poll_seconds, name=self.name)
        log.info("worker %s following the queue", self.name)
        try:
            if ready is not None:
                ready()
            while not stop.is_set():
                try:
                    result = self.run_once()
                    self.deliver()
                except Exception:
                    log.exception("worker pass failed; trying again shortly")
                    stop.wait(1.0)
                    continue
                if result.total == 0:
                    waiter.wait(self.settings.pipeline_poll_seconds)
                else:
                    stop.wait(self.gather_wait(result))
        finally:
            waiter.close()


def start_in_background(worker: Worker) -> tuple[threading.Thread, threading.Event]:
    """The worker on a daemon thread (``kizashi serve``); set the event to stop it."""
    stop = threading.Event()
    thread = threading.Thread(
        target=worker.follow, args=(stop,), name="kizashi-worker", daemon=True
    )
    thread.start()
    return thread, stop


def status(engine: Engine, clock: Clock = system_clock) -> dict[str, Any]:
    """Lag per stage, dead letters, reports done (``kizashi pipeline status``); ``failed``
    counts the parked analysts' re-scores too (``judgements_failed``)."""
    with engine.connect() as connection:
        stages = queue.lag(connection, [s.name for s in STAGES], clock())
        done = queue.done_count(connection)
        judgements = parked_count(connection)  # analysts' re-scores parked (no stage of theirs)
    failed = sum(s["failed"] for s in stages) + judgements
    return {"stages": stages, "done": done, "failed": failed, "judgements_failed": judgements}
