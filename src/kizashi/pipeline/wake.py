"""How an idle worker waits for new reports: LISTEN/NOTIFY on PostgreSQL, a short poll on SQLite.

The trigger that queues a report notifies ``kizashi_reports_<schema>`` in the inserting
transaction (PostgreSQL delivers it on commit), so a listening worker wakes within
milliseconds of the API's 201. The channel carries the schema because notifications are
database-wide and several stores (the test suite's schemas) may share one database. A
notification is only a hint: the queue is the truth, and the worker also looks every
``timeout`` seconds, so a notification lost while it reconnects costs at most that delay.
"""

from __future__ import annotations

import logging
import threading
from typing import Any, Protocol

from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

log = logging.getLogger("kizashi.pipeline")

CHANNEL_PREFIX = "kizashi_reports_"


class Waiter(Protocol):
    def wait(self, timeout: float) -> None: ...

    def close(self) -> None: ...


def channel_name(schema: str) -> str:
    return f"{CHANNEL_PREFIX}{schema}"


class PollWaiter:
    """SQLite: sleep briefly (or until stopped)."""

    def __init__(self, stop: threading.Event, poll_seconds: float) -> None:
        self.stop = stop
        self.poll_seconds = poll_seconds

    def wait(self, timeout: float) -> None:
        self.stop.wait(min(timeout, self.poll_seconds))

    def close(self) -> None:
        return None


class ListenWaiter:
    """PostgreSQL: LISTEN on the store's channel on a connection of its own."""

    def __init__(self, engine: Engine, stop: threading.Event, fallback_seconds: float) -> None:
        import psycopg

        self.stop = stop
        self.fallback_seconds = fallback_seconds
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
        # slices so that a stop request is seen promptly.
        remaining = max(timeout, self.fallback_seconds)
        while remaining > 0 and not self.stop.is_set():
            slice_ = min(remaining, 0.5)
            if any(True for _ in self.connection.notifies(timeout=slice_, stop_after=1)):
                return
            remaining -= slice_

    def close(self) -> None:
        try:
            self.connection.close()
        except Exception:  # closing a broken connection must not hide why we stop
            log.debug("closing the LISTEN connection failed", exc_info=True)


def waiter_for(engine: Engine, stop: threading.Event, poll_seconds: float) -> Waiter:
    if engine.dialect.name == "postgresql":
        return ListenWaiter(engine, stop, fallback_seconds=5.0)
    return PollWaiter(stop, poll_seconds)


def notify_channel(engine: Engine) -> str | None:
    """The channel this store's reports are announced on (None on SQLite)."""
    if engine.dialect.name != "postgresql":
        return None
    with engine.connect() as connection:
        return channel_name(str(connection.execute(text("SELECT current_schema()")).scalar()))
