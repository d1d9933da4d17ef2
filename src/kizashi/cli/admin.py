"""The app's own commands: `kizashi init`, `settings`, `serve`, `tokens ...`."""

from __future__ import annotations

import os
import tempfile
from typing import Annotated

import typer
from rich.table import Table

from kizashi.cli.common import (
    AsOption,
    cli_access,
    engine,
    handle_errors,
    settings,
    shown_url,
    stderr,
    write_json,
)
from kizashi.config import describe_settings
from kizashi.errors import InputError, NotFoundError
from kizashi.guard.identity import (
    User,
    create_account,
    get_user,
    issue_token,
    list_tokens,
    list_users,
    revoke_tokens,
)
from kizashi.guard.policy import CliAccess, Resource
from kizashi.intake import partner_scope
from kizashi.store import current_revision, transaction, upgrade

tokens_app = typer.Typer(
    help="API tokens: credentials of users and accounts.", no_args_is_help=True
)


@handle_errors
def init() -> None:
    """Create the data directory and bring the store to the newest schema."""
    config = settings()
    config.ensure_data_dir()
    store = engine(config, require_migrated=False)
    upgrade(store)
    stderr.print(f"data directory: {config.data_dir.resolve()}", markup=False)
    stderr.print(
        f"store: {shown_url(config)} at revision {current_revision(store)}",
        markup=False,
    )


@handle_errors
def show_settings(
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of a table.")] = False,
) -> None:
    """Every setting: environment variable, value in force, default and help."""
    rows = describe_settings(settings())
    if as_json:
        write_json([row.__dict__ for row in rows])
        return
    table = Table("setting", "environment variable", "value", "default", "help", show_lines=False)
    for row in rows:
        table.add_row(row.name, row.env_var, str(row.value), str(row.default), row.help)
    from rich.console import Console

    Console(width=200).print(table)


@handle_errors
def serve(
    host: Annotated[
        str | None, typer.Option(help="Listen address (default: KIZASHI_HOST, 127.0.0.1).")
    ] = None,
    port: Annotated[int | None, typer.Option(help="Port (default: KIZASHI_PORT, 8700).")] = None,
    worker: Annotated[
        bool | None,
        typer.Option(
            "--worker/--no-worker",
            help="Run the live pipeline's worker in this process (default: KIZASHI_SERVE_WORKER).",
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            help="HTTP worker processes (default: KIZASHI_SERVE_WORKERS, 1; more need PostgreSQL).",
        ),
    ] = None,
    forwarded_allow_ips: Annotated[
        str | None,
        typer.Option(
            "--forwarded-allow-ips",
            help="Addresses of the TLS-terminating proxy whose X-Forwarded-* headers are trusted "
            "(default: KIZASHI_FORWARDED_ALLOW_IPS).",
        ),
    ] = None,
) -> None:
    """Serve the API, the command-centre UI and (by default) the live pipeline."""
    import uvicorn

    from kizashi.clock import system_clock
    from kizashi.observe import configure_logging, enable_metrics
    from kizashi.ops import Launch, enforce
    from kizashi.ops.serving import start_live_pipeline, stop_live_pipeline

    config = settings()
    configure_logging(config)
    launch = Launch(
        command="serve",
        host=host or config.host,
        http_workers=workers or config.serve_workers,
        pipeline_in_process=config.serve_worker if worker is None else worker,
        forwarded_allow_ips=forwarded_allow_ips or config.forwarded_allow_ips,
    )
    store = engine(config)
    enforce(config, store, launch)  # the production profile refuses unsafe settings
    options: dict[str, object] = {
        "host": launch.host,
        "port": port or config.port,
        "log_level": config.log_level.lower(),
        "log_config": None,  # our handler (kizashi.observe.logs) formats every line
        "access_log": False,  # the app logs route templates, not paths as typed
        "proxy_headers": True,
    }
    if launch.forwarded_allow_ips:
        options["forwarded_allow_ips"] = launch.forwarded_allow_ips
    if launch.http_workers > 1:
        # Each HTTP process builds its own app from the environment's settings; their metrics
        # meet in one directory that /metrics reads (prometheus_client's multiprocess mode).
        if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="kizashi-metrics-")
        enable_metrics()
        target: object = "kizashi.ops.serving:served_app"
        options.update(factory=True, workers=launch.http_workers)
    else:
        from kizashi.api import create_app

        target = create_app(config, engine=store, clock=system_clock)
    running = None
    if launch.pipeline_in_process:
        running = start_live_pipeline(
            store, config, clock=system_clock, say=lambda line: typer.echo(line, err=True)
        )
    try:
        uvicorn.run(target, **options)  # type: ignore[arg-type]
    finally:
        if running is not None:
            stop_live_pipeline(running)


def _account(access: CliAccess, name: str) -> tuple[Resource, User | None]:
    """The user a token command is about, as the guard decides it (missing: no such user)."""
    with access.guard.engine.connect() as connection:
        try:
            user = get_user(connection, name)
        except NotFoundError:
            return Resource("user", name, found=False), None
    return Resource("user", user.id), user


