"""`kizashi backup`: the store, its audit chain and a manifest that lets a restore check both.

A backup is a directory::

    manifest.json       format, when, version, backend, migration, the log's size and latest
                        checkpoint in the copy, and the BLAKE3 hash (`b3sum` checks it) and
                        size of every other file
    store.sqlite        SQLite: the database file as of one read transaction, copied while
                        the server keeps writing (kizashi.ops.sqlite_copy), self-contained
    store.pgdump        PostgreSQL: `pg_dump --format=custom` of the store's schema, taken
                        inside an exported snapshot
    checkpoints.jsonl   every signed checkpoint the copy holds, oldest first
    checkpoint.note     the latest of them (a C2SP signed note)
    log.vkey            the log's public verifier key

Before copying, a checkpoint is signed (so the copy's newest entries are covered) and handed
to the witness, which keeps it only if it extends what it saw: a backup is also a witnessing.
What the manifest says about the log is read from the copy itself (SQLite: the copied file;
PostgreSQL: inside the snapshot `pg_dump` uses), never from the live store a moment later.

No key is in a backup: the audit signing key, the trace fingerprint key and the session
secret are kept and backed up apart (docs/operations.md). The directory is written as
``<name>.partial`` and renamed when complete, so a half-written backup never looks whole.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from blake3 import blake3
from sqlalchemy import Connection, Engine, text

from kizashi import __version__
from kizashi.clock import Clock
from kizashi.config import Settings
from kizashi.guard import AuditLog, Witness, open_audit_log
from kizashi.guard.audit import LogState, open_checkpoint, read_log_state, witness_path
from kizashi.ops import pg
from kizashi.ops.errors import BackupError
from kizashi.ops.sqlite_copy import Copied, copy_sqlite_file

FORMAT = "kizashi-backup/2"
# /1 recorded SHA-256; /2 records BLAKE3, under half the CPU on the store's copy. Both restore.
READABLE = ("kizashi-backup/1", FORMAT)
MANIFEST = "manifest.json"
NOT_INCLUDED = (
    "the audit signing key (KIZASHI_AUDIT_SIGNING_KEY)",
    "the trace fingerprint key (<data_dir>/trace/fingerprint.key)",
    "the session secret (KIZASHI_SESSION_SECRET)",
)


@dataclass(frozen=True)
class Manifest:
    format: str
    id: str
    created_at: str
    kizashi_version: str
    backend: str
    store_file: str
    migration: str | None
    audit_size: int
    checkpoint_size: int
    checkpoint_root: str
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    not_included: tuple[str, ...] = NOT_INCLUDED

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def read(cls, directory: Path) -> Manifest:
        path = directory / MANIFEST
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise BackupError(f"{path}: not a kizashi backup ({exc})") from exc
        if data.get("format") not in READABLE:
            raise BackupError(f"{path}: format {data.get('format')!r}, expected {FORMAT!r}")
        data["not_included"] = tuple(data.get("not_included", ()))
        return cls(**data)


def sha256_of(path: Path) -> str:
    with path.open("rb") as source:
        return hashlib.file_digest(source, "sha256").hexdigest()


def blake3_of(path: Path) -> str:
    hashed = blake3()
    with path.open("rb") as source:
        while chunk := source.read(1024 * 1024):
            hashed.update(chunk)
    return hashed.hexdigest()


def matches(path: Path, expected: dict[str, Any]) -> bool:
    """Whether the file has the hash its manifest entry records (BLAKE3; SHA-256 in /1)."""
    if "blake3" in expected:
        return blake3_of(path) == str(expected["blake3"])
    return sha256_of(path) == str(expected["sha256"])


def _copy_sqlite(store: Engine, out: Path) -> Copied:
    """A consistent copy of the store's file as of one read transaction (sqlite_copy's doc),
    fsynced, with its hash computed while it is copied."""
    database = store.url.database
    if not database or database == ":memory:":
        raise BackupError("an in-memory SQLite store cannot be backed up")
    return copy_sqlite_file(database, out)


def _hash_and_sync(
    paths: list[Path], known: dict[str, Copied] | None = None
) -> dict[str, dict[str, Any]]:
    """BLAKE3 hash and size of each file, each fsynced; hashing (CPU) overlaps syncing (disk).
    The files in `known` were hashed and synced as they were written."""
    from concurrent.futures import ThreadPoolExecutor

    known = known or {}

    def sync(path: Path) -> None:
        with path.open("rb") as handle:
            os.fsync(handle.fileno())

    files: dict[str, dict[str, Any]] = {
        name: {"blake3": copied.blake3, "bytes": copied.bytes} for name, copied in known.items()
    }
    rest = [path for path in paths if path.name not in known]
    with ThreadPoolExecutor(2) as pool:
        synced = [pool.submit(sync, path) for path in rest]
        files |= {p.name: {"blake3": blake3_of(p), "bytes": p.stat().st_size} for p in rest}
        for done in synced:
            done.result()
    return {name: files[name] for name in sorted(files)}


def _sqlite_state(path: Path) -> tuple[LogState, str | None]:
    from sqlalchemy import create_engine

    copy = create_engine(f"sqlite:///{path}")
    try:
        with copy.connect() as connection:
            return read_log_state(connection), _revision(connection)
    finally:
        copy.dispose()


def _revision(connection: Connection) -> str | None:
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _copy_postgres(store: Engine, out: Path) -> tuple[LogState, str | None]:
    """pg_dump inside an exported snapshot; the log's state read in that same snapshot."""
    with store.connect() as connection:
        connection.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"))
        snapshot = connection.execute(text("SELECT pg_export_snapshot()")).scalar_one()
        schema = connection.execute(text("SELECT current_schema()")).scalar_one()
        state, revision = read_log_state(connection), _revision(connection)
        pg.dump(store, schema, snapshot, out)  # while this transaction holds the snapshot
        connection.rollback()
    return state, revision


