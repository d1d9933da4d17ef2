"""`kizashi users`: users, desks, cases and compartments from the command line.

The lead registers ``users_app`` on the root (``app.add_typer(users_app, name="users")``);
``desks_app``, ``cases_app`` and ``compartments_app`` are nested under it and may also be
registered on the root. Every change and every listing is decided by the guard as the
command's user (the host's operator, ``HOST-1``, or a user whose credential is given) and
logged before it is made or printed: if the log cannot be written, nothing changes.
Listings print JSONL.
"""

from __future__ import annotations

import sys

import typer
from sqlalchemy import Engine

from kizashi.cli.common import (
    cli_access,
    command_clock,
    engine,
    handle_errors,
    settings,
    stderr,
    time_option,
    write_jsonl,
)
from kizashi.errors import InputError
from kizashi.guard.identity import (
    User,
    add_item,
    add_member,
    assign_case,
    create_case,
    create_compartment,
    create_user,
    get_user,
    list_cases,
    list_compartments,
    list_desks,
    list_users,
    set_active,
    set_channels,
    subject_key,
    sync_desks,
)
from kizashi.guard.policy import Resource
from kizashi.intake import partner_scope

users_app = typer.Typer(help="Users, desks, cases and compartments.", no_args_is_help=True)
desks_app = typer.Typer(help="Desks (from guard/identity/data/desks.yaml).", no_args_is_help=True)
cases_app = typer.Typer(help="Cases and their assigned officers.", no_args_is_help=True)
compartments_app = typer.Typer(
    help="Compartments: time-boxed operations with named members.", no_args_is_help=True
)
users_app.add_typer(desks_app, name="desks")
users_app.add_typer(cases_app, name="cases")
users_app.add_typer(compartments_app, name="compartments")


def _store_for_change(resource_type: str, resource_id: str, what: str) -> Engine:
    """The engine, once the guard allowed the change and logged it (fails closed)."""
    access = cli_access(None, "administration")
    access.require("write", Resource(resource_type, resource_id), {"change": what})  # type: ignore[arg-type]
    return access.guard.engine


def _shown(kind: str, ids: list[str]) -> tuple[Engine, list[bool]]:
    """Which records of a listing the command's user may see (each decided and logged)."""
    access = cli_access(None, "administration")
    resources = [Resource(kind, i) for i in ids]  # type: ignore[arg-type]
    return access.guard.engine, access.allowed("list", resources) if resources else []


def _user_json(user: User) -> dict[str, object]:
    return {
        "id": user.id,
        "name": user.name,
        "role": user.role,
        "desk": user.desk,
        "organisation": user.organisation,
        # A partner's channel scope (PARTNER-6); null: every channel open to partners.
        "channels": None if user.channels is None else list(user.channels),
        "active": user.active,
    }


CHANNEL_HELP = "A channel the partner may submit on (repeat it; required for a partner account)."

# Least privilege (PARTNER-6): a new partner account names its channels, as `tokens create`
# asks; every channel is a deliberate second step (`users channels NAME --all`), not a default
# an operator gets by leaving an option out.
PARTNER_NEEDS_CHANNELS = (
    "a partner account needs a channel scope (least privilege, PARTNER-6): give --channel "
    "(repeatable) with the channels it submits on; `kizashi users channels NAME --all` opens "
    "every partner channel afterwards, as a logged change of its own"
)


@users_app.command("create")
@handle_errors
def users_create(
    name: str = typer.Argument(..., help="Sign-in name (also the API token principal)."),
    role: str = typer.Option(..., "--role", help="analyst, desk_lead, command_centre, ..."),
    desk: str | None = typer.Option(None, "--desk", help="Desk id (see `users desks list`)."),
    organisation: str | None = typer.Option(None, "--organisation", help="Partner users only."),
    channel: list[str] | None = typer.Option(None, "--channel", help=CHANNEL_HELP),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read a password from the first line of stdin."
    ),
) -> None:
    """Create a user (and its principal, for API tokens); prints it as JSON."""
    if role == "partner_submitter" and not channel:
        raise InputError(PARTNER_NEEDS_CHANNELS)
    # Checked against the channel specs before anything is decided or written.
    channels = partner_scope(channel) if channel else None
    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
    scoped = "" if channels is None else f" channels={','.join(channels)}"
    store = _store_for_change("user", name, f"create role={role} desk={desk}{scoped}")
    with store.begin() as connection:
        sync_desks(connection)
        user = create_user(
            connection,
            name,
            role=role,
            desk=desk,
            organisation=organisation,
            password=password,
            channels=channels,
        )
    write_jsonl([_user_json(user)])


