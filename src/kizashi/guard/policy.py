"""The one policy decision point: ``decide(user, action, resource, purpose, *, now)``.

Pure: it reads only its arguments (a loaded :class:`Resource`, see
:mod:`kizashi.guard.policy_model`) and the policy parameters in ``data/policy.yaml``. The
service in :mod:`kizashi.guard.policy_service` loads resources, logs every decision to the
audit log before returning it, and records deconfliction notices.

Rules are checked in this order, and the first that decides wins:

1. the request itself: known action, active account, existing resource;
2. the audit log and management records, which have rules of their own;
3. partners: they submit, and see their own organisation's submissions, nothing else;
4. compartments: only named, current members, inside the time box — nobody by role,
   admins included; an officer outside who looks up a held subject is deconflicted;
5. need-to-know: auditors, oversight and admins only through a case assignment; case
   material for the assigned (and the desk lead); desk material for the desk; unrouted
   material for the command centre (and open material for every officer);
6. purpose: whatever was allowed, sensitive material also needs a non-trivial purpose.

Every denial of content conceals (the caller answers as for a missing id), except the two
that tell the user something they may know: deconfliction, and a missing purpose.
"""

from __future__ import annotations

from datetime import datetime

from kizashi.guard.identity import User
from kizashi.guard.policy_model import (
    ACTIONS,
    LOOKUP_ACTIONS,
    MANAGEMENT_KINDS,
    READ_ACTIONS,
    RULES,
    Decision,
    Obligation,
    PolicyConfig,
    Resource,
    default_policy_config,
)

HELD_ELSEWHERE = "held by another desk — contact them"


def _allow(rule: str, *obligations: Obligation) -> Decision:
    return Decision("allow", rule, RULES[rule], obligations)


def _deny(rule: str, *, conceal: bool = True, reason: str | None = None) -> Decision:
    return Decision("deny", rule, reason or RULES[rule], (), conceal)


def decide(
    user: User,
    action: str,
    resource: Resource,
    purpose: str | None,
    *,
    now: datetime,
    config: PolicyConfig | None = None,
) -> Decision:
    """May `user` do `action` on `resource` for `purpose` at `now`? Never raises on input."""
    if now.tzinfo is None:
        raise ValueError("decide() needs a timezone-aware now")
    config = config or default_policy_config()
    if action not in ACTIONS:
        return _deny("ACTION-1", conceal=False)
    if not user.active:
        return _deny("ACCOUNT-1", conceal=False)
    if not resource.found:
        return _deny("MISSING-1")
    if resource.kind == "audit_entry":
        return _audit(user, action)
    if resource.kind == "insider_alert":
        return _insider_alert(user, action, resource)
    if resource.kind in MANAGEMENT_KINDS:
        return _manage(user, action, resource, now)
    if user.is_partner:
        return _partner(user, action, resource)
    decision = _compartments(user, action, resource, now) or _need_to_know(user, resource, config)
    if not decision.allowed:
        return decision
    if config.is_sensitive(resource):
        if not config.adequate_purpose(purpose):
            return _deny("PURPOSE-1", conceal=False)
        if action == "export":
            # Sensitive copies leaving the platform carry a per-recipient fingerprint.
            decision = _allow(decision.rule, *decision.obligations, Obligation("fingerprint"))
    return decision


def _audit(user: User, action: str) -> Decision:
    if action not in READ_ACTIONS:
        return _deny("AUDIT-3", conceal=False)
    if user.audits:
        return _allow("AUDIT-1")
    if user.oversees:
        return _allow("AUDIT-2", Obligation("metadata_only"))
    return _deny("AUDIT-4")


def _insider_alert(user: User, action: str, resource: Resource) -> Decision:
    if action not in READ_ACTIONS:
        return _deny("INSIDER-4", conceal=False)
    if user.desk_kind != "inspection":
        return _deny("INSIDER-3")
    if resource.about_user == user.id:
        return _deny("INSIDER-2")
    return _allow("INSIDER-1")


def _manage(user: User, action: str, resource: Resource, now: datetime) -> Decision:
    if user.role == "admin":
        return _allow("MANAGE-1")
    if (
        user.role == "desk_lead"
        and resource.kind in ("case", "compartment")
        and resource.desk is not None
        and resource.desk == user.desk
    ):
        return _allow("MANAGE-2")
    if action in READ_ACTIONS:
        if resource.kind == "user" and resource.id == user.id:
            return _allow("SELF-1")
        if resource.kind == "desk" and not user.is_partner:
            return _allow("MANAGE-3")
        if resource.kind == "user" and (user.audits or user.oversees):
            return _allow("MANAGE-4")
        held = resource.compartments
        if resource.kind == "compartment" and held and all(c.admits(user.id, now) for c in held):
            return _allow("COMP-3")
    return _deny("MANAGE-5")


def _partner(user: User, action: str, resource: Resource) -> Decision:
    # A new submission is decided as a report whose organisation is the partner's own.
    organisation = user.organisation
    owns = organisation in (resource.organisation, resource.source)
    if resource.kind == "report" and organisation and owns:
        return _allow("PARTNER-1" if action == "write" else "PARTNER-2")
    return _deny("PARTNER-3")


def _compartments(user: User, action: str, resource: Resource, now: datetime) -> Decision | None:
    """A denial if any holding compartment shuts the user out; COMP-3 if all admit them."""
    if not resource.compartments:
        return None
    outside = [c for c in resource.compartments if not c.admits(user.id, now)]
    if not outside:
        return _allow("COMP-3")
    if resource.kind == "subject" and action in LOOKUP_ACTIONS:
        notices = tuple(Obligation("notify_desk_lead", c.desk, c.id) for c in outside)
        return Decision("deny", "DECONFLICT-1", HELD_ELSEWHERE, notices, conceal=False)
    first = outside[0]
    if not first.is_open(now):
        return _deny("COMP-2")
    if user.id in first.members:
        return _deny("COMP-1", reason="compartment membership has ended")
    return _deny("COMP-1")


def _need_to_know(user: User, resource: Resource, config: PolicyConfig) -> Decision:
    case = resource.case
    assigned = case is not None and user.id in case.assigned
    if user.role in ("auditor", "admin") or user.desk_kind in ("inspection", "oversight"):
        return _allow("CASE-1") if assigned else _deny("CONTENT-1")
    if case is not None:
        if assigned:
            return _allow("CASE-1")
        if user.role == "desk_lead" and user.desk == case.desk:
            return _allow("CASE-2")
        return _deny("CASE-3")
    if resource.desk is not None:
        return _allow("DESK-1") if user.desk == resource.desk else _deny("DESK-2")
    if resource.kind == "subject":
        return _allow("SUBJECT-1")
    if user.role == "command_centre":
        return _allow("TRIAGE-1")
    if (resource.handling_code or "").upper() in config.open_handling_codes:
        return _allow("OPEN-1")
    return _deny("UNROUTED-1")
