"""Per-user-day features from access events, with the events behind each one.

One pass over time-ordered events fills a table `values[user, day, feature]`. Off-shift is
judged against each officer's own roster (a night-shift officer at 02:00 is on shift);
"outside assignment" uses the guard's assignment flag recorded on the event, or the
directory's time-aware assignment; imminent-target lookups are searches or reads of a person
targeted by an operation starting within `imminent_hours`, by someone with no case that held
that person at the time.

Context the platform already knows is used before anything is counted as unusual:

- a page is one access: decisions that share a request id count once in `volume`, and the
  items a page hid while showing others are not refusals (`denied` counts requests that
  were refused outright);
- an export made by an approved workflow (a fingerprinted dissemination through `trace`)
  is a `dissemination`, not an export;
- an export of one's own case material under a stated routine purpose (court preparation,
  audit: `purposes.routine_exports` in the settings) is a `purposed_export`, weighed apart.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
import yaml

from kizashi.insider.context import CoReads, DeviceRollout, WorkingHours, context_settings
from kizashi.insider.events import (
    EXPORT_ACTIONS,
    JST,
    AccessEvent,
    Directory,
    Officer,
    shift_windows,
)

FEATURES = (
    "volume",
    "records",
    "off_shift",
    "outside_assignment",
    "outside_section",
    "distinct_subjects",
    "exports",
    "export_records",
    "off_shift_exports",
    "new_device",
    "new_device_exports",
    "imminent_target_lookups",
    "self_search",
    "denied",
    "disseminations",
    "purposed_exports",
    "joint_reads",
    "outside_exports",
)
INDEX = {name: i for i, name in enumerate(FEATURES)}
EVIDENCE_CAP = 25  # events kept per user, day and feature, for explanations


@cache
def default_settings() -> dict[str, Any]:
    text = resources.files("kizashi.insider").joinpath("data/insider.yaml").read_text()
    loaded: dict[str, Any] = yaml.safe_load(text)
    return loaded


@dataclass
class FeatureTable:
    """values[u, d, f] for users × days × FEATURES; active[u, d] when the user did anything."""

    users: list[str]
    start: date
    values: np.ndarray[Any, np.dtype[np.float64]]
    active: np.ndarray[Any, np.dtype[np.bool_]]
    day_start: list[int] = field(default_factory=list)  # hour a user's day begins, per user
    evidence: dict[tuple[int, int, int], list[str]] = field(default_factory=dict)
    events: int = 0

    @property
    def days(self) -> int:
        return int(self.values.shape[1])

    def day(self, index: int) -> date:
        return self.start + timedelta(days=index)


def _officer(directory: Directory, user: str) -> Officer:
    # Someone the directory does not know (a service account, say) is judged on a day roster.
    return directory.officers.get(user) or Officer(user, "unknown", "unknown", "day", "")


def routine_purpose(purpose: str, keywords: Sequence[str]) -> bool:
    lowered = purpose.lower()
    return any(k in lowered for k in keywords)


def extract(
    events: Sequence[AccessEvent],
    directory: Directory,
    start: date,
    days: int,
    settings: Mapping[str, Any] | None = None,
) -> FeatureTable:
    """Compute the feature table of `days` days from `start` (events must be time-ordered)."""
    all_cfg = settings or default_settings()
    cfg = all_cfg["features"]
    ctx = context_settings(all_cfg)
    grace = timedelta(minutes=cfg["shift_grace_minutes"])
    imminent = timedelta(hours=cfg["imminent_hours"])
    new_days = timedelta(days=cfg["new_device_days"])
    follow_up = timedelta(days=ctx["follow_up_days"])
    keywords = tuple(str(k).lower() for k in all_cfg.get("purposes", {}).get("routine_exports", ()))
    # Requests that showed the user something: their hidden items are not refusals.
    answered = {e.request_id for e in events if e.request_id and e.allowed}
    counted_requests: set[str] = set()
    users = sorted(directory.officers)
    row = {u: i for i, u in enumerate(users)}
    values = np.zeros((len(users), days, len(FEATURES)))
    active = np.zeros((len(users), days), dtype=bool)
    # A user-day is a working day, not a calendar day: it starts in the early morning for
    # day-shift officers (so a 23:00-01:00 session is one day) and at noon for night shifts.
    starts_at = {str(k): int(v) for k, v in cfg["day_start_hour"].items()}
    table = FeatureTable(
        users, start, values, active, [starts_at[_officer(directory, u).shift] for u in users]
    )
    hours_cfg = ctx["working_hours"]
    hours = WorkingHours(
        np.array([_rest_days(_officer(directory, u), start, days) for u in users]).reshape(
            len(users), days
        ),
        int(hours_cfg["window_days"]),
        int(hours_cfg["min_days"]),
    )
    joint_cfg, rollout_cfg = ctx["joint_reads"], ctx["device_rollout"]
    co_reads = CoReads(int(joint_cfg["min_officers"]), float(joint_cfg["min_share"]))
    rollout = DeviceRollout(int(rollout_cfg["min_officers"]), int(rollout_cfg["days"]))
    # Accesses the roster puts off shift, and reads of another desk's material: both are
    # decided after the pass, when the officer's hours and the desk's joint work are known.
    late: list[tuple[int, int, int, bool, str]] = []  # (u, d, hour, export, event id)
    cross: list[tuple[int, int, tuple[str, str, int], str]] = []
    # Operations by target: (start times, case ids), sorted by start, for the imminence test.
    by_target: dict[str, list[tuple[datetime, str]]] = {}
    for op in directory.operations:
        for subject in op.targets:
            by_target.setdefault(subject, []).append((op.start, op.case_id))
    for ops in by_target.values():
        ops.sort()
    starts = {s: [t for t, _ in ops] for s, ops in by_target.items()}
    windows: dict[tuple[str, date], list[tuple[datetime, datetime]]] = {}
    devices: dict[str, dict[str, date]] = {}  # user -> device -> first day seen
    first_day: dict[str, date] = {}
    subjects: dict[int, set[str]] = {}

    def note(u: int, d: int, name: str, event_id: str, amount: float = 1.0) -> None:
        values[u, d, INDEX[name]] += amount
        kept = table.evidence.setdefault((u, d, INDEX[name]), [])
        if len(kept) < EVIDENCE_CAP:
            kept.append(event_id)

    for event in events:
        local = event.time.astimezone(JST)  # days are cut in Japan time
        officer = _officer(directory, event.user)
        d = ((local - timedelta(hours=starts_at[officer.shift])).date() - start).days
        if not 0 <= d < days:
            continue
        if event.user not in row:
            users.append(event.user)
            row[event.user] = len(users) - 1
            values = table.values = np.concatenate([values, np.zeros((1, days, len(FEATURES)))])
            active = table.active = np.concatenate([active, np.zeros((1, days), dtype=bool)])
            table.day_start.append(starts_at[officer.shift])
            hours.grow(np.array(_rest_days(officer, start, days), dtype=bool))
        u = row[event.user]
        table.events += 1
        active[u, d] = True
        hours.note(u, d, local.hour)
        if not event.request_id or event.request_id not in counted_requests:
            values[u, d, INDEX["volume"]] += 1
            if event.request_id:
                counted_requests.add(event.request_id)
        if event.allowed:
            values[u, d, INDEX["records"]] += event.count
        key = (event.user, local.date())
        if key not in windows:
            windows[key] = shift_windows(officer, local.date(), grace)
        off_roster = not any(a <= event.time < b for a, b in windows[key])
        if not event.allowed and (not event.request_id or event.request_id not in answered):
            note(u, d, "denied", event.event_id)
            answered.add(event.request_id)  # one refused page is one refusal
        assigned = event.assigned or (
            bool(event.case_id)
            and event.user in directory.spans
            and directory.assigned(event.user, event.case_id, event.time, follow_up)
        )
        exporting = event.action in EXPORT_ACTIONS
        supervised = exporting and (
            bool(event.workflow)
            or (assigned and bool(keywords) and routine_purpose(event.purpose, keywords))
        )
        # Reading one's own cases (or one's desk's own alerts and products: `desk_work`) out
        # of hours is on-call work, and a supervised export
        # (a dissemination, a court bundle of one's own case) is work whenever it is done;
        # what counts off shift is everything else: exports, searches, other cases.
        own = (assigned and bool(event.case_id)) or event.desk_work
        if off_roster and not supervised and (exporting or not own):
            late.append((u, d, local.hour, exporting, event.event_id))
        if event.case_id and not assigned:
            case_desk = directory.case_desk.get(event.case_id)
            if case_desk is not None and case_desk != officer.desk:
                cross.append((u, d, (officer.desk, case_desk, d), event.event_id))
            else:
                note(u, d, "outside_assignment", event.event_id)
        if event.subject_id:
            subjects.setdefault(u * days + d, set()).add(event.subject_id)
        first_day.setdefault(event.user, local.date())
        seen = devices.setdefault(event.user, {})
        if event.device and event.device not in seen:
            seen[event.device] = local.date()
            if local.date() > first_day[event.user]:
                rollout.note(officer.desk, local.date(), event.user)
                if not rollout.campaign(officer.desk, local.date(), local.date()):
                    note(u, d, "new_device", event.event_id)
        fresh = (
            event.device in seen
            and seen[event.device] > first_day[event.user]
            and local.date() - seen[event.device] < new_days
            and not rollout.campaign(officer.desk, seen[event.device], local.date())
        )
        if exporting and event.workflow:
            note(u, d, "disseminations", event.event_id)
        elif exporting and assigned and keywords and routine_purpose(event.purpose, keywords):
            note(u, d, "purposed_exports", event.event_id)
        elif exporting:
            note(u, d, "exports", event.event_id)
            values[u, d, INDEX["export_records"]] += event.count
            if fresh:
                note(u, d, "new_device_exports", event.event_id)
            if event.case_id and not assigned:
                note(u, d, "outside_exports", event.event_id)
        if event.subject_id and event.action in ("search", "read"):
            if event.subject_id == officer.person_id:
                note(u, d, "self_search", event.event_id)
            elif event.subject_id in starts and not directory.knows_subject(
                event.user, event.subject_id, event.time
            ):
                ops = by_target[event.subject_id]
                i = bisect_right(starts[event.subject_id], event.time)
                if any(
                    t - event.time <= imminent
                    and not directory.assigned(event.user, case, event.time)
                    for t, case in ops[i:]
                ):
                    note(u, d, "imminent_target_lookups", event.event_id)
    for key_ud, seen_subjects in subjects.items():
        values[key_ud // days, key_ud % days, INDEX["distinct_subjects"]] = len(seen_subjects)
    usual = hours.usual()
    for u, d, hour, exporting, event_id in late:
        if not usual[u, d, hour]:
            note(u, d, "off_shift", event_id)
            if exporting:
                note(u, d, "off_shift_exports", event_id)
    desk_of = [_officer(directory, name).desk for name in users]
    for u, _, (desk, material_desk, day), _ in cross:
        co_reads.note(desk, material_desk, day, u)
    joint = co_reads.joint(desk_of, active)
    for u, d, group, event_id in cross:
        # A desk's joint work goes on into the next user-day (a night, a follow-up).
        if group in joint or (group[0], group[1], d - 1) in joint:
            note(u, d, "joint_reads", event_id)
        else:
            note(u, d, "outside_assignment", event_id)
            note(u, d, "outside_section", event_id)
    return table


def _rest_days(officer: Officer, start: date, days: int) -> list[bool]:
    return [(start + timedelta(days=d)).weekday() not in officer.workdays for d in range(days)]
