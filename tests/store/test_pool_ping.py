"""PostgreSQL connections: a dead one is replaced at check-out, a live one is not pinged."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, create_engine, text

from kizashi.config import load_settings
from kizashi.store.engine import make_engine
from kizashi.store.pool_ping import install_checkout_ping

pytestmark = pytest.mark.postgres


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _backend_pid(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT pg_backend_pid()")).scalar_one())


def _terminate(admin: Engine, pid: int) -> None:
    """End a backend and wait until the server has let it go (its socket is closed)."""
    with admin.connect() as connection:
        assert connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar()
        for _ in range(10_000):
            gone = connection.execute(
                text("SELECT count(*) = 0 FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid}
            ).scalar_one()
            if gone:
                return
    raise AssertionError(f"backend {pid} did not end")


def _last_query(admin: Engine, pid: int) -> str:
    with admin.connect() as connection:
        return str(
            connection.execute(
                text("SELECT query FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid}
            ).scalar_one()
        )


def test_a_terminated_connection_is_replaced_without_an_error(
    postgres_server: str,
) -> None:
    engine = make_engine(load_settings(database_url=postgres_server))
    admin = create_engine(postgres_server, isolation_level="AUTOCOMMIT")
    try:
        first = _backend_pid(engine)  # the pool now holds this connection, just used
        _terminate(admin, first)
        with engine.connect() as connection:
            assert connection.execute(text("SELECT 42")).scalar_one() == 42
        assert _backend_pid(engine) != first
    finally:
        engine.dispose()
        admin.dispose()


def test_a_connection_used_recently_is_not_pinged_and_an_idle_one_is(
    postgres_server: str,
) -> None:
    clock = FakeClock()
    engine = create_engine(postgres_server, pool_size=1, max_overflow=0)
    install_checkout_ping(engine, idle_seconds=5.0, clock=clock)
    admin = create_engine(postgres_server, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            pid = int(connection.execute(text("SELECT pg_backend_pid()")).scalar_one())
            connection.execute(text("SELECT 'marker'"))
        last_used = _last_query(admin, pid)  # the reset at check-in (ROLLBACK)
        clock.now += 4.0
        with engine.connect():
            pass
        assert _last_query(admin, pid) == last_used  # no ping within the idle spell
        clock.now += 6.0
        with engine.connect():
            pass
        assert _last_query(admin, pid) != last_used  # pinged after a longer one
        assert _backend_pid(engine) == pid  # and kept: it answered
    finally:
        engine.dispose()
        admin.dispose()
