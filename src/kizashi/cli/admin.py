"""`kizashi init`, `settings`, `schema`, `serve`, `tokens ...`."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from kizashi.cli.common import engine, handle_errors, settings, stderr, write_json
from kizashi.config import describe_settings
from kizashi.intake import channels, json_schema
from kizashi.principals import create_principal, issue_token, list_principals, revoke_tokens
from kizashi.store import current_revision, transaction, upgrade

tokens_app = typer.Typer(help="Principals and their API tokens.", no_args_is_help=True)


@handle_errors
def init() -> None:
    """Create the data directory and bring the store to the newest schema."""
    config = settings()
    config.ensure_data_dir()
    store = engine(config, require_migrated=False)
    upgrade(store)
    stderr.print(f"data directory: {config.data_dir.resolve()}", markup=False)
    stderr.print(
        f"store: {config.effective_database_url} at revision {current_revision(store)}",
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
def schema(
    channel: Annotated[
        str | None, typer.Argument(help="Channel id; omit to list the channels.")
    ] = None,
) -> None:
    """Print a channel's published JSON Schema, or list the channels."""
    if channel is None:
        for spec in channels().values():
            typer.echo(f"{spec.id}\tv{spec.version}\t{spec.title}")
        return
    write_json(json_schema(channel))


@handle_errors
def serve(
    host: Annotated[
        str | None, typer.Option(help="Listen address (default: KIZASHI_HOST, 127.0.0.1).")
    ] = None,
    port: Annotated[int | None, typer.Option(help="Port (default: KIZASHI_PORT, 8700).")] = None,
) -> None:
    """Serve the API (docs at /docs, schema at /openapi.json)."""
    import uvicorn

    from kizashi.api import create_app

    config = settings()
    app = create_app(config, engine=engine(config))
    uvicorn.run(
        app, host=host or config.host, port=port or config.port, log_level=config.log_level.lower()
    )


@tokens_app.command("create")
@handle_errors
def tokens_create(
    name: Annotated[str, typer.Argument(help="Principal name (created if new).")],
    role: Annotated[str, typer.Option(help="officer, partner or service.")] = "officer",
    organisation: Annotated[
        str | None, typer.Option("--org", help="Partner organisation (source key).")
    ] = None,
    label: Annotated[str | None, typer.Option(help="What the token is for.")] = None,
) -> None:
    """Issue an API token (printed once on stdout; only its hash is stored)."""
    if role not in ("officer", "partner", "service"):
        raise typer.BadParameter("use officer, partner or service", param_hint="--role")
    with transaction(engine(settings())) as connection:
        if name not in {p.name for p in list_principals(connection)}:
            create_principal(connection, name, role, organisation)  # type: ignore[arg-type]
        token = issue_token(connection, name, label)
    typer.echo(token)


@tokens_app.command("revoke")
@handle_errors
def tokens_revoke(name: Annotated[str, typer.Argument(help="Principal name.")]) -> None:
    """Revoke every token of a principal."""
    with transaction(engine(settings())) as connection:
        count = revoke_tokens(connection, name)
    stderr.print(f"revoked {count} token(s) of {name}", markup=False)


@tokens_app.command("list")
@handle_errors
def tokens_list() -> None:
    """The principals (never the tokens)."""
    with engine(settings()).connect() as connection:
        write_json([p.__dict__ for p in list_principals(connection)])
