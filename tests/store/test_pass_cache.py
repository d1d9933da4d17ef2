"""Reads a worker pass shares (kizashi.store.pass_cache): read once inside a pass, read
again by the next pass, and read afresh after a write that may roll back."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine, event, func, select

from kizashi.guard.identity import Desk, sync_desks
from kizashi.resolve.repository import entity_id_key
from kizashi.store import transaction
from kizashi.store.pass_cache import (
    desk_ids,
    not_sharing,
    report_heads,
    shared,
    sharing_reads,
)
from kizashi.store.rule_versions import record_rules, rule_set
from kizashi.store.tables_oversight import rules_in_force
from kizashi.store.tables_resolve import entity_id_keys
from tests.pipeline.helpers import NOW, history, threat


class _Statements:
    """SQL statements sent through ``engine`` that contain ``needle`` (upper-cased)."""

    def __init__(self, engine: Engine, needle: str) -> None:
        self.engine, self.needle, self.count = engine, needle.upper(), 0
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, _c: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        self.count += self.needle in " ".join(statement.split()).upper()

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._seen)


def test_shared_reads_once_inside_a_pass_and_every_time_outside() -> None:
    reads: list[int] = []

    def read() -> int:
        reads.append(1)
        return len(reads)

    assert shared("k", read) == 1 and shared("k", read) == 2  # no pass: read every time
    with sharing_reads():
        assert shared("k", read) == 3 and shared("k", read) == 3  # one read a pass
    with sharing_reads():
        assert shared("k", read) == 4  # the next pass reads again


def test_whole_store_work_inside_a_pass_reads_afresh_and_keeps_nothing() -> None:
    reads: list[int] = []

    def read() -> int:
        reads.append(1)
        return len(reads)

    with sharing_reads():
        assert shared("k", read) == 1
        with not_sharing():  # (the resolve stage's bootstrap run)
            assert shared("k", read) == 2 and shared("j", read) == 3
        assert shared("k", read) == 1 and shared("j", read) == 4  # "j" was not kept


def test_a_desk_added_between_passes_is_seen_by_the_next_pass(engine: Engine) -> None:
    with transaction(engine) as connection:
        sync_desks(connection)
    reads = _Statements(engine, "FROM desks")
    try:
        with sharing_reads():
            with engine.connect() as connection:
                first = desk_ids(connection)
            with engine.connect() as connection:
                assert desk_ids(connection) == first
            assert reads.count == 1  # the second stage of the pass did not ask again
        with transaction(engine) as connection:  # between passes: a desk is added
            sync_desks(connection, [Desk("new-desk", "New desk", "新しい係", "operational", "")])
        with sharing_reads(), engine.connect() as connection:
            assert desk_ids(connection) == first | {"new-desk"}
    finally:
        reads.close()


def test_a_desk_written_within_a_pass_is_seen_by_its_later_stages(engine: Engine) -> None:
    with transaction(engine) as connection:
        sync_desks(connection)
    with sharing_reads():
        with engine.connect() as connection:
            before = desk_ids(connection)
        with transaction(engine) as connection:  # what triage's _ensure_desks may do
            sync_desks(connection, [Desk("late-desk", "Late desk", "遅い係", "operational", "")])
        with engine.connect() as connection:
            assert desk_ids(connection) == before | {"late-desk"}


def _in_force(engine: Engine, kind: str) -> int:
    with engine.connect() as connection:
        query = select(func.count()).where(rules_in_force.c.kind == kind)
        return int(connection.execute(query).scalar_one())


def test_the_rules_in_force_are_read_once_a_pass_for_every_kind(engine: Engine) -> None:
    first, second = rule_set("kind_a", 1, "a.yaml", {"a": 1}), rule_set("kind_b", 1, "b", {})
    with transaction(engine) as connection:
        record_rules(connection, [first, second], NOW)
    reads = _Statements(engine, "FROM rules_in_force")
    try:
        with sharing_reads():
            with transaction(engine) as connection:  # detect's kinds
                record_rules(connection, [first], NOW)
            with transaction(engine) as connection:  # triage's kinds, later in the pass
                record_rules(connection, [second], NOW)
            assert reads.count == 1
    finally:
        reads.close()
    assert _in_force(engine, "kind_a") == 1 and _in_force(engine, "kind_b") == 1


def test_a_rule_change_recorded_in_a_rolled_back_stage_is_recorded_again(
    engine: Engine,
) -> None:
    old, new = rule_set("kind_c", 1, "c.yaml", {"c": 1}), rule_set("kind_c", 2, "c.yaml", {"c": 2})
    with transaction(engine) as connection:
        record_rules(connection, [old], NOW)
    with sharing_reads():
        with transaction(engine) as connection:  # the pass reads what is in force
            record_rules(connection, [old], NOW)
        with pytest.raises(RuntimeError), transaction(engine) as connection:
            record_rules(connection, [new], NOW)  # a new version, then the stage fails
            raise RuntimeError("the stage failed")
        with transaction(engine) as connection:  # a later stage of the same pass
            record_rules(connection, [new], NOW)
    with engine.connect() as connection:
        latest = connection.execute(
            select(rules_in_force.c.sha256)
            .where(rules_in_force.c.kind == "kind_c")
            .order_by(rules_in_force.c.effective_from.desc(), rules_in_force.c.id.desc())
        ).first()
    assert latest is not None and latest.sha256 == new.sha256
    assert _in_force(engine, "kind_c") == 2


def test_an_entity_id_key_made_in_a_rolled_back_stage_is_not_kept(engine: Engine) -> None:
    with sharing_reads():
        with pytest.raises(RuntimeError), transaction(engine) as connection:
            assert entity_id_key(connection, NOW) is not None  # made here ...
            raise RuntimeError("the stage failed")  # ... and rolled back
        with transaction(engine) as connection:
            kept = entity_id_key(connection, NOW)
        with engine.connect() as connection:
            stored = connection.execute(select(entity_id_keys.c.key)).scalar_one()
            assert kept == bytes(stored)
            reads = _Statements(engine, "FROM entity_id_keys")
            try:  # a committed key, read once this pass and then kept
                assert entity_id_key(connection, NOW) == kept
                assert entity_id_key(connection, NOW) == kept
                assert reads.count == 1
            finally:
                reads.close()


def test_report_heads_are_read_once_a_pass(engine: Engine, settings: Any) -> None:
    history(engine, settings, posts=3)
    report_id = threat(engine, settings)
    reads = _Statements(engine, "FROM reports")
    try:
        with sharing_reads(), engine.connect() as connection:
            first = report_heads(connection, [report_id])
            again = report_heads(connection, [report_id, "no-such-report"])
            assert reads.count == 2  # the second read asks only for the one not kept
        assert again == first and first[report_id].channel == "sns_post"
        assert first[report_id].at == (first[report_id].occurred_at or first[report_id].received_at)
        with engine.connect() as connection:  # outside a pass: read every time
            report_heads(connection, [report_id])
            assert reads.count == 3
    finally:
        reads.close()
