"""The SQLite copy behind `kizashi backup`: a consistent snapshot while the store keeps writing.

The copy reads the main database file under a read transaction that the WAL cannot be
checkpointed past. These tests write, checkpoint and read around and *during* the copy (from
a hook the copy calls after its first chunk, so nothing depends on timing) and check that the
copy is exactly the store as of the snapshot: intact, with a log that verifies.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from blake3 import blake3
from sqlalchemy import Engine, create_engine, text

from kizashi.clock import ManualClock
from kizashi.config import Settings
from kizashi.guard import AuditEntry, AuditLog, export_log, open_audit_log, verify_export
from kizashi.guard.audit import read_log_state
from kizashi.ops.backup import take_backup
from kizashi.ops.errors import BackupError
from kizashi.ops.sqlite_copy import copy_sqlite_file, file_snapshot


def _append(log: AuditLog, count: int, prefix: str) -> None:
    for i in range(count):
        log.append(
            AuditEntry(
                actor="officer-1",
                action=f"{prefix}-{i}",
                resource_type="report",
                resource_id=f"r-{i}",
                purpose="case 2026-041",
                effect="allow",
            )
        )


def _fill(engine: Engine, rows: int) -> None:
    """Bulk (about 4 KB a row) so that the file spans many chunks and writes overflow the WAL's
    autocheckpoint threshold (1000 pages)."""
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE IF NOT EXISTS filler (n INTEGER, b BLOB)"))
        connection.execute(
            text(
                "WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < :rows) "
                "INSERT INTO filler SELECT n, randomblob(4000) FROM k"
            ),
            {"rows": rows},
        )


def _checkpoint(database: str) -> tuple[int, int, int]:
    """A full checkpoint from another connection that will not wait: (busy, frames, done)."""
    other = sqlite3.connect(database, isolation_level=None, timeout=0)
    try:
        busy, frames, done = other.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        return int(busy), int(frames), int(done)
    finally:
        other.close()


@pytest.fixture
def copy_engine() -> Iterator[list[Engine]]:
    engines: list[Engine] = []
    yield engines
    for engine in engines:
        engine.dispose()


def _open(path: Path, engines: list[Engine]) -> Engine:
    engine = create_engine(f"sqlite:///{path}")
    engines.append(engine)
    return engine


def test_writes_and_checkpoints_during_the_copy_do_not_reach_it(
    sqlite_settings: Settings,
    sqlite_engine: Engine,
    tmp_path: Path,
    now: datetime,
    copy_engine: list[Engine],
) -> None:
    database = str(sqlite_engine.url.database)
    log = open_audit_log(sqlite_settings, sqlite_engine, clock=ManualClock(now))
    _append(log, 40, "before")
    log.checkpoint()
    _fill(sqlite_engine, 200)
    seen: dict[str, object] = {}

    def during() -> None:  # the server keeps writing, and something tries to checkpoint
        _append(log, 25, "during")
        log.checkpoint()
        _fill(sqlite_engine, 2000)
        seen["checkpoint"] = _checkpoint(database)

    out = tmp_path / "copy.sqlite"
    copied = copy_sqlite_file(database, out, chunk=64 * 1024, during=during)

    # the checkpoint attempted during the copy could not write into the file
    busy, frames, done = seen["checkpoint"]  # type: ignore[misc]
    assert busy == 1 and done < frames
    # the manifest's figures are the copy's
    data = out.read_bytes()
    assert len(data) == copied.bytes > 64 * 1024 * 10
    assert blake3(data).hexdigest() == copied.blake3
    # the copy is the store as of the snapshot: intact, self-contained, none of the later writes
    copy = _open(out, copy_engine)
    with copy.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "delete"
        assert connection.exec_driver_sql("SELECT count(*) FROM filler").scalar() == 200
        assert read_log_state(connection).size == 40
    copied_log = open_audit_log(sqlite_settings, copy)
    exported = tmp_path / "copy.jsonl"
    with exported.open("wb") as sink:
        export_log(copied_log, sink)
    result = verify_export(exported, copied_log.signer.verifier)
    assert result.ok and result.entries == 40
    assert not Path(f"{out}-wal").exists()
    # the live store has everything, and once the snapshot is let go a checkpoint completes
    with sqlite_engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM filler").scalar() == 2200
        assert read_log_state(connection).size == 65
    assert _checkpoint(database)[0] == 0


def test_a_reader_holding_old_wal_frames_keeps_the_snapshot_from_being_taken(
    sqlite_engine: Engine, sqlite_settings: Settings, now: datetime
) -> None:
    database = str(sqlite_engine.url.database)
    log = open_audit_log(sqlite_settings, sqlite_engine, clock=ManualClock(now))
    _append(log, 3, "before")
    old = sqlite3.connect(database, isolation_level=None)
    try:
        old.execute("BEGIN")
        old.execute("SELECT count(*) FROM audit_entries").fetchone()  # the WAL as it is now
        _append(log, 3, "after")  # frames the file cannot get while that reader lives
        with (
            pytest.raises(BackupError, match="readers kept the WAL"),
            file_snapshot(database, attempts=2, pause=0),
        ):
            pass
        old.execute("COMMIT")
    finally:
        old.close()
    with file_snapshot(database, attempts=2, pause=0) as size:
        assert size > 0


def test_a_store_in_rollback_journal_mode_is_copied_under_its_shared_lock(tmp_path: Path) -> None:
    database = tmp_path / "plain.sqlite"
    with sqlite3.connect(database) as connection:
        connection.execute("PRAGMA journal_mode=DELETE")
        connection.execute("CREATE TABLE t (n INTEGER)")
        connection.executemany("INSERT INTO t VALUES (?)", [(n,) for n in range(1000)])
    writer = sqlite3.connect(database, isolation_level=None, timeout=0)
    refused: list[str] = []

    def during() -> None:  # a writer cannot commit while the copy holds its read lock
        try:
            writer.execute("INSERT INTO t VALUES (-1)")
        except sqlite3.OperationalError as exc:
            refused.append(str(exc))

    out = tmp_path / "copy.sqlite"
    copied = copy_sqlite_file(str(database), out, chunk=4096, during=during)
    writer.close()
    assert refused == ["database is locked"]
    assert blake3(out.read_bytes()).hexdigest() == copied.blake3
    with sqlite3.connect(out) as connection:
        assert connection.execute("SELECT count(*), min(n) FROM t").fetchone() == (1000, 0)
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_backups_taken_while_a_thread_keeps_appending_each_hold_a_log_that_verifies(
    sqlite_settings: Settings, sqlite_engine: Engine, tmp_path: Path, now: datetime
) -> None:
    clock = ManualClock(now)
    log = open_audit_log(sqlite_settings, sqlite_engine, clock=clock)
    _append(log, 5, "first")
    stop = threading.Event()
    appended = threading.Semaphore(0)
    errors: list[BaseException] = []

    def keep_appending() -> None:
        try:
            while not stop.is_set():
                _append(log, 1, "busy")
                appended.release()
        except BaseException as exc:  # shown by the assertion below
            errors.append(exc)
            appended.release()

    writer = threading.Thread(target=keep_appending)
    writer.start()
    sizes = []
    try:
        for run in range(3):
            for _ in range(5):  # the writer has moved on since the last backup
                appended.acquire()
            backup, manifest = take_backup(
                sqlite_settings, sqlite_engine, tmp_path / "b", clock, name=f"b{run}"
            )
            sizes.append(manifest.audit_size)
            copy = create_engine(f"sqlite:///{backup / manifest.store_file}")
            try:
                copied = open_audit_log(sqlite_settings, copy)
                exported = tmp_path / f"b{run}.jsonl"
                with exported.open("wb") as sink:
                    export_log(copied, sink)
                result = verify_export(exported, copied.signer.verifier)
                assert result.ok and result.entries == manifest.audit_size
            finally:
                copy.dispose()
    finally:
        stop.set()
        writer.join()
    assert not errors
    assert sizes == sorted(sizes) and sizes[0] < sizes[-1]
