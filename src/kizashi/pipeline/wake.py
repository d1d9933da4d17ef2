"""How an idle worker waits for new reports: LISTEN/NOTIFY on PostgreSQL, a short poll on SQLite.

In-process (``kizashi serve``: the API and the worker share one engine) a report stored
through that engine also wakes the worker the moment its transaction is back in the pool
(:class:`LocalWake`), on either store: a report posted to the API does not wait for the
poll. The poll stays for what other processes store (``kizashi ingest``, a second HTTP
process).

The trigger that queues a report notifies ``kizashi_reports_<schema>`` in the inserting
transaction (PostgreSQL delivers it on commit) while some worker waits, so a listening
worker wakes within milliseconds of the API's 201. Only while one waits: PostgreSQL
serialises the commits of notifying transactions (one database-wide lock, held until the
commit record is flushed), which halved the commit rate of eight concurrent clients in a
measurement (migration 0026). A waiting worker says so in ``pipeline_listeners`` before it
looks at the queue one last time, and deletes its row when it wakes; a busy worker reads
the queue after every pass and needs no notification. A report whose trigger ran just
before a worker's row was written is found by the worker's look at the queue every half
second while it waits (a bounded delay, not a loss). The channel carries the schema because notifications are
database-wide and several stores (the test suite's schemas) may share one database. A
notification is only a hint: the queue is the truth, and the worker also looks every
``timeout`` seconds, so a notification lost while it reconnects costs at most that delay.
"""

from __future__ import annotations

import logging
import re
import threading
from typing import Any, Protocol

from sqlalchemy import Engine, event, text
from sqlalchemy.engine import make_url

log = logging.getLogger("kizashi.pipeline")

CHANNEL_PREFIX = "kizashi_reports_"


class Waiter(Protocol):
    def wait(self, timeout: float) -> None: ...

    def close(self) -> None: ...


def channel_name(schema: str) -> str:
    return f"{CHANNEL_PREFIX}{schema}"


# A transaction that stores reports: intake inserts them through the driver's own cursor
# (its bulk path, which SQLAlchemy's events do not see), and in the same transaction counts
# them on its ingest run through SQLAlchemy (``intake.repository.add_counts``), which they
# do see. The other statements are matched too, for any other writer of ``reports``.
# An analyst's judgement asks for a re-score the same way (``pipeline_rescore``), so in
# ``serve`` the judged entities' risk follows at once, not at the next poll.
_STORES_REPORTS = re.compile(
    r"\s*(insert\s+into|update)\s+\"?(reports|ingest_runs|pipeline_rescore)\"?[\s(]",
    re.IGNORECASE,
)
_INSERTED, _COMMITTED = "kizashi.pipeline.inserted", "kizashi.pipeline.committed"


