"""The demo's insider: four weeks of officers at work through the real guard, and one leak.

The story is the demo's seized chat (`raid-leak-seized-chat`): at 23:12 on 21 October a
recruiter warns the group that the flat at サンハイツ大山203 will be searched the next
morning and forwards three police surveillance stills (IMG_0412-0414). Here is the other
side. The special-investigation desk (tokuryu) plans the search as operation «OP-OYAMA»,
a compartment of case T-2026-031 whose members are the three officers assigned. Officer
kuroda works on another case of the same desk. On the evening before the search, off
shift, he looks up the operation's targets and tries to take the case's surveillance
stills. The guard refuses him and tells the desk lead; insider analytics, run over the
audit log, raises an alert that explains itself. Everyone else works as usual (reads and
lists of their own material, subject searches, court-preparation exports, a night shift
in the command centre) and stays quiet.

Every access is decided and logged by :class:`kizashi.guard.Guard` with a simulated clock,
so the audit log holds the four weeks as if they had happened. Deterministic for a seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Engine, select

from kizashi.guard.audit import AuditLog
from kizashi.guard.identity import (
    User,
    add_item,
    add_member,
    assign_case,
    create_case,
    create_compartment,
    create_user,
    get_user,
    label_material,
    set_operation,
    set_roster,
    subject_key,
    sync_desks,
)
from kizashi.guard.policy import Guard, Resource
from kizashi.insider.events import JST
from kizashi.store import reports, transaction

FIRST_DAY = date(2026, 9, 28)  # a Monday; four weeks to the search and two days after
LAST_DAY = date(2026, 10, 23)
SEARCH_AT = datetime(2026, 10, 22, 6, 0, tzinfo=JST)
RUN_AT = datetime(2026, 10, 24, 0, 0, tzinfo=JST)
# The demo's analytics run is the host's batch job (HOST-1), as `kizashi guard insiders run`.
ANALYTICS_RUN = User(
    id="demo:insider-analytics",
    name="demo:insider-analytics",
    role="command_centre",
    display_name="insider analytics (demo)",
    local=True,
)
INSIDER = "kuroda"
STILLS = ("IMG_0410.jpg", "IMG_0411.jpg", "IMG_0412.jpg", "IMG_0413.jpg", "IMG_0414.jpg")
TARGETS = (
    ("account", "@ren_ren_88"),
    ("account", "@king_0x"),
    ("address", "板橋区大山町サンハイツ大山203"),
)

# name: (desk, role, case refs, shift). Cases: (ref, desk, channel of its reports).
OFFICERS: dict[str, tuple[str, str, tuple[str, ...], str]] = {
    "tanaka": ("tokuryu", "desk_lead", (), "day"),
    "sato": ("tokuryu", "analyst", ("T-2026-031",), "day"),
    "suzuki": ("tokuryu", "analyst", ("T-2026-031",), "day"),
    "takahashi": ("tokuryu", "analyst", ("T-2026-018",), "day"),
    INSIDER: ("tokuryu", "analyst", ("T-2026-018",), "day"),
    "ito": ("tokuryu", "analyst", ("T-2026-018",), "day"),
    "yamamoto": ("fa-china", "analyst", ("C-2026-007",), "day"),
    "nakamura": ("fa-china", "analyst", ("C-2026-007",), "day"),
    "kobayashi": ("fa-china", "analyst", ("C-2026-007",), "day"),
    "yoshida": ("economic-security", "analyst", ("E-2026-012",), "day"),
    "yamada": ("economic-security", "analyst", ("E-2026-012",), "day"),
    "sasaki": ("economic-security", "analyst", ("E-2026-012",), "day"),
    "matsumoto": ("lone-offender", "command_centre", (), "day"),
    "inoue": ("lone-offender", "command_centre", (), "night"),
    "kimura": ("inspection", "desk_lead", (), "day"),
    "hayashi": ("inspection", "analyst", (), "day"),
}
CASES = {
    "T-2026-031": ("tokuryu", "seized_message", "闇バイト強盗グループ (大山)"),
    "T-2026-018": ("tokuryu", "patrol_note", "特殊詐欺 受け子ネットワーク"),
    "C-2026-007": ("fa-china", "partner_report", "半導体技術者への接触"),
    "E-2026-012": ("economic-security", "company_approach", "輸出管理違反の疑い"),
}
OPERATION_MEMBERS = ("tanaka", "sato", "suzuki")


def password_of(name: str) -> str:
    """The demo's printed password of a demo officer (never use such passwords for real)."""
    return f"demo-{name}-2026!"


