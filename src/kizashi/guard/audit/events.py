"""The only constructors of audit entries: a policy decision, or an identity event.

Nothing outside this package builds an :class:`AuditEntry` (``tests/security`` checks the
source): every access is a decision of the policy (``guard.policy.Guard``), which logs it
through :func:`decision_entry`, and the few things that are not accesses to a resource —
sign-in, sign-out, a refused credential, a session ended, an account disabled or enabled — are
identity events, logged by ``guard.identity`` through :func:`identity_event`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from kizashi.guard.audit.entry import AuditEntry, Effect

IDENTITY_EVENTS = frozenset(
    {
        "sign_in",
        "sign_out",
        "credential_refused",
        "session_ended",
        "account_disabled",
        "account_enabled",
        "token_issued",
        "tokens_revoked",
    }
)


def decision_entry(
    *,
    actor: str,
    action: str,
    resource_type: str,
    resource_id: str,
    purpose: str,
    effect: Effect,
    reason: str,
    personal: Mapping[str, str],
    context: Mapping[str, Any],
    time: datetime,
) -> AuditEntry:
    """What the policy decided about one access (guard.policy's service only)."""
    return AuditEntry(
        actor=actor,
        action=action,
        resource_type=resource_type,
        resource_id=resource_id,
        purpose=purpose,
        effect=effect,
        reason=reason,
        personal=personal,
        context=context,
        time=time,
    )


def identity_event(
    event: str,
    *,
    actor: str,
    effect: Effect = "allow",
    reason: str = "",
    resource_type: str = "session",
    resource_id: str = "",
    personal: Mapping[str, str] | None = None,
    context: Mapping[str, Any] | None = None,
    time: datetime | None = None,
) -> AuditEntry:
    """A sign-in, sign-out, refused credential, ended session or account change."""
    if event not in IDENTITY_EVENTS:
        raise ValueError(f"unknown identity event {event!r}")
    return AuditEntry(
        actor=actor,
        action=event,
        resource_type=resource_type,
        resource_id=resource_id,
        purpose="identity",
        effect=effect,
        reason=reason,
        personal=personal or {},
        context=context or {},
        time=time,
    )
