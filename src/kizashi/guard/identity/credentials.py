"""API tokens: credentials of a user (a person, a partner account or a service account).

Tokens are 256-bit random secrets shown once and stored only as SHA-256 digests: a token is
as strong as a key, so a slow password hash adds nothing, and lookup stays one index probe.
A token acts for its user as long as the token is not revoked *and* the user is active:
disabling a user stops their tokens at once, and enabling them again does not revive tokens
revoked meanwhile. Functions take an open Connection; the caller owns the transaction.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, bindparam, select, update

from kizashi.errors import AuthError, InputError, NotFoundError
from kizashi.guard.identity.domain import User
from kizashi.guard.identity.service import (
    create_user,
    get_user,
    user_of_row,
    user_query,
)
from kizashi.ids import new_id
from kizashi.store.tables import api_tokens, users

TOKEN_PREFIX = "kz_"
# What `kizashi tokens create --role` makes for a name that is no user yet.
ACCOUNT_KINDS = {"partner": "partner_submitter", "service": "service"}


@dataclass(frozen=True)
class TokenInfo:
    """What may be shown of a token: never the secret, nor its digest."""

    id: str
    user: str
    prefix: str
    label: str | None
    created_at: datetime
    revoked_at: datetime | None


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_account(
    connection: Connection,
    name: str,
    kind: str,
    organisation: str | None = None,
    *,
    channels: Sequence[str] | None = None,
) -> User:
    """A partner or service account: a user who signs in with tokens only. ``channels``:
    a partner's scope (ids the caller checked against the channel specs, as for
    :func:`create_user`); ``kizashi tokens create`` requires one for a partner."""
    role = ACCOUNT_KINDS.get(kind)
    if role is None:
        raise InputError(f"an account is a partner or a service account, not {kind!r}")
    return create_user(connection, name, role=role, organisation=organisation, channels=channels)


def issue_token(
    connection: Connection, user_name: str, label: str | None = None, *, now: datetime
) -> str:
    """A new token for the user; the only time the secret is visible."""
    user = get_user(connection, user_name)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    connection.execute(
        api_tokens.insert().values(
            id=new_id(),
            user_id=user.id,
            token_sha256=digest(token),
            prefix=token[:10],
            label=label,
            created_at=now,
        )
    )
    return token


def revoke_tokens(connection: Connection, user_name: str, *, now: datetime) -> int:
    user = get_user(connection, user_name)
    result = connection.execute(
        update(api_tokens)
        .where(api_tokens.c.user_id == user.id, api_tokens.c.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    return int(result.rowcount)


def list_tokens(connection: Connection, user_name: str | None = None) -> list[TokenInfo]:
    query = (
        select(api_tokens, users.c.name.label("user_name"))
        .join(users, users.c.id == api_tokens.c.user_id)
        .order_by(users.c.name, api_tokens.c.created_at)
    )
    if user_name is not None:
        query = query.where(users.c.name == user_name)
        if connection.execute(select(users.c.id).where(users.c.name == user_name)).first() is None:
            raise NotFoundError(f"no user named {user_name!r}")
    return [
        TokenInfo(r.id, r.user_name, r.prefix, r.label, r.created_at, r.revoked_at)
        for r in connection.execute(query)
    ]


# The user of a live token in one statement (one round trip a request, compiled once): the
# token's digest, not revoked, joined to its user and the user's desk.
_TOKEN_USER = (
    user_query()
    .join(api_tokens, api_tokens.c.user_id == users.c.id)
    .where(api_tokens.c.token_sha256 == bindparam("sha"), api_tokens.c.revoked_at.is_(None))
)


def token_user(connection: Connection, token: str) -> User:
    """The active user a live API token belongs to; AuthError otherwise (one message)."""
    row = connection.execute(_TOKEN_USER, {"sha": digest(token)}).first()
    if row is None:
        raise AuthError("invalid or revoked token")
    user = user_of_row(row)
    if not user.active:
        raise AuthError("invalid or revoked token")
    return user
