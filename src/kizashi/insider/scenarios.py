"""Labelled insider scenarios and benign confounders, injected into a generator's log.

Each scenario makes a few insiders who keep doing their normal work and, from a start day,
also do one kind of harm; the label keeps the ids of the harmful events and the time of the
first one (detection time is measured from it).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import partial
from typing import Any

from kizashi.insider.events import Directory, Officer, Operation
from kizashi.insider.generator import ConfounderLabel, Generator, InsiderLabel

Plan = Callable[[Generator, Officer, int, dict[str, Any]], list[str]]


def _pick(gen: Generator, ok: Callable[[Officer], bool]) -> Officer:
    candidates = [
        o
        for u, o in sorted(gen.directory.officers.items())
        if u not in gen.busy and o.desk in gen.desk_cases and ok(o)
    ]
    officer = gen.rng.choice(candidates)
    gen.busy.add(officer.user)
    return officer


def _not_on_case(directory: Directory, case_id: str, o: Officer) -> bool:
    return case_id not in directory.assignments.get(o.user, frozenset())


def _ordinary(day_only: bool, o: Officer) -> bool:
    return o.role != "supervisor" and (not day_only or o.shift == "day")


def _other_desk(desk: str, o: Officer) -> bool:
    return o.desk != desk and o.role != "supervisor"


def _workdays(gen: Generator, officer: Officer, first: int, count: int) -> list[int]:
    days = [i for i in range(first, gen.days) if gen.day(i).weekday() in officer.workdays]
    return days[:count]


def _desk_case(gen: Generator, officer: Officer, unassigned_share: float) -> str:
    cases = gen.desk_cases[officer.desk]
    mine = sorted(gen.directory.assignments.get(officer.user, frozenset()))
    if mine and gen.rng.random() >= unassigned_share:
        return gen.rng.choice(mine)
    return gen.rng.choice([c for c in cases if c not in mine] or cases)


def after_hours_bulk_export(gen: Generator, o: Officer, day: int, p: dict[str, Any]) -> list[str]:
    ids: list[str] = []
    for index in [day] + ([day + 2] if gen.rng.random() < 0.5 else []):
        when = gen.shift_time(o, gen.day(index)).replace(hour=21, minute=30)
        when += timedelta(minutes=gen.rng.uniform(0, 120))
        for _ in range(gen.span(p["exports"])):
            when += timedelta(minutes=gen.rng.uniform(2, 15))
            kind = gen.rng.choice(["case_file", "surveillance_media", "subject_profile"])
            ids.append(
                gen.case_event(
                    when,
                    o.user,
                    _desk_case(gen, o, 0.7),
                    kind,
                    "export",
                    count=gen.span(p["records"]),
                )
            )
    return ids


def low_slow_outside_section(gen: Generator, o: Officer, day: int, p: dict[str, Any]) -> list[str]:
    others = [c for c, desk in sorted(gen.directory.case_desk.items()) if desk != o.desk]
    ids: list[str] = []
    for index in _workdays(gen, o, day, int(p["days"])):
        for _ in range(gen.span(p["reads"])):
            kind = gen.rng.choice(["case_file", "subject_profile"])
            ids.append(
                gen.case_event(
                    gen.shift_time(o, gen.day(index)), o.user, gen.rng.choice(others), kind, "read"
                )
            )
    return ids


def _operation_for(gen: Generator, day: int) -> Operation:
    lo, hi = gen.cfg["start_window"]
    ops = [
        op
        for op in gen.directory.operations
        if gen.day(max(lo, day - 2)) <= op.start.date() <= gen.day(min(hi + 4, gen.days - 1))
    ]
    return gen.rng.choice(ops or gen.directory.operations)


def imminent_target_lookup(gen: Generator, o: Officer, day: int, p: dict[str, Any]) -> list[str]:
    op: Operation = p["operation"]
    first = op.start - timedelta(hours=gen.span(p["lead_hours"]))
    ids: list[str] = []
    targets = sorted(op.targets)
    # One sitting to look up the targets, then a check or two closer to the day.
    times = [
        first + timedelta(minutes=gen.rng.uniform(0, 90) * (k > 0))
        for k in range(gen.span(p["lookups"]))
    ]
    times += [
        first + (op.start - first - timedelta(hours=2)) * gen.rng.random()
        for _ in range(gen.span([0, 2]))
    ]
    times.sort()
    for when in times:
        subject = gen.rng.choice(targets)
        if gen.rng.random() < 0.5:
            ids.append(
                gen.emit(
                    when,
                    o.user,
                    "search",
                    "subject_profile",
                    subject_id=subject,
                    purpose="investigation",
                )
            )
        else:
            ids.append(
                gen.emit(
                    when,
                    o.user,
                    "read",
                    "subject_profile",
                    case_id=op.case_id,
                    subject_id=subject,
                    purpose="investigation",
                )
            )
    return ids


def new_device_exports(gen: Generator, o: Officer, day: int, p: dict[str, Any]) -> list[str]:
    device = f"X-{o.user}"
    when = gen.shift_time(o, gen.day(day)).replace(hour=9 if o.shift == "day" else 20, minute=0)
    for _ in range(3):  # the new device is used for ordinary work first
        gen.case_event(when, o.user, _desk_case(gen, o, 0.0), "case_file", "read", device=device)
        when += timedelta(minutes=gen.rng.uniform(5, 30))
    when += timedelta(hours=gen.rng.uniform(1, 4))
    ids: list[str] = []
    for _ in range(gen.span(p["exports"])):
        when += timedelta(minutes=gen.rng.uniform(5, 40))
        kind = gen.rng.choice(["case_file", "surveillance_media", "subject_profile"])
        ids.append(
            gen.case_event(
                when,
                o.user,
                _desk_case(gen, o, 0.5),
                kind,
                "export",
                device=device,
                count=gen.span(p["records"]),
            )
        )
    return ids


def raid_material_unassigned(gen: Generator, o: Officer, day: int, p: dict[str, Any]) -> list[str]:
    op: Operation = p["operation"]
    when = op.start - timedelta(hours=gen.span(p["lead_hours"]))
    ids: list[str] = []
    for _ in range(gen.span(p["reads"])):
        kind = gen.rng.choice(["raid_plan", "target_list", "surveillance_media"])
        ids.append(gen.case_event(when, o.user, op.case_id, kind, "read"))
        when = min(when + timedelta(minutes=gen.rng.uniform(5, 90)), op.start - timedelta(hours=1))
    return ids


def own_case_leak(gen: Generator, o: Officer, day: int, p: dict[str, Any]) -> list[str]:
    mine = sorted(gen.directory.assignments[o.user])
    case_id = gen.rng.choice(mine)
    ids: list[str] = []
    for index in _workdays(gen, o, day, int(p["days"])):
        for _ in range(gen.span(p["extra_exports"])):
            action = gen.rng.choice(["export", "print"])
            ids.append(
                gen.case_event(
                    gen.shift_time(o, gen.day(index)), o.user, case_id, "surveillance_media", action
                )
            )
    return ids


SCENARIOS: dict[str, Plan] = {
    "after_hours_bulk_export": after_hours_bulk_export,
    "low_slow_outside_section": low_slow_outside_section,
    "imminent_target_lookup": imminent_target_lookup,
    "new_device_exports": new_device_exports,
    "raid_material_unassigned": raid_material_unassigned,
    "own_case_leak": own_case_leak,
}


def inject_insiders(gen: Generator) -> list[InsiderLabel]:
    labels: list[InsiderLabel] = []
    lo, hi = gen.cfg["start_window"]
    for spec in gen.cfg["scenarios"]:
        for _ in range(int(spec["insiders"])):
            params, day = dict(spec), gen.span([lo, hi])
            if spec["name"] in ("imminent_target_lookup", "raid_material_unassigned"):
                op = params["operation"] = _operation_for(gen, day)
                officer = _pick(gen, partial(_not_on_case, gen.directory, op.case_id))
            else:
                day_only = spec["name"] == "after_hours_bulk_export"  # after *their* hours
                officer = _pick(gen, partial(_ordinary, day_only))
                day = _workdays(gen, officer, day, 1)[0]
            mark = len(gen.events)
            ids = SCENARIOS[spec["name"]](gen, officer, day, params)
            harmful = frozenset(ids)
            first = min(e.time for e in gen.events[mark:] if e.event_id in harmful)
            labels.append(InsiderLabel(officer.user, int(spec["id"]), spec["name"], first, harmful))
    return labels


def plan_confounders(gen: Generator) -> dict[str, Any]:
    """Pick who meets a benign confounder, and when, before the days are generated."""
    cfg, rng = gen.cfg["confounders"], gen.rng
    hq: dict[str, tuple[str, int, int]] = {}
    for _ in range(int(cfg["joint_hq"]["count"])):
        case_id = rng.choice(sorted(gen.directory.case_desk))
        first = gen.span([15, gen.days - 12])
        desk = gen.directory.case_desk[case_id]
        for _ in range(int(cfg["joint_hq"]["officers"])):
            officer = _pick(gen, partial(_other_desk, desk))
            hq[officer.user] = (case_id, first, first + int(cfg["joint_hq"]["days"]))
    desks = rng.sample(sorted(gen.desk_cases), int(cfg["device_refresh"]["desks"]))
    for desk in desks:
        when = gen.day(gen.span([15, gen.days - 5]))
        for o in gen.directory.officers.values():
            if o.desk == desk:
                gen.device[o.user].append((when, f"T-{o.user}-2"))
                gen.confounders.append(ConfounderLabel(o.user, when, "device_refresh"))
    court: dict[str, int] = {}
    for _ in range(int(cfg["court_preparation"]["count"])):
        officer = _pick(gen, partial(_ordinary, False))
        court[officer.user] = _workdays(gen, officer, gen.span([15, gen.days - 3]), 1)[0]
    return {"hq": hq, "court": court}


def confounder_day(gen: Generator, o: Officer, index: int, plan: dict[str, Any]) -> float:
    """Add a confounder's extra events for one working day; returns the volume boost."""
    cfg, day = gen.cfg["confounders"], gen.day(index)
    if o.shift == "night":
        gen.confounders.append(ConfounderLabel(o.user, day, "night_shift"))
    if o.role == "supervisor":
        gen.confounders.append(ConfounderLabel(o.user, day, "wide_browser"))
    boost = 1.0
    if o.user in plan["hq"]:
        case_id, first, last = plan["hq"][o.user]
        if first <= index < last:
            gen.confounders.append(ConfounderLabel(o.user, day, "joint_hq"))
            boost = float(cfg["joint_hq"]["volume"])
            for _ in range(
                int(gen.span(gen.cfg["activity"]["events_per_day"]) * cfg["joint_hq"]["share"])
            ):
                kind = gen.rng.choice(["case_file", "subject_profile", "surveillance_media"])
                gen.emit(
                    gen.shift_time(o, day),
                    o.user,
                    "read",
                    kind,
                    case_id=case_id,
                    assigned=True,
                    purpose="investigation",
                )
    if plan["court"].get(o.user) == index:
        gen.confounders.append(ConfounderLabel(o.user, day, "court_preparation"))
        case_id = sorted(gen.directory.assignments[o.user])[0]
        for _ in range(gen.span(cfg["court_preparation"]["exports"])):
            gen.emit(
                gen.shift_time(o, day),
                o.user,
                "export",
                "case_file",
                case_id=case_id,
                assigned=True,
                purpose="court_preparation",
                count=gen.span(cfg["court_preparation"]["records"]),
            )
    return boost
