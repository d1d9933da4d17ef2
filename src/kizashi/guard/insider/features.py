"""Per-user-day features from access events, with the events behind each one.

One pass over time-ordered events fills a table `values[user, day, feature]`. Off-shift is
judged against each officer's own roster (a night-shift officer at 02:00 is on shift);
"outside assignment" uses the guard's assignment flag recorded on the event; imminent-target
lookups are searches or reads of a person targeted by an operation starting within
`imminent_hours`, by someone with no case that holds that person.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
import yaml

from kizashi.guard.insider.events import (
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
)
INDEX = {name: i for i, name in enumerate(FEATURES)}
EVIDENCE_CAP = 25  # events kept per user, day and feature, for explanations


@cache
def default_settings() -> dict[str, Any]:
    text = resources.files("kizashi.guard.insider").joinpath("data/insider.yaml").read_text()
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


def extract(
    events: Iterable[AccessEvent],
    directory: Directory,
    start: date,
    days: int,
    settings: Mapping[str, Any] | None = None,
) -> FeatureTable:
    """Compute the feature table of `days` days from `start` (events must be time-ordered)."""
    cfg = (settings or default_settings())["features"]
    grace = timedelta(minutes=cfg["shift_grace_minutes"])
    imminent = timedelta(hours=cfg["imminent_hours"])
    new_days = timedelta(days=cfg["new_device_days"])
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
    known = {u: directory.subjects_of(u) for u in users}

    def note(u: int, d: int, name: str, event: AccessEvent, amount: float = 1.0) -> None:
        values[u, d, INDEX[name]] += amount
        kept = table.evidence.setdefault((u, d, INDEX[name]), [])
        if len(kept) < EVIDENCE_CAP:
            kept.append(event.event_id)

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
            known[event.user] = frozenset()
            table.day_start.append(starts_at[officer.shift])
        u = row[event.user]
        table.events += 1
        active[u, d] = True
        values[u, d, INDEX["volume"]] += 1
        values[u, d, INDEX["records"]] += event.count
        key = (event.user, local.date())
        if key not in windows:
            windows[key] = shift_windows(officer, local.date(), grace)
        off = not any(a <= event.time < b for a, b in windows[key])
        if off:
            note(u, d, "off_shift", event)
        if not event.allowed:
            note(u, d, "denied", event)
        if event.case_id and not event.assigned:
            note(u, d, "outside_assignment", event)
            case_desk = directory.case_desk.get(event.case_id)
            if case_desk is not None and case_desk != officer.desk:
                note(u, d, "outside_section", event)
        if event.subject_id:
            subjects.setdefault(u * days + d, set()).add(event.subject_id)
        first_day.setdefault(event.user, local.date())
        seen = devices.setdefault(event.user, {})
        if event.device and event.device not in seen:
            seen[event.device] = local.date()
            if local.date() > first_day[event.user]:
                note(u, d, "new_device", event)
        fresh = (
            event.device in seen
            and seen[event.device] > first_day[event.user]
            and local.date() - seen[event.device] < new_days
        )
        if event.action in EXPORT_ACTIONS:
            note(u, d, "exports", event)
            values[u, d, INDEX["export_records"]] += event.count
            if off:
                note(u, d, "off_shift_exports", event)
            if fresh:
                note(u, d, "new_device_exports", event)
        if event.subject_id and event.action in ("search", "read"):
            if event.subject_id == officer.person_id:
                note(u, d, "self_search", event)
            elif event.subject_id in starts and event.subject_id not in known[event.user]:
                ops = by_target[event.subject_id]
                i = bisect_right(starts[event.subject_id], event.time)
                if any(
                    t - event.time <= imminent and not _assigned(directory, event.user, case)
                    for t, case in ops[i:]
                ):
                    note(u, d, "imminent_target_lookups", event)
    for key_ud, seen_subjects in subjects.items():
        values[key_ud // days, key_ud % days, INDEX["distinct_subjects"]] = len(seen_subjects)
    return table


def _assigned(directory: Directory, user: str, case_id: str) -> bool:
    return case_id in directory.assignments.get(user, frozenset())