@users_app.command("show")
@handle_errors
def users_show(name: str = typer.Argument(..., help="Sign-in name.")) -> None:
    """One user as JSON (no password hash), its channel scope included."""
    access = cli_access(None, "administration")
    with access.guard.engine.connect() as connection:
        user = get_user(connection, name)
    access.require("read", Resource("user", user.id))
    write_jsonl([_user_json(user)])


@users_app.command("channels")
@handle_errors
def users_channels(
    name: str = typer.Argument(..., help="Sign-in name of a partner user."),
    channel: list[str] | None = typer.Option(None, "--channel", help="A channel (repeat it)."),
    every: bool = typer.Option(
        False, "--all", help="Every channel open to partners (no scope), as before 0027."
    ),
    none: bool = typer.Option(False, "--none", help="No channel: the account submits nothing."),
) -> None:
    """Scope a partner account to the channels it may submit on (PARTNER-6); prints it."""
    given = [bool(channel), every, none]
    if sum(given) != 1:
        raise InputError("give --channel (repeatable), --all or --none: exactly one of them")
    channels: tuple[str, ...] | None = None if every else partner_scope(channel or [])
    access = cli_access(None, "administration")
    with access.guard.engine.connect() as connection:
        target = get_user(connection, name)
    if not target.is_partner:  # refused before a change is decided and logged
        raise InputError(f"only partner users submit on a channel scope, not role {target.role}")
    change = "channels=" + ("*" if channels is None else ",".join(channels))
    access.require("write", Resource("user", target.id), {"change": change})
    with access.guard.engine.begin() as connection:
        user = set_channels(connection, name, channels)
    write_jsonl([_user_json(user)])


@users_app.command("list")
@handle_errors
def users_list(desk: str | None = typer.Option(None, "--desk", help="Only this desk.")) -> None:
    """Users as JSONL (no password hashes)."""
    with engine(settings()).connect() as connection:
        users = list_users(connection, desk=desk)
    _store, shown = _shown("user", [u.id for u in users])
    write_jsonl(_user_json(user) for user, ok in zip(users, shown, strict=True) if ok)


def _set_active(name: str, active: bool) -> None:
    access = cli_access(None, "administration")
    with access.guard.engine.connect() as connection:
        target = get_user(connection, name)
    change = "enable" if active else "disable"
    access.require("write", Resource("user", target.id), {"change": change})
    user = set_active(
        access.guard.engine, access.guard.audit, access.user, name, active, now=access.guard.now()
    )
    write_jsonl([_user_json(user)])


@users_app.command("disable")
@handle_errors
def users_disable(name: str = typer.Argument(..., help="Sign-in name.")) -> None:
    """Disable a user: their password, tokens and sessions stop at once (audited)."""
    _set_active(name, False)


@users_app.command("enable")
@handle_errors
def users_enable(name: str = typer.Argument(..., help="Sign-in name.")) -> None:
    """Enable a user again (ended sessions stay ended: they sign in afresh)."""
    _set_active(name, True)


@desks_app.command("list")
@handle_errors
def desks_list() -> None:
    """The desks as JSONL (synced from desks.yaml first)."""
    with engine(settings()).begin() as connection:
        desks = sync_desks(connection)
    _store, shown = _shown("desk", [d.id for d in desks])
    write_jsonl(
        {"id": d.id, "name": d.name, "name_ja": d.name_ja, "kind": d.kind}
        for d, ok in zip(desks, shown, strict=True)
        if ok
    )


@desks_app.command("sync")
@handle_errors
def desks_sync() -> None:
    """Write desks.yaml to the store (adds and renames; never deletes)."""
    store = _store_for_change("desk", "*", "sync from desks.yaml")
    with store.begin() as connection:
        sync_desks(connection)
        count = len(list_desks(connection))
    stderr.print(f"{count} desks")


@cases_app.command("create")
@handle_errors
def cases_create(
    ref: str = typer.Argument(..., help="Case reference, e.g. 2026-041."),
    desk: str = typer.Option(..., "--desk", help="The owning desk."),
    title: str = typer.Option("", "--title"),
) -> None:
    """Create a case owned by a desk."""
    store = _store_for_change("case", ref, f"create desk={desk}")
    with store.begin() as connection:
        sync_desks(connection)
        case = create_case(connection, ref, desk=desk, title=title, now=command_clock()())
    write_jsonl([{"id": case.id, "ref": case.ref, "desk": case.desk}])


