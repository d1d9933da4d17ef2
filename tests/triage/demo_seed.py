"""Entities and text signals for the demo, as resolution and detection would store them.

Until the resolve room lands, this stands in for it (and steps aside once a real stage has
written entities or signals): the lone offender's planted records
(from the manifest) are one person, as a correct resolution would make them, and every
other mention is linked by exact identifiers only (same phone, e-mail, card token or
account, or named together in one report) — so ordinary buyers with common names stay
apart, as they should. Text signals are the shipped detector's verdicts, stored as the
signals room stores them.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, insert, select, tuple_

from kizashi.demo.manifest import LONE_CASE
from kizashi.demo.run import DemoContext
from kizashi.ids import new_id
from kizashi.store.tables import mentions, reports
from kizashi.store.tables_resolve import entities, entity_members
from kizashi.store.tables_signals import signals

KINDS = ("person", "phone", "email", "account", "payment_token", "address")
EXACT = ("phone", "email", "payment_token", "account")
NOW = datetime(2026, 11, 4, tzinfo=UTC)


def _group(path: str) -> str:
    if "[" in path:
        return path.split(".")[0]
    for prefix in ("buyer_", "approacher_", "employee_", "seller_"):
        if path.startswith(prefix):
            return prefix
    if path == "payment_token_hash":
        return "buyer_"
    if path in ("account_handle", "display_name"):
        return "author"
    return path


class _Sets:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)


def _report_ids(connection: Connection, refs: list[dict[str, str]]) -> set[str]:
    keys = [(r["source"], r["external_id"]) for r in refs]
    query = select(reports.c.id).where(tuple_(reports.c.source, reports.c.external_id).in_(keys))
    return set(connection.execute(query).scalars())


def _resolved_offender(connection: Connection, lone: set[str]) -> str | None:
    """When a real resolution stage already ran: the person entity holding most of the
    offender's planted mentions."""
    query = (
        select(entity_members.c.entity_id)
        .join(entities, entities.c.id == entity_members.c.entity_id)
        .where(entity_members.c.report_id.in_(sorted(lone)), entities.c.kind == "person")
    )
    counts: dict[str, int] = defaultdict(int)
    for entity_id in connection.execute(query).scalars():
        counts[entity_id] += 1
    return max(counts, key=lambda e: counts[e]) if counts else None


def seed_entities(context: DemoContext) -> str:
    """Link the demo's mentions to entities; returns the offender's entity id.

    If entities exist already (the resolve room's stage ran), they are used as they are.
    """
    case = next(c for c in context.scenario.manifest["cases"] if c["id"] == LONE_CASE)
    with context.engine.begin() as connection:
        lone = _report_ids(connection, case["records"])
        if connection.execute(select(entity_members.c.mention_id).limit(1)).first() is not None:
            found = _resolved_offender(connection, lone)
            assert found is not None, "resolution ran but linked none of the offender's mentions"
            return found
        rows = list(
            connection.execute(
                select(
                    mentions.c.id,
                    mentions.c.report_id,
                    mentions.c.kind,
                    mentions.c.path,
                    mentions.c.normalized,
                    mentions.c.value,
                ).where(mentions.c.kind.in_(KINDS))
            )
        )
        sets = _Sets()
        first_in_group: dict[tuple[str, str], str] = {}
        by_key: dict[tuple[str, str], str] = {}
        for row in rows:
            if row.report_id in lone:
                sets.union(row.id, "offender")
                continue
            group = (row.report_id, _group(row.path))
            sets.union(row.id, first_in_group.setdefault(group, row.id))
            if row.kind in EXACT:
                sets.union(row.id, by_key.setdefault((row.kind, row.normalized), row.id))
        members: dict[str, list[Any]] = defaultdict(list)
        for row in rows:
            members[sets.find(row.id)].append(row)
        offender_root = sets.find("offender")
        offender = ""
        for root, rows_of in members.items():
            persons = [r.value for r in rows_of if r.kind == "person"]
            kind = "person" if persons else rows_of[0].kind
            entity_id = new_id()
            if root == offender_root:
                offender, kind, persons = entity_id, "person", ["山田 太郎"]
            connection.execute(
                insert(entities).values(
                    id=entity_id,
                    kind=kind,
                    label=(persons or [rows_of[0].value])[0],
                    created_at=NOW,
                    updated_at=NOW,
                )
            )
            connection.execute(
                insert(entity_members),
                [
                    {
                        "mention_id": r.id,
                        "entity_id": entity_id,
                        "report_id": r.report_id,
                        "match_weight": None,
                        "reasons": [],
                        "linked_at": NOW,
                    }
                    for r in rows_of
                ],
            )
    return offender


def seed_signals(context: DemoContext) -> int:
    """Score the demo's posts and listings with the shipped detector; store the flagged."""
    from kizashi.detect.scan import scan

    stored = 0
    with context.engine.begin() as connection:
        if connection.execute(select(signals.c.id).limit(1)).first() is not None:
            return 0  # the signals room's stage stored them already
        for channel in ("sns_post", "listing"):
            records = context.scenario.records.get(channel, [])
            ids = {
                (r.source, r.external_id): r.id
                for r in connection.execute(
                    select(reports.c.id, reports.c.source, reports.c.external_id).where(
                        reports.c.channel == channel
                    )
                )
            }
            for record, result in zip(records, scan(records), strict=True):
                if not result["flagged"]:
                    continue
                connection.execute(
                    insert(signals).values(
                        id=new_id(),
                        report_id=ids[(record["source"], record["external_id"])],
                        detector="text",
                        model_version="demo-test",
                        category=result["category"],
                        score=result["score"],
                        scores=result["scores"],
                        flagged=True,
                        evidence=result["evidence"],
                        protected=result["protected"],
                        created_at=NOW,
                    )
                )
                stored += 1
    return stored
