"""Access events and the organisation they happen in, and the adapter from the audit log.

Insider analytics reads one shape, `AccessEvent`, whether it comes from the synthetic
generator or from `AuditEntry` records of the real guard. The `Directory` holds what the
guard knows besides the log: who is on which desk, role and shift, who is assigned to which
case, and which operations (raids) are planned against which subjects.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from kizashi.guard.audit import AuditEntry

JST = timezone(timedelta(hours=9), "JST")
ACTIONS = ("read", "search", "list", "export", "print")
EXPORT_ACTIONS = frozenset({"export", "print"})
# Resource kinds: what an event touched. Raid material is what a leak to targets would use.
KINDS = ("case_file", "subject_profile", "surveillance_media", "raid_plan", "target_list")
RAID_MATERIAL = frozenset({"raid_plan", "target_list", "surveillance_media"})


@dataclass(frozen=True, slots=True)
class AccessEvent:
    """One read, search, list, export or print, as the guard recorded it."""

    event_id: str
    time: datetime  # timezone-aware
    user: str
    device: str
    action: str
    kind: str  # one of KINDS, or "" for a bare search or list
    case_id: str = ""
    subject_id: str = ""
    assigned: bool = False  # the guard found the user assigned to the case at the time
    allowed: bool = True
    purpose: str = ""
    count: int = 1  # records returned or exported (a bulk export is one event, many records)
    # An approved workflow that produced the access (a fingerprinted dissemination through
    # `trace`, a court disclosure): it is work the platform already supervises, not an export.
    workflow: str = ""
    # The request (a page, an API call) the decision belongs to: a page that hides eleven of
    # its items is one access, not eleven refusals.
    request_id: str = ""
    # Case-less material that is the officer's own work: an alert the platform routed to
    # their desk, a product their desk drafted (as an assigned case is to an investigator).
    desk_work: bool = False

    def __post_init__(self) -> None:
        if self.time.tzinfo is None:
            raise ValueError("access event times must be timezone-aware")
        if self.count < 0:
            raise ValueError("an access event cannot touch a negative number of records")

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "event_id": self.event_id,
            "time": self.time.isoformat(),
            "user": self.user,
            "device": self.device,
            "action": self.action,
            "kind": self.kind,
            "case_id": self.case_id,
            "subject_id": self.subject_id,
            "assigned": self.assigned,
            "allowed": self.allowed,
            "purpose": self.purpose,
            "count": self.count,
            "workflow": self.workflow,
            "request_id": self.request_id,
        }
        if self.desk_work:  # written only when set: logs without it stay byte-identical
            data["desk_work"] = True
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> AccessEvent:
        return cls(
            event_id=str(data["event_id"]),
            time=datetime.fromisoformat(str(data["time"])),
            user=str(data["user"]),
            device=str(data.get("device", "")),
            action=str(data["action"]),
            kind=str(data.get("kind", "")),
            case_id=str(data.get("case_id", "")),
            subject_id=str(data.get("subject_id", "")),
            assigned=bool(data.get("assigned", False)),
            allowed=bool(data.get("allowed", True)),
            purpose=str(data.get("purpose", "")),
            count=int(data.get("count", 1)),
            workflow=str(data.get("workflow", "") or ""),
            request_id=str(data.get("request_id", "") or ""),
            desk_work=bool(data.get("desk_work", False)),
        )


@dataclass(frozen=True, slots=True)
class Officer:
    user: str
    desk: str
    role: str
    shift: str  # "day" or "night"
    person_id: str  # the officer's own person record: searching it is a feature
    workdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})  # weekday() numbers on the roster

    @property
    def peer_group(self) -> str:
        # Night and day shifts work differently (volume, hours): they are not peers.
        return f"{self.desk}/{self.role}/{self.shift}"


@dataclass(frozen=True, slots=True)
class Operation:
    """A planned operation (a raid): its case, when it starts, whom it targets."""

    op_id: str
    case_id: str
    start: datetime
    targets: frozenset[str]


@dataclass(frozen=True, slots=True)
class Assignment:
    """A user on a case for a time: `since`/`until` None means open at that end."""

    case_id: str
    since: datetime | None = None
    until: datetime | None = None

    def covers(self, when: datetime) -> bool:
        return (self.since is None or self.since <= when) and (
            self.until is None or when < self.until
        )


@dataclass
class Directory:
    """What the guard knows about the organisation; assignments are (user, case) pairs.

    `assignments` is every case a user was ever on; `spans` (when known) says from when to
    when, so that a joint headquarters' officers have need to know only while it sits.
    """

    officers: dict[str, Officer]
    case_desk: dict[str, str] = field(default_factory=dict)
    case_subjects: dict[str, frozenset[str]] = field(default_factory=dict)
    assignments: dict[str, frozenset[str]] = field(default_factory=dict)  # user -> cases
    operations: list[Operation] = field(default_factory=list)
    spans: dict[str, tuple[Assignment, ...]] = field(default_factory=dict)  # user -> spans

    def subjects_of(self, user: str) -> frozenset[str]:
        """Subjects the user has a need to know of through any case assigned to them."""
        cases = self.assignments.get(user, frozenset())
        return frozenset().union(*(self.case_subjects.get(c, frozenset()) for c in cases))

    def assigned(
        self, user: str, case_id: str, when: datetime, follow_up: timedelta | None = None
    ) -> bool:
        """Whether `user` was on `case_id` at `when` (time-aware where spans are known).

        With `follow_up`, a span that ended less than that long before `when` still counts:
        the officers of a dissolved joint headquarters finish its paperwork.
        """
        spans = self.spans.get(user)
        if spans is not None and any(s.case_id == case_id for s in spans):
            late = follow_up or timedelta(0)
            return any(
                s.case_id == case_id
                and (s.since is None or s.since <= when)
                and (s.until is None or when < s.until + late)
                for s in spans
            )
        return case_id in self.assignments.get(user, frozenset())

    def knows_subject(self, user: str, subject: str, when: datetime) -> bool:
        """Whether a case the user was on at `when` holds `subject`."""
        return any(
            subject in self.case_subjects.get(case, frozenset()) and self.assigned(user, case, when)
            for case in self.assignments.get(user, frozenset())
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "officers": [
                {
                    "user": o.user,
                    "desk": o.desk,
                    "role": o.role,
                    "shift": o.shift,
                    "person_id": o.person_id,
                    "workdays": sorted(o.workdays),
                }
                for o in self.officers.values()
            ],
            "cases": [
                {"case_id": c, "desk": d, "subjects": sorted(self.case_subjects.get(c, ()))}
                for c, d in self.case_desk.items()
            ],
            "assignments": {u: sorted(cs) for u, cs in self.assignments.items()},
            "spans": {
                u: [
                    {
                        "case_id": a.case_id,
                        "since": a.since.isoformat() if a.since else None,
                        "until": a.until.isoformat() if a.until else None,
                    }
                    for a in spans
                ]
                for u, spans in self.spans.items()
            },
            "operations": [
                {
                    "op_id": op.op_id,
                    "case_id": op.case_id,
                    "start": op.start.isoformat(),
                    "targets": sorted(op.targets),
                }
                for op in self.operations
            ],
        }


def _when(text: Any) -> datetime | None:
    return datetime.fromisoformat(str(text)) if text else None


def directory_from_json(data: Mapping[str, Any]) -> Directory:
    """The inverse of :meth:`Directory.to_json` (the `directory` line of a log file)."""
    officers = {
        str(o["user"]): Officer(
            str(o["user"]),
            str(o.get("desk", "unknown")),
            str(o.get("role", "unknown")),
            str(o.get("shift", "day")),
            str(o.get("person_id", "")),
            frozenset(int(d) for d in o.get("workdays", (0, 1, 2, 3, 4))),
        )
        for o in data.get("officers", ())
    }
    cases = data.get("cases", ())
    spans = {
        str(u): tuple(
            Assignment(str(a["case_id"]), _when(a.get("since")), _when(a.get("until")))
            for a in items
        )
        for u, items in (data.get("spans") or {}).items()
    }
    assignments = {str(u): frozenset(map(str, cs)) for u, cs in data.get("assignments", {}).items()}
    for user, items in spans.items():
        assignments[user] = assignments.get(user, frozenset()) | {a.case_id for a in items}
    operations = [
        Operation(
            str(op["op_id"]),
            str(op.get("case_id", "")),
            datetime.fromisoformat(str(op["start"])),
            frozenset(map(str, op.get("targets", ()))),
        )
        for op in data.get("operations", ())
    ]
    return Directory(
        officers,
        {str(c["case_id"]): str(c.get("desk", "")) for c in cases},
        {str(c["case_id"]): frozenset(map(str, c.get("subjects", ()))) for c in cases},
        assignments,
        sorted(operations, key=lambda op: (op.start, op.op_id)),
        spans,
    )


def shift_windows(officer: Officer, day: date, grace: timedelta) -> list[tuple[datetime, datetime]]:
    """The rostered windows that may cover `day` (a night shift runs past midnight)."""
    windows: list[tuple[datetime, datetime]] = []
    for start_day in (day - timedelta(days=1), day):
        if start_day.weekday() not in officer.workdays:
            continue
        if officer.shift == "night":
            begin = datetime.combine(start_day, time(19, 0), JST)
            windows.append((begin - grace, begin + timedelta(hours=13) + grace))
        elif start_day == day:
            begin = datetime.combine(start_day, time(8, 0), JST)
            windows.append((begin - grace, begin + timedelta(hours=11) + grace))
    return windows


def from_audit_entry(entry: AuditEntry, seq: int | None = None) -> AccessEvent:
    """Map an audit entry to an access event.

    The guard writes what analytics needs into the entry's `context` (device, case_id,
    subject_id as a pseudonymous record id, kind, assigned, count) because the plain
    `personal` values are hashed in the leaf and may later be redacted.
    """
    if entry.time is None:
        raise ValueError("an audit entry needs its time to become an access event")
    ctx = entry.context
    kind = str(ctx.get("kind", entry.resource_type))
    case_id = str(ctx.get("case_id", entry.resource_id if entry.resource_type == "case" else ""))
    return AccessEvent(
        event_id=str(ctx.get("event_id", f"audit-{seq}" if seq is not None else entry.resource_id)),
        time=entry.time,
        user=entry.actor,
        device=str(ctx.get("device", ctx.get("terminal", ""))),
        action=entry.action,
        kind=kind if kind in KINDS else "",
        case_id=case_id,
        subject_id=str(ctx.get("subject_id", "")),
        assigned=bool(ctx.get("assigned", False)),
        allowed=entry.effect == "allow",
        purpose=entry.purpose,
        count=int(ctx.get("count", 1)),
    )


def from_audit_entries(entries: Iterable[AuditEntry]) -> list[AccessEvent]:
    """Access events from audit entries, skipping writes and decisions that touch no data."""
    wanted = frozenset(ACTIONS)
    return [
        from_audit_entry(entry, seq) for seq, entry in enumerate(entries) if entry.action in wanted
    ]
