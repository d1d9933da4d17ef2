"""Desks and users in the store: sync the desk list, create and find users, passwords.

Every caller is a user: a person (who may have a password), a partner account (role
``partner_submitter``) or a service account (role ``service``); API tokens are credentials
of a user (:mod:`kizashi.guard.identity.credentials`). Functions take an open Connection;
the caller owns the transaction. What they stamp is the caller's `now` (its clock's
reading), or the wall clock when none is given (:func:`stamp`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Row, null, select, update
from sqlalchemy.exc import IntegrityError

from kizashi.clock import aware_utc, system_clock
from kizashi.errors import AuthError, InputError, NotFoundError
from kizashi.guard.identity.domain import Desk, Role, User, check_role, load_desks
from kizashi.guard.identity.passwords import (
    DEFAULT_PARAMETERS,
    HashParameters,
    hash_password,
    verify_password,
)
from kizashi.ids import new_id
from kizashi.store.pass_cache import DESKS, forget
from kizashi.store.tables import desks, users


def stamp(now: datetime | None) -> datetime:
    """The instant to stamp: the caller's `now`, else the wall clock (the product's default)."""
    return system_clock() if now is None else aware_utc(now)


def sync_desks(
    connection: Connection,
    listed: Sequence[Desk] | None = None,
    *,
    now: datetime | None = None,
) -> list[Desk]:
    """Write the desk list (default: data/desks.yaml) to the store; never deletes a desk."""
    listed = list(listed) if listed is not None else load_desks()
    known = set(connection.execute(select(desks.c.id)).scalars())
    forget(DESKS)  # a worker pass that read the desks reads them again after this write
    for desk in listed:
        values = {
            "name": desk.name,
            "name_ja": desk.name_ja,
            "kind": desk.kind,
            "description": desk.description,
        }
        if desk.id in known:
            connection.execute(update(desks).where(desks.c.id == desk.id).values(**values))
        else:
            connection.execute(desks.insert().values(id=desk.id, created_at=stamp(now), **values))
    return list_desks(connection)


def list_desks(connection: Connection) -> list[Desk]:
    rows = connection.execute(select(desks).order_by(desks.c.id))
    return [Desk(r.id, r.name, r.name_ja, r.kind, r.description) for r in rows]


def _desk_kind(connection: Connection, desk_id: str) -> Any:
    kind = connection.execute(select(desks.c.kind).where(desks.c.id == desk_id)).scalar()
    if kind is None:
        raise InputError(
            f"unknown desk {desk_id!r}: run `kizashi users desks sync` or see desks.yaml"
        )
    return kind


def create_user(
    connection: Connection,
    name: str,
    *,
    role: Role | str,
    desk: str | None = None,
    organisation: str | None = None,
    display_name: str | None = None,
    password: str | None = None,
    channels: Sequence[str] | None = None,
    parameters: HashParameters = DEFAULT_PARAMETERS,
    now: datetime | None = None,
) -> User:
    """A new user (a person, a partner account or a service account).

    `channels` scopes a partner account to the channels it may submit on (None: every
    channel open to partners; empty: none). The guard knows no channel specs: callers check
    the ids against them first (``kizashi.intake.partner_scope``), as ``kizashi users``
    and the demo do; here they are only kept apart from other roles and put in order."""
    checked = _checked_role(role)
    scope = _checked_channels(checked, channels)
    if checked == "partner_submitter":
        if not organisation:
            raise InputError("a partner user needs an organisation")
        if desk is not None:
            raise InputError("partner users belong to no desk")
    elif checked == "service" and (desk is not None or password is not None):
        raise InputError("a service account has no desk and no password (tokens only)")
    elif checked in ("analyst", "desk_lead", "command_centre") and desk is None:
        raise InputError(f"a user with role {checked} needs a desk")
    if desk is not None:
        _desk_kind(connection, desk)
    try:
        password_hash = hash_password(password, parameters) if password is not None else None
    except ValueError as exc:
        raise InputError(str(exc)) from None
    try:
        with connection.begin_nested():
            connection.execute(
                users.insert().values(
                    id=new_id(),
                    name=name,
                    display_name=display_name or name,
                    desk_id=desk,
                    role=checked,
                    organisation=organisation,
                    channels=_channels_value(scope),
                    password_hash=password_hash,
                    active=True,
                    created_at=stamp(now),
                )
            )
    except IntegrityError:
        raise InputError(f"a user named {name!r} exists already") from None
    return get_user(connection, name)


def _checked_channels(role: Role, channels: Sequence[str] | None) -> tuple[str, ...] | None:
    """A partner's channel scope, sorted without repeats; only partners have one."""
    if channels is None:
        return None
    if isinstance(channels, str):
        raise InputError(f"channels: give a list of channel ids, not the string {channels!r}")
    if role != "partner_submitter":
        raise InputError(f"only partner users submit on a channel scope, not role {role}")
    blank = [c for c in channels if not isinstance(c, str) or not c.strip()]
    if blank:
        raise InputError(f"channels: not a channel id: {blank[0]!r}")
    return tuple(sorted(set(channels)))


