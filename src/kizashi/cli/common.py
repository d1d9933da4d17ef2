"""What every command shares: settings, the engine, exit codes, JSONL output, error handling.

Exit codes (documented in docs/cli.md; each error class declares its own in kizashi.errors):

    0  success
    1  finished, but some rows were quarantined (bad or conflicting rows)
    2  usage error (unknown option, missing argument)
    3  input error: unreadable file, unknown format or channel, bad value
    4  store error: database unreachable or not migrated (run `kizashi db upgrade`)
    5  configuration error
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from functools import wraps
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec, TypeVar, cast, overload

import orjson
import typer

from kizashi.clock import Clock, system_clock
from kizashi.errors import (
    EXIT_CONFIG,
    EXIT_INPUT,
    EXIT_OK,
    EXIT_QUARANTINED,
    EXIT_STORE,
    EXIT_USAGE,
    InputError,
    KizashiError,
    StoreError,
)

# SQLAlchemy, the store's tables and the settings (a pydantic model) are imported by the
# functions that need them: every room's commands import this module, and a command that
# never opens the store (`kizashi scan FILE`, `--help` of a group) must not pay for them.
if TYPE_CHECKING:
    from rich.console import Console
    from sqlalchemy import Engine

    from kizashi.config import Settings
    from kizashi.guard.policy import CliAccess

__all__ = [
    "EXIT_CONFIG",
    "EXIT_INPUT",
    "EXIT_OK",
    "EXIT_QUARANTINED",
    "EXIT_STORE",
    "EXIT_USAGE",
    "AsOption",
    "PurposeOption",
    "cli_access",
    "decide_job",
    "engine",
    "exit_code_for",
    "handle_errors",
    "quiet_broken_pipe",
    "run_job",
    "settings",
    "shown_url",
    "stderr",
    "stderr_console",
    "time_option",
    "write_json",
    "write_jsonl",
]


class _LazyConsole:
    """rich's Console on standard error, made (and rich imported) on its first use.

    Every room's commands import ``stderr`` from here, and most runs never print to it
    (`kizashi reports list`, a clean `kizashi ingest`): rich's console costs ≈ 20 ms of
    start-up. The console writes to whatever ``sys.stderr`` is when it prints, as before.
    """

    _console: Console | None = None

    def console(self) -> Console:
        """The Console itself (for rich's progress bars and live displays, which want one)."""
        if self._console is None:
            from rich.console import Console

            self._console = Console(stderr=True, highlight=False, soft_wrap=True)
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.console(), name)


_STDERR = _LazyConsole()
stderr = cast("Console", _STDERR)


def stderr_console() -> Console:
    """``stderr`` as the rich Console it stands for (made now if it was not yet)."""
    return _STDERR.console()


# Every read is decided by the guard as the CLI's user (docs/guard.md, "The command line").
AsOption = Annotated[
    str | None,
    typer.Option(
        "--as",
        help="Act as this user, with their credential: $KIZASHI_TOKEN, or their password "
        "asked for at the terminal (else the host's operator, who sees unrouted material "
        "only).",
    ),
]
PurposeOption = Annotated[
    str | None, typer.Option("--purpose", help="Why you need it (logged with each decision).")
]

P = ParamSpec("P")
R = TypeVar("R")


def exit_code_for(error: KizashiError) -> int:
    """The exit code the error's class declares (the tree in kizashi.errors)."""
    return error.exit_code


def handle_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn kizashi errors into one clear line on stderr and the documented exit code."""

    @wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except KizashiError as exc:
            stderr.print(f"[red]error:[/red] {exc}", markup=True, soft_wrap=True)
            raise typer.Exit(exit_code_for(exc)) from None

    return wrapper


_CLOCK: ContextVar[Clock] = ContextVar("kizashi_command_clock", default=system_clock)


class CommandClock:
    """A clock handed to one in-process run of the command line, as the run's object:
    ``app(args, obj=CommandClock(clock))`` or ``CliRunner().invoke(app, args,
    obj=CommandClock(clock))`` (the root command puts it in force for that run only). There is
    no option or environment variable for it: whoever runs `kizashi` cannot move its time, and
    the audit log's timestamps stay the host's."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    @contextmanager
    def in_force(self) -> Iterator[None]:
        token = _CLOCK.set(self.clock)
        try:
            yield
        finally:
            _CLOCK.reset(token)


