"""What every command shares: settings, the engine, exit codes, JSONL output, error handling.

Exit codes (documented in docs/cli.md):

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
from functools import wraps
from typing import Any, ParamSpec, TypeVar

import orjson
import typer
from rich.console import Console
from sqlalchemy import Engine

from kizashi.config import Settings, load_settings
from kizashi.errors import (
    ConfigError,
    InputError,
    KizashiError,
    NotFoundError,
    SchemaError,
    StoreError,
    UnknownChannelError,
)
from kizashi.store import is_up_to_date, make_engine

EXIT_OK = 0
EXIT_QUARANTINED = 1
EXIT_USAGE = 2
EXIT_INPUT = 3
EXIT_STORE = 4
EXIT_CONFIG = 5

stderr = Console(stderr=True, highlight=False, soft_wrap=True)

P = ParamSpec("P")
R = TypeVar("R")


def exit_code_for(error: KizashiError) -> int:
    if isinstance(error, ConfigError):
        return EXIT_CONFIG
    if isinstance(error, StoreError):
        return EXIT_STORE
    if isinstance(error, InputError | UnknownChannelError | NotFoundError | SchemaError):
        return EXIT_INPUT
    return EXIT_INPUT


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


def settings() -> Settings:
    return load_settings()


def engine(settings: Settings, *, require_migrated: bool = True) -> Engine:
    """The store's engine; refuses to run on a store that is not at the newest migration."""
    created = make_engine(settings)
    if require_migrated:
        try:
            ok = is_up_to_date(created)
        except Exception as exc:
            raise StoreError(
                f"cannot open the store {settings.effective_database_url}: {exc}"
            ) from exc
        if not ok:
            raise StoreError(
                f"the store {settings.effective_database_url} is not migrated: run `kizashi db upgrade`"
            )
    return created


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


def audit_cli_access(
    settings: Settings,
    store: Engine,
    action: str,
    resource_id: str,
    context: dict[str, Any] | None = None,
) -> None:
    """Log a CLI read to the audit log before anything is printed (fails closed)."""
    import getpass

    from kizashi.guard import AuditEntry, open_audit_log

    open_audit_log(settings, store).append(
        AuditEntry(
            actor=f"cli:{getpass.getuser()}",
            action=action,
            resource_type="report",
            resource_id=resource_id,
            purpose="unspecified",
            effect="allow",
            context=context or {},
        )
    )
