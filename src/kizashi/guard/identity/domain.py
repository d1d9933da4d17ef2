"""Who is who: users, roles, desks, and the desk list as data (pure types, no I/O but YAML).

A user belongs to at most one desk and has one role. Roles say what kind of work a person
does; desks say whose material they work on. Neither alone opens a case or a compartment:
those name their people (see :mod:`kizashi.guard.policy.rules`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal, get_args

from kizashi.datafiles import read_versioned
from kizashi.errors import SchemaError

Role = Literal[
    "analyst",
    "desk_lead",
    "command_centre",
    "partner_submitter",
    "auditor",
    "admin",
    "oversight_officer",
    "service",
]
ROLES: tuple[Role, ...] = get_args(Role)
# Roles that do police work on operational material (and so may be told of a deconfliction).
OFFICER_ROLES: frozenset[Role] = frozenset({"analyst", "desk_lead", "command_centre"})

DeskKind = Literal["operational", "command_centre", "inspection", "oversight"]
DESK_KINDS: tuple[DeskKind, ...] = get_args(DeskKind)

DESKS_FILE = Path(__file__).parent / "data" / "desks.yaml"


@dataclass(frozen=True)
class Desk:
    id: str
    name: str
    name_ja: str
    kind: DeskKind
    description: str = ""


@dataclass(frozen=True)
class User:
    """Whoever calls: a person, a partner account or a service account (role ``service``).

    `id` is the audit log's actor whichever credential was used. `local` marks the host's
    operator (the operating-system user at the store's host, see ``command_line``)."""

    id: str
    name: str
    role: Role
    desk: str | None = None
    desk_kind: DeskKind | None = None
    organisation: str | None = None  # partner users only
    # A partner account's channels to submit on (least privilege, PARTNER-6); None: every
    # channel open to partners (accounts made before migration 0027 keep working), (): none.
    channels: tuple[str, ...] | None = None
    active: bool = True
    display_name: str = ""
    local: bool = False

    @property
    def is_partner(self) -> bool:
        return self.role == "partner_submitter"

    @property
    def is_officer(self) -> bool:
        return self.role in OFFICER_ROLES

    @property
    def audits(self) -> bool:
        """May read the audit log: auditors and the inspection desk."""
        return self.role == "auditor" or self.desk_kind == "inspection"

    @property
    def is_service(self) -> bool:
        return self.role == "service"

    @property
    def oversees(self) -> bool:
        """Oversight: reads who accessed what and why (audit metadata), never the material."""
        return self.role == "oversight_officer" or self.desk_kind == "oversight"

    @property
    def reads_access_not_material(self) -> bool:
        """Oversight and inspection: they read who accessed what and why, so their reads of
        material (alerts, reports, cases) are refused and must not be attempted by the UI."""
        return self.oversees or self.audits


def check_role(role: str) -> Role:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; roles: {', '.join(ROLES)}")
    return role


def load_desks(path: Path = DESKS_FILE) -> list[Desk]:
    """The desks of a desks.yaml file; SchemaError names the problem."""
    document = read_versioned(path, what="the desk list")
    entries = document.get("desks")
    if not isinstance(entries, list) or not entries:
        raise SchemaError(f"{path}: 'desks' must be a non-empty list")
    desks: list[Desk] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, 1):
        where = f"{path}: desk {number}"
        if not isinstance(entry, dict):
            raise SchemaError(f"{where}: expected a mapping")
        missing = [key for key in ("id", "name", "name_ja", "kind") if not entry.get(key)]
        if missing:
            raise SchemaError(f"{where}: missing {', '.join(missing)}")
        if entry["kind"] not in DESK_KINDS:
            raise SchemaError(f"{where}: kind must be one of {', '.join(DESK_KINDS)}")
        if entry["id"] in seen:
            raise SchemaError(f"{where}: duplicate id {entry['id']!r}")
        seen.add(entry["id"])
        desks.append(
            Desk(
                id=str(entry["id"]),
                name=str(entry["name"]),
                name_ja=str(entry["name_ja"]),
                kind=entry["kind"],
                description=str(entry.get("description", "")),
            )
        )
    return desks


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