@overload
def time_option(value: str, option: str) -> datetime: ...
@overload
def time_option(value: str | None, option: str) -> datetime | None: ...
def time_option(value: str | None, option: str) -> datetime | None:
    """An ISO 8601 time given to ``option`` (``--as-of``), with its zone; None if not given."""
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise InputError(f"{option}: not an ISO 8601 time: {value!r}") from None
    if parsed.tzinfo is None:
        raise InputError(f"{option}: give a time zone, e.g. {value}+09:00")
    return parsed


def command_clock() -> Clock:
    """The running command's clock: the wall clock, or the one its in-process caller gave."""
    return _CLOCK.get()


def settings() -> Settings:
    from kizashi.config import load_settings

    return load_settings()


# The engines a run of the command line opened (`engine` below), closed when the run ends
# (`engines_closed_at_end`, put in force by the root command). A process that runs the
# command line and exits closes them anyway; one that runs it in-process (a test, a
# scheduler) would otherwise keep each run's pooled connections open until the garbage
# collector finds them, and PostgreSQL's driver then warns in whatever code runs next.
_ENGINES: ContextVar[list[Engine] | None] = ContextVar("kizashi_command_engines", default=None)


@contextmanager
def engines_closed_at_end() -> Iterator[None]:
    """Close the connections of every engine `engine` opens while this is in force."""
    opened: list[Engine] = []
    token = _ENGINES.set(opened)
    try:
        yield
    finally:
        _ENGINES.reset(token)
        for each in opened:
            each.dispose()


def engine(settings: Settings, *, require_migrated: bool = True) -> Engine:
    """The store's engine; refuses to run on a store that is not at the newest migration."""
    from kizashi.store import is_up_to_date, make_engine

    created = make_engine(settings)
    opened = _ENGINES.get()
    if opened is not None:
        opened.append(created)
    if require_migrated:
        try:
            ok = is_up_to_date(created)
        except Exception as exc:
            raise StoreError(
                f"cannot open the store {shown_url(settings)}: {type(exc).__name__}"
            ) from exc
        if not ok:
            raise StoreError(
                f"the store {shown_url(settings)} is not migrated: run `kizashi db upgrade`"
            )
    return created


def shown_url(settings: Settings) -> str:
    """The store's URL as it may be printed: never its password."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(settings.effective_database_url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL is not shown at all: it may hold a secret
        return "(the configured database URL)"


def write_jsonl(records: Iterable[dict[str, Any]]) -> None:
    """One compact JSON object per line on stdout (UTF-8, not ASCII-escaped)."""
    out = sys.stdout.buffer
    for record in records:
        out.write(orjson.dumps(record, default=str) + b"\n")
    out.flush()


def write_json(record: Any) -> None:
    sys.stdout.buffer.write(orjson.dumps(record, option=orjson.OPT_INDENT_2, default=str) + b"\n")
    sys.stdout.flush()


@contextmanager
def quiet_broken_pipe() -> Iterator[None]:
    # `kizashi reports list | head` closes stdout early; that is not an error.
    try:
        yield
    except BrokenPipeError:
        sys.stderr.close()


def cli_access(as_user: str | None = None, purpose: str | None = None) -> CliAccess:
    """The guard and the user this command acts as (docs/guard.md, "The command line")."""
    from kizashi.guard.policy import CliAccess

    config = settings()
    return CliAccess(config, engine(config), as_user, purpose, clock=command_clock())


def run_job(
    job: str, context: dict[str, Any] | None = None, *, as_user: str | None = None
) -> Engine:
    """Decide (and log) a batch job before it starts; the store's engine for the run."""
    config = settings()
    store = engine(config)
    decide_job(config, store, job, context, as_user=as_user)
    return store


def decide_job(
    config: Settings,
    store: Engine,
    job: str,
    context: dict[str, Any] | None = None,
    *,
    as_user: str | None = None,
) -> None:
    """Decide (and log) a batch job on `store` before it starts; ForbiddenError if refused.

    A job (ingest, triage, resolve, pipeline, routing, scans, training) is decided by the
    guard as the command's user — the host's operator (HOST-1), or an admin with a
    credential (JOB-1) — and refused otherwise (JOB-2); nothing runs unlogged. What the job
    was given goes into the entry's context (numbers and text only)."""
    from kizashi.guard.policy import CliAccess

    facts = {
        key: value if value is None or isinstance(value, str | int | bool) else str(value)
        for key, value in (context or {}).items()
    }
    CliAccess(config, store, as_user, "batch job", clock=command_clock()).job(job, facts)
