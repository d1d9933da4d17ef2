"""The vocabulary of the policy decision point: actions, resources, decisions, rule ids.

Pure values. A :class:`Resource` arrives *loaded*: it carries its desk, its case (with the
officers assigned) and the compartments that hold it (with their members and time boxes),
so that :func:`kizashi.guard.policy.decide` needs no I/O.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, get_args

import yaml

from kizashi.errors import SchemaError

Action = Literal[
    "read", "list", "search", "count", "export", "write", "facet", "autocomplete", "exists"
]
ACTIONS: tuple[Action, ...] = get_args(Action)
READ_ACTIONS: frozenset[str] = frozenset(ACTIONS) - {"write"}
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
]
RESOURCE_KINDS: tuple[ResourceKind, ...] = get_args(ResourceKind)
# Operational material: decided by compartments, case, desk and purpose. Besides reports and
# subjects, the kinds other rooms store (surveillance media, resolved entities, triage alerts,
# detector signals, trace's disseminated products and their per-recipient copies) are routed
# by `material_labels` like reports are.
CONTENT_KINDS: frozenset[str] = frozenset(
    {"report", "subject", "media", "entity", "alert", "signal", "product", "copy"}
)
# What insider analytics calls each kind of material (see guard/insider/events.py KINDS).
INSIDER_KINDS: dict[str, str] = {"media": "surveillance_media", "subject": "subject_profile"}
MANAGEMENT_KINDS: frozenset[str] = frozenset({"user", "desk", "case", "compartment"})

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
    "INSIDER-4": "deny: insider alerts are written by the analytics run only",
    "MANAGE-1": "allow: admins manage users, desks, cases and compartment records",
    "MANAGE-2": "allow: a desk lead manages the cases and compartments of their desk",
    "MANAGE-3": "allow: anyone but partners may see the list of desks",
    "MANAGE-4": "allow: auditors, inspection and oversight may see user records",
    "SELF-1": "allow: a user reads their own user record",
    "MANAGE-5": "deny: management records are for admins and the owning desk lead",
    "PARTNER-1": "allow: partners submit reports for their own organisation",
    "PARTNER-2": "allow: partners see their own organisation's submissions",
    "PARTNER-3": "deny: partners see nothing but their own submissions",
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
class CaseInfo:
    id: str
    desk: str
    assigned: frozenset[str] = frozenset()
    ref: str = ""


@dataclass(frozen=True)
class CompartmentInfo:
    """A time-boxed operation. `members` maps user id to an earlier end, or None."""

    id: str
    desk: str
    valid_from: datetime
    valid_until: datetime
    members: dict[str, datetime | None] = field(default_factory=dict, hash=False)
    name: str = ""
    # The operation the compartment plans, if one is recorded: its case and start.
    case_id: str | None = None
    starts_at: datetime | None = None

    def is_open(self, now: datetime) -> bool:
        return self.valid_from <= now < self.valid_until

    def admits(self, user_id: str, now: datetime) -> bool:
        if user_id not in self.members or not self.is_open(now):
            return False
        until = self.members[user_id]
        return until is None or now < until


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


@dataclass(frozen=True)
class PolicyConfig:
    sensitive_handling_codes: frozenset[str]
    sensitive_channels: frozenset[str]
    open_handling_codes: frozenset[str]
    purpose_min_length: int
    trivial_purposes: frozenset[str]

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
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise SchemaError(f"{path}: bad policy configuration: {exc}") from exc


@lru_cache(maxsize=1)
def default_policy_config() -> PolicyConfig:
    return load_policy_config()
