"""The tamper-evident audit log: every decision and access, appended before data is served.

Each entry becomes one leaf of an RFC 9162 Merkle tree: the canonical JSON of the entry
(:mod:`kizashi.guard.audit.canonical`), holding salted hashes of personal data instead of the data.
``AuditLog.append`` returns only once the entry is committed; if it raises, the caller must
not serve (fail closed). Checkpoints (signed tree heads, :mod:`kizashi.guard.audit.notes`) are
signed in the same transaction as the append that makes them due: every ``checkpoint_every``
entries, or at the first append ``checkpoint_seconds`` after the last checkpoint.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from kizashi.clock import system_clock
from kizashi.guard.audit import merkle, store
from kizashi.guard.audit.entry import AuditEntry
from kizashi.guard.audit.errors import AuditError, AuditWriteError
from kizashi.guard.audit.notes import Checkpoint, Signer, open_checkpoint
from kizashi.guard.audit.prepare import PreparedEntry, prepare_entries
from kizashi.guard.audit.prepare import format_time as format_time
from kizashi.observe import audit_append_timer


@dataclass(slots=True)  # not frozen: one is made per entry, and frozen init costs more
class AppendReceipt:
    """Proof of durability: the entry is committed at `seq`; `tree_size` after the batch."""

    seq: int
    leaf_hash: str
    time: datetime
    tree_size: int
    checkpoint_size: int | None  # the checkpoint signed in the same transaction, if any


@dataclass(frozen=True)
class LogState:
    """What a store's log holds: its size and every signed checkpoint note, oldest first."""

    size: int
    notes: list[str]


def read_log_state(connection: Connection) -> LogState:
    """The log's state as `connection` sees it (inside a snapshot, a backup reads it there)."""
    return LogState(store.read_head(connection).size, store.checkpoint_notes(connection))


@dataclass(frozen=True)
class InclusionProof:
    """An entry's audit path to the root of a signed checkpoint."""

    seq: int
    leaf: str
    leaf_hash: bytes
    tree_size: int
    path: list[bytes]
    root: bytes
    checkpoint: str

    def verify(self) -> bool:
        return merkle.leaf_hash(self.leaf.encode("utf-8")) == self.leaf_hash and (
            merkle.verify_inclusion(self.leaf_hash, self.seq, self.tree_size, self.path, self.root)
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "leaf": self.leaf,
            "leaf_hash": self.leaf_hash.hex(),
            "tree_size": self.tree_size,
            "path": [node.hex() for node in self.path],
            "root": self.root.hex(),
            "checkpoint": self.checkpoint,
        }


