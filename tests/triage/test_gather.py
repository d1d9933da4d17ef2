"""Triage's live re-score reads an entity's marked contributors and its new members only
(``gather.contributing_reports``), and finds what a walk of every member finds: on seeded
streams through the worker whose clock moves on, stands still, or goes back between passes."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, exists, or_, select

from kizashi.clock import ManualClock
from kizashi.config import Settings
from kizashi.guard.identity import sync_desks
from kizashi.pipeline import Worker
from kizashi.store import risk_contributions, signals, transaction
from kizashi.store.tables import reports
from kizashi.store.tables_resolve import entity_members
from kizashi.store.tables_triage import risk_marks
from kizashi.triage.gather import REPORT_TYPES, contributing_reports
from tests.depth import backend_grid
from tests.pipeline.helpers import count, ingest_part


def _every_member(engine: Engine) -> dict[str, set[str]]:
    """Entity -> its members' reports that can count, by a walk of every member."""
    flagged = exists().where(
        signals.c.report_id == entity_members.c.report_id, signals.c.flagged.is_(True)
    )
    query = (
        select(entity_members.c.entity_id, entity_members.c.report_id)
        .join(reports, reports.c.id == entity_members.c.report_id)
        .where(or_(reports.c.channel.in_(REPORT_TYPES), flagged))
    )
    found: dict[str, set[str]] = defaultdict(set)
    with engine.connect() as connection:
        for row in connection.execute(query):
            found[row.entity_id].add(row.report_id)
    return found


def _walks_of_members(monkeypatch: Any) -> list[str]:
    """The entities whose members triage's gathering walks from now on (a spy on its reads)."""
    from kizashi.triage import gather

    walked: list[str] = []
    chunked = gather._chunked

    def spy(connection: Any, query: Any, column: Any, ids: Any) -> Any:
        if column is entity_members.c.entity_id and ids is not None:
            walked.extend(ids)
        return chunked(connection, query, column, ids)

    monkeypatch.setattr(gather, "_chunked", spy)
    return walked


# Three seeded streams on both backends in the deep run (tests/depth.py); the default run
# keeps seed 3 (the clock moving on) on SQLite and seed 11 (going back) on PostgreSQL: the
# fixed clock is test_a_mark_holds_whatever_the_clock_says's. Seconds apiece.
STREAMS = [(3, (1, 1, 1)), (7, (0, 0, 0)), (11, (2, -3, 1))]
DEFAULT_STREAMS = {("sqlite", 3, (1, 1, 1)), ("postgres", 11, (2, -3, 1))}


@pytest.mark.deep
@pytest.mark.parametrize(
    ("settings", "seed", "steps"), backend_grid(STREAMS, DEFAULT_STREAMS), indirect=["settings"]
)
def test_marked_entities_find_what_a_walk_of_every_member_finds(
    engine: Engine, settings: Settings, seed: int, steps: tuple[int, ...]
) -> None:
    from kizashi.demo.clock import PERIOD_END
    from kizashi.demo.scenario import build_scenario

    with transaction(engine) as connection:
        sync_desks(connection)
    records = build_scenario(seed, scale=0.01).records
    rng = random.Random(seed)
    clock = ManualClock(PERIOD_END)
    worker = Worker(engine, settings, clock=clock, as_of=PERIOD_END, hooks=(), name="t")
    parts = len(steps) + 1
    for part in range(parts):
        ingest_part(engine, settings, records, rng, part, parts)
        assert worker.drain().parked == 0
        if part < len(steps):
            clock.advance(timedelta(hours=steps[part]))
        # Every entity, marked or not, asked in a random order and in random groups, gives
        # what a walk of every member gives (asked inside a transaction rolled back: the
        # marks the worker left stay as they were for the next pass).
        walked = _every_member(engine)
        with engine.connect() as connection:
            marked = {r.entity_id for r in connection.execute(select(risk_marks.c.entity_id))}
            everyone = sorted({r.entity_id for r in connection.execute(select(entity_members))})
            rng.shuffle(everyone)
            for start in range(0, len(everyone), 7):
                group = everyone[start : start + 7]
                want = set().union(*(walked.get(e, set()) for e in group))
                assert contributing_reports(connection, group) == want
            connection.rollback()
        assert marked or part == 0 or count(engine, risk_contributions) == 0


