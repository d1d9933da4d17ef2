"""Group commit: many threads append, one transaction commits them together.

A request thread calls ``writer.append(entry)`` and blocks until the batch holding its entry
is committed, so the rule "logged before served" still holds, while the store sees one commit
per batch instead of one per entry. A failed batch fails every caller in it (fail closed).
"""

from __future__ import annotations

import queue
import threading
import time
from concurrent.futures import Future
from types import TracebackType

from kizashi.guard.audit import AppendReceipt, AuditEntry, AuditLog
from kizashi.guard.errors import AuditWriteError

_STOP = object()


class GroupCommitWriter:
    """Batches appends to `log`: up to `max_batch` entries, waiting at most `max_delay` s."""

    def __init__(self, log: AuditLog, *, max_batch: int = 1000, max_delay: float = 0.002) -> None:
        self.log = log
        self.max_batch = max_batch
        self.max_delay = max_delay
        self._queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="audit-group-commit", daemon=True)
        self._thread.start()

    def submit(self, entry: AuditEntry) -> Future[AppendReceipt]:
        if self._closed:
            raise AuditWriteError("the audit writer is closed")
        future: Future[AppendReceipt] = Future()
        self._queue.put((entry, future))
        return future

    def append(self, entry: AuditEntry) -> AppendReceipt:
        """Commit `entry` with whatever else is waiting; raises AuditWriteError on failure."""
        return self.submit(entry).result()

    def close(self) -> None:
        """Commit what is queued, then stop the writer thread."""
        if not self._closed:
            self._closed = True
            self._queue.put(_STOP)
            self._thread.join()

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
        stopping = False
        while not stopping:
            item = self._queue.get()
            if item is _STOP:
                return
            batch = [item]
            deadline = time.monotonic() + self.max_delay
            while len(batch) < self.max_batch:
                try:
                    item = self._queue.get(timeout=max(0.0, deadline - time.monotonic()))
                except queue.Empty:
                    break
                if item is _STOP:
                    stopping = True
                    break
                batch.append(item)
            self._commit(batch)

    def _commit(self, batch: list[object]) -> None:
        pairs: list[tuple[AuditEntry, Future[AppendReceipt]]] = batch  # type: ignore[assignment]
        try:
            receipts = self.log.append_many([entry for entry, _ in pairs])
        except Exception as exc:  # every waiter must see the failure, whatever it is
            for _, future in pairs:
                future.set_exception(exc)
            return
        for (_, future), receipt in zip(pairs, receipts, strict=True):
            future.set_result(receipt)
