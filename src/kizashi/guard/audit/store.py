"""Storage of the audit log: the head row (lock + frontier), entries, nodes, checkpoints.

Only :mod:`kizashi.guard.audit.log` calls this module. Every function takes an open Connection,
so that one append is one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, NamedTuple

from sqlalchemy import Connection, Engine, insert, select, union_all, update
from sqlalchemy.exc import DBAPIError

from kizashi.guard.audit.merkle import Node, node_hash
from kizashi.store.tables import (
    audit_checkpoints,
    audit_entries,
    audit_head,
    audit_nodes,
    audit_personal,
)


@dataclass
class Head:
    """The state of the log, read under its lock."""

    size: int
    frontier: list[bytes]
    checkpoint_size: int
    checkpoint_at: datetime | None


class CheckpointRow(NamedTuple):
    size: int
    root: bytes
    note: str
    at: datetime


def lock_head(connection: Connection) -> Head:
    """Take the log's write lock and read its head, in one statement (one round trip).

    A no-op UPDATE ... RETURNING, first in its transaction on purpose: on PostgreSQL it locks
    the head row (concurrent appenders queue behind it, so seqs stay gap-free and unique); on
    SQLite it takes the database write lock, waiting through busy_timeout, before anything is
    read (a read first would make the later write fail with SQLITE_BUSY instead of waiting).
    RETURNING gives the row as locked, so no separate SELECT is needed.
    """
    row = connection.execute(
        update(audit_head)
        .where(audit_head.c.id == 1)
        .values(size=audit_head.c.size)
        .returning(
            audit_head.c.size,
            audit_head.c.frontier,
            audit_head.c.checkpoint_size,
            audit_head.c.checkpoint_at,
        )
    ).one()
    raw = bytes(row.frontier)
    frontier = [raw[i : i + 32] for i in range(0, len(raw), 32)]
    return Head(int(row.size), frontier, int(row.checkpoint_size), row.checkpoint_at)


def read_head(connection: Connection) -> Head:
    row = connection.execute(select(audit_head).where(audit_head.c.id == 1)).one()
    raw = bytes(row.frontier)
    frontier = [raw[i : i + 32] for i in range(0, len(raw), 32)]
    return Head(int(row.size), frontier, int(row.checkpoint_size), row.checkpoint_at)


ENTRY_COLUMNS = (
    "seq",
    "time",
    "actor",
    "action",
    "resource_type",
    "resource_id",
    "purpose",
    "effect",
    "leaf",
    "leaf_hash",
)
PERSONAL_COLUMNS = ("seq", "field", "salt", "value")
NODE_COLUMNS = ("level", "idx", "hash")


def write_batch(
    connection: Connection,
    head: Head,
    entries: Sequence[tuple[Any, ...]],
    personal: Sequence[tuple[Any, ...]],
    nodes: Sequence[tuple[Any, ...]],
    checkpoint: CheckpointRow | None = None,
) -> None:
    """Insert a batch and move the head (whose frontier the caller has already extended),
    with the checkpoint signed for it, if one is due, recorded by the same head update.

    Rows are tuples in the order of ENTRY_COLUMNS, PERSONAL_COLUMNS and NODE_COLUMNS, with
    times as aware datetimes. They go straight to the driver (COPY on PostgreSQL, executemany
    on SQLite), inside the caller's transaction: per-row parameter processing in SQLAlchemy
    cost more than the database itself did at tens of thousands of entries a second.
    """
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        stamps: dict[datetime, str] = {}  # most rows of a batch share one time
        entries = [
            (row[0], stamps.get(row[1]) or stamps.setdefault(row[1], sqlite_time(row[1])), *row[2:])
            for row in entries
        ]
    for table, columns, rows in (
        ("audit_entries", ENTRY_COLUMNS, entries),
        ("audit_personal", PERSONAL_COLUMNS, personal),
        ("audit_nodes", NODE_COLUMNS, nodes),
    ):
        if rows:
            _bulk_insert(connection, table, columns, rows, sqlite=sqlite)
    values: dict[str, Any] = {"size": head.size, "frontier": b"".join(head.frontier)}
    if checkpoint is not None:
        connection.execute(
            insert(audit_checkpoints).values(
                size=checkpoint.size,
                root_hash=checkpoint.root,
                note=checkpoint.note,
                created_at=checkpoint.at,
            )
        )
        values.update(checkpoint_size=checkpoint.size, checkpoint_at=checkpoint.at)
    connection.execute(update(audit_head).where(audit_head.c.id == 1).values(**values))


def _bulk_insert(
    connection: Connection,
    table: str,
    columns: tuple[str, ...],
    rows: Sequence[tuple[Any, ...]],
    *,
    sqlite: bool,
) -> None:
    names = ", ".join(columns)
    cursor = connection.connection.cursor()
    statement = f"INSERT INTO {table} ({names})"
    try:
        if sqlite:
            marks = ", ".join("?" for _ in columns)
            cursor.executemany(f"{statement} VALUES ({marks})", rows)
        else:
            statement = f"COPY {table} ({names}) FROM STDIN"
            with cursor.copy(statement) as copy:
                for row in rows:
                    copy.write_row(row)
    except connection.dialect.loaded_dbapi.Error as exc:
        # The driver's own error, wrapped as SQLAlchemy would, so callers see one kind.
        raise DBAPIError(statement, None, exc) from exc
    finally:
        cursor.close()


def sqlite_time(value: datetime) -> str:
    """A time as SQLAlchemy's SQLite DATETIME stores it (UTCDateTime: in UTC, no offset)."""
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def write_checkpoint(
    connection: Connection, size: int, root: bytes, note: str, at: datetime
) -> None:
    connection.execute(
        insert(audit_checkpoints).values(size=size, root_hash=root, note=note, created_at=at)
    )
    connection.execute(
        update(audit_head)
        .where(audit_head.c.id == 1)
        .values(checkpoint_size=size, checkpoint_at=at)
    )


