"""The tamper-evident audit log: every decision and access, appended before data is served.

Each entry becomes one leaf of an RFC 9162 Merkle tree: the canonical JSON of the entry
(:mod:`kizashi.guard.canonical`), holding salted hashes of personal data instead of the data.
``AuditLog.append`` returns only once the entry is committed; if it raises, the caller must
not serve (fail closed). Checkpoints (signed tree heads, :mod:`kizashi.guard.notes`) are
signed in the same transaction as the append that makes them due: every ``checkpoint_every``
entries, or at the first append ``checkpoint_seconds`` after the last checkpoint.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from kizashi.guard import audit_store as store
from kizashi.guard import merkle
from kizashi.guard.audit_prepare import LEAF_VERSION, PreparedEntry, prepare_entries
from kizashi.guard.audit_prepare import format_time as format_time
from kizashi.guard.canonical import canonical_json
from kizashi.guard.errors import AuditError, AuditWriteError
from kizashi.guard.notes import Checkpoint, Signer, open_checkpoint

Effect = Literal["allow", "deny"]


@dataclass(frozen=True)
class AuditEntry:
    """One decision or access. Personal data goes in `personal` only (it is hashed)."""

    actor: str
    action: str  # read, search, list, count, export, write, decide, ...
    resource_type: str
    resource_id: str
    purpose: str
    effect: Effect
    reason: str = ""
    personal: Mapping[str, str] = field(default_factory=dict)
    context: Mapping[str, Any] = field(default_factory=dict)
    time: datetime | None = None

    def __post_init__(self) -> None:
        if self.effect not in ("allow", "deny"):
            raise ValueError(f"effect must be allow or deny, not {self.effect!r}")
        if not self.actor or not self.action or not self.resource_type:
            raise ValueError("an audit entry needs an actor, an action and a resource type")
        if self.time is not None and self.time.tzinfo is None:
            raise ValueError("audit times must be timezone-aware")
        texts = (self.actor, self.action, self.resource_type, self.resource_id, self.purpose)
        if not all(isinstance(value, str) for value in (*texts, self.reason)):
            raise ValueError("the fields of an audit entry are strings")
        # Everything a leaf holds is checked here, once, before any lock is taken.
        canonical_json({"context": dict(self.context), "personal": dict(self.personal)})
        for name, value in self.personal.items():
            if not isinstance(value, str) or not 0 < len(name) <= 100:
                raise ValueError(f"personal data are strings under short names, got {name!r}")

    def leaf(self, seq: int, time: str, hashes: Mapping[str, str]) -> dict[str, Any]:
        return {
            "v": LEAF_VERSION,
            "seq": seq,
            "time": time,
            "actor": self.actor,
            "action": self.action,
            "resource": {"type": self.resource_type, "id": self.resource_id},
            "purpose": self.purpose,
            "decision": {"effect": self.effect, "reason": self.reason},
            "personal": dict(hashes),
            "context": dict(self.context),
        }


@dataclass(slots=True)  # not frozen: one is made per entry, and frozen init costs more
class AppendReceipt:
    """Proof of durability: the entry is committed at `seq`; `tree_size` after the batch."""

    seq: int
    leaf_hash: str
    time: datetime
    tree_size: int
    checkpoint_size: int | None  # the checkpoint signed in the same transaction, if any


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
        self._clock = clock or (lambda: datetime.now(UTC))

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
            with self.engine.begin() as connection:
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