def witness_latest(settings: Settings, log: AuditLog) -> Witness:
    """The installation's witness, handed the log's latest checkpoint."""
    witness = Witness(witness_path(settings), log.signer.verifier)
    witness.sync(log)
    return witness


def take_backup(
    settings: Settings, store: Engine, directory: Path, clock: Clock, *, name: str | None = None
) -> tuple[Path, Manifest]:
    """Back the store up into a new directory under `directory`; returns it and its manifest."""
    now = clock()
    backup_id = name or f"kizashi-backup-{now:%Y%m%dT%H%M%S%fZ}"
    final = directory / backup_id
    partial = directory / f"{backup_id}.partial"
    if final.exists() or partial.exists():
        raise BackupError(f"{final} exists already")
    log = open_audit_log(settings, store, clock=clock)
    log.checkpoint()
    witness_latest(settings, log)
    partial.mkdir(parents=True)
    known: dict[str, Copied] = {}  # files hashed and synced as they were written
    if store.dialect.name == "sqlite":
        store_file = "store.sqlite"
        known = {store_file: _copy_sqlite(store, partial / store_file)}
        state, revision = _sqlite_state(partial / store_file)
    else:
        store_file = "store.pgdump"
        state, revision = _copy_postgres(store, partial / store_file)
    if not state.notes:
        raise BackupError("the copy holds no signed checkpoint")
    latest = open_checkpoint(state.notes[-1], log.signer.verifier)
    (partial / "checkpoints.jsonl").write_text(
        "".join(json.dumps({"note": note}, ensure_ascii=False) + "\n" for note in state.notes),
        "utf-8",
    )
    (partial / "checkpoint.note").write_text(state.notes[-1], "utf-8")
    (partial / "log.vkey").write_text(log.signer.verifier.vkey() + "\n", "utf-8")
    files = _hash_and_sync(sorted(partial.iterdir()), known)
    manifest = Manifest(
        format=FORMAT,
        id=backup_id,
        created_at=now.isoformat(),
        kizashi_version=__version__,
        backend=store.dialect.name,
        store_file=store_file,
        migration=revision,
        audit_size=state.size,
        checkpoint_size=latest.size,
        checkpoint_root=latest.root.hex(),
        files=files,
    )
    with (partial / MANIFEST).open("w", encoding="utf-8") as out:
        json.dump(manifest.to_json(), out, ensure_ascii=False, indent=2)
        out.write("\n")
        out.flush()
        os.fsync(out.fileno())
    os.replace(partial, final)
    _sync_directory(directory)
    return final, manifest


def _sync_directory(path: Path) -> None:
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


__all__ = ["FORMAT", "Manifest", "blake3_of", "matches", "sha256_of", "take_backup"]
