"""The production profile: what must hold before `kizashi serve` or `kizashi worker` starts.

Each check looks at the settings, the store and the command about to start (a
:class:`Launch`), and says what it found and how to fix it. ``kizashi doctor`` prints them
all; with ``KIZASHI_PROFILE=production`` the service commands refuse to start while any
fails (:func:`enforce`). In development the production-only checks only warn, so the demo
and a laptop install keep working as they are.

Why each check exists:

* one process on SQLite — SQLite has one writer; several server or worker processes on it
  wait on each other's locks (and time out under load); PostgreSQL is the store for them;
* the audit signing key and the witness outside the data directory — whoever holds the data
  directory could otherwise delete entries, re-sign the head and rewrite what the witness
  remembers (docs/audit.md);
* no demo users or demo passwords — the demo prints its passwords and writes its tokens to
  disk;
* a session secret — web sessions must be signed alike by every server process, with a key
  kept apart from the data;
* loopback, or a TLS-terminating proxy — the server speaks plain HTTP; beyond loopback it
  must sit behind a proxy whose forwarded headers it trusts (``--forwarded-allow-ips``).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from sqlalchemy import Engine, select, text

from kizashi.config import Settings
from kizashi.errors import ConfigError
from kizashi.guard.audit import key_path, witness_path
from kizashi.guard.identity import passwords_in_use
from kizashi.store import is_sqlite, is_up_to_date
from kizashi.store.tables import users

Level = Literal["ok", "warn", "fail"]
DEMO_MARKER = ".kizashi-demo"


@dataclass(frozen=True)
class Launch:
    """The service about to start: what it runs, and where it listens."""

    command: Literal["serve", "worker", "doctor"]
    host: str = "127.0.0.1"
    http_workers: int = 1  # uvicorn worker processes (serve)
    pipeline_in_process: bool = True  # serve runs the pipeline's worker itself
    pipeline_processes: int = 0  # `kizashi worker` processes this command starts
    forwarded_allow_ips: str | None = None

    @classmethod
    def from_settings(cls, settings: Settings, command: Literal["serve", "doctor"]) -> Launch:
        return cls(
            command=command,
            host=settings.host,
            http_workers=settings.serve_workers,
            pipeline_in_process=settings.serve_worker,
            forwarded_allow_ips=settings.forwarded_allow_ips,
        )


@dataclass(frozen=True)
class Check:
    id: str
    title: str
    level: Level
    detail: str
    fix: str

    @property
    def failed(self) -> bool:
        return self.level == "fail"


class ProductionProfileError(ConfigError):
    """The production profile refuses to start: one or more checks failed."""

    def __init__(self, failed: list[Check]) -> None:
        self.checks = failed
        lines = "; ".join(f"{c.id}: {c.detail} (fix: {c.fix})" for c in failed)
        super().__init__(f"production profile: refusing to start: {lines}")


def _inside(path: Path, directory: Path) -> bool:
    return path.resolve().is_relative_to(directory.resolve())


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name other than localhost: it may resolve anywhere


# --- the checks: each returns (passed, what was found, how to fix it) --------------------

Found = tuple[bool, str, str]


def _sqlite_one_process(settings: Settings, store: Engine, launch: Launch) -> Found:
    if not is_sqlite(store):
        return True, "PostgreSQL: several processes may share the store", ""
    fix = (
        "on SQLite run one `kizashi serve` (one HTTP worker, the pipeline in-process: "
        "KIZASHI_SERVE_WORKERS=1, KIZASHI_SERVE_WORKER=true) and no `kizashi worker`; "
        "for more processes use PostgreSQL (KIZASHI_DATABASE_URL)"
    )
    if launch.command == "worker":
        return False, "`kizashi worker` is a second process beside `kizashi serve` on SQLite", fix
    if launch.http_workers > 1:
        return False, f"{launch.http_workers} HTTP worker processes on SQLite", fix
    if not launch.pipeline_in_process:
        return False, "the pipeline would run in separate `kizashi worker` processes", fix
    return True, "SQLite, one process", fix


def _key_outside(settings: Settings, store: Engine, launch: Launch) -> Found:
    path = key_path(settings)
    fix = (
        "keep the key on other storage: KIZASHI_AUDIT_SIGNING_KEY=/etc/kizashi/audit/"
        "checkpoint.key (mode 0600, owned by the service user); move the existing key there, "
        "do not make a new one"
    )
    if _inside(path, settings.data_dir):
        return False, f"the audit signing key {path} is inside the data directory", fix
    return True, f"the audit signing key is {path}", fix


def _witness_outside(settings: Settings, store: Engine, launch: Launch) -> Found:
    fix = (
        "run the witness on other storage under other administrators and set "
        "KIZASHI_WITNESS_URL to it"
    )
    url = settings.witness_url or ""
    if "://" in url and not url.startswith("file://"):
        return True, f"the witness is a separate service at {url}", fix
    try:
        path = witness_path(settings)
    except ConfigError as exc:
        return False, str(exc), fix
    if not url or _inside(path, settings.data_dir):
        return False, f"the witness {path} is inside the data directory", fix
    return True, f"the witness keeps its checkpoints in {path}", fix


def _no_demo(settings: Settings, store: Engine, launch: Launch) -> Found:
    from kizashi.demo.credentials import TOKEN_USERS, demo_passwords

    fix = (
        "never serve a demo workspace; create the real users (`kizashi users create`) and "
        "disable the demo's users or change their passwords"
    )
    found = []
    if (settings.data_dir / DEMO_MARKER).exists():
        found.append(f"{settings.data_dir} is a demo workspace (made by `kizashi demo`)")
    with store.connect() as connection:
        present = connection.execute(
            select(users.c.name).where(users.c.name.in_(TOKEN_USERS), users.c.active)
        ).scalars()
        named = sorted(present)
        weak = passwords_in_use(connection, demo_passwords())
    if named:
        found.append(f"the store holds the demo users {', '.join(named)}")
    if weak:
        found.append(f"the demo's printed password is in use for {', '.join(weak)}")
    if found:
        return False, "; ".join(found), fix
    return True, "no demo user and no demo password", fix


def _session_secret(settings: Settings, store: Engine, launch: Launch) -> Found:
    fix = (
        "set KIZASHI_SESSION_SECRET to at least 32 random characters (e.g. "
        "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`), from a file only "
        "the service user can read"
    )
    secret = settings.session_secret
    if secret is None:
        return (
            False,
            "no session secret: web sessions would be signed by a key file in the data directory",
            fix,
        )
    if len(secret.get_secret_value()) < 32:
        return False, "the session secret is shorter than 32 characters", fix
    return True, "a session secret is set", fix


def _listen(settings: Settings, store: Engine, launch: Launch) -> Found:
    fix = (
        "listen on 127.0.0.1 behind a TLS-terminating reverse proxy (deploy/nginx/kizashi.conf) "
        "and give its address: --forwarded-allow-ips=127.0.0.1 (or KIZASHI_FORWARDED_ALLOW_IPS)"
    )
    if launch.command == "worker":
        return True, "the worker listens on no port", fix
    if is_loopback(launch.host):
        return True, f"listens on {launch.host} (loopback)", fix
    if launch.forwarded_allow_ips:
        return (
            True,
            f"listens on {launch.host} behind the proxy at {launch.forwarded_allow_ips}",
            fix,
        )
    return False, f"listens on {launch.host} without a TLS-terminating proxy", fix


def _store_ready(settings: Settings, store: Engine, launch: Launch) -> Found:
    fix = "check KIZASHI_DATABASE_URL and that the server runs; then `kizashi db upgrade`"
    try:
        with store.connect() as connection:
            connection.execute(text("SELECT 1"))
        migrated = is_up_to_date(store)
    except Exception as exc:  # any driver error: the store cannot be reached
        return False, f"the store cannot be reached: {exc.__class__.__name__}", fix
    if not migrated:
        return False, "the store is not at the newest migration", fix
    return True, f"the store ({store.dialect.name}) is reachable and migrated", fix


CheckFunction = Callable[[Settings, Engine, Launch], Found]
# id, title, production only, function. The store check runs first: the others read it.
CHECKS: tuple[tuple[str, str, bool, CheckFunction], ...] = (
    ("store", "store reachable and migrated", False, _store_ready),
    ("sqlite-one-process", "one process on SQLite", True, _sqlite_one_process),
    (
        "audit-key-outside-data-dir",
        "audit signing key outside the data directory",
        True,
        _key_outside,
    ),
    ("witness-outside-data-dir", "witness outside the data directory", True, _witness_outside),
    ("no-demo-users", "no demo users or demo passwords", True, _no_demo),
    ("session-secret", "session secret set", True, _session_secret),
    ("listen-behind-proxy", "loopback, or behind a TLS-terminating proxy", True, _listen),
)


def run_checks(settings: Settings, store: Engine, launch: Launch) -> list[Check]:
    """Every check for `launch`. Production-only checks warn in development."""
    results = []
    store_ok = True
    for check_id, title, production_only, function in CHECKS:
        if not store_ok and check_id == "no-demo-users":
            results.append(
                Check(check_id, title, "fail", "not checked: the store cannot be read", "")
            )
            continue
        passed, detail, fix = function(settings, store, launch)
        if check_id == "store":
            store_ok = passed
        level: Level = (
            "ok" if passed else ("fail" if settings.production or not production_only else "warn")
        )
        results.append(Check(check_id, title, level, detail, fix))
    return results


def enforce(settings: Settings, store: Engine, launch: Launch) -> list[Check]:
    """In production, refuse (:class:`ProductionProfileError`) to start while any check fails.

    In development nothing is checked here (the demo and a laptop install start as they
    are, without the seconds the demo-password check costs); `kizashi doctor` shows what
    production would refuse."""
    if not settings.production:
        return []
    checks = run_checks(settings, store, launch)
    failed = [c for c in checks if c.failed]
    if failed:
        raise ProductionProfileError(failed)
    return checks
