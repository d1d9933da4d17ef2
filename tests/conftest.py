"""Shared fixtures: a migrated store on SQLite, and on a real PostgreSQL server.

PostgreSQL tests use ``KIZASHI_TEST_POSTGRES_URL`` (default: the local server at
127.0.0.1:5432, database ``test``), each in a schema of its own that is dropped afterwards.
Without a server they skip with the reason; with ``KIZASHI_TEST_REQUIRE_SERVICES=1`` (set by
``.ci/run``) a missing server fails the run instead.
"""

from __future__ import annotations

import gc
import itertools
import logging
import os
import subprocess
import sys
import uuid
from collections.abc import Generator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from sqlalchemy import Engine, create_engine, make_url, text

from kizashi.clock import FixedClock
from kizashi.config import Settings, load_settings
from kizashi.store import make_engine
from tests.migrated import PostgresSchemaPool, migrate_fresh
from tests.shared_demo import DemoRun, build_demo_run

try:  # pytest >= 9.2 keeps a node's id structured (see _rename)
    from _pytest.nodeid import NodeId
except ImportError:  # pragma: no cover - older pytest
    NodeId = None  # type: ignore[assignment,misc]

if TYPE_CHECKING:
    from kizashi.demo.context import DemoContext

DEFAULT_PG_URL = "postgresql+psycopg://root@127.0.0.1:5432/test"
REQUIRE_SERVICES = os.environ.get("KIZASHI_TEST_REQUIRE_SERVICES") == "1"

# In CI, property-based tests (hypothesis, schemathesis) draw the same examples every run, so
# a red build always reproduces; on a developer's machine they keep exploring.
# Neither profile times anything: hypothesis's per-example deadline and its "input generation
# is slow" health check fail a correct test on a loaded machine (docs/testing.md, "Time").
_UNTIMED = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
hypothesis_settings.register_profile("untimed", **_UNTIMED)
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True, **_UNTIMED)
hypothesis_settings.load_profile(
    "ci" if os.environ.get("CI") == "true" or REQUIRE_SERVICES else "untimed"
)


# Fixtures that take seconds to build once per process (a demo run, a served demo, a Spark
# session, a synthetic organisation). Under pytest-xdist (scripts/test runs 2 workers) every
# test that uses one is put in one `xdist_group`, so it is built on one worker, once.
SHARED_BUILDS = frozenset({"small_demo", "demo_run", "demo_server", "spark", "small_log"})
_WIDER_THAN_A_TEST = frozenset({"class", "module", "package"})


def _shared_with(item: pytest.Item) -> set[str]:
    """What `item` shares with other tests: the expensive session-scoped builds it uses, and
    its module when it uses a fixture of module (or class, or package) scope."""
    shared = {
        f"build:{name}" for name in getattr(item, "fixturenames", ()) if name in SHARED_BUILDS
    }
    info = getattr(item, "_fixtureinfo", None)
    definitions = info.name2fixturedefs.values() if info is not None else ()
    if any(defs and defs[-1].scope in _WIDER_THAN_A_TEST for defs in definitions):
        shared.add(f"module:{item.nodeid.split('::', 1)[0]}")
    return shared


def shared_groups(shares: list[set[str]]) -> list[str | None]:
    """One group per set of tests connected by what they share (a module with a module-scoped
    fixture whose tests also use the served demo joins the demo's group), named by one of its
    keys; None for a test that shares nothing. Deterministic: every worker names alike."""
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        while parent.setdefault(key, key) != key:
            key = parent[key]
        return key

    ordered = [sorted(keys) for keys in shares]
    for keys in ordered:
        for key in keys[1:]:
            parent[root(key)] = root(keys[0])
    return [root(keys[0]) if keys else None for keys in ordered]


