"""A consistent copy of a live SQLite store, its file read once and hashed on the way.

SQLite's online backup API copies page by page through two pagers (3 to 6 times a plain file
copy on the demo store, docs/benchmarks.md "Backup"). The same snapshot can be had from the
file itself:

1. With the WAL write lock held (``BEGIN IMMEDIATE`` on a second connection, so no frame can be
   appended), a passive checkpoint copies every WAL frame into the main file. If an older
   reader still needs frames the file lacks, the checkpoint stops short; the lock is let go and
   the whole step tried again a little later.
2. Still under that lock, a read transaction begins on the reader. The WAL is then wholly in
   the file, so SQLite reads this transaction from the main file alone (WAL read-lock 0), and
   no checkpointer may write into the file until it ends: backfilling needs that lock
   exclusively. The write lock is released; the server goes on writing into the WAL.
3. The file's first ``page_count * page_size`` bytes are the snapshot. They are read once, in
   chunks; each chunk is hashed and handed to a thread that writes it to the copy (O_DIRECT,
   straight from that buffer to the disk) while the next chunk is read and hashed. The hash is
   of the very bytes written, and writing to disk overlaps hashing. It is BLAKE3, not SHA-256:
   hashing is most of a backup's CPU, and BLAKE3 takes under half of SHA-256's time here
   (docs/benchmarks.md, "Backup"); `b3sum` checks it by hand.

In rollback-journal mode the read transaction's SHARED lock keeps writers from committing,
which is all the file needs. The copy is made self-contained by writing 1 into the header's
two format-version bytes (offsets 18-19; 2 means WAL), as ``PRAGMA journal_mode=DELETE`` does.

A file descriptor on the database is opened once per file and never closed: closing any
descriptor of a file drops every POSIX lock the process holds on it, SQLite's among them
(https://www.sqlite.org/howtocorrupt.html, section 2.2). SQLite's own connections are left to
SQLite; only this read-only descriptor is ours.
"""

from __future__ import annotations

import errno
import mmap
import os
import queue
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from blake3 import blake3

from kizashi.ops.errors import BackupError

CHUNK = 1024 * 1024  # each read, hashed, then written (O_DIRECT) while the next is read
VERSIONS = slice(18, 20)  # the header's file format write and read versions
ROLLBACK = b"\x01\x01"  # ... as a self-contained file (no WAL) has them

_descriptors: dict[tuple[int, int], int] = {}
_descriptors_lock = threading.Lock()


@dataclass(frozen=True)
class Copied:
    blake3: str  # of the copy's bytes, hex
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
            busy, frames, done = reader.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            # Another connection's checkpoint (a writer's automatic one, after its commit) holds
            # the checkpoint lock: ours did nothing and reports busy with -1 frames and -1 done,
            # which would read as "all backfilled" while the file still lacks the WAL's pages.
            if busy or frames != done:
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


class _Writer:
    """Writes filled buffers at their offsets from a thread, then syncs the file.

    The file is written with O_DIRECT where the file system takes it: the bytes go from the
    buffer that was hashed to the disk, with no second copy through the page cache and without
    pushing the store's own pages out of it. Where it does not (tmpfs; an unaligned size), the
    rest is written through the page cache."""

    def __init__(self, out: Path, chunk: int, buffers: int = 4) -> None:
        self.fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
        self.direct: int | None = None
        if hasattr(os, "O_DIRECT"):
            try:
                self.direct = os.open(out, os.O_WRONLY | os.O_DIRECT | os.O_CLOEXEC)
            except OSError:
                self.direct = None
        self.free: queue.Queue[mmap.mmap] = queue.Queue()
        for _ in range(buffers):
            self.free.put(mmap.mmap(-1, chunk))  # page-aligned, as O_DIRECT needs
        self.full: queue.Queue[tuple[mmap.mmap, int, int] | None] = queue.Queue()
        self.failure: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="backup-writer", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while (item := self.full.get()) is not None:
            buffer, length, offset = item
            if self.failure is None:
                try:
                    self._write(memoryview(buffer)[:length], offset)
                except BaseException as exc:  # raised in the caller's thread by finish()
                    self.failure = exc
            self.free.put(buffer)

    def _write(self, view: memoryview, offset: int) -> None:
        if self.direct is not None:
            try:
                _write_all(self.direct, view, offset)
                return
            except OSError as exc:
                if exc.errno != errno.EINVAL:
                    raise
                os.close(self.direct)
                self.direct = None
        _write_all(self.fd, view, offset)

    def put(self, buffer: mmap.mmap, length: int, offset: int) -> None:
        self.full.put((buffer, length, offset))

    def finish(self) -> None:
        self.full.put(None)
        self.thread.join()
        if self.failure is not None:
            raise self.failure
        os.fsync(self.fd)

    def close(self) -> None:
        if self.thread.is_alive():
            self.full.put(None)
            self.thread.join()
        for fd in (self.fd, self.direct):
            if fd is not None:
                os.close(fd)


def _write_all(fd: int, view: memoryview, offset: int) -> None:
    while view:
        written = os.pwrite(fd, view, offset)
        view, offset = view[written:], offset + written


def copy_sqlite_file(
    database: str,
    out: Path,
    *,
    chunk: int = CHUNK,
    during: Callable[[], None] | None = None,
) -> Copied:
    """A consistent, fsynced, self-contained copy of the store in `database`, with the BLAKE3
    hash of the copy's bytes, read once. `during` runs with the snapshot held, after the first chunk
    is read, hashed and handed to the writer (a test writes and checkpoints there to show that nothing reaches the copy)."""
    with file_snapshot(database) as size:
        source = _descriptor(database)
        writer = _Writer(out, chunk)
        try:
            digest = blake3()
            done = 0
            while done < size:
                buffer = writer.free.get()
                view = memoryview(buffer)[: min(chunk, size - done)]
                read = os.preadv(source, [view], done)
                if read != len(view):
                    raise BackupError(
                        f"{database}: the file ended after {done + read} of its {size} bytes"
                    )
                if done == 0 and read >= VERSIONS.stop:
                    view[VERSIONS] = ROLLBACK
                digest.update(view)
                writer.put(buffer, read, done)
                done += read
                if during is not None:
                    during()
                    during = None
            writer.finish()
        finally:
            writer.close()
    return Copied(digest.hexdigest(), size)


__all__ = ["Copied", "copy_sqlite_file", "file_snapshot"]