class AuditLog:
    """The audit log in the store of `engine`, signing checkpoints with `signer`."""

    def __init__(
        self,
        engine: Engine,
        signer: Signer,
        *,
        checkpoint_every: int = 1000,
        checkpoint_seconds: float = 60.0,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        if checkpoint_every < 1 or checkpoint_seconds <= 0:
            raise ValueError("checkpoints need a positive entry count and interval")
        self.engine = engine
        self.signer = signer
        self.origin = signer.name
        self.checkpoint_every = checkpoint_every
        self.checkpoint_interval = timedelta(seconds=checkpoint_seconds)
        self._clock = clock or system_clock

    # --- writing ----------------------------------------------------------------------------

    def append(self, entry: AuditEntry) -> AppendReceipt:
        """Commit one entry; raises AuditWriteError (serve nothing) if it cannot be."""
        return self.append_many([entry])[0]

    def append_many(self, entries: Sequence[AuditEntry | PreparedEntry]) -> list[AppendReceipt]:
        """Commit a batch in one transaction (group commit): all entries or none.

        Entries may come prepared already (:meth:`prepare`, as the GroupCommitWriter's
        request threads do); the others are prepared here, before the lock is taken.
        """
        raw = [entry for entry in entries if isinstance(entry, AuditEntry)]
        if not raw:
            return self.append_prepared(entries)  # type: ignore[arg-type]
        made = iter(self.prepare(raw))
        return self.append_prepared(
            [next(made) if isinstance(entry, AuditEntry) else entry for entry in entries]
        )

    def prepare(self, entries: Sequence[AuditEntry]) -> list[PreparedEntry]:
        """Salts, hashes and leaf bytes of `entries`, made without the log's lock."""
        try:
            return prepare_entries(entries, self._clock())
        except (ValueError, TypeError) as exc:
            # A value the canonical form cannot hold (a lone surrogate, say): nothing may be
            # served for it.
            raise AuditWriteError(
                f"audit log append failed, nothing may be served: {exc.__class__.__name__}: {exc}"
            ) from exc

    def append_prepared(self, prepared: Sequence[PreparedEntry]) -> list[AppendReceipt]:
        """Commit prepared entries in one transaction; returns only once committed."""
        if not prepared:
            return []
        try:
            with audit_append_timer(len(prepared)), self.engine.begin() as connection:
                return self._append(connection, prepared, self._clock())
        except (SQLAlchemyError, ValueError, TypeError) as exc:
            # Whatever the cause, nothing was committed and nothing may be served.
            raise AuditWriteError(
                f"audit log append failed, nothing may be served: {exc.__class__.__name__}: {exc}"
            ) from exc

    def _append(
        self, connection: Connection, prepared: Sequence[PreparedEntry], now: datetime
    ) -> list[AppendReceipt]:
        # Under the lock only what depends on the log's state: the seq spliced into the leaf,
        # the leaf hash, the frontier and the rows.
        head = store.lock_head(connection)
        rows: list[tuple[Any, ...]] = []
        personal_rows: list[tuple[Any, ...]] = []
        node_rows: list[tuple[int, int, bytes]] = []
        digests: list[bytes] = []
        frontier, first = head.frontier, head.size
        extend, leaf_hash, skipped = merkle.extend_frontier, merkle.leaf_hash, store.SKIPPED_LEVELS
        for seq, item in enumerate(prepared, first):
            leaf = item.head + str(seq).encode("ascii") + item.tail
            digest = leaf_hash(leaf)
            completed = extend(frontier, seq, digest)
            # Only nodes above level 3 are stored: completed ones exist when seq % 16 == 15.
            if len(completed) > skipped:
                node_rows.extend(completed[skipped:])
            rows.append((seq, item.time, *item.columns, leaf.decode("utf-8"), digest))
            personal_rows.extend((seq, *field) for field in item.personal)
            digests.append(digest)
        head.size = first + len(prepared)
        checkpoint = None
        if self._checkpoint_due(head, now):
            checkpoint = self._signed(head, now)
        store.write_batch(connection, head, rows, personal_rows, node_rows, checkpoint)
        signed = head.size if checkpoint else None
        return [
            AppendReceipt(seq, digest.hex(), item.time, head.size, signed)
            for seq, (digest, item) in enumerate(zip(digests, prepared, strict=True), first)
        ]

    def _checkpoint_due(self, head: store.Head, now: datetime) -> bool:
        if head.size == head.checkpoint_size:
            return False
        if head.size - head.checkpoint_size >= self.checkpoint_every:
            return True
        return head.checkpoint_at is None or now - head.checkpoint_at >= self.checkpoint_interval

    def _signed(self, head: store.Head, now: datetime) -> store.CheckpointRow:
        root = merkle.frontier_root(head.frontier)
        note = self.signer.sign(Checkpoint(self.origin, head.size, root).body())
        head.checkpoint_size, head.checkpoint_at = head.size, now
        return store.CheckpointRow(head.size, root, note, now)

    def _sign(self, connection: Connection, head: store.Head, now: datetime) -> str:
        checkpoint = self._signed(head, now)
        store.write_checkpoint(connection, *checkpoint)
        return checkpoint.note

    def checkpoint(self) -> str:
        """Sign a checkpoint of the current tree now (unless the latest one is current)."""
        now = self._clock()
        try:
            with self.engine.begin() as connection:
                head = store.lock_head(connection)
                if head.size == head.checkpoint_size:
                    latest = store.latest_checkpoint(connection)
                    if latest is not None:
                        return latest[2]
                return self._sign(connection, head, now)
        except SQLAlchemyError as exc:
            raise AuditWriteError(f"cannot sign a checkpoint: {exc}") from exc

    def redact(self, seq: int, reason: str) -> int:
        """Delete the personal data (salt and plaintext) of entry `seq`; proofs still verify."""
        if not reason:
            raise ValueError("a redaction needs a reason")
        with self.engine.begin() as connection:
            return store.redact(connection, seq, reason, self._clock())

    # --- reading ----------------------------------------------------------------------------

    @property
    def size(self) -> int:
        with self.engine.connect() as connection:
            return store.read_head(connection).size

    def latest_checkpoint(self) -> Checkpoint | None:
        with self.engine.connect() as connection:
            latest = store.latest_checkpoint(connection)
        return open_checkpoint(latest[2], self.signer.verifier) if latest else None

    def checkpoint_notes(self) -> list[str]:
        with self.engine.connect() as connection:
            return store.checkpoint_notes(connection)

    def leaves(self, start: int, stop: int) -> list[tuple[int, str, str]]:
        """(seq, leaf, leaf hash in hex) of the entries start <= seq < stop. Leaves hold no
        personal data (only its salted hashes), so they may be shown to an operator."""
        with self.engine.connect() as connection:
            rows = store.entry_rows(connection, start, stop)
        return [(int(row.seq), str(row.leaf), bytes(row.leaf_hash).hex()) for row in rows]

    def record_operation(
        self, actor: str, action: str, resource_id: str, reason: str, context: dict[str, Any]
    ) -> AppendReceipt:
        """Record an operator's action on the installation itself (a restore, say): not a
        decision about data, so no policy is asked, but the log is the place it must be."""
        return self.append(
            AuditEntry(
                actor=actor,
                action=action,
                resource_type="installation",
                resource_id=resource_id,
                purpose="operation of the installation",
                effect="allow",
                reason=reason,
                context=context,
            )
        )

    def personal(self, seq: int) -> dict[str, str | None]:
        """An entry's personal data by field (None where redacted)."""
        with self.engine.connect() as connection:
            return store.personal_of(connection, seq)

    def prove(self, seq: int) -> InclusionProof:
        """The inclusion proof of entry `seq` against the latest checkpoint (signed if need be)."""
        with self.engine.connect() as connection:
            latest = store.latest_checkpoint(connection)
        if latest is None or latest[0] <= seq:
            self.checkpoint()
        with self.engine.connect() as connection:
            latest = store.latest_checkpoint(connection)
            row = store.entry_row(connection, seq)
            if row is None or latest is None or seq < 0:
                raise AuditError(f"no audit entry {seq}")
            size, root, note = latest
            path = merkle.inclusion_proof(
                seq, size, lambda nodes: store.read_nodes(connection, nodes)
            )
        return InclusionProof(seq, str(row.leaf), bytes(row.leaf_hash), size, path, root, note)

    def consistency_proof(self, old_size: int, new_size: int) -> list[bytes]:
        with self.engine.connect() as connection:
            return merkle.consistency_proof(
                old_size, new_size, lambda nodes: store.read_nodes(connection, nodes)
            )

    def root(self, size: int) -> bytes:
        with self.engine.connect() as connection:
            return merkle.root(size, lambda nodes: store.read_nodes(connection, nodes))

    def check_writable(self, *, wait_seconds: float = 2.0) -> None:
        """Take the log's write lock and let it go, appending nothing (for readiness probes).

        Raises :class:`AuditWriteError` when the store would refuse an append (read-only,
        out of space, permissions, a lock held longer than `wait_seconds`)."""
        sqlite = self.engine.dialect.name == "sqlite"
        try:
            with self.engine.connect() as connection:
                previous = None
                if sqlite:
                    previous = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
                    connection.exec_driver_sql(f"PRAGMA busy_timeout={int(wait_seconds * 1000)}")
                    connection.commit()  # pragmas outside the transaction below
                try:
                    with connection.begin() as transaction:
                        if not sqlite:
                            connection.exec_driver_sql(
                                f"SET LOCAL lock_timeout = {int(wait_seconds * 1000)}"
                            )
                        store.lock_head(connection)
                        transaction.rollback()
                finally:
                    if previous is not None:
                        connection.exec_driver_sql(f"PRAGMA busy_timeout={int(previous)}")
                        connection.commit()
        except SQLAlchemyError as exc:
            raise AuditWriteError(
                f"the audit log cannot be written: {exc.__class__.__name__}"
            ) from exc