@dataclass
class InsiderDemo:
    users: dict[str, dict[str, str]] = field(default_factory=dict)  # name -> desk, role, password
    decisions: int = 0
    refused: int = 0
    insider: str = INSIDER
    run: dict[str, Any] = field(default_factory=dict)
    alerts: list[dict[str, Any]] = field(default_factory=list)


def _setup(engine: Engine) -> tuple[dict[str, list[str]], str]:
    """Officers, cases, the operation's compartment and material labels; report ids by case."""
    by_case: dict[str, list[str]] = {}
    with transaction(engine) as connection:
        sync_desks(connection)
        for name, (desk, role, _cases, shift) in OFFICERS.items():
            create_user(connection, name, role=role, desk=desk, password=password_of(name))
            rota = (0, 1, 2, 3, 4) if shift == "day" else (0, 1, 2, 3, 6)
            set_roster(connection, name, shift=shift, workdays=rota)
        for ref, (desk, channel, title) in CASES.items():
            create_case(connection, ref, desk=desk, title=title)
            ids = connection.execute(
                select(reports.c.id).where(reports.c.channel == channel).order_by(reports.c.id)
            ).scalars()
            by_case[ref] = list(ids)[:12]
            for report_id in by_case[ref]:
                label_material(connection, "report", report_id, desk=desk, case_ref=ref)
        for name, (_desk, _role, refs, _shift) in OFFICERS.items():
            for ref in refs:
                assign_case(connection, ref, name)
        for still in STILLS:
            label_material(connection, "media", still, desk="tokuryu", case_ref="T-2026-031")
        create_compartment(
            connection,
            "OP-OYAMA",
            desk="tokuryu",
            valid_from=datetime(2026, 10, 1, tzinfo=JST),
            valid_until=SEARCH_AT + timedelta(days=2),
            description="search of サンハイツ大山203 (case T-2026-031)",
        )
        for name in OPERATION_MEMBERS:
            add_member(connection, "OP-OYAMA", name)
        for kind, value in TARGETS:
            add_item(connection, "OP-OYAMA", "subject", subject_key(kind, value))
        plan = by_case["T-2026-031"][0]  # the search plan is held by the operation
        add_item(connection, "OP-OYAMA", "report", plan)
        set_operation(connection, "OP-OYAMA", starts_at=SEARCH_AT, case_ref="T-2026-031")
    return by_case, plan


class _Clock:
    def __init__(self) -> None:
        self.now = datetime.combine(FIRST_DAY, time(9), JST)

    def __call__(self) -> datetime:
        return self.now


