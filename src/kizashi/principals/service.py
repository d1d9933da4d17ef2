"""Creating principals, issuing and checking API tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from sqlalchemy import Connection, select, update
from sqlalchemy.exc import IntegrityError

from kizashi.errors import AuthError, InputError, NotFoundError
from kizashi.ids import new_id
from kizashi.store import api_tokens, principals

Role = Literal["officer", "partner", "service"]
TOKEN_PREFIX = "kz_"


@dataclass(frozen=True)
class Principal:
    id: str
    name: str
    role: Role
    organisation: str | None

    @property
    def is_partner(self) -> bool:
        return self.role == "partner"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_principal(
    connection: Connection, name: str, role: Role, organisation: str | None = None
) -> Principal:
    if role == "partner" and not organisation:
        raise InputError("a partner principal needs an organisation")
    principal = Principal(new_id(), name, role, organisation)
    try:
        with connection.begin_nested():
            connection.execute(
                principals.insert().values(
                    id=principal.id,
                    name=name,
                    role=role,
                    organisation=organisation,
                    created_at=datetime.now(UTC),
                )
            )
    except IntegrityError:
        raise InputError(f"a principal named {name!r} exists already") from None
    return principal


def _principal_by_name(connection: Connection, name: str) -> Principal:
    row = connection.execute(select(principals).where(principals.c.name == name)).first()
    if row is None:
        raise NotFoundError(f"no principal named {name!r}")
    return Principal(row.id, row.name, row.role, row.organisation)


def issue_token(connection: Connection, principal_name: str, label: str | None = None) -> str:
    """A new token for the principal; the only time the secret is visible."""
    principal = _principal_by_name(connection, principal_name)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    connection.execute(
        api_tokens.insert().values(
            id=new_id(),
            principal_id=principal.id,
            token_sha256=_digest(token),
            prefix=token[:10],
            label=label,
            created_at=datetime.now(UTC),
        )
    )
    return token


def revoke_tokens(connection: Connection, principal_name: str) -> int:
    principal = _principal_by_name(connection, principal_name)
    result = connection.execute(
        update(api_tokens)
        .where(api_tokens.c.principal_id == principal.id, api_tokens.c.revoked_at.is_(None))
        .values(revoked_at=datetime.now(UTC))
    )
    return int(result.rowcount)


def authenticate(connection: Connection, token: str) -> Principal:
    """The principal a bearer token belongs to; AuthError if unknown or revoked."""
    query = (
        select(principals)
        .join(api_tokens, api_tokens.c.principal_id == principals.c.id)
        .where(api_tokens.c.token_sha256 == _digest(token), api_tokens.c.revoked_at.is_(None))
    )
    row = connection.execute(query).first()
    if row is None:
        raise AuthError("invalid or revoked token")
    return Principal(row.id, row.name, row.role, row.organisation)


def list_principals(connection: Connection) -> list[Principal]:
    rows = connection.execute(select(principals).order_by(principals.c.name))
    return [Principal(r.id, r.name, r.role, r.organisation) for r in rows]
