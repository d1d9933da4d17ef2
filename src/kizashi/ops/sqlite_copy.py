"""A consistent copy of a live SQLite store at about the cost of a file copy, hashed on the way.

SQLite's online backup API copies page by page through two pagers (3.3x a plain file copy on
the demo store, docs/benchmarks.md). The same snapshot can be had from the file itself:

1. With the WAL write lock held (``BEGIN IMMEDIATE`` on a second connection, so no frame can be
   appended), a passive checkpoint copies every WAL frame into the main file. If an older
   reader still needs frames the file lacks, the checkpoint stops short; the lock is let go and
   the whole step tried again a little later.
2. Still under that lock, a read transaction begins on the reader. The WAL is then wholly in
   the file, so SQLite reads this transaction from the main file alone (WAL read-lock 0), and
   no checkpointer may write into the file until it ends: backfilling needs that lock
   exclusively. The write lock is released; the server goes on writing into the WAL.
3. The file's first ``page_count * page_size`` bytes are the snapshot. They are copied in the
   kernel (``copy_file_range``) and fsynced by one thread while this one reads and hashes the
   same bytes, so hashing overlaps copying and syncing, and nothing is read twice from disk.

In rollback-journal mode the read transaction's SHARED lock keeps writers from committing,
which is all the file needs. The copy is made self-contained by writing 1 into the header's
two format-version bytes (offsets 18-19; 2 means WAL), as ``PRAGMA journal_mode=DELETE`` does.

A file descriptor on the database is opened once per file and never closed: closing any
descriptor of a file drops every POSIX lock the process holds on it, SQLite's among them
(https://www.sqlite.org/howtocorrupt.html, section 2.2). SQLite's own connections are left to
SQLite; only this read-only descriptor is ours.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from kizashi.ops.errors import BackupError

CHUNK = 256 * 1024  # hashing reads: small enough to stay in cache between read and hash
VERSIONS = slice(18, 20)  # the header's file format write and read versions
ROLLBACK = b"\x01\x01"  # ... as a self-contained file (no WAL) has them

_descriptors: dict[tuple[int, int], int] = {}
_descriptors_lock = threading.Lock()


@dataclass(frozen=True)
class Copied:
    sha256: str
    bytes: int


def _descriptor(path: str) -> int:
    """A read-only descriptor on `path`'s file, one per file for the process's life."""
    status = os.stat(path)
    key = (status.st_dev, status.st_ino)
    with _descriptors_lock:
        if key not in _descriptors:
            fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
            opened = os.fstat(fd)
            _descriptors[(opened.st_dev, opened.st_ino)] = fd  # never closed (module doc)
            if (opened.st_dev, opened.st_ino) != key:
                raise BackupError(f"{path}: the database file was replaced while opening it")
        return _descriptors[key]


def _on_the_file(database: str, reader: sqlite3.Connection, timeout: float) -> bool:
    """Begin `reader`'s read transaction on the main file alone (steps 1-2 of the module doc);
    False if an older reader kept the checkpoint from reaching the end of the WAL."""
    writer = sqlite3.connect(database, isolation_level=None, timeout=timeout)
    try:
        writer.execute("BEGIN IMMEDIATE")  # waits for a writer in progress, as a writer would
        try:
            _busy, frames, done = reader.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            if frames != done:
                return False
            reader.execute("BEGIN")
            reader.execute("SELECT count(*) FROM sqlite_schema").fetchone()  # the snapshot
            return True
        finally:
            writer.execute("ROLLBACK")
    finally:
        writer.close()


@contextmanager
def file_snapshot(
    database: str, *, attempts: int = 50, pause: float = 0.1, timeout: float = 10.0
) -> Iterator[int]:
    """Hold a read transaction under which the main file does not change; yields how many of
    its bytes are the database. BackupError if older readers kept it from being had."""
    reader = sqlite3.connect(database, isolation_level=None, timeout=timeout)
    try:
        wal = reader.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        if wal:
            reader.execute("PRAGMA wal_checkpoint(PASSIVE)")  # the bulk, without any lock held
            for _ in range(attempts):
                if _on_the_file(database, reader, timeout):
                    break
                time.sleep(pause)
            else:
                raise BackupError(
                    f"{database}: readers kept the WAL from being checkpointed "
                    f"{attempts} times; try again when the store is quieter"
                )
        else:
            reader.execute("BEGIN")
            reader.execute("SELECT count(*) FROM sqlite_schema").fetchone()
        try:
            pages = reader.execute("PRAGMA page_count").fetchone()[0]
            size = reader.execute("PRAGMA page_size").fetchone()[0]
            yield int(pages) * int(size)
        finally:
            reader.execute("COMMIT")
    finally:
        reader.close()


def _copy(source: int, target: int, size: int) -> None:
    """`size` bytes from the start of `source` into `target`, in the kernel where it can."""
    done = 0
    try:
        while done < size:
            copied = os.copy_file_range(source, target, size - done, done, done)
            if copied == 0:
                break
            done += copied
    except OSError:  # no in-kernel copy between these files: through a buffer
        buffer = bytearray(CHUNK)
        while done < size:
            read = os.preadv(source, [memoryview(buffer)[: min(CHUNK, size - done)]], done)
            if read == 0:
                break
            done += os.pwrite(target, memoryview(buffer)[:read], done)
    if done != size:
        raise BackupError(f"the database file ended after {done} of its {size} bytes")


def copy_sqlite_file(
    database: str,
    out: Path,
    *,
    chunk: int = CHUNK,
    during: Callable[[], None] | None = None,
) -> Copied:
    """A consistent, fsynced, self-contained copy of the store in `database`, with the SHA-256
    of the copy's bytes. `during` runs with the snapshot held, after the first chunk is hashed
    (a test writes and checkpoints there to show that nothing reaches the copy)."""
    with file_snapshot(database) as size:
        source = _descriptor(database)
        target = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
        try:
            failure: list[BaseException] = []

            def copy_and_sync() -> None:
                try:
                    _copy(source, target, size)
                    if size >= VERSIONS.stop:
                        os.pwrite(target, ROLLBACK, VERSIONS.start)
                    os.fsync(target)
                except BaseException as exc:  # handed to the caller's thread below
                    failure.append(exc)

            worker = threading.Thread(target=copy_and_sync, name="backup-copy")
            worker.start()
            try:
                digest = _hash(source, size, chunk, during)
            finally:
                worker.join()
            if failure:
                raise failure[0]
        finally:
            os.close(target)
    return Copied(digest, size)


def _hash(source: int, size: int, chunk: int, during: Callable[[], None] | None) -> str:
    """SHA-256 of the copy: the snapshot's bytes with the header's versions set to rollback."""
    digest = hashlib.sha256()
    buffer = bytearray(chunk)
    view = memoryview(buffer)
    done = 0
    while done < size:
        read = os.preadv(source, [view[: min(chunk, size - done)]], done)
        if read == 0:
            raise BackupError(f"the database file ended after {done} of its {size} bytes")
        if done == 0 and read >= VERSIONS.stop:
            buffer[VERSIONS] = ROLLBACK
        digest.update(view[:read])
        done += read
        if during is not None:
            during()
            during = None
    return digest.hexdigest()


__all__ = ["Copied", "copy_sqlite_file", "file_snapshot"]