def _account_resource(access: CliAccess, name: str) -> Resource:
    return _account(access, name)[0]


UNSCOPED = (
    "a partner token needs a channel scope (least privilege, PARTNER-6): give --channel "
    "(repeatable) with the channels the partner submits on"
)


def _partner_scope(user: User | None, channel: list[str] | None) -> tuple[str, ...] | None:
    """The scope a new partner account is made with; checks an existing one has a scope.

    A partner token is least-privilege: a new partner account needs ``--channel``; a token
    for an existing partner account inherits that account's scope and is refused while it
    has none (an account made before migration 0027, or put back to every channel with
    `users channels NAME --all`)."""
    if user is None:
        if not channel:
            raise InputError(UNSCOPED)
        return partner_scope(channel)
    if channel:
        raise InputError(
            f"{user.name!r} exists: its token inherits its channel scope; change the scope "
            f"with `kizashi users channels {user.name} --channel C`"
        )
    if user.is_partner and user.channels is None:
        raise InputError(
            f"partner account {user.name!r} has no channel scope (every partner channel): a "
            f"partner token needs one (least privilege, PARTNER-6); scope it first with "
            f"`kizashi users channels {user.name} --channel C [--channel C2 ...]`"
        )
    return None


@tokens_app.command("create")
@handle_errors
def tokens_create(
    name: Annotated[
        str, typer.Argument(help="User name (a partner or service account is created if new).")
    ],
    role: Annotated[
        str,
        typer.Option(
            help="For a new account: partner or service (officers are users: "
            "`kizashi users create`)."
        ),
    ] = "officer",
    organisation: Annotated[
        str | None, typer.Option("--org", help="Partner organisation (source key).")
    ] = None,
    channel: Annotated[
        list[str] | None,
        typer.Option(
            "--channel",
            help="A new partner account: a channel it may submit on (repeat it; required).",
        ),
    ] = None,
    label: Annotated[str | None, typer.Option(help="What the token is for.")] = None,
    as_user: AsOption = None,
) -> None:
    """Issue an API token for a user (printed once on stdout; only its hash is stored).

    A partner token is scoped (PARTNER-6): a new partner account is made with the channels
    given by --channel; an existing partner account's token inherits its scope, and an
    account without one gets no token."""
    if role not in ("officer", "partner", "service"):
        raise typer.BadParameter("use officer, partner or service", param_hint="--role")
    access = cli_access(as_user, "administration")
    store = access.guard.engine
    resource, user = _account(access, name)
    if user is None and role == "officer":
        raise NotFoundError(
            f"no user named {name!r}: create officers with `kizashi users create`, or give "
            "--role partner|service for an account"
        )
    if user is None and role == "service" and channel:
        raise InputError("only partner accounts submit on a channel scope, not a service")
    # Checked (against the channel specs too) before anything is decided or written.
    scope = _partner_scope(user, channel) if role == "partner" or user is not None else None
    if user is None:
        scoped = "" if scope is None else f" channels={','.join(scope)}"
        change = f"create {role} account{scoped}"
        access.require("write", Resource("user", name), {"change": change})
        with transaction(store) as connection:
            create_account(connection, name, role, organisation, channels=scope)
    else:
        access.require("write", resource, {"change": "issue token"})
    with transaction(store) as connection:
        token = issue_token(connection, name, label, now=access.guard.now())
    typer.echo(token)


@tokens_app.command("revoke")
@handle_errors
def tokens_revoke(
    name: Annotated[str, typer.Argument(help="User name.")], as_user: AsOption = None
) -> None:
    """Revoke every token of a user."""
    access = cli_access(as_user, "administration")
    access.require("write", _account_resource(access, name), {"change": "revoke tokens"})
    with transaction(access.guard.engine) as connection:
        count = revoke_tokens(connection, name, now=access.guard.now())
    stderr.print(f"revoked {count} token(s) of {name}", markup=False)


@tokens_app.command("list")
@handle_errors
def tokens_list(as_user: AsOption = None) -> None:
    """The tokens you may see, by user (never the secrets): JSON."""
    access = cli_access(as_user, "administration")
    with access.guard.engine.connect() as connection:
        tokens = list_tokens(connection)
        ids = {u.name: u.id for u in list_users(connection)}
    names = sorted({t.user for t in tokens})
    resources = [Resource("user", ids[n]) for n in names]
    shown = {n for n, ok in zip(names, access.allowed("list", resources), strict=True) if ok}
    write_json(
        [
            {
                "user": t.user,
                "prefix": t.prefix,
                "label": t.label,
                "created_at": t.created_at.isoformat(),
                "revoked_at": t.revoked_at.isoformat() if t.revoked_at else None,
            }
            for t in tokens
            if t.user in shown
        ]
    )
