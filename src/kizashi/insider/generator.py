"""The synthetic organisation at work: officers, rosters, cases, normal work and confounders.

Deterministic for a seed: every random draw comes from one `random.Random(seed)` in a fixed
order. The labelled insider scenarios (:mod:`kizashi.insider.scenarios`) build on the
:class:`Generator` here, and :mod:`kizashi.insider.synth` runs both into a log.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache
from importlib import resources
from typing import Any

import yaml

from kizashi.insider.events import JST, AccessEvent, Directory, Officer, Operation

# Cumulative weights of case_file, subject_profile, surveillance_media, raid_plan, target_list.
CASE_KINDS = [35, 65, 90, 91, 92]
PRE_RAID_KINDS = [35, 65, 90, 100, 110]
WORK_ROTAS = ({0, 1, 2, 3, 4}, {0, 1, 2, 3}, {3, 4, 5, 6}, {1, 2, 5, 6}, {0, 4, 5, 6})


@cache
def default_config() -> dict[str, Any]:
    text = resources.files("kizashi.insider").joinpath("data/scenarios.yaml").read_text()
    loaded: dict[str, Any] = yaml.safe_load(text)
    return loaded


@dataclass(frozen=True)
class InsiderLabel:
    user: str
    scenario: int
    name: str
    first_act: datetime
    event_ids: frozenset[str]


@dataclass(frozen=True)
class ConfounderLabel:
    user: str
    day: date
    kind: str  # night_shift, wide_browser, joint_hq, device_refresh, court_preparation


@dataclass
class SynthLog:
    seed: int
    start: date
    days: int
    directory: Directory
    events: list[AccessEvent]
    insiders: list[InsiderLabel] = field(default_factory=list)
    confounders: list[ConfounderLabel] = field(default_factory=list)


class Generator:
    """Holds the random stream, the organisation and the events made so far."""

    def __init__(self, seed: int, config: dict[str, Any]) -> None:
        self.rng = random.Random(seed)
        self.cfg = config
        org = config["organisation"]
        self.start = date.fromisoformat(org["start"])
        self.days = int(org["days"])
        self.events: list[AccessEvent] = []
        self.directory = Directory(officers={})
        self.desk_cases: dict[str, list[str]] = {}
        self.device: dict[str, list[tuple[date, str]]] = {}  # user -> (from day, terminal)
        self.laptop: dict[str, str] = {}
        self.level: dict[str, float] = {}
        self.confounders: list[ConfounderLabel] = []
        self.busy: set[str] = set()  # users already given a confounder or a scenario role
        self.subjects: dict[str, list[str]] = {}  # case -> sorted subjects (a draw needs order)
        self._soon: dict[int, set[str]] = {}

    # --- helpers ----------------------------------------------------------------------------

    def span(self, pair: list[int]) -> int:
        return self.rng.randint(int(pair[0]), int(pair[1]))

    def day(self, index: int) -> date:
        return self.start + timedelta(days=index)

    def device_on(self, user: str, day: date) -> str:
        current = self.device[user][0][1]
        for since, terminal in self.device[user]:
            if since <= day:
                current = terminal
        if user in self.laptop and self.rng.random() < 0.2:
            return self.laptop[user]
        return current

    def emit(self, when: datetime, user: str, action: str, kind: str, **extra: Any) -> str:
        event_id = f"e{len(self.events):07d}"
        device = extra.pop("device", None) or self.device_on(user, when.date())
        self.events.append(AccessEvent(event_id, when, user, device, action, kind, **extra))
        return event_id

    def shift_time(self, officer: Officer, day: date, overtime: bool = False) -> datetime:
        """A moment inside the officer's shift (or just past its end, for overtime)."""
        if officer.shift == "night":
            begin, hours = datetime.combine(day, time(19, 30), JST), 12.0
        else:
            begin, hours = datetime.combine(day, time(8, 30), JST), 9.5
        offset = hours + self.rng.uniform(0, 2.5) if overtime else self.rng.uniform(0, hours)
        return begin + timedelta(hours=offset)

    def assigned(self, user: str, case_id: str) -> bool:
        return case_id in self.directory.assignments.get(user, frozenset())

    def case_event(
        self, when: datetime, user: str, case_id: str, kind: str, action: str, **extra: Any
    ) -> str:
        subject = self.rng.choice(self.subjects[case_id]) if kind != "case_file" else ""
        return self.emit(
            when,
            user,
            action,
            kind,
            case_id=case_id,
            subject_id=subject,
            assigned=self.assigned(user, case_id),
            purpose="investigation",
            **extra,
        )

    # --- the organisation -------------------------------------------------------------------

    def build(self) -> None:
        org, rng = self.cfg["organisation"], self.rng
        desks: list[str] = list(org["desks"])
        count = int(org["officers"]) - int(org["division_supervisors"])
        officers: list[Officer] = []
        for i in range(count):
            desk = desks[i % len(desks)]
            rank = i // len(desks)
            role = (
                "supervisor"
                if rank < org["supervisors_per_desk"]
                else ("analyst" if rng.random() < org["analyst_share"] else "investigator")
            )
            night = rng.random() < org["night_share_by_desk"].get(desk, org["night_share"])
            shift = "night" if night and role != "supervisor" else "day"
            rota = frozenset(rng.choice(WORK_ROTAS[1:]) if shift == "night" else WORK_ROTAS[0])
            officers.append(Officer(f"u{i:03d}", desk, role, shift, f"P-OFF-{i:03d}", rota))
        for j in range(int(org["division_supervisors"])):
            n = count + j
            officers.append(Officer(f"u{n:03d}", "division", "supervisor", "day", f"P-OFF-{n:03d}"))
        self.directory.officers = {o.user: o for o in officers}
        for o in officers:
            self.device[o.user] = [(self.start, f"T-{o.user}-1")]
            self.level[o.user] = rng.uniform(0.7, 1.3)
            if rng.random() < self.cfg["activity"]["laptop_share"]:
                self.laptop[o.user] = f"L-{o.user}"
        self._cases(desks)
        self._operations(desks)

    def _cases(self, desks: list[str]) -> None:
        org, rng, d = self.cfg["organisation"], self.rng, self.directory
        per_desk = int(org["cases_per_desk"])
        pools = {desk: [f"S-{desk[:6]}-{k:03d}" for k in range(per_desk * 5)] for desk in desks}
        for desk in desks:
            self.desk_cases[desk] = []
            for k in range(per_desk):
                case_id = f"C-{desk[:6]}-{k:02d}"
                size = self.span(org["subjects_per_case"])
                subjects = set(rng.sample(pools[desk], size))
                if rng.random() < org["cross_desk_subject_share"] * 3:
                    subjects.add(rng.choice(pools[rng.choice(desks)]))
                d.case_desk[case_id], d.case_subjects[case_id] = desk, frozenset(subjects)
                self.desk_cases[desk].append(case_id)
        members: dict[str, set[str]] = {}
        for o in d.officers.values():
            if o.desk not in self.desk_cases:
                continue
            n = 1 if o.role == "supervisor" else self.span(org["cases_per_officer"])
            members[o.user] = set(rng.sample(self.desk_cases[o.desk], n))
        users = sorted(members)
        for k in range(int(org["joint_cases"])):  # joint investigations across two desks
            case_id = rng.choice(self.desk_cases[desks[k % len(desks)]])
            for user in rng.sample(users, 3):
                members[user].add(case_id)
        d.assignments = {u: frozenset(cs) for u, cs in members.items()}
        self.subjects = {c: sorted(s) for c, s in d.case_subjects.items()}

    def _operations(self, desks: list[str]) -> None:
        org, rng = self.cfg["organisation"], self.rng
        for desk in desks:
            at = self.span([3, 10])
            while at < self.days - 1:
                case_id = rng.choice(self.desk_cases[desk])
                subjects = sorted(self.directory.case_subjects[case_id])
                targets = frozenset(
                    rng.sample(subjects, min(len(subjects), self.span(org["operation_targets"])))
                )
                start = datetime.combine(self.day(at), time(6, 0), JST)
                op_id = f"OP-{desk[:6]}-{len(self.directory.operations):03d}"
                self.directory.operations.append(Operation(op_id, case_id, start, targets))
                at += self.span(org["operation_every_days"])

    # --- normal work ------------------------------------------------------------------------

    def soon(self, index: int) -> set[str]:
        """Cases with an operation in the coming week: their raid material is read more."""
        if index not in self._soon:
            midnight = datetime.combine(self.day(index), time(0), JST)
            ahead = timedelta(days=self.cfg["activity"]["pre_raid_days"])
            self._soon[index] = {
                op.case_id
                for op in self.directory.operations
                if timedelta(0) < op.start - midnight <= ahead
            }
        return self._soon[index]

    def work_day(self, officer: Officer, index: int, boost: float = 1.0) -> None:
        act, rng, day = self.cfg["activity"], self.rng, self.day(index)
        cases = sorted(self.directory.assignments.get(officer.user, frozenset()))
        own_subjects = sorted(self.directory.subjects_of(officer.user))
        desk_cases = self.desk_cases.get(officer.desk, [])
        all_cases = sorted(self.directory.case_desk)
        mix = dict(act["mix"])
        if officer.role == "supervisor":
            mix["desk_browse"] = act["supervisor_desk_browse"]
        if officer.desk == "division":
            mix["other_desk"], mix["own_case"] = act["division_other_desk"], 0.0
        soon = self.soon(index)
        n = int(self.span(act["events_per_day"]) * self.level[officer.user] * boost)
        names, weights = list(mix), list(itertools.accumulate(mix.values()))
        kinds = ["case_file", "subject_profile", "surveillance_media", "raid_plan", "target_list"]
        for _ in range(n):
            when = self.shift_time(officer, day)
            what = rng.choices(names, cum_weights=weights)[0]
            if what == "own_case" and cases:
                case_id = rng.choice(cases)
                kw = PRE_RAID_KINDS if case_id in soon else CASE_KINDS
                kind = rng.choices(kinds, cum_weights=kw)[0]
                roll = rng.random()
                action = (
                    "export"
                    if roll < act["export_rate"]
                    else "print"
                    if roll < act["export_rate"] + act["print_rate"]
                    else "read"
                )
                self.case_event(when, officer.user, case_id, kind, action)
            elif what == "search":
                pool = (
                    own_subjects
                    if own_subjects and rng.random() < 0.8
                    else (self.subjects[rng.choice(desk_cases or all_cases)])
                )
                subject = rng.choice(pool)
                self.emit(
                    when,
                    officer.user,
                    "search",
                    "subject_profile",
                    subject_id=subject,
                    assigned=subject in own_subjects,
                    purpose="investigation",
                )
            elif what == "list":
                self.emit(when, officer.user, "list", "case_file", purpose="investigation")
            elif what in ("desk_browse", "other_desk", "own_case"):
                pool = desk_cases if what == "desk_browse" and desk_cases else all_cases
                self.case_event(
                    when,
                    officer.user,
                    rng.choice(pool),
                    rng.choice(["case_file", "subject_profile"]),
                    "read",
                )
        if rng.random() < act["self_search_rate"]:
            self.emit(
                self.shift_time(officer, day),
                officer.user,
                "search",
                "subject_profile",
                subject_id=officer.person_id,
                purpose="investigation",
            )
        if rng.random() < act["overtime_rate"]:
            for _ in range(self.span([1, 3])):
                self.emit(
                    self.shift_time(officer, day, overtime=True),
                    officer.user,
                    "read",
                    "case_file",
                    case_id=rng.choice(cases or all_cases),
                    assigned=bool(cases),
                    purpose="investigation",
                )
