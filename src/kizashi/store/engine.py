"""Engines and transactions for SQLite (default) and PostgreSQL (production)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from kizashi.config import Settings
from kizashi.errors import ConfigError, StoreError
from kizashi.store.pool_ping import install_checkout_ping


def normalise_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs that name no driver."""
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.removeprefix("postgres://")
    return url


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets the API read while intake writes; NORMAL sync is durable across process crashes
    # (the SIGKILL test) and only risks the last transaction on power loss.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    # Performance only (durability is set above): a 64 MiB page cache instead of 2 MiB, and
    # temporary b-trees in memory.
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.close()


def _json_text(value: Any) -> str:
    """JSON columns as compact UTF-8 text (orjson), instead of the stdlib's slower json.dumps."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode("utf-8")


def make_engine(settings: Settings) -> Engine:
    """An engine for the configured store; creates the data directory for SQLite.

    ``hide_parameters``: a failed statement's error (and any log of it) shows the SQL, never
    the values bound to it, which are often personal data."""
    url = normalise_url(settings.effective_database_url)
    try:
        parsed = make_url(url)
    except Exception:  # sqlalchemy raises ArgumentError with a terse message
        # Not the URL itself: it may hold a password.
        raise ConfigError("invalid database URL (KIZASHI_DATABASE_URL)") from None
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            settings.ensure_data_dir()
            _owner_only(Path(parsed.database))
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False},
            json_serializer=_json_text,
            hide_parameters=True,
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() != "postgresql":
        raise ConfigError(
            f"unsupported database {parsed.get_backend_name()!r}: use sqlite or postgresql"
        )
    # Dead connections are still replaced transparently, but by a ping only when a
    # connection is doubtful (pool_ping), not a round trip at every check-out.
    engine = create_engine(
        url,
        pool_size=10,
        max_overflow=10,
        json_serializer=_json_text,
        hide_parameters=True,
    )
    install_checkout_ping(engine)
    return engine


def _owner_only(path: Path) -> None:
    """Create the SQLite file readable by its owner only (SQLite gives its -wal and -shm
    files the database file's mode): the store holds every report and credential digest."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))


def is_sqlite(engine: Engine | Connection) -> bool:
    return engine.dialect.name == "sqlite"


@contextmanager
def transaction(engine: Engine) -> Iterator[Connection]:
    """One unit of work: commits on success, rolls back on any error, wraps DB errors."""
    try:
        with engine.begin() as connection:
            yield connection
    except SQLAlchemyError as exc:
        raise StoreError(f"database error: {exc.__class__.__name__}: {exc}") from exc
