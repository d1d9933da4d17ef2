"""A second, independent synthetic police access log ("world B") for insider analytics.

Written apart from `kizashi.insider.synth` on purpose, in another style (a prefecture HQ
of agents, each with a weekly plan; numpy draws; no import of kizashi at all), with other
confounders, so that the detector is measured on a world it was not tuned on:

- rotating night-shift weeks, and day officers on call for a night now and then;
- division supervisors and auditors who read across every desk (audit weeks);
- joint headquarters (time-boxed assignments to another desk's case) and joint-investigation
  days (two desks read each other's material for a day, unassigned);
- court preparation and quarter-end exports; fingerprinted disseminations by desk leads
  (workflow "trace"); raid-approval reads by supervisors (workflow "approval");
- a device-refresh campaign that walks through the desks over weeks, officer by officer;
- training days (low volume, time-boxed training assignment); pages that list 8-20 items of
  which some are hidden (one request id, refused items);
- incidental searches of names that happen to be targets of another desk's operation.

Insiders, 3 per scenario per seed: S1 after-hours bulk export, S2 low-and-slow browsing of
other desks, S3 lookups of an imminent operation's targets, S4 a new terminal then exports,
S5 raid material of a case one is not on before its operation (some allowed, some refused),
S6 an officer leaking his own case's surveillance stills a little at a time.

Writes the documented format (docs/insider.md): an events JSONL (`world`, `directory`, then
`event` lines) and a labels JSONL (`insider`, `confounder` lines).

    python benchmarks/insider_world.py --seed 101 --out var/world-101
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import numpy as np

TZ = timezone(timedelta(hours=9))
DESKS = ("koan1", "koan2", "gaiji", "tero", "keizai", "soshiki", "cyber")
START = date(2025, 1, 6)  # a Monday


@dataclass
class Agent:
    uid: str
    desk: str
    role: str  # investigator, analyst, clerk, lead, supervisor, auditor
    night_weeks: set[int] = field(default_factory=set)  # weeks on nights (rotation)
    permanent_night: bool = False  # rostered on nights (the directory says so)
    cases: list[str] = field(default_factory=list)
    terminal: str = ""
    pace: float = 1.0


class World:
    def __init__(self, seed: int, officers: int = 300, days: int = 120) -> None:
        self.r = np.random.default_rng(seed)
        self.seed, self.days = seed, days
        self.events: list[dict[str, Any]] = []
        self.labels: list[dict[str, Any]] = []
        self.seq = 0
        self.req = 0
        self.agents: dict[str, Agent] = {}
        self.case_desk: dict[str, str] = {}
        self.case_subjects: dict[str, list[str]] = {}
        self.spans: dict[str, list[dict[str, Any]]] = {}
        self.hq: dict[str, list[dict[str, Any]]] = {}  # joint-headquarters spans only
        self.ops: list[dict[str, Any]] = []
        self._people(officers)
        self._cases()

    # --- the organisation ---------------------------------------------------------------

    def _people(self, n: int) -> None:
        r = self.r
        for i in range(10):
            self.agents[f"sv{i:02d}"] = Agent(f"sv{i:02d}", "division", "supervisor")
        for i in range(6):
            self.agents[f"au{i:02d}"] = Agent(f"au{i:02d}", "audit", "auditor")
        rest = n - len(self.agents)
        for i in range(rest):
            desk = DESKS[i % len(DESKS)]
            role = r.choice(["investigator", "analyst", "clerk"], p=[0.55, 0.3, 0.15])
            uid = f"b{i:03d}"
            self.agents[uid] = Agent(uid, desk, str(role), pace=float(r.lognormal(0, 0.35)))
        for desk in DESKS:
            members = [a for a in self.agents.values() if a.desk == desk]
            members[0].role = "lead"
            # A quarter of each desk rotates through night weeks, one week in four.
            for k, a in enumerate(members[1:]):
                if k % 8 == 0:
                    a.night_weeks = {w for w in range(20) if (w + k) % 4 == 0}
                elif k % 8 == 4:
                    a.permanent_night = True
        for a in self.agents.values():
            a.terminal = f"pc-{a.uid}-0"

    def _cases(self) -> None:
        r = self.r
        for desk in DESKS:
            for j in range(10):
                cid = f"{desk}-{j:02d}"
                self.case_desk[cid] = desk
                self.case_subjects[cid] = [f"h{desk}{j}-{k}" for k in range(int(r.integers(4, 12)))]
        # Some people appear in two desks' cases (a suspect of both).
        ids = list(self.case_subjects)
        for _ in range(25):
            a, b = r.choice(len(ids), 2, replace=False)
            self.case_subjects[ids[b]].append(self.case_subjects[ids[a]][0])
        self.case_desk["train-01"] = "academy"
        self.case_subjects["train-01"] = [f"htrain-{k}" for k in range(30)]
        for a in self.agents.values():
            if a.desk in DESKS:
                mine = [c for c, d in self.case_desk.items() if d == a.desk]
                count = len(mine) if a.role == "lead" else int(r.integers(1, 4))
                a.cases = sorted(r.choice(mine, count, replace=False).tolist())
        for desk in DESKS:
            day = int(r.integers(8, 16))
            while day < self.days - 2:
                cid = f"{desk}-{int(r.integers(0, 10)):02d}"
                when = self.at(day, 5 + int(r.integers(0, 3)), int(r.integers(0, 60)))
                subjects = self.case_subjects[cid]
                targets = r.choice(subjects, min(len(subjects), int(r.integers(2, 5))), False)
                self.ops.append(
                    {
                        "op_id": f"op-{desk}-{len(self.ops):03d}",
                        "case_id": cid,
                        "start": when,
                        "targets": sorted(targets.tolist()),
                    }
                )
                day += int(r.integers(9, 20))

    # --- helpers --------------------------------------------------------------------------

    def at(self, day: int, hour: float, minute: int = 0) -> datetime:
        base = datetime(START.year, START.month, START.day, tzinfo=TZ) + timedelta(days=day)
        return base + timedelta(hours=hour, minutes=minute)

    def assigned(self, a: Agent, case: str, when: datetime) -> bool:
        if case in a.cases:
            return True
        return any(
            s["case_id"] == case and s["since"] <= when < s["until"]
            for s in self.spans.get(a.uid, [])
        )

    def emit(
        self,
        a: Agent,
        when: datetime,
        action: str,
        kind: str = "case_file",
        case: str = "",
        subject: str = "",
        *,
        allowed: bool = True,
        count: int = 1,
        purpose: str = "",
        workflow: str = "",
        request: str = "",
        terminal: str | None = None,
    ) -> str:
        self.seq += 1
        eid = f"w{self.seed}-{self.seq:08d}"
        self.events.append(
            {
                "type": "event",
                "event_id": eid,
                "time": when,
                "user": a.uid,
                "device": terminal or a.terminal,
                "action": action,
                "kind": kind,
                "case_id": case,
                "subject_id": subject,
                "assigned": bool(case) and self.assigned(a, case, when),
                "allowed": allowed,
                "purpose": purpose or "investigation",
                "count": count,
                "workflow": workflow,
                "request_id": request,
            }
        )
        return eid

    def page(self, a: Agent, when: datetime, case: str, purpose: str) -> None:
        """A list page: one request, 8-20 items, some hidden from this officer."""
        self.req += 1
        rid = f"rq{self.seed}-{self.req}"
        for _ in range(int(self.r.integers(8, 21))):
            hidden = self.r.random() < 0.15
            self.emit(
                a, when, "list", "case_file", case, allowed=not hidden, request=rid, purpose=purpose
            )

    def confound(self, a: Agent, day: int, kind: str) -> None:
        self.labels.append(
            {"type": "confounder", "user": a.uid, "day": self.day_key(a, day), "kind": kind}
        )

    def day_key(self, a: Agent, day: int) -> str:
        return (START + timedelta(days=day)).isoformat()

    # --- ordinary work ----------------------------------------------------------------------

    def run(self) -> None:
        plan = self._confounder_plan()
        for day in range(self.days):
            weekday = (START + timedelta(days=day)).weekday()
            for a in self.agents.values():
                night = a.permanent_night or (day // 7) in a.night_weeks
                works = weekday < 5 if not a.permanent_night else weekday in (0, 1, 2, 3, 6)
                if not works or self.r.random() < 0.06:
                    continue
                self._workday(a, day, night, plan)
        self._insiders()
        self.events.sort(key=lambda e: (e["time"], e["event_id"]))

    def _session_hours(self, night: bool) -> tuple[float, float]:
        return (20.0, 30.0) if night else (8.5, 18.5)

    def _workday(self, a: Agent, day: int, night: bool, plan: dict[str, Any]) -> None:
        r = self.r
        lo, hi = self._session_hours(night)
        if night:
            self.confound(a, day, "night_shift")
        if (a.uid, day) in plan["refresh"]:
            a.terminal = f"pc-{a.uid}-{day}"
            self.confound(a, day, "device_refresh")
        training = (a.uid, day) in plan["training"]
        n = int(r.poisson(14 * a.pace * (0.3 if training else 1.0))) + 2
        purpose = "investigation"
        if a.role in ("supervisor", "auditor"):
            self._browse(a, day, lo, hi, plan)
            return
        for _ in range(n):
            when = self.at(day, float(r.uniform(lo, hi)))
            roll = r.random()
            case = str(r.choice(a.cases))
            if roll < 0.15:
                self.page(a, when, case, purpose)
            elif roll < 0.75:
                kind = str(
                    r.choice(
                        ["case_file", "subject_profile", "surveillance_media"], p=[0.6, 0.3, 0.1]
                    )
                )
                subj = str(r.choice(self.case_subjects[case])) if kind == "subject_profile" else ""
                self.emit(a, when, "read", kind, case, subj, purpose=purpose)
            elif roll < 0.95:
                subj = str(r.choice(self.case_subjects[case]))
                if r.random() < 0.08:  # an incidental name search: any desk's person
                    other = str(r.choice(list(self.case_subjects)))
                    subj = str(r.choice(self.case_subjects[other]))
                    self.emit(a, when, "search", "subject_profile", "", subj, purpose=purpose)
                else:
                    self.emit(a, when, "search", "subject_profile", case, subj, purpose=purpose)
            elif a.role in ("clerk", "analyst") or r.random() < 0.3:
                self.emit(
                    a,
                    when,
                    "export",
                    "case_file",
                    case,
                    count=int(r.integers(1, 6)),
                    purpose="report to prosecutor",
                )
        if training:
            self.confound(a, day, "training")
            for _ in range(int(r.integers(5, 15))):
                when = self.at(day, float(r.uniform(9, 16)))
                subj = str(r.choice(self.case_subjects["train-01"]))
                self.emit(a, when, "read", "subject_profile", "train-01", subj, purpose="研修")
        if (a.uid, day) in plan["oncall"]:
            self.confound(a, day, "on_call_night")
            for _ in range(int(r.integers(2, 7))):
                when = self.at(day, float(r.uniform(23, 28)))
                self.emit(a, when, "read", "case_file", str(r.choice(a.cases)), purpose="当直対応")
        if (a.uid, day) in plan["court"]:
            self.confound(a, day, "court_preparation")
            case = str(r.choice(a.cases))
            for _ in range(int(r.integers(2, 6))):
                when = self.at(day, float(r.uniform(9, 18)))
                self.emit(
                    a,
                    when,
                    "export",
                    "case_file",
                    case,
                    count=int(r.integers(10, 45)),
                    purpose="公判準備 court preparation",
                )
        if (a.uid, day) in plan["quarter"]:
            self.confound(a, day, "quarter_end")
            for _ in range(int(r.integers(2, 5))):
                when = self.at(day, float(r.uniform(13, 21)))
                self.emit(
                    a,
                    when,
                    "export",
                    "case_file",
                    str(r.choice(a.cases)),
                    count=int(r.integers(5, 30)),
                    purpose="四半期統計 quarter-end statistics",
                )
        if a.desk in plan["joint"].get(day, ()):
            self.confound(a, day, "joint_investigation")
            partner = (
                plan["joint"][day][0] if plan["joint"][day][1] == a.desk else plan["joint"][day][1]
            )
            theirs = [c for c, d in self.case_desk.items() if d == partner]
            for _ in range(int(r.integers(3, 10))):
                when = self.at(day, float(r.uniform(lo, hi)))
                self.emit(a, when, "read", "case_file", str(r.choice(theirs)), purpose="合同捜査")
        for span in self.hq.get(a.uid, []):
            if span["since"] <= self.at(day, 12) < span["until"] + timedelta(days=3):
                self.confound(a, day, "joint_hq")
                for _ in range(int(r.integers(6, 16))):
                    when = self.at(day, float(r.uniform(lo, hi)))
                    kind = str(r.choice(["case_file", "subject_profile"]))
                    self.emit(a, when, "read", kind, span["case_id"], purpose="合同捜査本部")
        if a.role == "lead" and r.random() < 0.15:
            self.confound(a, day, "dissemination")
            when = self.at(day, float(r.uniform(10, 17)))
            for _ in range(int(r.integers(4, 14))):
                self.emit(
                    a,
                    when,
                    "export",
                    "case_file",
                    str(r.choice(a.cases)),
                    workflow="trace",
                    purpose="情報共有 dissemination",
                )
        self._operation_team(a, day)

    def _browse(self, a: Agent, day: int, lo: float, hi: float, plan: dict[str, Any]) -> None:
        r = self.r
        auditing = a.role == "auditor" and plan["audit"].get(day)
        if a.role == "auditor" and not auditing:
            n = int(r.integers(2, 8))
            pool = [c for c in self.case_desk if self.case_desk[c] != "academy"]
        elif auditing:
            self.confound(a, day, "audit")
            n = int(r.integers(40, 120))
            pool = [c for c, d in self.case_desk.items() if d == auditing]
        else:
            self.confound(a, day, "wide_browser")
            n = int(r.integers(20, 70))
            pool = [c for c in self.case_desk if self.case_desk[c] != "academy"]
        for _ in range(n):
            when = self.at(day, float(r.uniform(lo, hi)))
            case = str(r.choice(pool))
            kind = str(r.choice(["case_file", "subject_profile"], p=[0.7, 0.3]))
            self.emit(
                a,
                when,
                "read",
                kind,
                case,
                purpose="監督 supervision" if not auditing else "監査 audit",
            )
        if a.role == "supervisor":
            for op in self.ops:
                hours = (op["start"] - self.at(day, 12)).total_seconds() / 3600
                if 0 < hours < 60 and r.random() < 0.3:
                    when = self.at(day, float(r.uniform(lo, hi)))
                    if when < op["start"]:
                        self.emit(
                            a,
                            when,
                            "read",
                            "raid_plan",
                            op["case_id"],
                            workflow="approval",
                            purpose="作戦承認 approval",
                        )

    def _operation_team(self, a: Agent, day: int) -> None:
        r = self.r
        for op in self.ops:
            if op["case_id"] not in a.cases:
                continue
            ahead = (op["start"] - self.at(day, 12)).days
            if 0 <= ahead < 6 and r.random() < 0.6:
                when = self.at(day, float(r.uniform(9, 18)))
                if when >= op["start"]:
                    continue
                self.emit(a, when, "read", "raid_plan", op["case_id"], purpose="作戦準備")
                self.emit(
                    a,
                    when + timedelta(minutes=4),
                    "search",
                    "target_list",
                    op["case_id"],
                    str(r.choice(op["targets"])),
                    purpose="作戦準備",
                )

    def _confounder_plan(self) -> dict[str, Any]:
        r = self.r
        officers = [a for a in self.agents.values() if a.desk in DESKS]
        plan: dict[str, Any] = {
            "refresh": set(),
            "training": set(),
            "oncall": set(),
            "court": set(),
            "quarter": set(),
            "joint": {},
            "audit": {},
        }
        # Device refresh: desk by desk from day 30, each officer on some day of a 10-day span.
        for k, desk in enumerate(DESKS[:4]):
            for a in officers:
                if a.desk == desk:
                    plan["refresh"].add((a.uid, 30 + 10 * k + int(r.integers(0, 10))))
        for a in officers:
            for _ in range(int(r.poisson(1.2))):
                plan["training"].add((a.uid, int(r.integers(10, self.days))))
            for _ in range(int(r.poisson(1.5))):
                plan["oncall"].add((a.uid, int(r.integers(5, self.days))))
            if a.role == "investigator" and r.random() < 0.3:
                plan["court"].add((a.uid, int(r.integers(10, self.days))))
            if a.role in ("clerk", "analyst"):
                for end in (84, 85, 86):  # the last days of the quarter (end of March)
                    if r.random() < 0.7:
                        plan["quarter"].add((a.uid, end))
        for day in r.choice(np.arange(10, self.days), 8, replace=False).tolist():
            pair = r.choice(len(DESKS), 2, replace=False)
            plan["joint"][int(day)] = (DESKS[pair[0]], DESKS[pair[1]])
        for k, day in enumerate(range(40, 40 + 5 * 7, 7)):
            for offset in range(5):
                plan["audit"][day + offset] = DESKS[k % len(DESKS)]
        # Joint headquarters: 10 officers of other desks on one case for 14 days, twice.
        for first in (25, 70):
            case = str(r.choice([c for c in self.case_desk if c != "train-01"]))
            outsiders = [a for a in officers if a.desk != self.case_desk[case]]
            for idx in r.choice(len(outsiders), 10, replace=False).tolist():
                a = outsiders[idx]
                span = {
                    "case_id": case,
                    "since": self.at(first, 0),
                    "until": self.at(first + 14, 0),
                }
                self.spans.setdefault(a.uid, []).append(span)
                self.hq.setdefault(a.uid, []).append(span)
        for a in officers:
            for day in range(self.days):
                if (a.uid, day) in plan["training"]:
                    self.spans.setdefault(a.uid, []).append(
                        {
                            "case_id": "train-01",
                            "since": self.at(day, 0),
                            "until": self.at(day + 1, 0),
                        }
                    )
        return plan

    # --- insiders ---------------------------------------------------------------------------

    def _insiders(self) -> None:
        r = self.r
        pool = [a for a in self.agents.values() if a.desk in DESKS and a.role != "lead"]
        chosen = r.choice(len(pool), 18, replace=False).tolist()
        for k, idx in enumerate(chosen):
            a = pool[idx]
            scenario = k // 3 + 1
            first_day = int(r.integers(35, self.days - 20))
            make = getattr(self, f"_s{scenario}")
            ids = make(a, first_day)
            if ids:
                self.labels.append(
                    {"type": "insider", "user": a.uid, "scenario": f"S{scenario}", "event_ids": ids}
                )

    def _others(self, a: Agent) -> list[str]:
        return [c for c, d in self.case_desk.items() if d not in (a.desk, "academy")]

    def _s1(self, a: Agent, day: int) -> list[str]:
        r, ids = self.r, []
        start = float(r.uniform(20.5, 23.0))
        for j in range(int(r.integers(2, 6))):
            case = str(r.choice(self._others(a) if r.random() < 0.6 else a.cases))
            when = self.at(day, start + 0.4 * j)
            ids.append(
                self.emit(
                    a,
                    when,
                    "export",
                    "case_file",
                    case,
                    count=int(r.integers(10, 50)),
                    purpose="investigation",
                )
            )
        return ids

    def _s2(self, a: Agent, day: int) -> list[str]:
        r, ids = self.r, []
        for d in range(day, day + 16):
            if (START + timedelta(days=d)).weekday() >= 5:
                continue
            for _ in range(int(r.integers(2, 6))):
                case = str(r.choice(self._others(a)))
                kind = str(r.choice(["case_file", "subject_profile"]))
                subj = str(r.choice(self.case_subjects[case])) if kind == "subject_profile" else ""
                ids.append(
                    self.emit(
                        a,
                        self.at(d, float(r.uniform(9, 18))),
                        "read",
                        kind,
                        case,
                        subj,
                        purpose="investigation",
                    )
                )
        return ids

    def _s3(self, a: Agent, day: int) -> list[str]:
        r = self.r
        ops = [
            o
            for o in self.ops
            if o["case_id"] not in a.cases and self.at(day, 0) < o["start"] - timedelta(hours=30)
        ]
        if not ops:
            return []
        op = ops[0]
        first = op["start"] - timedelta(hours=float(r.uniform(20, 90)))
        ids = []
        for j, target in enumerate(op["targets"][: int(r.integers(2, 5))]):
            when = first + timedelta(minutes=int(r.integers(2, 40)) * (j + 1))
            ids.append(
                self.emit(
                    a, when, "search", "target_list", op["case_id"], target, purpose="investigation"
                )
            )
        return ids

    def _s4(self, a: Agent, day: int) -> list[str]:
        r, ids = self.r, []
        new = f"pc-{a.uid}-x{day}"
        for d in (day, day + 1):
            for _ in range(int(r.integers(3, 9))):
                self.emit(
                    a,
                    self.at(d, float(r.uniform(9, 17))),
                    "read",
                    "case_file",
                    str(r.choice(a.cases)),
                    terminal=new,
                )
        for _ in range(int(r.integers(3, 7))):
            case = str(r.choice(a.cases + self._others(a)[:5]))
            ids.append(
                self.emit(
                    a,
                    self.at(day + 1, float(r.uniform(12, 19))),
                    "export",
                    "case_file",
                    case,
                    count=int(r.integers(5, 25)),
                    terminal=new,
                )
            )
        return ids

    def _s5(self, a: Agent, day: int) -> list[str]:
        r = self.r
        ops = [
            o
            for o in self.ops
            if o["case_id"] not in a.cases and self.at(day, 0) < o["start"] - timedelta(hours=70)
        ]
        if not ops:
            return []
        op = ops[0]
        allowed = r.random() < 0.6
        ids = []
        for _ in range(int(r.integers(1, 4))):
            when = op["start"] - timedelta(hours=float(r.uniform(10, 60)))
            kind = str(r.choice(["raid_plan", "surveillance_media"]))
            ids.append(self.emit(a, when, "read", kind, op["case_id"], allowed=allowed))
        return ids

    def _s6(self, a: Agent, day: int) -> list[str]:
        r, ids = self.r, []
        for d in range(day, day + 10):
            if (START + timedelta(days=d)).weekday() < 5 and r.random() < 0.7:
                for _ in range(int(r.integers(1, 3))):
                    ids.append(
                        self.emit(
                            a,
                            self.at(d, float(r.uniform(10, 18))),
                            "export",
                            "surveillance_media",
                            str(r.choice(a.cases)),
                        )
                    )
        return ids

    # --- output ----------------------------------------------------------------------------

    def directory(self) -> dict[str, Any]:
        officers = []
        for a in self.agents.values():
            officers.append(
                {
                    "user": a.uid,
                    "desk": a.desk,
                    "role": a.role,
                    "shift": "night" if a.permanent_night else "day",
                    "person_id": f"self-{a.uid}",
                    "workdays": [0, 1, 2, 3, 6] if a.permanent_night else [0, 1, 2, 3, 4],
                }
            )
        return {
            "type": "directory",
            "officers": officers,
            "cases": [
                {"case_id": c, "desk": d, "subjects": sorted(set(self.case_subjects[c]))}
                for c, d in self.case_desk.items()
            ],
            "assignments": {a.uid: a.cases for a in self.agents.values() if a.cases},
            "spans": {
                u: [
                    {
                        "case_id": s["case_id"],
                        "since": s["since"].isoformat(),
                        "until": s["until"].isoformat(),
                    }
                    for s in spans
                ]
                for u, spans in self.spans.items()
            },
            "operations": [{**o, "start": o["start"].isoformat()} for o in self.ops],
        }

    def write(self, out: Path) -> tuple[Path, Path]:
        out.mkdir(parents=True, exist_ok=True)
        events, labels = out / "events.jsonl", out / "labels.jsonl"
        with events.open("w") as f:
            f.write(
                json.dumps(
                    {
                        "type": "world",
                        "start": (START - timedelta(days=1)).isoformat(),
                        "days": self.days + 2,
                    }
                )
                + "\n"
            )
            f.write(json.dumps(self.directory(), ensure_ascii=False) + "\n")
            for e in self.events:
                f.write(json.dumps({**e, "time": e["time"].isoformat()}, ensure_ascii=False) + "\n")
        with labels.open("w") as f:
            for line in self.labels:
                f.write(json.dumps(line) + "\n")
        return events, labels


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=101)
    parser.add_argument("--officers", type=int, default=300)
    parser.add_argument("--days", type=int, default=120)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    world = World(args.seed, args.officers, args.days)
    world.run()
    events, labels = world.write(args.out)
    print(f"{len(world.events)} events -> {events}; labels -> {labels}")


if __name__ == "__main__":
    main()
