"""Who a bearer credential belongs to: an API token or an API session; refusals audited.

One function for every surface that takes a token (the API's ``Authorization: Bearer``, the
command line's ``KIZASHI_TOKEN``): an API token (``kz_…``, a credential of a user) or a
session token (``kzs_…``, from a password sign-in) acts for its user while it is live and
the user active. A refused credential is written to the audit log (actor ``anonymous``, the
token's first characters only) before AuthError is raised, so that guessing is on record.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine

from kizashi.errors import AuthError
from kizashi.guard.audit import AuditLog, identity_event
from kizashi.guard.identity.credentials import token_user
from kizashi.guard.identity.domain import User
from kizashi.guard.identity.sessions import TOKEN_PREFIX as SESSION_PREFIX
from kizashi.guard.identity.sessions import session_user


def authenticate(
    engine: Engine, audit: AuditLog, token: str, *, now: datetime, address: str = ""
) -> User:
    """The active user of a live API token or API session token; AuthError otherwise."""
    try:
        with engine.connect() as connection:
            if token.startswith(SESSION_PREFIX):
                return session_user(connection, token, now=now, surface="api")
            return token_user(connection, token)
    except AuthError as exc:
        refused(audit, token, str(exc), now=now, address=address)
        raise


def refused(audit: AuditLog, token: str, reason: str, *, now: datetime, address: str = "") -> None:
    """Record a refused credential (never the secret: its kind and first characters)."""
    context = {"prefix": token[:6]}
    if address:
        context["address"] = address
    audit.append(
        identity_event(
            "credential_refused",
            actor="anonymous",
            effect="deny",
            reason=reason,
            resource_type="credential",
            context=context,
            time=now,
        )
    )
