"""The vocabulary of the policy decision point: actions, resources, decisions, rule ids.

Pure values. A :class:`Resource` arrives *loaded*: it carries its desk, its case (with the
officers assigned) and the compartments that hold it (with their members and time boxes),
so that :func:`kizashi.guard.policy.rules.decide` needs no I/O.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, get_args

import yaml

from kizashi.errors import SchemaError
from kizashi.guard.identity import CaseInfo, CompartmentInfo
from kizashi.guard.policy.purposes import Purposes, default_purposes

Action = Literal[
    "read",
    "list",
    "search",
    "count",
    "export",
    "write",
    "facet",
    "autocomplete",
    "exists",
    "approve",
]
ACTIONS: tuple[Action, ...] = get_args(Action)
# `approve` is the second person's release of a product (share's four-eyes step): neither a
# read nor an ordinary write, and only products are approved.
READ_ACTIONS: frozenset[str] = frozenset(ACTIONS) - {"write", "approve"}
# Deliberate lookups of one subject: these, not aggregates, trigger deconfliction.
LOOKUP_ACTIONS: frozenset[str] = frozenset({"read", "search"})

ResourceKind = Literal[
    "report",
    "subject",
    "media",
    "entity",
    "alert",
    "signal",
    "product",
    "copy",
    "insider_alert",
    "audit_entry",
    "user",
    "desk",
    "case",
    "compartment",
    "purpose_change",
    "retention",
    "oversight_report",
    "subject_access",
    "job",
    "detector",
    "trace_finding",
    "company",
    "outreach",
    "approacher",
    "briefing",
    "case_file",
]
RESOURCE_KINDS: tuple[ResourceKind, ...] = get_args(ResourceKind)
# Operational material: decided by compartments, case, desk and purpose. Besides reports and
# subjects, the kinds other rooms store (surveillance media, resolved entities, triage alerts,
# detector signals, trace's disseminated products and their per-recipient copies) are routed
# by `material_labels` like reports are.
# A case's file (casework's notes, tasks, attachments and timeline) is the case's content:
# decided by need-to-know as case material is (CASE-1, CASE-2), never by the desk alone.
CONTENT_KINDS: frozenset[str] = frozenset(
    {
        "report",
        "subject",
        "media",
        "entity",
        "alert",
        "signal",
        "product",
        "copy",
        "approacher",
        "case_file",
    }
)
# What insider analytics calls each kind of material (see insider/events.py KINDS).
INSIDER_KINDS: dict[str, str] = {"media": "surveillance_media", "subject": "subject_profile"}
MANAGEMENT_KINDS: frozenset[str] = frozenset({"user", "desk", "case", "compartment"})
# Oversight's records (docs/oversight.md): retention and expiry, aggregate reports about the
# platform's use, subject-access requests. None of them is material.
OVERSIGHT_KINDS: frozenset[str] = frozenset({"retention", "oversight_report", "subject_access"})
# Outreach's records (issue 17): the company register and its outreach activities (the
# desk's own records, which a company's partner account may read for its own company), and
# approachers (a desk's material that is also shared with the country desk it was routed to).
OUTREACH_KINDS: frozenset[str] = frozenset({"company", "outreach", "approacher"})

# Every rule the decision point can name, with what it means. docs/guard.md lists them all
# (a test checks), so a decision's rule id in the audit log can always be looked up.
RULES: dict[str, str] = {
    "ACTION-1": "deny: unknown action",
    "ACCOUNT-1": "deny: the account is disabled",
    "MISSING-1": "deny: no such resource (answered exactly like a hidden one)",
    "AUDIT-1": "allow: auditors and the inspection desk read the audit log",
    "AUDIT-2": "allow: oversight reads audit metadata (who accessed what), never content",
    "AUDIT-3": "deny: nobody writes audit entries except the guard itself",
    "AUDIT-4": "deny: the audit log is for auditors, inspection and oversight only",
    "INSIDER-1": "allow: the inspection desk reads insider alerts",
    "INSIDER-2": "deny: nobody reads an insider alert about themselves",
    "INSIDER-3": "deny: insider alerts are for the inspection desk only (admins included)",
    "INSIDER-4": "deny: only the inspection desk writes to insider alerts (its reviews)",
    "INSIDER-5": "allow: the inspection desk reviews insider alerts (writes; not about themselves)",
    "MANAGE-1": "allow: admins manage users, desks, cases and compartment records",
    "MANAGE-2": "allow: a desk lead manages the cases and compartments of their desk",
    "MANAGE-3": "allow: anyone but partners may see the list of desks",
    "MANAGE-4": "allow: auditors, inspection and oversight may see user records",
    "SELF-1": "allow: a user reads their own user record",
    "MANAGE-5": "deny: management records are for admins and the owning desk lead",
    "PARTNER-1": "allow: partners submit reports for their own organisation",
    "PARTNER-2": "allow: partners see their own organisation's submissions",
    "PARTNER-3": "deny: partners see nothing but their own submissions",
    "PARTNER-4": "deny: partners submit only on the channels open to partners",
    "PARTNER-5": "allow: a partner reads its own company's register record and outreach history",
    "PARTNER-6": "deny: this partner account submits only on its own channels",
    "DESK-3": "allow: member of a desk the material was also routed to (an approacher's country desk)",
    "DESK-4": "allow: member of the outreach desk of the company that reported the approach, reading it (not exporting it; need-to-know of its companies' reports)",
    "BRIEF-1": "allow: a desk reads, and its lead exports, its anonymised statistics (briefing, dashboard)",
    "BRIEF-2": "deny: a desk's anonymised statistics are its own; only its lead exports them",
    "DECONFLICT-1": "deny: subject held in another desk's compartment; its desk lead is told",
    "COMP-1": "deny: not a named, current member of the compartment (admins included)",
    "COMP-2": "deny: the compartment's time box is closed (expired or not yet open)",
    "COMP-3": "allow: named, current member of every compartment holding it",
    "CONTENT-1": "deny: auditors, oversight and admins see content only through a case",
    "CASE-1": "allow: assigned to the case (need-to-know)",
    "CASE-2": "allow: lead of the desk that owns the case",
    "CASE-3": "deny: case material is for the officers assigned to the case",
    "DESK-1": "allow: member of the desk that owns the material",
    "DESK-2": "deny: material of another desk",
    "TRIAGE-1": "allow: the command centre triages unrouted material",
    "OPEN-1": "allow: unrouted TLP:CLEAR/GREEN material is open to officers",
    "SUBJECT-1": "allow: officers look up subjects that no compartment holds",
    "UNROUTED-1": "deny: unrouted sensitive material is for the command centre until routed",
    "PURPOSE-1": "deny: sensitive material needs a stated, non-trivial purpose",
    "PURPOSE-2": "deny: used for another purpose than it was collected for, with no recorded change",
    "PURPOSE-3": "deny: a purpose change needs a stated reason and legal basis",
    "PURPOSE-4": "deny: only a desk lead or the command centre may change a purpose",
    "PURPOSE-5": "allow: purpose change with a reason and legal basis, by a desk lead or the command centre",
    "PURPOSE-6": "allow: oversight reads purpose changes (metadata, never content)",
    "PURPOSE-7": "deny: no such purpose in purposes.yaml",
    "RETAIN-1": "allow: admins and the host's operator run expiry, hold and release, close cases",
    "RETAIN-2": "allow: oversight and auditors read retention records (never content)",
    "RETAIN-3": "deny: retention is run by administrators and read by oversight",
    "OVERSIGHT-1": "allow: oversight and auditors read access and transparency reports",
    "OVERSIGHT-2": "deny: access and transparency reports are for oversight and auditors",
    "SAR-1": "allow: oversight registers a lawful subject-access request",
    "SAR-2": "allow: an administrator exports a registered subject-access request",
    "SAR-3": "deny: subject access is registered by oversight and exported by an administrator",
    "PRODUCT-0": "deny: only products are approved for release",
    "PRODUCT-1": "deny: the author never approves their own product (four-eyes)",
    "PRODUCT-2": "deny: only an approver role (desk lead) of the owning desk approves a product",
    "PRODUCT-3": "allow: an approver of the owning desk approves another officer's product",
    "PRODUCT-4": "deny: nothing leaves unapproved: a product is sent only after its approval",
    "PRODUCT-5": "allow: a named recipient of an approved release reads and receives it",
    "HOST-1": "allow: the host's operator runs batch jobs and administers accounts",
    "JOB-1": "allow: admins run batch jobs",
    "JOB-2": "deny: batch jobs are for the host's operator and admins",
    "DETECT-1": "allow: any active account runs the detector on text it sends (reads nothing)",
    "SERVICE-1": "deny: a service account reads and writes no stored material",
    "TRACE-1": "deny: leak findings are for the inspection desk only",
    "TRACE-2": "allow: the inspection desk traces leaks and reads their findings",
}


@dataclass(frozen=True)
class Obligation:
    """Something the caller must do when serving (or refusing) the decision."""

    kind: str  # notify_desk_lead, fingerprint, metadata_only
    desk: str | None = None
    compartment: str | None = None

    def __str__(self) -> str:
        target = "/".join(part for part in (self.desk, self.compartment) if part)
        return f"{self.kind}:{target}" if target else self.kind


@dataclass(frozen=True)
class Decision:
    effect: Literal["allow", "deny"]
    rule: str
    reason: str
    obligations: tuple[Obligation, ...] = ()
    # Answer as if the resource did not exist (404, "no such id", left out of counts).
    conceal: bool = False

    @property
    def allowed(self) -> bool:
        return self.effect == "allow"

    def audit_context(self) -> dict[str, Any]:
        return {"rule": self.rule, "obligations": [str(o) for o in self.obligations]}


@dataclass(frozen=True)
class PurposeChange:
    """A request to use a report for ``to`` (a purpose id), with why and on what basis."""

    to: str
    reason: str
    legal_basis: str


@dataclass(frozen=True)
class Resource:
    kind: ResourceKind
    id: str
    found: bool = True
    desk: str | None = None
    case: CaseInfo | None = None
    compartments: tuple[CompartmentInfo, ...] = ()
    handling_code: str | None = None
    channel: str | None = None
    source: str | None = None
    organisation: str | None = None  # partner organisation that submitted it
    about_user: str | None = None  # insider alerts: the user the alert is about
    # Reports: the purpose id it was collected for (purposes.yaml), and the purposes it may
    # also serve by a recorded purpose change.
    collected_for: str | None = None
    repurposed: frozenset[str] = frozenset()
    # A purpose change being decided (kind "purpose_change"; the report's desk, case and
    # compartments are loaded as for the report).
    change: PurposeChange | None = None
    # Subject access: whether the request is registered (kind "subject_access").
    registered: bool = False
    # Products (share's four-eyes release): who drafted it, whether a second person approved
    # it (None: material with no approval step, e.g. trace's own products), and the users an
    # approved release named as recipients (see guard.identity.releases).
    author: str | None = None
    approved: bool | None = None
    released_to: frozenset[str] = frozenset()
    # Other desks the material was also routed to (an approacher: the country desk that
    # owns its claimed organisation or nationality); members read it by DESK-3.
    also_desks: tuple[str, ...] = ()
    # Reports: the outreach desk of the company an approach report was read as being about
    # (outreach's approach_readings -> companies.desk_id); its members read it by DESK-4
    # when the report was routed elsewhere (the approacher's country desk, by nationality).
    company_desk: str | None = None
    # A submission's channel takes partner submissions (the channel spec's partner_may_submit);
    # None: not a submission (a stored report), so the channel rule does not apply.
    partner_channel: bool | None = None


@dataclass(frozen=True)
class PolicyConfig:
    sensitive_handling_codes: frozenset[str]
    sensitive_channels: frozenset[str]
    open_handling_codes: frozenset[str]
    purpose_min_length: int
    trivial_purposes: frozenset[str]
    purposes: Purposes = field(default_factory=default_purposes)
    approver_roles: frozenset[str] = frozenset({"desk_lead"})

    def adequate_purpose(self, purpose: str | None) -> bool:
        text = normalise_purpose(purpose or "")
        return len(text) >= self.purpose_min_length and text not in self.trivial_purposes

    def is_sensitive(self, resource: Resource) -> bool:
        return (
            bool(resource.compartments)
            or (resource.handling_code or "").upper() in self.sensitive_handling_codes
            or resource.channel in self.sensitive_channels
        )


POLICY_FILE = Path(__file__).parent / "data" / "policy.yaml"


def normalise_purpose(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def load_policy_config(path: Path = POLICY_FILE) -> PolicyConfig:
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
        if not isinstance(data, dict) or data.get("version") != 1:
            raise SchemaError(f"{path}: expected a mapping with version: 1")
        return PolicyConfig(
            sensitive_handling_codes=frozenset(c.upper() for c in data["sensitive_handling_codes"]),
            sensitive_channels=frozenset(data["sensitive_channels"]),
            open_handling_codes=frozenset(c.upper() for c in data["open_handling_codes"]),
            purpose_min_length=int(data["purpose_min_length"]),
            trivial_purposes=frozenset(normalise_purpose(p) for p in data["trivial_purposes"]),
            approver_roles=frozenset(data.get("approver_roles", ["desk_lead"])),
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise SchemaError(f"{path}: bad policy configuration: {exc}") from exc


@lru_cache(maxsize=1)
def default_policy_config() -> PolicyConfig:
    return load_policy_config()
