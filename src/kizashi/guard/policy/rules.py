"""The one policy decision point: ``decide(user, action, resource, purpose, *, now)``.

Pure: it reads only its arguments (a loaded :class:`Resource`, see
:mod:`kizashi.guard.policy.domain`) and the policy parameters in ``data/policy.yaml``. The
service in :mod:`kizashi.guard.policy.service` loads resources, logs every decision to the
audit log before returning it, and records deconfliction notices.

Rules are checked in this order, and the first that decides wins:

1. the request itself: known action, active account, existing resource;
2. batch jobs, the detector, the audit log and management records, which have rules of
   their own (the host's operator runs jobs and administers accounts: ``HOST-1``);
   service accounts reach no stored material (``SERVICE-1``);
3. partners: they submit (on the channels open to partners and, if the account is scoped,
   on its own channels only), and see their own organisation's submissions, nothing else;
4. compartments: only named, current members, inside the time box — nobody by role,
   admins included; an officer outside who looks up a held subject is deconflicted;
5. need-to-know: auditors, oversight and admins only through a case assignment; case
   material for the assigned (and the desk lead); desk material for the desk; unrouted
   material for the command centre (and open material for every officer);
6. purpose: whatever was allowed, a report serves only the purpose it was collected for
   (or one ``purposes.yaml`` calls compatible, or one a recorded purpose change opened:
   PURPOSE-2), and sensitive material also needs a non-trivial purpose.

Oversight's records (retention, access and transparency reports, subject access) and
purpose changes have rules of their own (docs/oversight.md): oversight reads who did what,
never the material.

Products (share's advisories and requests) add a four-eyes step: only products are
approved; the approver is never the author and holds an approver role on the owning desk
(and must be allowed the product by the rules above); an unapproved product is never
exported; and the recipients an approved release names read and receive it, partners
included (``PRODUCT-0`` … ``PRODUCT-5``).

Every denial of content conceals (the caller answers as for a missing id), except the two
that tell the user something they may know: deconfliction, and a missing purpose.
"""

from __future__ import annotations

from datetime import datetime

