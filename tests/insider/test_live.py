"""Insider analytics over the real audit log: accesses through the guard, a run, the queue.

Five analysts of one desk work two weeks; two of them are on case T-1, whose operation
«OP» (a compartment holding its two targets) starts on day 12 at 06:00. The evening before,
off shift, analyst `eve` (on another case) looks up the targets and tries to export the
case's surveillance stills. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import Engine, func, select

from kizashi.errors import NotFoundError
from kizashi.guard import AuditLog, Guard
from kizashi.guard.identity import (
    User,
    add_item,
    add_member,
    assign_case,
    create_case,
    create_compartment,
    create_user,
    label_material,
    set_operation,
    subject_key,
    sync_desks,
)
from kizashi.insider import get_insider_alert, list_insider_alerts
from kizashi.insider.demo import ANALYTICS_RUN as ANALYTICS
from kizashi.insider.events import JST
from kizashi.insider.service import run_insiders
from kizashi.store.tables_guard import insider_alerts

FIRST = date(2026, 10, 5)  # a Monday
RAID = datetime(2026, 10, 16, 6, 0, tzinfo=JST)
TARGETS = [subject_key("account", "@target_one"), subject_key("account", "@target_two")]
ANALYSTS = ("ann", "bob", "cat", "dan", "eve")


class Clock:
    def __init__(self) -> None:
        self.now = datetime.combine(FIRST, time(9), JST)

    def __call__(self) -> datetime:
        return self.now


@dataclass
class World:
    guard: Guard
    clock: Clock
    users: dict[str, User]


def _world(engine: Engine, audit_log: AuditLog) -> World:
    with engine.begin() as c:
        sync_desks(c)
        users = {n: create_user(c, n, role="analyst", desk="tokuryu") for n in ANALYSTS}
        users["lead"] = create_user(c, "lead", role="desk_lead", desk="tokuryu")
        users["inspector"] = create_user(c, "inspector", role="analyst", desk="inspection")
        users["admin"] = create_user(c, "admin", role="admin")
        create_case(c, "T-1", desk="tokuryu")
        create_case(c, "T-2", desk="tokuryu")
        for name in ("ann", "bob"):
            assign_case(c, "T-1", name)
        for name in ("cat", "dan", "eve"):
            assign_case(c, "T-2", name)
        create_compartment(
            c, "OP", desk="tokuryu", valid_from=RAID - timedelta(days=20), valid_until=RAID
        )
        for name in ("ann", "bob"):
            add_member(c, "OP", name)
        for target in TARGETS:
            add_item(c, "OP", "subject", target)
        set_operation(c, "OP", starts_at=RAID, case_ref="T-1")
        for still in ("IMG_1", "IMG_2"):
            label_material(c, "media", still, desk="tokuryu", case_ref="T-1")
    clock = Clock()
    return World(Guard(engine, audit_log, clock=clock), clock, users)


def _work(world: World, *, insider: bool) -> None:
    guard, rng = world.guard, random.Random(3)
    day = FIRST
    while day < RAID.date():
        if day.weekday() < 5:
            for name in ANALYSTS:
                for _ in range(4):
                    world.clock.now = datetime.combine(day, time(9), JST) + timedelta(
                        minutes=rng.randint(0, 480)
                    )
                    subject = guard.load("subject", subject_key("person", f"p{rng.randint(1, 9)}"))
                    guard.decide(world.users[name], "search", subject, "case work", terminal=name)
                if name in ("ann", "bob"):
                    target = guard.load("subject", TARGETS[rng.randrange(2)])
                    guard.decide(world.users[name], "search", target, "operation OP prep")
        day += timedelta(days=1)
    if insider:
        world.clock.now = RAID - timedelta(hours=8)  # 22:00 the evening before
        for target in TARGETS:
            guard.decide(world.users["eve"], "search", guard.load("subject", target), "checking")
        media = guard.load_material("media", "IMG_1", found=True)
        guard.decide(world.users["eve"], "export", media, "background check", terminal="eve")


def test_an_insider_is_alerted_with_an_explanation_and_colleagues_stay_quiet(
    engine: Engine, audit_log: AuditLog
) -> None:
    world = _world(engine, audit_log)
    _work(world, insider=True)
    summary = run_insiders(world.guard, actor=ANALYTICS, now=RAID + timedelta(days=1))
    assert summary.events > 200 and summary.alerts == 1
    inspector = world.users["inspector"]
    [alert] = list_insider_alerts(world.guard, inspector, "inspection review")
    assert (alert["user"], alert["day"]) == ("eve", "2026-10-15")
    rules = {hit["rule_id"] for hit in alert["rules"]}
    assert rules == {"NTK-RAID-72H", "NTK-SURV-EXPORT", "NTK-TARGET-72H"}
    # Every attempt was refused: evidence in the ranked queue, not the immediate lane.
    assert alert["lane"] == "queue" and not any(hit["allowed"] for hit in alert["rules"])
    assert (
        "規則 NTK-RAID-72H" in alert["explanation_ja"]
        and "拒否された試み" in alert["explanation_ja"]
    )
    explanation = alert["explanation"]
    assert explanation.startswith("eve on 2026-10-15")
    assert (
        "search (refused) of target_list of unassigned case T-1, 8.0 h before operation «OP»"
        in explanation
    )
    assert "imminent_target_lookups = 2" in explanation
    # The audit entries behind each rule are named, so an inspector can prove them.
    assert all(hit["event_id"].startswith("audit-") for hit in alert["rules"])
    assert get_insider_alert(world.guard, inspector, alert["id"], "review")["id"] == alert["id"]


def test_a_second_run_does_not_duplicate_alerts(engine: Engine, audit_log: AuditLog) -> None:
    world = _world(engine, audit_log)
    _work(world, insider=True)
    for _ in range(2):
        run_insiders(world.guard, actor=ANALYTICS, now=RAID + timedelta(days=1))
    with engine.connect() as c:
        assert c.execute(select(func.count()).select_from(insider_alerts)).scalar_one() == 1


def test_no_insider_no_alert(engine: Engine, audit_log: AuditLog) -> None:
    world = _world(engine, audit_log)
    _work(world, insider=False)
    assert run_insiders(world.guard, actor=ANALYTICS, now=RAID + timedelta(days=1)).alerts == 0


def test_only_the_inspection_desk_sees_the_queue(engine: Engine, audit_log: AuditLog) -> None:
    world = _world(engine, audit_log)
    _work(world, insider=True)
    run_insiders(world.guard, actor=ANALYTICS, now=RAID + timedelta(days=1))
    [alert] = list_insider_alerts(world.guard, world.users["inspector"], "inspection review")
    for reader in ("admin", "lead", "ann", "eve"):
        assert list_insider_alerts(world.guard, world.users[reader], "curious") == []
        # The same answer for a real id and a made-up one.
        for alert_id in (alert["id"], "00000000-0000-0000-0000-000000000000"):
            with pytest.raises(NotFoundError, match="no such insider alert"):
                get_insider_alert(world.guard, world.users[reader], alert_id, "curious")


def test_hidden_items_of_a_list_are_not_attempts_but_refused_reads_are() -> None:
    from kizashi.insider.repository import event_of_leaf

    def leaf(action: str, effect: str) -> dict[str, object]:
        return {
            "action": action,
            "actor": "u1",
            "time": "2026-10-15T13:00:00.000000Z",
            "purpose": "p",
            "decision": {"effect": effect, "reason": ""},
            "context": {"kind": "case_file", "case_id": "c1", "assigned": False},
        }

    assert event_of_leaf(1, leaf("list", "deny")) is None
    assert event_of_leaf(2, leaf("list", "allow")) is not None
    refused = event_of_leaf(3, leaf("read", "deny"))
    assert refused is not None and not refused.allowed and refused.event_id == "audit-3"
    assert event_of_leaf(4, leaf("write", "allow")) is None


def test_a_desks_own_work_on_a_rest_day_is_not_off_shift_but_other_access_is(
    engine: Engine, audit_log: AuditLog
) -> None:
    """The demo's share stage, in small: on a Saturday (a rest day of her Mon-Fri roster)
    ann works her desk's alert, drafts a product and sends it once the lead approved it;
    cat, on the same Saturday morning, looks up people. Ann's is the desk's work (as her
    own case would be), cat's is off shift."""
    from kizashi.guard.policy import Resource

    world = _world(engine, audit_log)
    _work(world, insider=False)
    guard, ann, cat = world.guard, world.users["ann"], world.users["cat"]
    saturday = datetime(2026, 10, 17, 9, 30, tzinfo=JST)
    assert saturday.weekday() == 5
    alert = Resource("alert", "A-1", desk="tokuryu")
    draft = Resource("product", "P-1", desk="tokuryu", author=ann.id, approved=False)
    approved = Resource("product", "P-1", desk="tokuryu", author=ann.id, approved=True)
    steps = [("read", alert), ("read", draft), ("read", alert), ("read", draft)]
    steps += [("read", draft), ("read", alert), ("export", approved), ("read", approved)]
    for minute, (action, resource) in enumerate(steps):
        world.clock.now = saturday + timedelta(minutes=20 * minute)
        assert guard.decide(ann, action, resource, "advisory to partners", terminal="ann").allowed
        person = guard.load("subject", subject_key("person", f"stranger{minute}"))
        guard.decide(cat, "search", person, "curious", terminal="cat")
    run_insiders(world.guard, actor=ANALYTICS, now=saturday + timedelta(days=1))
    alerts = list_insider_alerts(world.guard, world.users["inspector"], "inspection review")
    assert [(a["user"], a["day"]) for a in alerts] == [("cat", "2026-10-17")]
    assert "off_shift = 8" in alerts[0]["explanation"]


def test_copies_are_disseminations_and_desk_work_is_read_back() -> None:
    from kizashi.insider.repository import event_of_leaf

    def leaf(resource_type: str, context: dict[str, object]) -> dict[str, object]:
        return {
            "action": "export",
            "actor": "u1",
            "time": "2026-10-15T13:00:00.000000Z",
            "purpose": "p",
            "decision": {"effect": "allow", "reason": ""},
            "resource": {"type": resource_type, "id": "x"},
            "context": context,
        }

    # trace's per-recipient copies are logged as resource "copy": a dissemination.
    copy = event_of_leaf(1, leaf("copy", {"kind": "raid_plan"}))
    assert copy is not None and copy.workflow == "trace"
    report = event_of_leaf(2, leaf("report", {}))
    assert report is not None and report.workflow == "" and not report.desk_work
    sent = event_of_leaf(3, leaf("product", {"workflow": "approval", "desk_work": True}))
    assert sent is not None and sent.workflow == "approval" and sent.desk_work