def set_channels(connection: Connection, name: str, channels: Sequence[str] | None) -> User:
    """Scope the partner account `name` to `channels` (None: every partner channel again).

    As for :func:`create_user`, the caller has checked the ids against the channel specs."""
    user = get_user(connection, name)
    scope = _checked_channels(user.role, channels)
    connection.execute(
        update(users).where(users.c.id == user.id).values(channels=_channels_value(scope))
    )
    return get_user(connection, name)


def _channels_value(scope: tuple[str, ...] | None) -> Any:
    # SQL NULL, not JSON null, for "every partner channel": what rows before 0027 hold.
    return null() if scope is None else list(scope)


def _stored_channels(value: Any) -> tuple[str, ...] | None:
    # JSON null and SQL NULL alike mean "every partner channel"; a list is the scope.
    if value is None:
        return None
    return tuple(str(c) for c in value)


def _checked_role(role: str) -> Role:
    try:
        return check_role(role)
    except ValueError as exc:
        raise InputError(str(exc)) from None


def user_query() -> Any:
    """Users with their desk's kind (what :class:`User` holds), to narrow with ``where``."""
    return select(users, desks.c.kind.label("desk_kind")).outerjoin(
        desks, desks.c.id == users.c.desk_id
    )


def user_of_row(row: Row[Any]) -> User:
    return User(
        id=row.id,
        name=row.name,
        role=row.role,
        desk=row.desk_id,
        desk_kind=row.desk_kind,
        organisation=row.organisation,
        channels=_stored_channels(row.channels),
        active=bool(row.active),
        display_name=row.display_name,
    )


def get_user(connection: Connection, name: str) -> User:
    row = connection.execute(user_query().where(users.c.name == name)).first()
    if row is None:
        raise NotFoundError(f"no user named {name!r}")
    return user_of_row(row)


def get_user_by_id(connection: Connection, user_id: str) -> User:
    row = connection.execute(user_query().where(users.c.id == user_id)).first()
    if row is None:
        raise NotFoundError(f"no user {user_id!r}")
    return user_of_row(row)


def list_users(connection: Connection, *, desk: str | None = None) -> list[User]:
    query = user_query().order_by(users.c.name)
    if desk is not None:
        query = query.where(users.c.desk_id == desk)
    return [user_of_row(row) for row in connection.execute(query)]


def set_password(
    connection: Connection,
    name: str,
    password: str,
    parameters: HashParameters = DEFAULT_PARAMETERS,
) -> None:
    try:
        password_hash = hash_password(password, parameters)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    result = connection.execute(
        update(users).where(users.c.name == name).values(password_hash=password_hash)
    )
    if not result.rowcount:
        raise NotFoundError(f"no user named {name!r}")


def login(
    connection: Connection,
    name: str,
    password: str,
    parameters: HashParameters = DEFAULT_PARAMETERS,
) -> User:
    """The user if the password is right (rehashing it under new parameters); else AuthError.

    Unknown names, disabled accounts and wrong passwords give the same error, so that a
    login form does not tell which user names exist.
    """
    row = connection.execute(
        select(users.c.password_hash, users.c.active).where(users.c.name == name)
    ).first()
    if row is None or row.password_hash is None or not row.active:
        # Spend the time a real check takes, so timing does not tell which names exist.
        verify_password(_dummy_hash(parameters), password, parameters)
        raise AuthError("wrong user name or password")
    checked = verify_password(row.password_hash, password, parameters)
    if not checked.ok:
        raise AuthError("wrong user name or password")
    if checked.new_hash is not None:
        connection.execute(
            update(users).where(users.c.name == name).values(password_hash=checked.new_hash)
        )
    return get_user(connection, name)


@lru_cache(maxsize=4)
def _dummy_hash(parameters: HashParameters) -> str:
    return hash_password("not a password of anyone", parameters)


def password_hash_of(connection: Connection, name: str) -> str | None:
    return connection.execute(select(users.c.password_hash).where(users.c.name == name)).scalar()


def passwords_in_use(connection: Connection, candidates: Mapping[str, str]) -> list[str]:
    """The active users among `candidates` whose stored password is the candidate password.

    For ``kizashi doctor`` (published demo passwords in a production store): it records no
    sign-in attempt and locks nobody out. Each check costs one argon2 verification.
    """
    if not candidates:
        return []
    rows = connection.execute(
        select(users.c.name, users.c.password_hash).where(
            users.c.name.in_(list(candidates)),
            users.c.password_hash.is_not(None),
            users.c.active,
        )
    )
    return sorted(
        row.name for row in rows if verify_password(row.password_hash, candidates[row.name]).ok
    )
