"""Group commit: many threads append, one transaction commits them together.

A request thread calls ``writer.append(entry)`` (or ``append_many``) and blocks until the
batch holding its entries is committed, so the rule "logged before served" still holds, while
the store sees one commit per batch instead of one per request. A failed batch fails every
caller in it (fail closed).

The work is split so that little of it is serial: the request thread *prepares* its entries
(time stamp, salts, personal-data hashes, leaf bytes: everything but the seq) before queuing
them, while the writer thread is committing the previous batch; the writer thread takes
everything queued at that moment (up to `max_batch` entries) as the next batch, so a batch
is as large as the load makes it and a lone request waits for no timer. While a commit waits
on the disk or the server (without the GIL), the next batch is being prepared and queued.

The writer thread starts on the first append and ends after `idle` seconds without one, so a
writer that is no longer used holds no thread.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future
from types import TracebackType
from typing import Any

from kizashi.guard.audit.entry import AuditEntry
from kizashi.guard.audit.errors import AuditWriteError
from kizashi.guard.audit.log import AppendReceipt, AuditLog
from kizashi.guard.audit.prepare import PreparedEntry

# (prepared entries, the caller's future, whether it wants one receipt or a list)
_Request = tuple[list[PreparedEntry], "Future[Any]", bool]


class GroupCommitWriter:
    """Batches appends to `log`: whatever is queued, up to `max_batch` entries a commit.

    `max_delay` (seconds, default 0) makes the writer wait that long after the first queued
    request for more before committing; with 0 it commits what is there at once (the next
    batch forms while this one commits).
    """

    def __init__(
        self,
        log: AuditLog,
        *,
        max_batch: int = 1000,
        max_delay: float = 0.0,
        idle: float = 5.0,
    ) -> None:
        self.log = log
        self.max_batch = max_batch
        self.max_delay = max_delay
        self.idle = idle
        self._queue: queue.SimpleQueue[_Request | None] = queue.SimpleQueue()  # None: stop
        self._lock = threading.Lock()  # guards _thread, _closed and the queue's emptiness
        self._thread: threading.Thread | None = None
        self._closed = False

    def submit_many(self, entries: Sequence[AuditEntry]) -> Future[list[AppendReceipt]]:
        """Queue `entries` (prepared here, in the caller's thread); they commit together."""
        future: Future[list[AppendReceipt]] = Future()
        self._put(entries, future, single=False)
        return future

    def submit(self, entry: AuditEntry) -> Future[AppendReceipt]:
        future: Future[AppendReceipt] = Future()
        self._put([entry], future, single=True)
        return future

    def _put(self, entries: Sequence[AuditEntry], future: Future[Any], *, single: bool) -> None:
        prepared = self.log.prepare(entries)  # raises AuditWriteError for an unloggable value
        with self._lock:
            if self._closed:
                raise AuditWriteError("the audit writer is closed")
            self._queue.put((prepared, future, single))
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="audit-group-commit", daemon=True
                )
                self._thread.start()

    def append_many(self, entries: Sequence[AuditEntry]) -> list[AppendReceipt]:
        """Commit `entries` with whatever else is waiting; raises AuditWriteError on failure."""
        if not entries:
            return []
        return self.submit_many(entries).result()

    def append(self, entry: AuditEntry) -> AppendReceipt:
        """Commit `entry` with whatever else is waiting; raises AuditWriteError on failure."""
        return self.append_many([entry])[0]

    def close(self) -> None:
        """Commit what is queued, then stop the writer thread."""
        with self._lock:
            self._closed = True
            thread = self._thread
            if thread is not None:
                self._queue.put(None)  # after every request: they are committed first
        if thread is not None:
            thread.join()

    def __enter__(self) -> GroupCommitWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _run(self) -> None:
        while True:
            try:
                first = self._queue.get(timeout=self.idle)
            except queue.Empty:
                with self._lock:
                    # Under the lock nobody can queue, so an empty queue stays empty.
                    if self._queue.empty():
                        self._thread = None
                        return
                continue
            if first is None:
                return
            batch = [first]
            stop = False
            size = len(first[0])
            deadline = time.monotonic() + self.max_delay
            while size < self.max_batch:
                try:
                    if self.max_delay > 0:
                        item = self._queue.get(timeout=max(0.0, deadline - time.monotonic()))
                    else:
                        item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    stop = True
                    break
                batch.append(item)
                size += len(item[0])
            self._commit(batch)
            if stop:
                return

    def _commit(self, batch: list[_Request]) -> None:
        prepared = [entry for entries, _, _ in batch for entry in entries]
        try:
            # append_many, not append_prepared: a log that overrides append_many (a test's
            # broken log, the benchmark's unlogged one) is honoured here too.
            receipts = self.log.append_many(prepared)
        except Exception as exc:  # every waiter must see the failure, whatever it is
            for _, future, _ in batch:
                future.set_exception(exc)
            return
        at = 0
        for entries, future, single in batch:
            future.set_result(receipts[at] if single else receipts[at : at + len(entries)])
            at += len(entries)
