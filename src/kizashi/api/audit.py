"""Every API access is written to the tamper-evident audit log before anything is served.

If the entry cannot be committed the request fails closed with 503: no audit entry, no data.
(The policy decision point of the guard will add desks, compartments and purposes; until
then the decision recorded is the API's own: allowed, or refused as not found / forbidden.)
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Depends, Request

from kizashi.api.access import failing_closed
from kizashi.guard import AuditEntry, AuditLog
from kizashi.principals import Principal

UNSPECIFIED_PURPOSE = "unspecified"


def get_audit_log(request: Request) -> AuditLog:
    log: AuditLog = request.app.state.audit
    return log


AuditDep = Annotated[AuditLog, Depends(get_audit_log)]


def record_access(
    log: AuditLog,
    principal: Principal,
    action: str,
    resource_type: str,
    resource_id: str,
    *,
    effect: Literal["allow", "deny"] = "allow",
    reason: str = "",
    context: dict[str, Any] | None = None,
) -> None:
    """Append the access; raise 503 (serve nothing) if the log cannot take it."""
    entry = AuditEntry(
        actor=principal.id,
        action=action,
        resource_type=resource_type,
        resource_id=resource_id,
        purpose=UNSPECIFIED_PURPOSE,
        effect=effect,
        reason=reason,
        context={"principal": principal.name, "role": principal.role, **(context or {})},
    )
    with failing_closed():
        log.append(entry)
