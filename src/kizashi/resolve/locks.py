"""Resolve's locks on PostgreSQL, fine enough for several workers to link side by side.

SQLite serialises writers by itself; every function here does nothing there. On PostgreSQL
(transaction-scoped advisory locks, released at commit or rollback):

- **The store** (one lock per schema): the live path and judgements take it *shared*; what
  rewrites every component takes it alone: ``recluster`` in its transaction, a batch run
  for the whole run (:func:`holding_resolve`: it reads the store, links outside any
  transaction and then rewrites every table, so a live batch committed in between would be
  lost), and an expiry before any room's hook runs (oversight takes each room's expiry locks
  first, so no row lock of an earlier hook is held while it waits).
- **Blocking keys**: a batch of new records locks every key it will look its candidates up
  by, *before* it reads them. Two records that could meet share a key, so the second batch
  waits for the first to commit and then meets its records — as one by one.
- **Components**: a batch locks every component its candidates (and its re-linked reports'
  old records) are in, then reads their components again: a component merged meanwhile by
  another worker (which held its lock) is found under its new id and locked too, until
  nothing moves. Only the holder of a component's lock adds records to it, merges it or
  re-clusters it.

Each pass takes its locks in sorted order, so two workers' first passes cannot deadlock; a
later pass (a component merged under the batch) can, and PostgreSQL then fails one of the
two transactions, which the worker runs again report by report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, text

__all__ = [
    "MAX_FINE_LOCKS",
    "holding_resolve",
    "lock_components",
    "lock_keys",
    "lock_resolve",
    "lock_shared_and_keys",
]

# Advisory locks share PostgreSQL's lock table (max_locks_per_transaction × connections,
# 6,400 by default); a batch with more keys than this takes the store's lock alone instead.
MAX_FINE_LOCKS = 2000


def _postgres(connection: Connection) -> bool:
    return connection.dialect.name == "postgresql"


def lock_resolve(connection: Connection, *, shared: bool = False) -> None:
    """The store's lock: shared by the live path and judgements, alone for a rewrite."""
    if _postgres(connection):
        function = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
        connection.execute(text(f"SELECT {function}({_STORE_KEY})"))


_STORE_KEY = "hashtext('kizashi.resolve:' || current_schema())"


@contextmanager
def holding_resolve(engine: Engine) -> Iterator[None]:
    """The store's lock alone for a run of several transactions (PostgreSQL; nothing on
    SQLite). It is held at session level on a connection of its own: the run's transactions
    take no resolve lock themselves, and the live path's shared lock waits until it ends."""
    if engine.dialect.name != "postgresql":
        yield
        return
    with engine.connect() as holder:
        holder.execute(text(f"SELECT pg_advisory_lock({_STORE_KEY})"))
        holder.commit()  # the lock outlives the transaction; an idle one would hold a snapshot
        try:
            yield
        finally:
            try:
                holder.execute(text(f"SELECT pg_advisory_unlock({_STORE_KEY})"))
                holder.commit()
            except Exception:
                # A session lock lives as long as its session: never hand it back to the pool.
                holder.invalidate()
                raise


def _lock(connection: Connection, kind: str, names: Iterable[str]) -> None:
    found = sorted(set(names))
    if not found:
        return
    connection.execute(
        text(
            "SELECT count(pg_advisory_xact_lock(hashtextextended(x, 0))) FROM "
            "(SELECT 'kizashi.resolve.' || :kind || ':' || current_schema() || ':' || n AS x "
            "FROM unnest(CAST(:names AS text[])) AS n ORDER BY 1) AS sorted_names"
        ),
        {"kind": kind, "names": found},
    )


def lock_keys(connection: Connection, keys: Iterable[str]) -> None:
    """Lock the blocking keys (PostgreSQL), in one sorted pass. Take the store's lock shared
    first; with more than :data:`MAX_FINE_LOCKS` keys, take it alone instead of these."""
    if _postgres(connection):
        _lock(connection, "key", keys)


def lock_shared_and_keys(connection: Connection, keys: Iterable[str]) -> None:
    """The store's lock shared, then the blocking keys, in one statement (PostgreSQL): what
    :func:`lock_resolve` (``shared=True``) then :func:`lock_keys` take, in the same order —
    the store's lock is the sorted pass's first row (its NULL sorts first), as the live
    path took it in a statement of its own before (one statement a pass fewer, issue 12)."""
    if not _postgres(connection):
        return
    found = sorted(set(keys))
    if not found:
        lock_resolve(connection, shared=True)
        return
    connection.execute(
        text(
            "SELECT count(CASE WHEN x IS NULL THEN pg_advisory_xact_lock_shared("
            f"{_STORE_KEY}) ELSE pg_advisory_xact_lock(hashtextextended(x, 0)) END) FROM "
            "(SELECT CAST(NULL AS text) AS x UNION ALL "
            "(SELECT 'kizashi.resolve.key:' || current_schema() || ':' || n "
            "FROM unnest(CAST(:names AS text[])) AS n) ORDER BY 1 NULLS FIRST) AS sorted_names"
        ),
        {"names": found},
    )


def lock_components(
    connection: Connection,
    current: Callable[[], set[str]],
    guess: Iterable[str] | None = None,
) -> set[str]:
    """Lock the components ``current()`` reads, again until it reads no new one (see the
    module doc); returns them (nothing on SQLite, where ``current`` is not called).
    ``current`` must read the store each time it is called.

    ``guess``: the components the caller read before taking any component lock (a read as
    good as ``current()``'s first, which is made before any such lock too). They are locked
    without that first read; ``current()`` is then called at least once: the answer returned
    always comes from a read made while every component in it was locked."""
    if not _postgres(connection):
        return set()
    locked: set[str] = set()
    found = current() if guess is None else set(guess)
    fresh = guess is None  # was ``found`` read with everything in it already locked?
    while True:
        todo = found - locked
        if not todo and fresh:
            return found
        _lock(connection, "component", todo)
        locked |= todo
        found = current()
        fresh = True
