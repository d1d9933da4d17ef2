"""The guard service on a real store (SQLite and PostgreSQL): the matrix again, the audit
log written before any decision is returned, and no allow when it cannot be written."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import orjson
import pytest
from sqlalchemy import Connection, Engine, insert, select

from kizashi.guard import AuditLog, AuditWriteError
from kizashi.guard.identity.cases import (
    add_item,
    add_member,
    assign_case,
    create_case,
    create_compartment,
    label_material,
    subject_key,
)
from kizashi.guard.identity.domain import User
from kizashi.guard.identity.service import create_user, sync_desks
from kizashi.guard.policy.domain import Resource
from kizashi.guard.policy.service import Guard
from kizashi.ids import new_id
from kizashi.store.payloads import Sealer, store_payloads
from kizashi.store.tables import audit_entries, ingest_runs, reports
from kizashi.store.tables_guard import insider_alerts
from kizashi.store.tables_outreach import approachers, companies, outreach_activities
from kizashi.store.tables_resolve import entities
from kizashi.store.tables_signals import report_time_of, signals
from kizashi.store.tables_triage import alerts
from tests.guard.policy.policy_personas import NOW, PERSONAS, PURPOSE
from tests.guard.policy.test_policy_matrix import CELLS

SUBJECT = subject_key("person", "やまだ たろう")


def insert_report(
    connection: Connection,
    *,
    handling_code: str = "TLP:AMBER",
    channel: str = "patrol_note",
    source: str = "patrol",
    organisation: str | None = None,
) -> str:
    run_id, report_id = new_id(), new_id()
    now = NOW
    connection.execute(
        insert(ingest_runs).values(
            id=run_id,
            channel=channel,
            input_name="t",
            started_at=now,
            status="completed",
            rows_read=1,
            rows_stored=1,
            rows_duplicate=0,
            rows_conflicting=0,
            rows_quarantined=0,
        )
    )
    connection.execute(
        insert(reports).values(
            id=report_id,
            channel=channel,
            schema_version=1,
            source=source,
            external_id=report_id,
            received_at=now,
            reliability="B",
            credibility="2",
            handling_code=handling_code,
            purpose="p",
            legal_basis="l",
            organisation=organisation,
            ingest_run_id=run_id,
            raw_sha256="0" * 64,
            body_sha256="0" * 64,
        )
    )
    store_payloads(connection, Sealer(), [(report_id, "{}", b"{}", "")], now)
    return report_id


@dataclass
class World:
    users: dict[str, User]
    ids: dict[str, tuple[str, str]]  # matrix resource name -> (kind, id)


def build_world(engine: Engine) -> World:
    """The matrix personas and resources, stored."""
    with engine.begin() as c:
        sync_desks(c)
        users = {
            name: create_user(
                c,
                name,
                role=p.role,
                desk=p.desk,
                organisation=p.organisation,
                channels=p.channels,
            )
            for name, p in PERSONAS.items()
        }
        create_case(c, "C-1", desk="fa-russia", title="assigned")
        create_case(c, "C-2", desk="fa-russia", title="unassigned")
        assign_case(c, "C-1", "analyst_a")
        create_compartment(
            c,
            "KITE",
            desk="fa-russia",
            valid_from=NOW - timedelta(days=3),
            valid_until=NOW + timedelta(days=4),
        )
        add_member(c, "KITE", "member")
        add_member(c, "KITE", "ex_member", until=NOW - timedelta(days=1))
        ids = {
            "desk_a": insert_report(c),
            "desk_b": insert_report(c),
            "case_asg": insert_report(c),
            "case_unasg": insert_report(c),
            "raid_plan": insert_report(c),
            "seized_red": insert_report(c, handling_code="TLP:RED", channel="seized_message"),
            "x_own": insert_report(
                c, channel="partner_report", source="X Corp", organisation="X Corp"
            ),
            "y_sub": insert_report(
                c,
                handling_code="TLP:GREEN",
                channel="partner_report",
                source="Y Corp",
                organisation="Y Corp",
            ),
        }
        for name, desk, case in (
            ("desk_a", "fa-russia", None),
            ("desk_b", "fa-china", None),
            ("case_asg", "fa-russia", "C-1"),
            ("case_unasg", "fa-russia", "C-2"),
            ("raid_plan", "fa-russia", None),
            ("seized_red", "fa-russia", None),
        ):
            label_material(c, "report", ids[name], desk=desk, case_ref=case)
        add_item(c, "KITE", "report", ids["raid_plan"])
        add_item(c, "KITE", "subject", SUBJECT)
        where = {name: ("report", rid) for name, rid in ids.items()}
        where |= _other_rooms(c, users, ids["desk_a"])
    where["audit"] = ("audit_entry", "0")
    where["subject"] = ("subject", SUBJECT)
    return World(users, where)


def _other_rooms(
    c: Connection, users: dict[str, User], report_id: str
) -> dict[str, tuple[str, str]]:
    """Material of other rooms (rows in their contract tables, routed by labels), and two
    insider alerts: the new resource kinds of the matrix."""
    now = NOW
    entity_b, entity_a, alert_a, signal = new_id(), new_id(), new_id(), new_id()
    for entity in (entity_b, entity_a):
        c.execute(
            insert(entities).values(
                id=entity, kind="person", label="x", created_at=now, updated_at=now
            )
        )
    c.execute(
        insert(alerts).values(
            id=alert_a,
            entity_id=entity_a,
            desk_id="fa-russia",
            score=0.9,
            status="new",
            routing_rule="test",
            summary="s",
            explanation={},
            opened_at=now,
            updated_at=now,
        )
    )
    c.execute(
        insert(signals).values(
            id=signal,
            report_id=report_id,
            detector="text",
            model_version="t",
            score=0.5,
            scores={},
            flagged=False,
            evidence=[],
            protected=[],
            created_at=now,
            report_at=report_time_of(report_id),
        )
    )
    label_material(c, "media", "IMG_0412.jpg", desk="fa-russia", case_ref="C-2")
    label_material(c, "entity", entity_b, desk="fa-china")
    label_material(c, "copy", "cp-1", desk="fa-russia", case_ref="C-1")
    ia = {}
    for name, about in (("ia_alert", "analyst_a"), ("ia_self", "auditor")):
        ia[name] = new_id()
        c.execute(
            insert(insider_alerts).values(
                id=ia[name],
                user_id=users[about].id,
                day="2026-11-19",
                raised_at=now,
                score=0.5,
                peer_group="g",
                rules=[],
                features=[],
                explanation="e",
                status="new",
                run_id=new_id(),
                created_at=now,
            )
        )
    company, activity = new_id(), new_id()
    c.execute(
        insert(companies).values(
            id=company, name="X Corp", sector="semiconductor", technologies=[], sites=[],
            contacts=[], aliases=[], organisation="X Corp", desk_id="fa-russia",
            handling_code="TLP:AMBER", created_at=now, updated_at=now,
        )
    )  # fmt: skip
    c.execute(
        insert(outreach_activities).values(
            id=activity, company_id=company, kind="visit", held_at=now, officers=[],
            attendees=[], topics="how approaches begin", created_at=now,
        )
    )  # fmt: skip
    c.execute(
        insert(approachers).values(
            entity_id=entity_a, label="x", entities=[entity_a], links=[], names=[], identifiers=[], organisations=[],
            countries=[], companies=[], reports=[], fired=[], known_to=[], held_elsewhere=[],
            desk_id="fa-russia", shared_with=["fa-china"], first_seen=now, last_seen=now,
            updated_at=now,
        )
    )  # fmt: skip
    return {
        "company_x": ("company", company),
        "outreach_x": ("outreach", activity),
        "approacher_b": ("approacher", entity_a),
        "briefing": ("briefing", "fa-russia"),
        "media": ("media", "IMG_0412.jpg"),
        "entity_b": ("entity", entity_b),
        "alert_a": ("alert", alert_a),
        "signal": ("signal", signal),
        "copy_asg": ("copy", "cp-1"),
        "ia_alert": ("insider_alert", ia["ia_alert"]),
        "ia_self": ("insider_alert", ia["ia_self"]),
    }


@pytest.fixture
def world(engine: Engine) -> World:
    return build_world(engine)


@pytest.fixture
def guard(engine: Engine, audit_log: AuditLog) -> Guard:
    return Guard(engine, audit_log, clock=lambda: NOW)


def test_the_matrix_holds_on_the_store(world: World, guard: Guard, audit_log: AuditLog) -> None:
    wrong = []
    checked = 0
    for persona, resource, action, expected in CELLS:
        if action not in ("read", "search", "exists", "write"):
            continue
        kind, resource_id = world.ids[resource]
        decision = guard.check(world.users[persona], action, kind, resource_id, PURPOSE)
        checked += 1
        got = ("+" if decision.allowed else "-") + decision.rule
        if got != expected:
            wrong.append((persona, resource, action, expected, got))
    assert wrong == []
    assert checked == len(PERSONAS) * 21 * 4 and audit_log.size == checked


def test_each_decision_is_in_the_audit_log_before_it_is_returned(
    world: World, engine: Engine, audit_log: AuditLog
) -> None:
    seen: list[int] = []

    guard = Guard(engine, audit_log, clock=lambda: NOW)
    real_append = audit_log.append_many

    def append_many(entries):  # type: ignore[no-untyped-def]
        receipts = real_append(entries)
        seen.append(audit_log.size)
        return receipts

    audit_log.append_many = append_many  # type: ignore[method-assign]
    user = world.users["analyst_a"]
    decision = guard.check(user, "read", *world.ids["seized_red"], PURPOSE)
    assert decision.allowed and seen == [1]
    with engine.connect() as connection:
        row = connection.execute(select(audit_entries)).one()
    leaf = orjson.loads(row.leaf)
    assert (row.actor, row.action, row.resource_id, row.effect) == (
        user.id,
        "read",
        world.ids["seized_red"][1],
        "allow",
    )
    assert leaf["context"]["rule"] == "DESK-1" and leaf["purpose"] == PURPOSE


def test_a_failing_audit_log_means_no_decision_and_no_allow(
    world: World, guard: Guard, audit_log: AuditLog, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(entries: object) -> None:
        raise AuditWriteError("disk full")

    monkeypatch.setattr(audit_log, "append_many", broken)
    user = world.users["analyst_a"]
    with pytest.raises(AuditWriteError):
        guard.check(user, "read", *world.ids["desk_a"], PURPOSE)
    with pytest.raises(AuditWriteError):
        guard.count(user, [guard.load(*world.ids["desk_a"])], PURPOSE)
    with pytest.raises(AuditWriteError):
        guard.exists(user, *world.ids["desk_a"], PURPOSE)


def test_a_real_store_failure_also_fails_closed(
    world: World, engine: Engine, signer: object
) -> None:
    from kizashi.guard import Signer

    assert isinstance(signer, Signer)
    log = AuditLog(engine, signer)
    guard = Guard(engine, log, clock=lambda: NOW)
    with engine.begin() as connection:  # the log's head row gone: every append must fail
        connection.exec_driver_sql("DROP TABLE audit_personal")
    with pytest.raises(AuditWriteError):
        guard.check(world.users["analyst_a"], "read", "subject", SUBJECT, PURPOSE)


def test_subjects_go_to_the_log_as_personal_data(
    world: World, guard: Guard, audit_log: AuditLog
) -> None:
    guard.check(world.users["member"], "read", "subject", SUBJECT, PURPOSE)
    proof = audit_log.prove(0)
    assert SUBJECT not in proof.leaf
    assert audit_log.personal(0) == {"subject": SUBJECT}


def test_side_channel_helpers_log_one_batch(
    world: World, guard: Guard, audit_log: AuditLog
) -> None:
    names = ("desk_a", "case_asg", "case_unasg", "raid_plan")
    loaded = [guard.load(*world.ids[name]) for name in names]
    assert guard.count(world.users["analyst_a"], loaded, PURPOSE) == 2
    assert guard.count(world.users["member"], loaded, PURPOSE) == 1
    assert audit_log.size == 8
    missing = guard.exists(world.users["analyst_a"], "report", "no-such-id", PURPOSE)
    hidden = guard.exists(world.users["analyst_a"], *world.ids["raid_plan"], PURPOSE)
    assert missing is hidden is False
    assert guard.exists(world.users["member"], *world.ids["raid_plan"], PURPOSE) is True
    assert isinstance(guard.load("report", "no-such-id"), Resource)


def test_an_expired_compartment_denies_on_the_store(
    world: World, engine: Engine, audit_log: AuditLog
) -> None:
    later = Guard(engine, audit_log, clock=lambda: NOW + timedelta(days=5))
    decision = later.check(world.users["member"], "read", *world.ids["raid_plan"], PURPOSE)
    assert (decision.effect, decision.rule) == ("deny", "COMP-2")
