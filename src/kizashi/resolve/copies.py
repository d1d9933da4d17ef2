"""Copies: records identical to an earlier one, kept out of the blocks.

Every post of an account makes a person record with the same features. The batch run compares
only the first of each set of identical records and links every other one to it by an
identical-record edge (:func:`kizashi.resolve.link.identical_groups`); the incremental path
links a new record identical to a stored one the same way (its one edge). Such a *copy*
meets nothing a first does not meet and decides nothing a first does not decide, so it needs
no blocking keys: neither path writes any for it (:func:`copy_ids`, :func:`keys_of`). A block
then holds one record per profile, and what a new record reads (its blocks) follows the
distinct people and identifiers sharing its keys, not the posts of the accounts among them —
which grew with the store (on the benchmark's 20k store one account's key held 754 records,
on 200k several thousand: every new post of it read them all).

Each set of records joined by identical-record edges thus has one record with keys (the batch
run's first, a live copy's twin; migration 0028 keeps the smallest id of each set in older
stores). When a record of such a set is deleted (its report re-linked with other features,
or expired), the records its identical-record edges reached get their keys back
(:func:`restore_keys`), so they are found as before; of identical records met, the
incremental side keeps the smallest id (:meth:`kizashi.resolve.candidates.Candidates.of`),
as its identical-record check always picked the smallest.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, insert, or_, select

from kizashi.resolve.blocking import record_keys
from kizashi.resolve.decision import Edge
from kizashi.resolve.link import IDENTICAL
from kizashi.resolve.linker import Model
from kizashi.resolve.repository import chunks
from kizashi.store.tables_resolve import resolve_edges, resolve_keys, resolve_records

__all__ = ["copy_ids", "is_copy", "keys_of", "restore_keys"]


def is_copy(edges: Sequence[Edge]) -> bool:
    """Whether a record's decided edges make it a copy: its one edge an identical-record one."""
    return len(edges) == 1 and edges[0].weight == IDENTICAL


def copy_ids(edges: Iterable[Edge]) -> set[str]:
    """The copies among a batch run's records: the first end of each identical-record edge
    (``(repeat, first)``, :func:`kizashi.resolve.link.link_rows`)."""
    return {e.left for e in edges if e.weight == IDENTICAL}


def keys_of(row: Mapping[str, Any], model: Model) -> list[str]:
    """A record's blocking keys as stored (the model's stop keys left out)."""
    return [k for k in record_keys(row, model.rules) if k not in model.stops]


def restore_keys(
    connection: Connection, deleted: Sequence[str], model: Model
) -> list[tuple[str, Any, str, list[str]]]:
    """Give their keys back to the copies linked to ``deleted`` records (call before the
    records and their edges are deleted): every record at the other end of one of their
    identical-record edges that has no keys (a stored edge is written (smaller id, larger
    id), so either end may be the copy). (id, features, component, keys) of each."""
    gone = set(deleted)
    ends: set[str] = set()
    for chunk in chunks(sorted(gone), 500):
        for pair in connection.execute(
            select(resolve_edges.c.left_id, resolve_edges.c.right_id).where(
                or_(resolve_edges.c.left_id.in_(chunk), resolve_edges.c.right_id.in_(chunk)),
                resolve_edges.c.weight == IDENTICAL,
            )
        ):
            ends.update((str(pair.left_id), str(pair.right_id)))
    ends -= gone
    for chunk in chunks(sorted(ends), 500):  # those with keys are found already
        ends -= {
            str(r)
            for r in connection.execute(
                select(resolve_keys.c.record_id).where(resolve_keys.c.record_id.in_(chunk))
            ).scalars()
        }
    out: list[tuple[str, Any, str, list[str]]] = []
    for part in chunks(sorted(ends), 500):
        for r in connection.execute(
            select(resolve_records.c.id, resolve_records.c.features, resolve_records.c.component)
            .where(resolve_records.c.id.in_(part))
            .order_by(resolve_records.c.id)
        ):
            out.append((str(r.id), r.features, str(r.component), keys_of(r.features, model)))
    rows = [{"key": k, "record_id": rid} for rid, _, _, keys in out for k in sorted(set(keys))]
    for batch in chunks(rows, 2000):
        connection.execute(insert(resolve_keys), batch)
    return out