def simulate(engine: Engine, audit: AuditLog, *, seed: int = 7) -> InsiderDemo:
    """Set up the officers, play four weeks of access through the guard, run the analytics."""
    from kizashi.insider.service import run_insiders

    by_case, plan = _setup(engine)
    clock = _Clock()
    guard = Guard(engine, audit, clock=clock)
    rng = random.Random(seed)
    demo = InsiderDemo(
        users={
            name: {"desk": desk, "role": role, "password": password_of(name)}
            for name, (desk, role, _c, _s) in OFFICERS.items()
        }
    )
    with engine.connect() as connection:
        people = {name: get_user(connection, name) for name in OFFICERS}
    desk_reports: dict[str, list[str]] = {}
    for ref, (desk, _channel, _title) in CASES.items():
        desk_reports.setdefault(desk, []).extend(by_case[ref])
    unrouted = _unrouted(engine)

    def access(
        name: str, action: str, resources: list[Resource], purpose: str, at: datetime
    ) -> None:
        clock.now = at
        decisions = guard.decide_many(
            people[name], action, resources, purpose, terminal=f"ws-{name}"
        )
        demo.decisions += len(decisions)
        demo.refused += sum(not d.allowed for d in decisions)

    day = FIRST_DAY
    while day <= LAST_DAY:
        for name, (desk, role, refs, shift) in OFFICERS.items():
            if desk == "inspection" or day.weekday() not in (
                (0, 1, 2, 3, 4) if shift == "day" else (0, 1, 2, 3, 6)
            ):
                continue
            begin = time(9, 0) if shift == "day" else time(20, 30)
            for _session in range(rng.randint(2, 4)):
                at = datetime.combine(day, begin, JST) + timedelta(minutes=rng.randint(0, 8 * 60))
                pool = by_case[refs[0]] if refs else (desk_reports.get(desk) or unrouted)
                if role == "command_centre":
                    pool = unrouted
                purpose = f"case {refs[0]} analysis" if refs else "desk routine review"
                page = [guard.load("report", r) for r in rng.sample(pool, min(8, len(pool)))]
                access(name, "list", page, purpose, at)
                for report_id in rng.sample(pool, rng.randint(1, 3)):
                    at += timedelta(minutes=rng.randint(1, 12))
                    access(name, "read", [guard.load("report", report_id)], purpose, at)
                if rng.random() < 0.4:
                    at += timedelta(minutes=rng.randint(1, 9))
                    person = subject_key("person", f"{desk}-subject-{rng.randint(1, 30)}")
                    access(name, "search", [guard.load("subject", person)], purpose, at)
            if name in OPERATION_MEMBERS and day >= date(2026, 10, 12):
                _operation_work(guard, access, name, day, plan, rng)
        if day == date(2026, 10, 21):
            _the_leak(guard, access, plan)
        day += timedelta(days=1)
    summary = run_insiders(guard, actor=ANALYTICS_RUN, now=RUN_AT)
    demo.run = {
        "events": summary.events,
        "officers": summary.officers,
        "alerts": summary.alerts,
        "rule_hits": summary.rule_hits,
    }
    from kizashi.insider.queue import list_insider_alerts

    clock.now = RUN_AT
    inspector = people["kimura"]
    demo.alerts = list_insider_alerts(guard, inspector, "demo: inspection desk review")
    return demo


def _operation_work(
    guard: Guard, access: Any, name: str, day: date, plan: str, rng: random.Random
) -> None:
    """The operation's own officers prepare the search: plan, targets, stills."""
    if day.weekday() > 4 or day > SEARCH_AT.date():
        return
    at = datetime.combine(day, time(10, rng.randint(0, 59)), JST)
    purpose = "OP-OYAMA search preparation"
    access(name, "read", [guard.load("report", plan)], purpose, at)
    kind, value = TARGETS[rng.randrange(len(TARGETS))]
    access(
        name,
        "search",
        [guard.load("subject", subject_key(kind, value))],
        purpose,
        at + timedelta(minutes=5),
    )
    if rng.random() < 0.3:
        still = STILLS[rng.randrange(len(STILLS))]
        access(
            name,
            "export",
            [guard.load_material("media", still, found=True)],
            "court file for the search warrant",
            at + timedelta(minutes=20),
        )


def _the_leak(guard: Guard, access: Any, plan: str) -> None:
    """kuroda, the evening before the search, off shift, on a case that is not his."""
    at = datetime(2026, 10, 21, 21, 36, tzinfo=JST)
    purpose = "background check on an associate"
    for kind, value in TARGETS:
        access(INSIDER, "search", [guard.load("subject", subject_key(kind, value))], purpose, at)
        at += timedelta(minutes=4)
    access(INSIDER, "read", [guard.load("report", plan)], purpose, at)
    at += timedelta(minutes=7)
    for still in STILLS[2:]:
        access(INSIDER, "export", [guard.load_material("media", still, found=True)], purpose, at)
        at += timedelta(minutes=3)


def _unrouted(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(reports.c.id)
            .where(reports.c.channel == "sns_post")
            .order_by(reports.c.id)
            .limit(60)
        )
        return [str(r) for r in rows.scalars()]
