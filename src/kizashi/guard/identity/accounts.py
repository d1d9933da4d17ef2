"""Disabling and enabling an account: it ends every session, and the change is audited.

A disabled user's password, tokens and sessions all stop at once (each check reads
``users.active``), and their live sessions are ended too, so that enabling the account again
revives none of them: the user signs in afresh. API tokens survive a disable (they are
revoked separately, `kizashi tokens revoke`), but act only while the user is active.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, update

from kizashi.errors import NotFoundError
from kizashi.guard.audit import AuditLog, identity_event
from kizashi.guard.identity.domain import User
from kizashi.guard.identity.service import get_user
from kizashi.guard.identity.sessions import audit_ended, end_user_sessions
from kizashi.store.tables import users


def set_active(
    engine: Engine, audit: AuditLog, actor: User, name: str, active: bool, *, now: datetime
) -> User:
    """Enable or disable the user `name` on `actor`'s behalf; the user as it now is."""
    reason = "account disabled" if not active else "account enabled"
    with engine.begin() as connection:
        result = connection.execute(update(users).where(users.c.name == name).values(active=active))
        if not result.rowcount:
            raise NotFoundError(f"no user named {name!r}")
        user = get_user(connection, name)
        ended = [] if active else end_user_sessions(connection, user.id, now=now, reason=reason)
    audit.append(
        identity_event(
            "account_enabled" if active else "account_disabled",
            actor=actor.id,
            reason=reason,
            resource_type="user",
            resource_id=user.id,
            context={"by": actor.name},
            time=now,
        )
    )
    audit_ended(audit, actor.id, user.id, ended, now=now, reason=reason)
    return user