def _rename(item: pytest.Item, nodeid: str) -> None:
    """Give `item` the node id `nodeid`. pytest-xdist schedules by node id, and pytest 9.2 keeps
    it as `item._id` (a NodeId) where older pytest, and xdist's own renaming, use `_nodeid`."""
    item._nodeid = nodeid  # type: ignore[attr-defined]
    if NodeId is not None and isinstance(getattr(item, "_id", None), NodeId):
        item._id = NodeId.parse(nodeid)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark each test that shares a build with its group, so `--dist loadgroup` sends the
    group to one worker (before xdist's own hook reads the marks). Without xdist the marks do
    nothing. And give schemathesis's tests (one per API operation) distinct node ids: on pytest
    9.2 they all get the function's, and xdist would run one of the 104."""
    for item in items:
        if item.name.endswith("]") and not item.nodeid.endswith(item.name):
            _rename(item, f"{item.nodeid.rsplit('::', 1)[0]}::{item.name}")
    # xdist's loadgroup appends "@group" to `_nodeid`, which pytest 9.2 no longer reads: there
    # the suffix goes into the id here (xdist then finds it where it looks).
    suffix = NodeId is not None and getattr(config.option, "loadgroup", False)
    groups = shared_groups([_shared_with(item) for item in items])
    for item, group in zip(items, groups, strict=True):
        if group is not None:
            item.add_marker(pytest.mark.xdist_group(group))
            if suffix:
                _rename(item, f"{item.nodeid}@{group}")


# The cycle collector between tests (docs/testing.md, "The collector between tests"): a
# test process keeps what earlier tests built alive — imports, the collected items, the
# shared demos (~1 GB), apps still held by FastAPI's caches — and every full collection
# walked all of it, ~0.4–2.8 CPU-s each, 23–31 % of the CPU of `tests/triage` and
# `tests/web`; later in a run the heap, and so each collection, was larger, and the same
# test slower. So after each test its garbage is collected (walking only what the test
# left: the rest is frozen) and what survives is frozen, out of every later collection's
# walk; every `_THAW_EVERY` tests all is thawed and collected once, so cycles that became
# garbage while frozen (a cache dropping an old entry) are freed.
_THAW_EVERY = 400
_THRESHOLD = gc.get_threshold()
_finished = itertools.count(1)
# FastAPI (0.165) remembers, per endpoint and dependency callable, whether it is a coroutine
# or a generator, in lru_caches of 4,096 entries; the callables are `create_app`'s closures, so
# each test's app — its routes, pydantic adapters and engine — outlived the test until 20-odd
# later apps pushed it out (an app fills ~175 entries). A server builds one app; the tests
# build thousands.
_FASTAPI_CALLABLE_CACHES = (
    "_is_gen_callable_cached",
    "_is_async_gen_callable_cached",
    "_is_coroutine_callable_cached",
)


def _forget_fastapi_callables() -> None:
    models = sys.modules.get("fastapi.dependencies.models")
    for name in _FASTAPI_CALLABLE_CACHES:
        cached = getattr(models, name, None)
        if cached is not None and hasattr(cached, "cache_clear"):
            cached.cache_clear()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(
    item: pytest.Item, nextitem: pytest.Item | None
) -> Generator[None, object, object]:
    """After the test has run and pytest has let go of its fixtures' values (the app a client
    fixture made is garbage only then): collect its garbage, freeze what survives. The
    collector's thresholds go back to the session's (an in-process `kizashi ingest` sets its
    own, as a one-shot process may), so no test runs under another's settings."""
    ran = yield
    _forget_fastapi_callables()
    gc.set_threshold(*_THRESHOLD)
    if next(_finished) % _THAW_EVERY == 0:
        gc.unfreeze()
    gc.collect()
    gc.freeze()
    return ran


# Every test that needs "now" takes the `now` fixture (or `clock`): a fixed instant, never the
# wall clock. CI runs the time-sensitive suites again with KIZASHI_TEST_NOW set to the first
# and the last hour of a month, so a fault at a period boundary cannot come back unseen.
DEFAULT_TEST_NOW = "2026-06-17T03:00:00+00:00"


def frozen_now() -> datetime:
    """The instant the tests treat as now (`KIZASHI_TEST_NOW`, ISO 8601 with a zone)."""
    raw = os.environ.get("KIZASHI_TEST_NOW", DEFAULT_TEST_NOW)
    value = datetime.fromisoformat(raw)
    if value.tzinfo is None:
        raise ValueError(f"KIZASHI_TEST_NOW needs a zone: {raw!r}")
    return value.astimezone(UTC)


@pytest.fixture(autouse=True)
def _root_logging_restored() -> Iterator[None]:
    """Take kizashi's log handler off the root logger again if the test put it there. A command
    run in-process installs it on the stream pytest captured for that test; left behind, it
    outlives the capture, and a later test's server thread logging through it prints "I/O
    operation on closed file". pytest's own handlers come and go by themselves."""
    root = logging.getLogger()
    before, level = set(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        if handler not in before and handler.get_name() == "kizashi":  # configure_logging's handler
            root.removeHandler(handler)
    root.setLevel(level)


@pytest.fixture
def now() -> datetime:
    return frozen_now()


@pytest.fixture
def clock(now: datetime) -> FixedClock:
    return FixedClock(now)


def missing_service(reason: str) -> None:
    """Skip, or fail when CI says every service must be present."""
    if REQUIRE_SERVICES:
        pytest.fail(f"required service missing: {reason}", pytrace=False)
    pytest.skip(reason)


def postgres_url() -> str:
    return os.environ.get("KIZASHI_TEST_POSTGRES_URL", DEFAULT_PG_URL)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The server's URL, on a database of this test process's own where the account may
    create one (``kz_run_…``, dropped with everything in it when the process ends).

    Why a database of its own: each PostgreSQL test gets a fresh schema, and dropping one
    (``DROP SCHEMA … CASCADE`` over ~170 tables, indexes and triggers) cost the server as much
    CPU as building it — about half a second a test, some four minutes of the default run.
    Schemas in the process's own database are left standing and go at once with the database,
    dropped by a process of its own that this one does not wait for (`_drop_later`).
    Where the account may not create databases, the schemas live in the configured database
    and each is dropped after its test, as before."""
    url = postgres_url()
    try:
        probe = create_engine(url)
        with probe.connect() as connection:
            connection.execute(text("select 1"))
        probe.dispose()
    except Exception as exc:
        missing_service(
            f"no PostgreSQL at {url} ({exc.__class__.__name__}); set KIZASHI_TEST_POSTGRES_URL"
        )
    database = f"kz_run_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{database}"'))
            # A test's commits need not wait for the WAL to reach the disk: nothing here
            # outlives a crash of the server (docs/testing.md, "The default run's waits").
            connection.execute(text(f'ALTER DATABASE "{database}" SET synchronous_commit = off'))
    except Exception:  # no CREATEDB: the configured database, schemas dropped one by one
        admin.dispose()
        yield url
        return
    _RUN_DATABASES.add(database)
    try:
        yield make_url(url).set(database=database).render_as_string(hide_password=False)
    finally:
        admin.dispose()
        _drop_later(url, database)


# The databases `postgres_server` made for this process: a schema in one is never dropped
# alone (the database goes whole at the end).
_RUN_DATABASES: set[str] = set()
# Forks at once, so that the process `_drop_later` starts ends at once (nothing left to
# wait for or to warn about) and the drop goes on in its child.
_DROP = (
    "import os, sys\n"
    "if os.fork():\n"
    "    os._exit(0)\n"
    "from sqlalchemy import create_engine, text\n"
    "engine = create_engine(sys.argv[1], isolation_level='AUTOCOMMIT')\n"
    "with engine.connect() as connection:\n"
    "    connection.execute(text(f'DROP DATABASE IF EXISTS \"{sys.argv[2]}\" WITH (FORCE)'))\n"
)


def _drop_later(url: str, database: str) -> None:
    """Drop `database` (on the server at `url`) in a process of its own, not waited for.

    Why: the drop took 21–29 s of waiting at the end of each test process (the server
    unlinks every relation file of the run's schemas and checkpoints; 28.9 s after the 30
    PostgreSQL tests of `tests/store`, the last test of each default-run worker 22–26 s at
    0 CPU-s: docs/testing.md, speed24), time in which no test ran. The database has no
    other use: FORCE ends what connections of this process are still open."""
    subprocess.run(
        [sys.executable, "-c", _DROP, url, database],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # not in the test run's process group: it may outlive it
        check=True,
    )


@pytest.fixture
def postgres_schema_url(postgres_server: str) -> Iterator[str]:
    """A URL whose connections use a fresh schema of their own."""
    schema = f"kz_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in postgres_server else "?"
    yield f"{postgres_server}{separator}options=-csearch_path%3D{schema}"
    if make_url(postgres_server).database not in _RUN_DATABASES:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(scope="session")
def postgres_pool(postgres_server: str) -> Iterator[PostgresSchemaPool | None]:
    """Migrated schemas reused from test to test (tests/migrated.py says why and how), where
    the schemas live in this process's own database; elsewhere None (a fresh schema each)."""
    if make_url(postgres_server).database not in _RUN_DATABASES:
        yield None
        return
    pool = PostgresSchemaPool(postgres_server)
    yield pool
    pool.dispose()


@pytest.fixture
def migrated_postgres_url(
    postgres_pool: PostgresSchemaPool | None, request: pytest.FixtureRequest
) -> Iterator[str]:
    """A URL on a schema at the newest migration that only this test uses: one from the pool
    (emptied since its last test), or a fresh schema `engine` will migrate."""
    if postgres_pool is None:
        yield request.getfixturevalue("postgres_schema_url")
        return
    schema = postgres_pool.acquire()
    try:
        yield postgres_pool.url(schema)
    finally:
        postgres_pool.release(schema)


@pytest.fixture
def sqlite_settings(tmp_path: Path) -> Settings:
    return load_settings(data_dir=tmp_path / "data", database_url=None)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Settings for a fresh store, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return load_settings(data_dir=tmp_path / "data", database_url=None)
    # A test that takes `engine` wants a migrated store: the pool has one ready.
    wanted = "migrated_postgres_url" if "engine" in request.fixturenames else "postgres_schema_url"
    url = request.getfixturevalue(wanted)
    return load_settings(data_dir=tmp_path / "data", database_url=url)


@pytest.fixture
def engine(settings: Settings) -> Iterator[Engine]:
    """A migrated store on the backend of `settings`."""
    created = make_engine(settings)
    migrate_fresh(created)
    yield created
    created.dispose()


@pytest.fixture
def sqlite_engine(sqlite_settings: Settings) -> Iterator[Engine]:
    created = make_engine(sqlite_settings)
    migrate_fresh(created)
    yield created
    created.dispose()


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> DemoRun:
    """The demo at scale 0.05 (seed 7), built once per session over an earlier demo's
    workspace, its logs kept (tests/shared_demo.py): the operations tests, the demo's trace
    stage and its rebuild read it, and `small_demo` is its context."""
    return build_demo_run(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="session")
def small_demo(demo_run: DemoRun) -> DemoContext:
    """The demo through the real pipeline at scale 0.05 (seed 7), built once per session for
    the tests that only read what it stored (a run takes longer than most test files): the
    demo's own test, the triage ranking, and a copy served to the browser journeys
    (tests/web/browser/conftest.py's `demo_build`). It is `demo_run`'s build, not one of its
    own (one demo build per session). Tests that change the store work on a copy
    (tests/shared_demo.py; a demo's store is SQLite in its workspace, `Workspace.settings`)."""
    return demo_run.context


@pytest.fixture(scope="session")
def spark() -> Iterator[object]:
    """One local Spark session for every `spark` test (start-up takes ~30 s).

    Spark allows one session per process and ``getOrCreate`` hands back the first one, so the
    session must be built once with what every suite needs: splink's similarity UDF jar (for
    linkage) and Python workers on this interpreter (for scoring)."""
    pytest.importorskip("pyspark")
    from kizashi.detect.spark import spark_session as scan_session
    from kizashi.resolve.model import spark_session as link_session

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    session = link_session("local[2]")
    assert scan_session("local[2]") is session
    yield session
    session.stop()
