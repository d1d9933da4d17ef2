"""Membership numbers: every ``entity_members`` row resolve writes takes a number above every
number taken before (``entity_members.seq``, 0030).

Triage's marks tell an entity's new members by these numbers, not by ``linked_at``: a clock
may stand still (two passes at one instant) or run behind the stored links (a fixed clock, a
batch run's own), and a time cannot say which of two rows came later then; a number can.

PostgreSQL takes them from the sequence ``entity_members_seq`` (no lock: two workers never
wait on each other for it; a number taken by a transaction that commits later than another's
higher one is why a mark also counts its members below its number, see
:func:`kizashi.triage.gather.contributing_reports`). SQLite, with its one writer, keeps the
last number taken in ``store_counters`` and moves it once per write.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, func, insert, select, text, update

from kizashi.store.tables_resolve import entity_members, store_counters

NAME = "entity_members"


def take_numbers(connection: Connection, count: int) -> list[int]:
    """``count`` fresh membership numbers, increasing."""
    if count <= 0:
        return []
    if connection.dialect.name == "postgresql":
        rows = connection.execute(
            text("SELECT nextval('entity_members_seq') FROM generate_series(1, :n)"), {"n": count}
        )
        return sorted(int(r[0]) for r in rows)
    moved = connection.execute(
        update(store_counters)
        .where(store_counters.c.name == NAME)
        .values(value=store_counters.c.value + count)
    )
    if moved.rowcount == 0:  # a store made without the migration's row: start above the rows
        start = connection.execute(select(func.max(entity_members.c.seq))).scalar() or 0
        connection.execute(insert(store_counters).values(name=NAME, value=int(start) + count))
    last = connection.execute(
        select(store_counters.c.value).where(store_counters.c.name == NAME)
    ).scalar_one()
    return list(range(int(last) - count + 1, int(last) + 1))


def insert_members(
    connection: Connection, rows: Sequence[dict[str, Any]], kept: Mapping[str, Any] = {}
) -> None:
    """Insert membership rows, each numbered (in the order given). ``kept``: mention → the
    number of its stored row, for rows that stay in the entity they were in (a member whose
    reasons were rewritten: a twin's new strongest link, a re-clustering's weights). It did
    not join anew, so it keeps its number: a mark counting its members up to its number
    must not see it leave."""
    if not rows:
        return
    fresh = [row for row in rows if kept.get(str(row["mention_id"])) is None]
    numbers = iter(take_numbers(connection, len(fresh)))
    numbered = [{**row, "seq": kept.get(str(row["mention_id"])) or next(numbers)} for row in rows]
    for start in range(0, len(numbered), 2000):
        connection.execute(insert(entity_members), numbered[start : start + 2000])


def kept_numbers(
    stored: Mapping[str, tuple[Any, ...]], rows: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
    """Of ``rows`` about to be written, the stored numbers of those staying in their entity;
    ``stored``: mention → (entity, …, number) as read before the rows were deleted."""
    return {
        str(row["mention_id"]): stored[str(row["mention_id"])][-1]
        for row in rows
        if str(row["mention_id"]) in stored
        and stored[str(row["mention_id"])][0] == row["entity_id"]
    }


def stored_numbers(connection: Connection, mention_ids: Sequence[str]) -> dict[str, Any]:
    """Mention → (its stored member's entity, its number)."""
    out: dict[str, Any] = {}
    ordered = list(dict.fromkeys(mention_ids))
    for start in range(0, len(ordered), 500):
        for row in connection.execute(
            select(
                entity_members.c.mention_id, entity_members.c.entity_id, entity_members.c.seq
            ).where(entity_members.c.mention_id.in_(ordered[start : start + 500]))
        ):
            out[str(row.mention_id)] = (str(row.entity_id), row.seq)
    return out