# Perfect nodes below this level are not stored: a node of level <= SKIPPED_LEVELS covers at
# most 8 leaves, recomputed from their hashes when a proof needs it (a few microseconds),
# while storing them was 7 of every 8 node rows an append wrote.
SKIPPED_LEVELS = 3


def stored_nodes(nodes: Iterable[tuple[int, int, bytes]]) -> list[tuple[int, int, bytes]]:
    """The completed perfect nodes an append writes: those above SKIPPED_LEVELS."""
    return [node for node in nodes if node[0] > SKIPPED_LEVELS]


def _perfect_root(hashes: list[bytes]) -> bytes:
    """The hash of a perfect subtree from its leaf hashes (a power of two of them)."""
    while len(hashes) > 1:
        hashes = [node_hash(hashes[i], hashes[i + 1]) for i in range(0, len(hashes), 2)]
    return hashes[0]


def read_nodes(connection: Connection, wanted: Iterable[Node]) -> dict[Node, bytes]:
    """Perfect-node hashes: level 0 from the entries' leaf hashes, levels 1-3 computed from
    them, the rest from audit_nodes."""
    by_level: dict[int, list[int]] = {}
    for level, index in wanted:
        by_level.setdefault(level, []).append(index)
    found: dict[Node, bytes] = {}
    low = {
        level: by_level.pop(level) for level in range(1, SKIPPED_LEVELS + 1) if level in by_level
    }
    leaves = set(by_level.pop(0, []))
    for level, indexes in low.items():
        for index in indexes:
            leaves.update(range(index << level, (index + 1) << level))
    if leaves:
        rows = connection.execute(
            select(audit_entries.c.seq, audit_entries.c.leaf_hash).where(
                audit_entries.c.seq.in_(sorted(leaves))
            )
        )
        found.update({(0, int(seq)): bytes(value) for seq, value in rows})
    for level, indexes in low.items():
        for index in indexes:
            hashes = [found.get((0, i)) for i in range(index << level, (index + 1) << level)]
            if all(h is not None for h in hashes):
                found[(level, index)] = _perfect_root([h for h in hashes if h is not None])
    if by_level:
        # One SELECT per level, joined by UNION ALL: each arm is a primary-key lookup (an OR
        # of per-level conditions made SQLite scan the table).
        query = union_all(
            *(
                select(audit_nodes.c.level, audit_nodes.c.idx, audit_nodes.c.hash).where(
                    audit_nodes.c.level == level, audit_nodes.c.idx.in_(indexes)
                )
                for level, indexes in by_level.items()
            )
        )
        nodes = connection.execute(query)
        found.update({(int(level), int(idx)): bytes(value) for level, idx, value in nodes})
    return found