@cases_app.command("assign")
@handle_errors
def cases_assign(
    ref: str = typer.Argument(...), user: str = typer.Argument(..., help="User name.")
) -> None:
    """Assign an officer to a case (need-to-know for its material)."""
    store = _store_for_change("case", ref, f"assign {user}")
    with store.begin() as connection:
        case = assign_case(connection, ref, user, now=command_clock()())
    write_jsonl([{"ref": case.ref, "desk": case.desk, "assigned": sorted(case.assigned)}])


@cases_app.command("list")
@handle_errors
def cases_list(desk: str | None = typer.Option(None, "--desk")) -> None:
    """Cases as JSONL, with assigned user ids."""
    with engine(settings()).connect() as connection:
        cases = list_cases(connection, desk=desk)
    _store, shown = _shown("case", [c.id for c in cases])
    write_jsonl(
        {"id": c.id, "ref": c.ref, "desk": c.desk, "assigned": sorted(c.assigned)}
        for c, ok in zip(cases, shown, strict=True)
        if ok
    )


@compartments_app.command("create")
@handle_errors
def compartments_create(
    name: str = typer.Argument(..., help="Operation name."),
    desk: str = typer.Option(..., "--desk", help="The owning desk."),
    until: str = typer.Option(..., "--until", help="End of the time box (ISO 8601 with zone)."),
    start: str | None = typer.Option(None, "--from", help="Start (default: now)."),
    description: str = typer.Option("", "--description"),
) -> None:
    """Create a time-boxed compartment; nobody is a member until named."""
    valid_from = time_option(start, "--from") if start else command_clock()()
    valid_until = time_option(until, "--until")
    store = _store_for_change("compartment", name, f"create desk={desk} until={until}")
    with store.begin() as connection:
        sync_desks(connection)
        box = create_compartment(
            connection,
            name,
            desk=desk,
            valid_from=valid_from,
            valid_until=valid_until,
            description=description,
            now=command_clock()(),
        )
    write_jsonl([{"id": box.id, "name": box.name, "desk": box.desk, "until": box.valid_until}])


@compartments_app.command("add-member")
@handle_errors
def compartments_add_member(
    name: str = typer.Argument(...),
    user: str = typer.Argument(..., help="User name."),
    until: str | None = typer.Option(None, "--until", help="End this membership earlier."),
) -> None:
    """Name a member of a compartment."""
    end = time_option(until, "--until") if until else None
    store = _store_for_change("compartment", name, f"add member {user}")
    with store.begin() as connection:
        box = add_member(connection, name, user, until=end, now=command_clock()())
    write_jsonl([{"name": box.name, "members": sorted(box.members)}])


@compartments_app.command("add-subject")
@handle_errors
def compartments_add_subject(
    name: str = typer.Argument(...),
    value: str = typer.Argument(..., help="The subject, e.g. a name or phone number."),
    kind: str = typer.Option("person", "--kind", help="person, phone, account, ..."),
) -> None:
    """Put a subject in a compartment (outsiders' lookups are then deconflicted)."""
    key = subject_key(kind, value)
    store = _store_for_change("compartment", name, "add subject")
    with store.begin() as connection:
        add_item(connection, name, "subject", key, now=command_clock()())
    stderr.print(f"added a {kind} to {name}")


@compartments_app.command("add-report")
@handle_errors
def compartments_add_report(
    name: str = typer.Argument(...), report_id: str = typer.Argument(...)
) -> None:
    """Seal a report in a compartment."""
    store = _store_for_change("compartment", name, f"add report {report_id}")
    with store.begin() as connection:
        add_item(connection, name, "report", report_id, now=command_clock()())
    stderr.print(f"added report {report_id} to {name}")


@compartments_app.command("list")
@handle_errors
def compartments_list(desk: str | None = typer.Option(None, "--desk")) -> None:
    """Compartments as JSONL: name, desk, time box, member ids (never their contents)."""
    with engine(settings()).connect() as connection:
        boxes = list_compartments(connection, desk=desk)
    _store, shown = _shown("compartment", [b.id for b in boxes])
    boxes = [b for b, ok in zip(boxes, shown, strict=True) if ok]
    write_jsonl(
        {
            "id": b.id,
            "name": b.name,
            "desk": b.desk,
            "from": b.valid_from,
            "until": b.valid_until,
            "members": sorted(b.members),
        }
        for b in boxes
    )