class LocalWake:
    """Wakes an in-process worker as soon as a transaction that stored reports through
    ``engine`` has committed and given its connection back.

    SQLAlchemy's ``commit`` event fires *before* the database commits, so waking there
    could let the worker look before the row is visible and go back to sleep: the
    connection is marked at the insert, promoted at ``commit``, cleared at ``rollback``,
    and the worker is woken when the pool takes the connection back (after the commit).
    A wake-up is only a hint (the queue is the truth); an ``Event`` keeps one that comes
    while the worker is busy, so the next wait returns at once."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.event = threading.Event()
        event.listen(engine, "after_cursor_execute", self._executed)
        event.listen(engine, "commit", self._committed)
        event.listen(engine, "rollback", self._rolled_back)
        event.listen(engine.pool, "checkin", self._checked_in)

    def _executed(self, connection: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if _STORES_REPORTS.match(statement):
            connection.info[_INSERTED] = True

    def _committed(self, connection: Any) -> None:
        if connection.info.pop(_INSERTED, False):
            connection.info[_COMMITTED] = True

    def _rolled_back(self, connection: Any) -> None:
        connection.info.pop(_INSERTED, None)

    def _checked_in(self, _dbapi_connection: Any, record: Any) -> None:
        if record is not None and record.info.pop(_COMMITTED, False):
            self.event.set()

    def close(self) -> None:
        event.remove(self.engine, "after_cursor_execute", self._executed)
        event.remove(self.engine, "commit", self._committed)
        event.remove(self.engine, "rollback", self._rolled_back)
        event.remove(self.engine.pool, "checkin", self._checked_in)


class PollWaiter:
    """SQLite: sleep briefly (or until stopped), or until an in-process insert wakes us."""

    def __init__(
        self, stop: threading.Event, poll_seconds: float, wake: LocalWake | None = None
    ) -> None:
        self.stop = stop
        self.poll_seconds = poll_seconds
        self.wake = wake

    def wait(self, timeout: float) -> None:
        if self.stop.is_set():
            return
        if self.wake is None:
            self.stop.wait(min(timeout, self.poll_seconds))
        elif self.wake.event.wait(min(timeout, self.poll_seconds)):
            self.wake.event.clear()

    def close(self) -> None:
        if self.wake is not None:
            self.wake.close()


class ListenWaiter:
    """PostgreSQL: LISTEN on the store's channel on a connection of its own."""

    def __init__(
        self,
        engine: Engine,
        stop: threading.Event,
        fallback_seconds: float,
        name: str = "worker",
    ) -> None:
        import psycopg

        self.stop = stop
        self.fallback_seconds = fallback_seconds
        self.name = name[:100]
        url = make_url(engine.url.render_as_string(hide_password=False)).set(
            drivername="postgresql"
        )
        self.connection: Any = psycopg.connect(
            url.render_as_string(hide_password=False), autocommit=True
        )
        try:
            row = self.connection.execute("SELECT current_schema()").fetchone()
            schema = str(row[0]) if row else "public"
            self.channel = channel_name(schema)
            self.connection.execute(f'LISTEN "{self.channel}"')
        except BaseException:
            self.connection.close()
            raise

    def wait(self, timeout: float) -> None:
        # Wake on a notification, or after a while anyway (the queue is the truth); short
        # slices so that a stop request is seen promptly, each ending with a look at the
        # queue (a report whose trigger ran before our row was written did not notify).
        remaining = max(timeout, self.fallback_seconds)
        self._listening(True)
        try:
            if self._work_waits():
                return
            while remaining > 0 and not self.stop.is_set():
                slice_ = min(remaining, 0.5)
                if any(True for _ in self.connection.notifies(timeout=slice_, stop_after=1)):
                    # Every insert statement notifies; those that came meanwhile are the
                    # same news. psycopg hands over the ones already read together; take
                    # any still arriving too, so that none wakes an empty pass later.
                    for _ in self.connection.notifies(timeout=0):
                        pass
                    return
                remaining -= slice_
                if self._work_waits():
                    return
        finally:
            self._listening(False)

    def _listening(self, waiting: bool) -> None:
        """Write (or delete) this worker's row in ``pipeline_listeners``: the trigger
        notifies only while some worker's row is fresh (migration 0026)."""
        if waiting:
            self.connection.execute(
                "INSERT INTO pipeline_listeners (worker, seen_at) VALUES (%s, now()) "
                "ON CONFLICT (worker) DO UPDATE SET seen_at = excluded.seen_at",
                (self.name,),
            )
        else:
            self.connection.execute(
                "DELETE FROM pipeline_listeners WHERE worker = %s", (self.name,)
            )

    def _work_waits(self) -> bool:
        # A pending report, or an analyst's re-grouping to re-score (pipeline/rescore.py: its
        # rows name no report in the queue; they notify nobody, and wait at most this look; a
        # parked one waits for a retry, not for a worker).
        row = self.connection.execute(
            "SELECT EXISTS (SELECT 1 FROM pipeline_queue WHERE state = 'pending') OR EXISTS "
            "(SELECT 1 FROM pipeline_rescore r WHERE r.parked_at IS NULL AND NOT EXISTS "
            "(SELECT 1 FROM pipeline_queue q WHERE q.report_id = r.report_id))"
        ).fetchone()
        return bool(row and row[0])

    def close(self) -> None:
        try:
            self.connection.close()
        except Exception:  # closing a broken connection must not hide why we stop
            log.debug("closing the LISTEN connection failed", exc_info=True)


def waiter_for(
    engine: Engine,
    stop: threading.Event,
    poll_seconds: float,
    *,
    local: bool = True,
    name: str = "worker",
) -> Waiter:
    """LISTEN on PostgreSQL (as ``name`` in ``pipeline_listeners`` while it waits); on
    SQLite a poll, cut short by this process's own inserts (``local``) through ``engine``."""
    if engine.dialect.name == "postgresql":
        return ListenWaiter(engine, stop, fallback_seconds=5.0, name=name)
    return PollWaiter(stop, poll_seconds, LocalWake(engine) if local else None)


def notify_channel(engine: Engine) -> str | None:
    """The channel this store's reports are announced on (None on SQLite)."""
    if engine.dialect.name != "postgresql":
        return None
    with engine.connect() as connection:
        return channel_name(str(connection.execute(text("SELECT current_schema()")).scalar()))