@pytest.mark.parametrize(("seed", "steps"), [(7, (0, 0, 0)), (11, (0, -3, -1))])
def test_a_mark_holds_whatever_the_clock_says(
    engine: Engine, settings: Settings, seed: int, steps: tuple[int, ...], monkeypatch: Any
) -> None:
    """With the clock standing still or going back between passes, an entity marked before
    a pass and left by no member during it is re-scored from its mark: no walk of every
    member (marks tell new members by their membership numbers, not their link times)."""
    from kizashi.demo.clock import PERIOD_END
    from kizashi.demo.scenario import build_scenario
    from kizashi.store.tables_resolve import entities
    from kizashi.triage import service

    walked = _walks_of_members(monkeypatch)
    asked: list[str] = []
    contributing = service.contributing_reports

    def asking(connection: Any, entity_ids: Any, *fresh: Any) -> Any:
        asked.extend(entity_ids)
        return contributing(connection, entity_ids, *fresh)

    monkeypatch.setattr(service, "contributing_reports", asking)

    def left() -> dict[str, int]:
        with engine.connect() as connection:
            return dict(connection.execute(select(entities.c.id, entities.c.members_left)).all())

    with transaction(engine) as connection:
        sync_desks(connection)
    records = build_scenario(seed, scale=0.01).records
    rng = random.Random(seed)
    clock = ManualClock(PERIOD_END)
    worker = Worker(engine, settings, clock=clock, as_of=PERIOD_END, hooks=(), name="t")
    parts = len(steps) + 1
    from_marks = 0
    for part in range(parts):
        ingest_part(engine, settings, records, rng, part, parts)
        with engine.connect() as connection:
            marked = {r.entity_id for r in connection.execute(select(risk_marks.c.entity_id))}
        before, walked[:], asked[:] = left(), [], []
        assert worker.drain().parked == 0
        after = left()
        stayed = {e for e in marked if before.get(e) == after.get(e)}
        assert not stayed & set(walked)
        from_marks += len(stayed & set(asked))
        if part < len(steps):
            clock.advance(timedelta(hours=steps[part]))
    assert from_marks > 0


def test_a_full_run_marks_every_entity_and_the_live_path_uses_the_marks(
    engine: Engine, settings: Settings, monkeypatch: Any
) -> None:
    """A full triage run leaves every entity marked (it read every member anyway), each mark
    answering what a walk of every member answers; the live passes after it re-score the
    entities it marked from their marks, with no walk (live19: the run used to drop them,
    and each entity's first live re-score walked every member)."""
    from kizashi.demo.clock import PERIOD_END
    from kizashi.demo.scenario import build_scenario
    from kizashi.store.tables_resolve import entities
    from kizashi.triage import run_triage

    with transaction(engine) as connection:
        sync_desks(connection)
    records = build_scenario(5, scale=0.01).records
    rng = random.Random(5)
    clock = ManualClock(PERIOD_END)
    worker = Worker(engine, settings, clock=clock, as_of=PERIOD_END, hooks=(), name="t")
    ingest_part(engine, settings, records, rng, 0, 2)
    assert worker.drain().parked == 0
    with transaction(engine) as connection:
        connection.execute(risk_marks.delete())  # what the live passes marked: gone
    run_triage(engine, as_of=PERIOD_END, now=clock(), run_purchases=False)
    walked_all = _every_member(engine)
    with engine.connect() as connection:
        marked = {r.entity_id for r in connection.execute(select(risk_marks.c.entity_id))}
        members = {r.entity_id for r in connection.execute(select(entity_members.c.entity_id))}
        left = dict(connection.execute(select(entities.c.id, entities.c.members_left)).all())
        assert marked == members
        everyone = sorted(members)
        for start in range(0, len(everyone), 5):
            group = everyone[start : start + 5]
            assert contributing_reports(connection, group) == set().union(
                *(walked_all.get(e, set()) for e in group)
            )
        connection.rollback()

    walked = _walks_of_members(monkeypatch)
    ingest_part(engine, settings, records, rng, 1, 2)
    assert worker.drain().parked == 0
    with engine.connect() as connection:
        now_left = dict(connection.execute(select(entities.c.id, entities.c.members_left)).all())
        remarked = {r.entity_id for r in connection.execute(select(risk_marks.c.entity_id))}
    stayed = {e for e in marked if left.get(e) == now_left.get(e)}
    assert stayed and not stayed & set(walked)
    assert remarked >= stayed
    full = run_triage(engine, as_of=PERIOD_END, now=clock(), run_purchases=False)
    changed = (full.contributions_inserted, full.contributions_updated, full.contributions_deleted)
    assert changed == (0, 0, 0)