def latest_checkpoint(connection: Connection) -> tuple[int, bytes, str] | None:
    row = connection.execute(
        select(audit_checkpoints.c.size, audit_checkpoints.c.root_hash, audit_checkpoints.c.note)
        .order_by(audit_checkpoints.c.size.desc())
        .limit(1)
    ).first()
    return (int(row.size), bytes(row.root_hash), str(row.note)) if row else None


def checkpoint_notes(connection: Connection) -> list[str]:
    rows = connection.execute(select(audit_checkpoints.c.note).order_by(audit_checkpoints.c.size))
    return [str(note) for (note,) in rows]


def entry_rows(connection: Connection, start: int, stop: int) -> list[Any]:
    """(seq, leaf, leaf_hash) of the entries start <= seq < stop, in order."""
    return list(
        connection.execute(
            select(audit_entries.c.seq, audit_entries.c.leaf, audit_entries.c.leaf_hash)
            .where(audit_entries.c.seq >= start, audit_entries.c.seq < stop)
            .order_by(audit_entries.c.seq)
        )
    )


def entry_row(connection: Connection, seq: int) -> Any:
    return connection.execute(
        select(audit_entries.c.leaf, audit_entries.c.leaf_hash).where(audit_entries.c.seq == seq)
    ).first()


def iter_entries(
    engine: Engine, *, include_personal: bool, chunk: int = 5000
) -> Iterator[tuple[int, str, bytes, dict[str, dict[str, str]]]]:
    """(seq, leaf, leaf hash, personal) in seq order, read in chunks by key (no offset scans)."""
    after = -1
    while True:
        with engine.connect() as connection:
            rows = connection.execute(
                select(audit_entries.c.seq, audit_entries.c.leaf, audit_entries.c.leaf_hash)
                .where(audit_entries.c.seq > after)
                .order_by(audit_entries.c.seq)
                .limit(chunk)
            ).all()
            personal: dict[int, dict[str, dict[str, str]]] = {}
            if rows and include_personal:
                for seq, field, salt, value in connection.execute(
                    select(
                        audit_personal.c.seq,
                        audit_personal.c.field,
                        audit_personal.c.salt,
                        audit_personal.c.value,
                    ).where(audit_personal.c.seq.between(rows[0].seq, rows[-1].seq))
                ):
                    if salt is not None and value is not None:
                        personal.setdefault(int(seq), {})[field] = {
                            "salt": bytes(salt).hex(),
                            "value": str(value),
                        }
        if not rows:
            return
        for row in rows:
            seq = int(row.seq)
            yield seq, str(row.leaf), bytes(row.leaf_hash), personal.get(seq, {})
        after = int(rows[-1].seq)


def redact(connection: Connection, seq: int, reason: str, at: datetime) -> int:
    """Drop the salt and plaintext of an entry's personal data; returns the fields redacted."""
    result = connection.execute(
        update(audit_personal)
        .where(audit_personal.c.seq == seq, audit_personal.c.value.is_not(None))
        .values(salt=None, value=None, redacted_at=at, redaction_reason=reason)
    )
    return int(result.rowcount)


def personal_of(connection: Connection, seq: int) -> dict[str, str | None]:
    rows = connection.execute(
        select(audit_personal.c.field, audit_personal.c.value).where(audit_personal.c.seq == seq)
    )
    return {str(field): value for field, value in rows}
