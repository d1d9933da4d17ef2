"""Dead-connection protection for the PostgreSQL pool without a round trip per check-out.

SQLAlchemy's ``pool_pre_ping`` sends ``SELECT 1`` at every check-out: on the API's POST
path that is a round trip (and a PostgreSQL statement) per check-out, several per request.
Instead, a connection is pinged at check-out only when there is a reason to doubt it:

- its socket has input waiting while the connection sits idle in the pool. An idle
  connection is sent nothing unless the server ends it: ``pg_terminate_backend``, a server
  restart or a crashed backend leave a FATAL message and/or end-of-file there, which a
  zero-timeout ``poll`` sees without a round trip;
- it has been idle longer than ``idle_seconds``: a connection cut without the server's
  word (a firewall's idle timeout, a vanished host) shows nothing on its socket, so after a
  quiet spell it is checked as ``pool_pre_ping`` would.

A failed ping raises ``DisconnectionError``, on which the pool discards the connection and
checks out (or opens) another one: the caller never sees the dead connection.
"""

from __future__ import annotations

import select
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.exc import DisconnectionError

#: A few seconds: under load every connection is back in use well within it, so the
#: ping is rare; after a quiet spell the first check-out pays one round trip, as before.
DEFAULT_IDLE_SECONDS = 5.0

_LAST_USED = "kizashi_last_used"


def _has_waiting_input(dbapi_connection: Any) -> bool:
    """Whether the server sent something to a connection nobody is using (or it is closed)."""
    if dbapi_connection.closed:
        return True
    poller = select.poll()
    poller.register(dbapi_connection.fileno(), select.POLLIN | select.POLLPRI)
    return bool(poller.poll(0))


def install_checkout_ping(
    engine: Engine,
    *,
    idle_seconds: float = DEFAULT_IDLE_SECONDS,
    clock: Callable[[], float] = time.monotonic,
) -> None:
    """Ping a PostgreSQL connection at check-out only when it is doubtful (see the module)."""

    def mark_used(_dbapi_connection: Any, record: Any, *_rest: Any) -> None:
        record.info[_LAST_USED] = clock()

    def check(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle_for = clock() - record.info.get(_LAST_USED, float("-inf"))
        if idle_for <= idle_seconds and not _has_waiting_input(dbapi_connection):
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as exc:  # any failure to answer means this connection is unusable
            raise DisconnectionError("connection failed its check-out ping") from exc

    # A new connection has just proven itself; a returned one was in use until now.
    event.listen(engine, "connect", mark_used)
    event.listen(engine, "checkin", mark_used)
    event.listen(engine, "checkout", check)
