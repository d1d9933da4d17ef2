"""The pipeline, declared once: the stages a report goes through, in order.

    detect → resolve → purchases → triage → outreach → route → search

Each stage names what it reads and writes, how it runs on a few new reports inside the
worker's transaction (``run``: the live path, whose cost follows the new reports and the
entities they touch, not the size of the store) and how it runs over the whole store
(``backfill``: the batch services behind ``kizashi pipeline run --batch``, with ``--engine
spark`` where the room has a Spark path). The worker, ``kizashi pipeline run`` and the demo
all take the order from :data:`STAGES`; nothing else encodes it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select

from kizashi.clock import Clock
from kizashi.pipeline.queue import Item
from kizashi.store.pass_cache import report_heads
from kizashi.store.payloads import open_payloads

log = logging.getLogger("kizashi.pipeline")


@dataclass
class StageContext:
    """What a stage run needs besides its reports: the time, and what it tells the caller."""

    now: datetime
    as_of: datetime
    # (alert id, opened/updated, desk, urgent rule or None) for every alert a triage run changed
    alerts: list[tuple[str, str, str, str | None]] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)


Run = Callable[[Connection, Sequence[Item], StageContext], dict[str, Any]]
Prepare = Callable[[Engine, Clock], None]
Backfill = Callable[[Engine, StageContext], dict[str, Any]]
Warm = Callable[[], None]


@dataclass(frozen=True)
class Stage:
    name: str
    reads: tuple[str, ...]
    writes: tuple[str, ...]
    run: Run
    backfill: Backfill
    prepare: Prepare | None = None  # outside the stage's transaction, before it (bootstrap)
    description: str = ""
    # Load the models, rules and tables the stage reads, once, when a worker starts: the
    # first report a user is waiting for must not pay for it (nor any report after it).
    warm: Warm | None = None
    # The channels the stage does anything for (None: every channel). A report of another
    # channel skips it: the stage before moves its cursor past it, so a pass opens no
    # transaction, claim and cursor move there for nothing (issue 12, eleventh run: most
    # reports are neither purchases nor approaches, and those two stages cost a pass four
    # statements and two commits to do nothing).
    applies: Callable[[str], bool] | None = None


# ---- detect --------------------------------------------------------------------------------


def _texts(connection: Connection, items: Sequence[Item]) -> list[tuple[str, str, str]]:
    # The channel is the queue row's (the trigger copies the report's): no read of
    # ``reports`` for it. A report whose payload can no longer be read is left out.
    opened = open_payloads(connection, [i.report_id for i in items], ("text",))
    return [
        (i.report_id, i.channel, found.text or "")
        for i in items
        if (found := opened.get(i.report_id)) is not None
    ]


def detect_run(
    connection: Connection, items: Sequence[Item], context: StageContext
) -> dict[str, Any]:
    from kizashi.detect import score_reports

    # Every claimed report's head in the one read the signals make for theirs: kept for the
    # pass, the resolve stage then reads none (a purchase has no text, so no signal head).
    report_heads(connection, [i.report_id for i in items])
    outputs = score_reports(connection, _texts(connection, items), now=context.now)
    return {"scored": len(outputs), "flagged": sum(1 for o in outputs if o["flagged"])}


# Texts past the cascade's gate: a text the gate dismisses loads only the gate, and the
# first real threat then waited for the rest of the model (~2 s idle, ~9 s on a loaded machine).
WARM_TEXTS = (
    ("warm-up-ja", "明日の集会で市長を刺してやる、覚悟しろ"),
    ("warm-up-en", "I will shoot them all at the rally tomorrow"),
    ("warm-up", "warm-up"),
)


def detect_warm() -> None:
    from kizashi.detect import scan_texts

    scan_texts(list(WARM_TEXTS))


def detect_backfill(engine: Engine, context: StageContext) -> dict[str, Any]:
    from kizashi.detect import store_signals

    return store_signals(engine).as_dict()


# ---- resolve -------------------------------------------------------------------------------


def resolve_prepare(engine: Engine, clock: Clock) -> None:
    """The incremental linker scores with a trained model: train it once on a new store
    (stamped by the worker's clock, as the live path's links are: a risk mark compares them)."""
    from kizashi.resolve import has_linkage_model, resolve_store

    with engine.connect() as connection:
        if has_linkage_model(connection):
            return
    log.info("no linkage model yet: one full linkage run over the store (once)")
    resolve_store(engine, clock=clock)


def resolve_run(
    connection: Connection, items: Sequence[Item], context: StageContext
) -> dict[str, Any]:
    from kizashi.resolve import link_reports

    # Linked already (by the bootstrap run or a backfill): nothing to redo (found in the
    # linker's own read of the reports' mentions).
    stats: dict[str, int] = {"already": 0}
    linked = link_reports(
        connection, [i.report_id for i in items], now=context.now, stats=stats, skip_linked=True
    )
    # An entity an earlier member left or joined (a re-clustering) may gain or lose risk
    # though no new report is about it: the triage stage re-scores it with the batch's first
    # report (rows written here, in this stage's transaction, so a crash loses none).
    moved = sorted(linked[0].moved) if linked else []
    if moved:
        from kizashi.store.tables_pipeline import pipeline_rescore

        connection.execute(
            insert(pipeline_rescore),
            [{"report_id": linked[0].report_id, "entity_id": e} for e in moved],
        )
    return {"linked": len(items) - stats["already"], "moved": len(moved), **stats}


def resolve_warm() -> None:
    import kizashi.resolve.service  # noqa: F401  (the linker's modules and libraries: ~0.2 s)
    from kizashi.resolve.name_parts import order_by_priors
    from kizashi.resolve.reference import name_readings, town_cities

    # The name priors by phonetic key, built on the first romaji name the linker orders:
    # 7 s of the first batch on a loaded machine (profiled), not paid by a waiting report.
    order_by_priors("sato", "hanako")
    # The readings of written names (names.tsv.gz), read on the first kanji name the linker
    # or the search stage splits: ~0.2 s of CPU of the first pass (profiled, tenth run).
    name_readings("s", "佐藤")
    # The towns of every city (towns.tsv.gz), read on the first address whose block the
    # linker parses: ~0.9 s of CPU in the middle of a pass at 100k stored (py-spy, live12),
    # paid by whichever batch first held such an address.
    town_cities("")


def resolve_backfill(engine: Engine, context: StageContext) -> dict[str, Any]:
    from kizashi.resolve import resolve_store

    engine_name = str(context.options.get("engine", "duckdb"))
    summary = resolve_store(
        engine,
        link_engine=engine_name,
        spark=context.options.get("spark"),
        clock=lambda: context.now,  # the backfill's clock, as every other stage's
    )
    return dict(summary.__dict__)


# ---- purchases -----------------------------------------------------------------------------


def purchases_run(
    connection: Connection, items: Sequence[Item], context: StageContext
) -> dict[str, Any]:
    from kizashi.purchases import purchase_rules_for_reports

    ids = [i.report_id for i in items if i.channel == "purchase"]
    if not ids:
        return {"buyers": 0}
    summary, buyers = purchase_rules_for_reports(connection, ids, now=context.now)
    return {"buyers": len(buyers), "firings": summary.firings}


def purchases_applies(channel: str) -> bool:
    return channel == "purchase"  # purchases_run reads nothing for any other channel


def purchases_warm() -> None:
    from kizashi.purchases.watchlist import default_watchlist

    default_watchlist()


def purchases_backfill(engine: Engine, context: StageContext) -> dict[str, Any]:
    from kizashi.purchases import run_purchase_rules

    return run_purchase_rules(engine, now=context.now).as_dict()


# ---- triage --------------------------------------------------------------------------------


def triage_run(
    connection: Connection, items: Sequence[Item], context: StageContext
) -> dict[str, Any]:
    from kizashi.store.tables_pipeline import pipeline_rescore

    ids = [i.report_id for i in items]
    # The entities the resolve stage moved earlier members into or out of (pipeline_rescore):
    # their firings follow the purchases first, then they are re-scored with the reports.
    moved = _taken(connection, pipeline_rescore, ids)
    return follow_regrouping(connection, moved, context, report_ids=ids)


def follow_regrouping(
    connection: Connection,
    entity_ids: Collection[str],
    context: StageContext,
    *,
    report_ids: Collection[str] = (),
) -> dict[str, Any]:
    """Re-group what moved: the purchase rules of ``entity_ids`` evaluated again (a firing
    follows its purchases to their new entity), then those entities and what ``report_ids``
    bear on (the triage stage's own reports) re-scored, alerts opened or updated and the
    desks' webhook calls queued, in the caller's transaction (the entities locked first on
    PostgreSQL: ``triage.triage_reports``)."""
    from kizashi.outreach import follow_regrouping as follow_approachers
    from kizashi.triage import triage_reports

    summary = triage_reports(
        connection,
        list(report_ids),
        now=context.now,
        as_of=context.as_of,
        also=entity_ids,
        refire_also=True,
    )
    context.alerts.extend(summary.changed)
    notify_alerts(connection, summary.changed, context)
    # Then the approachers: a re-grouping can join two spellings of one approacher (or split
    # them), which raises or withdraws outreach's finding and re-scores those entities. After
    # triage_reports, because that call takes the entities' advisory locks in one sorted pass
    # (PostgreSQL); outreach's re-score before it would write alert rows with no lock held
    # and then wait for the locks: the order lock_entities exists to rule out (qa16 review).
    approached = follow_approachers(connection, entity_ids, now=context.now, as_of=context.as_of)
    context.alerts.extend(approached.changed)
    notify_alerts(connection, approached.changed, context)
    return {
        "entities": summary.entities_scored,
        "alerts": summary.alerts,
        "urgent": summary.urgent,
        "repeated": summary.repeated,
        "routine": summary.routine,
    }


def _taken(connection: Connection, table: Any, report_ids: Sequence[str]) -> set[str]:
    """The entities ``table`` holds for these reports; their rows deleted."""
    rows = table.c.report_id.in_(list(report_ids))
    found = {str(e) for e in connection.execute(select(table.c.entity_id).where(rows)).scalars()}
    if found:
        connection.execute(delete(table).where(rows))
    return found


def notify_alerts(
    connection: Connection,
    changed: Sequence[tuple[str, str, str, str | None]],
    context: StageContext,
) -> None:
    """Queue the desks' webhook calls in the transaction that changed the alerts."""
    if not changed:
        return
    from kizashi.pipeline.webhooks import enqueue_deliveries

    enqueue_deliveries(connection, changed, now=context.now, hooks=context.options.get("hooks"))


def triage_warm() -> None:
    from kizashi.triage import default_alert_routing, default_risk
    from kizashi.triage.urgent import default_urgent

    default_risk(), default_alert_routing(), default_urgent()


def triage_backfill(engine: Engine, context: StageContext) -> dict[str, Any]:
    from kizashi.triage import run_triage

    summary = run_triage(engine, as_of=context.as_of, now=context.now, run_purchases=False)
    return summary.as_dict()


# ---- outreach ------------------------------------------------------------------------------


def outreach_run(
    connection: Connection, items: Sequence[Item], context: StageContext
) -> dict[str, Any]:
    from kizashi.outreach import read_reports

    summary = read_reports(
        connection, [i.report_id for i in items], now=context.now, as_of=context.as_of
    )
    context.alerts.extend(summary.changed)
    notify_alerts(connection, summary.changed, context)
    return summary.as_dict()


def outreach_applies(channel: str) -> bool:
    from kizashi.outreach.config import outreach_config

    return channel in outreach_config().channels  # read_reports reads only these


def outreach_backfill(engine: Engine, context: StageContext) -> dict[str, Any]:
    from kizashi.outreach import read_all

    return read_all(engine, now=context.now, as_of=context.as_of).as_dict()


# ---- route ---------------------------------------------------------------------------------


def route_run(
    connection: Connection, items: Sequence[Item], context: StageContext
) -> dict[str, Any]:
    from kizashi.intake.report_routing import route_scored_reports

    return dict(route_scored_reports(connection, [i.report_id for i in items], now=context.now))


def route_warm() -> None:
    from kizashi.intake.report_routing import default_report_routing

    default_report_routing()


def route_backfill(engine: Engine, context: StageContext) -> dict[str, Any]:
    from kizashi.intake.report_routing import route_reports

    return dict(route_reports(engine, now=context.now))


# ---- search --------------------------------------------------------------------------------


def search_run(
    connection: Connection, items: Sequence[Item], context: StageContext
) -> dict[str, Any]:
    from kizashi.search import index_reports

    return index_reports(connection, [i.report_id for i in items], now=context.now)


def search_backfill(engine: Engine, context: StageContext) -> dict[str, Any]:
    from kizashi.search import reindex_all

    with engine.begin() as connection:
        return reindex_all(connection, now=context.now)


STAGES: tuple[Stage, ...] = (
    Stage(
        "detect",
        reads=("reports.text",),
        writes=("signals",),
        run=detect_run,
        backfill=detect_backfill,
        warm=detect_warm,
        description="score the report's text (rules, n-grams, embeddings); one signal per model",
    ),
    Stage(
        "resolve",
        reads=("reports", "mentions", "resolve_records", "resolve_runs.model"),
        writes=("resolve_records", "resolve_edges", "entities", "entity_members"),
        run=resolve_run,
        backfill=resolve_backfill,
        prepare=resolve_prepare,
        warm=resolve_warm,
        description="link the report's people and identifiers to existing entities",
    ),
    Stage(
        "purchases",
        reads=("reports (purchase)", "entity_members"),
        writes=("purchase_firings",),
        run=purchases_run,
        backfill=purchases_backfill,
        warm=purchases_warm,
        applies=purchases_applies,
        description="precursor rules for the buyers of new purchase reports only",
    ),
    Stage(
        "triage",
        reads=("signals", "purchase_firings", "reports", "entity_members", "pipeline_rescore"),
        writes=(
            "purchase_firings (of re-grouped entities)",
            "risk_contributions",
            "alerts",
            "alert_events",
            "webhook_deliveries",
        ),
        run=triage_run,
        backfill=triage_backfill,
        warm=triage_warm,
        description=(
            "re-score the entities the report touched and those a re-grouping moved members "
            "into or out of (their firings first); open, update and route alerts"
        ),
    ),
    Stage(
        "outreach",
        reads=("reports (approach, consultation, research)", "entity_members", "companies"),
        writes=("approach_readings", "approachers", "findings", "alerts", "webhook_deliveries"),
        run=outreach_run,
        backfill=outreach_backfill,
        applies=outreach_applies,
        description=(
            "read approach reports into stages; recompute their approachers; an approacher "
            "at two companies (or known to a country desk) raises a finding, triaged at once"
        ),
    ),
    Stage(
        "route",
        reads=("reports", "signals", "material_labels"),
        writes=("material_labels",),
        run=route_run,
        backfill=route_backfill,
        warm=route_warm,
        description="route the report to a desk now that its signals are known",
    ),
    Stage(
        "search",
        reads=("reports.text", "mentions", "entity_members", "material_labels", "alerts"),
        writes=("search_docs", "search_fts"),
        run=search_run,
        backfill=search_backfill,
        description="index the report and the entities it is behind for global search",
    ),
)


def warm_stages(stages: Sequence[Stage], stop: threading.Event | None = None) -> bool:
    """Every stage's warm-up, in order; False if ``stop`` was set meanwhile (between
    stages: a worker stopped while it warms up exits without finishing)."""
    for stage in stages:
        if stop is not None and stop.is_set():
            return False
        if stage.warm is not None:
            stage.warm()
    return True


STAGE_NAMES: tuple[str, ...] = tuple(stage.name for stage in STAGES)


def next_stage(name: str, channel: str | None = None) -> str:
    """The stage after ``name`` (``done`` after the last); given a report's ``channel``, the
    next stage that applies to it (:attr:`Stage.applies`)."""
    index = STAGE_NAMES.index(name)
    for stage in STAGES[index + 1 :]:
        if channel is None or stage.applies is None or stage.applies(channel):
            return stage.name
    return "done"


def describe() -> list[dict[str, Any]]:
    return [
        {
            "stage": stage.name,
            "reads": list(stage.reads),
            "writes": list(stage.writes),
            "what": stage.description,
        }
        for stage in STAGES
    ]