from kizashi.guard.identity import User
from kizashi.guard.policy.domain import (
    ACTIONS,
    LOOKUP_ACTIONS,
    MANAGEMENT_KINDS,
    OVERSIGHT_KINDS,
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
    if action == "approve" and resource.kind != "product":
        return _deny("PRODUCT-0", conceal=False)
    if resource.kind == "job":
        return _job(user)
    if resource.kind == "detector":
        return _allow("DETECT-1") if action in READ_ACTIONS else _deny("ACTION-1", conceal=False)
    if resource.kind == "trace_finding":
        return (
            _allow("TRACE-2") if user.desk_kind == "inspection" else _deny("TRACE-1", conceal=False)
        )
    if resource.kind == "audit_entry":
        return _audit(user, action)
    if resource.kind == "insider_alert":
        return _insider_alert(user, action, resource)
    if resource.kind in OVERSIGHT_KINDS:
        return _oversight(user, action, resource)
    if resource.kind in MANAGEMENT_KINDS:
        return _manage(user, action, resource, now)
    if user.is_service:
        return _deny("SERVICE-1")
    if _released_to(user, action, resource):
        return _allow("PRODUCT-5")
    if resource.kind == "briefing":
        return _briefing(user, action, resource)
    if user.is_partner:
        return _partner(user, action, resource)
    if resource.kind == "purpose_change":
        return _purpose_change(user, action, resource, now, config)
    decision = _compartments(user, action, resource, now) or _need_to_know(
        user, action, resource, config
    )
    if not decision.allowed:
        return decision
    if resource.kind == "product":
        decision = _four_eyes(user, action, resource, config) or decision
        if not decision.allowed:
            return decision
    if not _serves(resource, purpose, config):
        return _deny("PURPOSE-2", conceal=False)
    if config.is_sensitive(resource):
        if not config.adequate_purpose(purpose):
            return _deny("PURPOSE-1", conceal=False)
        if action == "export":
            # Sensitive copies leaving the platform carry a per-recipient fingerprint.
            decision = _allow(decision.rule, *decision.obligations, Obligation("fingerprint"))
    return decision


def _serves(resource: Resource, purpose: str | None, config: PolicyConfig) -> bool:
    """Purpose binding: may this report serve the purpose stated for this access?"""
    if resource.kind != "report" or resource.collected_for is None:
        return True
    used = config.purposes.stated(purpose)
    return (
        used is None
        or used in resource.repurposed
        or config.purposes.compatible(resource.collected_for, used)
    )


def _purpose_change(
    user: User, action: str, resource: Resource, now: datetime, config: PolicyConfig
) -> Decision:
    if action in READ_ACTIONS and user.reads_access_not_material:
        return _allow("PURPOSE-6")
    decision = _compartments(user, action, resource, now) or _need_to_know(
        user, action, resource, config
    )
    if not decision.allowed or action in READ_ACTIONS:
        return decision
    if user.role not in ("desk_lead", "command_centre"):
        return _deny("PURPOSE-4", conceal=False)
    change = resource.change
    if change is None or config.purposes.get(change.to) is None:
        return _deny("PURPOSE-7", conceal=False)
    if not (config.adequate_purpose(change.reason) and config.adequate_purpose(change.legal_basis)):
        return _deny("PURPOSE-3", conceal=False)
    return _allow("PURPOSE-5")


def _oversight(user: User, action: str, resource: Resource) -> Decision:
    reads = action in READ_ACTIONS
    if resource.kind == "retention":
        if user.role == "admin" or user.local:
            return _allow("RETAIN-1")
        if reads and user.reads_access_not_material:
            return _allow("RETAIN-2")
        return _deny("RETAIN-3", conceal=False)
    if resource.kind == "oversight_report":
        if reads and user.reads_access_not_material:
            return _allow("OVERSIGHT-1")
        return _deny("OVERSIGHT-2", conceal=False)
    # subject access: registered by oversight, exported (once registered) by an administrator
    if action == "export":
        if user.role == "admin" and resource.registered:
            return _allow("SAR-2")
        return _deny("SAR-3", conceal=False)
    if user.oversees:
        return _allow("SAR-1")
    if reads and user.role == "admin":
        return _allow("SAR-2")
    return _deny("SAR-3", conceal=False)


def _job(user: User) -> Decision:
    if user.local:
        return _allow("HOST-1")
    if user.role == "admin":
        return _allow("JOB-1")
    return _deny("JOB-2", conceal=False)


def _audit(user: User, action: str) -> Decision:
    if action not in READ_ACTIONS:
        return _deny("AUDIT-3", conceal=False)
    if user.audits:
        return _allow("AUDIT-1")
    if user.oversees:
        return _allow("AUDIT-2", Obligation("metadata_only"))
    return _deny("AUDIT-4")


def _insider_alert(user: User, action: str, resource: Resource) -> Decision:
    # A write is a review step (acknowledge, assign, confirm, dismiss, suppress): the
    # inspection desk's own work, never on an alert about oneself. Nobody else writes one
    # (the analytics run stores alerts as the platform, not through a user's decision).
    if user.desk_kind != "inspection":
        return _deny("INSIDER-3") if action in READ_ACTIONS else _deny("INSIDER-4", conceal=False)
    if resource.about_user == user.id:
        return _deny("INSIDER-2")
    return _allow("INSIDER-1" if action in READ_ACTIONS else "INSIDER-5")


def _manage(user: User, action: str, resource: Resource, now: datetime) -> Decision:
    if user.role == "admin":
        return _allow("MANAGE-1")
    if user.local:
        return _allow("HOST-1")
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
        if resource.kind == "user" and user.reads_access_not_material:
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
        if action != "write":
            return _allow("PARTNER-2")
        if resource.partner_channel is False:
            return _deny("PARTNER-4", conceal=False)
        if user.channels is not None and resource.channel not in user.channels:
            # Least privilege: a retailer's account posts purchases, not SNS posts "from a
            # platform". Told, not concealed: the account may know its own scope.
            return _deny("PARTNER-6", conceal=False)
        return _allow("PARTNER-1")
    reads = action in READ_ACTIONS
    if resource.kind in ("company", "outreach") and organisation and owns and reads:
        return _allow("PARTNER-5")
    return _deny("PARTNER-3")


def _released_to(user: User, action: str, resource: Resource) -> bool:
    # A release never reaches into a compartment: tear-lines take compartment material out,
    # and what is still held stays with the compartment's members.
    return (
        user.id in resource.released_to
        and resource.approved is not False
        and not resource.compartments
        and action in READ_ACTIONS
    )


def _four_eyes(
    user: User, action: str, resource: Resource, config: PolicyConfig
) -> Decision | None:
    if action == "approve":
        if resource.author == user.id:
            return _deny("PRODUCT-1", conceal=False)
        if user.role not in config.approver_roles or user.desk != resource.desk:
            return _deny("PRODUCT-2", conceal=False)
        return _allow("PRODUCT-3")
    if action == "export" and resource.approved is False:
        return _deny("PRODUCT-4", conceal=False)
    return None


def _briefing(user: User, action: str, resource: Resource) -> Decision:
    """Aggregated, anonymised statistics: the outreach desk's to read, its lead's to export."""
    ours = resource.desk is not None and user.desk == resource.desk and not user.is_partner
    if ours and action in READ_ACTIONS and (action != "export" or user.role == "desk_lead"):
        return _allow("BRIEF-1")
    return _deny("BRIEF-2", conceal=False)


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


# DESK-4 opens an approach report to its company's outreach desk for reading wherever it is
# read (its page, search, the approacher's entity page, lists and counts), not for export:
# taking another desk's report out of the system would need a rule of its own.
COMPANY_DESK_ACTIONS: frozenset[str] = READ_ACTIONS - {"export"}


def _need_to_know(user: User, action: str, resource: Resource, config: PolicyConfig) -> Decision:
    case = resource.case
    assigned = case is not None and user.id in case.assigned
    if user.role == "admin" or user.reads_access_not_material:
        return _allow("CASE-1") if assigned else _deny("CONTENT-1")
    if case is not None:
        if assigned:
            return _allow("CASE-1")
        if user.role == "desk_lead" and user.desk == case.desk:
            return _allow("CASE-2")
        return _deny("CASE-3")
    if resource.desk is not None:
        if user.desk == resource.desk:
            return _allow("DESK-1")
        if user.desk is not None and user.desk in resource.also_desks and action in READ_ACTIONS:
            return _allow("DESK-3")
        if (
            user.desk is not None
            and user.desk == resource.company_desk
            and action in COMPANY_DESK_ACTIONS
        ):
            return _allow("DESK-4")
        return _deny("DESK-2")
    if resource.kind == "subject":
        return _allow("SUBJECT-1")
    if user.role == "command_centre":
        return _allow("TRIAGE-1")
    if (resource.handling_code or "").upper() in config.open_handling_codes:
        return _allow("OPEN-1")
    return _deny("UNROUTED-1")
