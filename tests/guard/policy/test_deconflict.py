"""Deconfliction: an outsider's lookup of a held subject notifies the owning desk lead."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine, select

from kizashi.errors import ForbiddenError
from kizashi.guard import AuditLog
from kizashi.guard.policy.deconflict import list_notices, mark_read
from kizashi.guard.policy.service import Guard
from kizashi.store.tables import notifications
from tests.guard.policy.policy_personas import NOW, PURPOSE
from tests.guard.policy.test_policy_service import SUBJECT, World, build_world


@pytest.fixture
def world(engine: Engine) -> World:
    return build_world(engine)


@pytest.fixture
def guard(engine: Engine, audit_log: AuditLog) -> Guard:
    return Guard(engine, audit_log, clock=lambda: NOW)


def test_an_outsider_search_is_deconflicted_and_the_lead_told(
    world: World, guard: Guard, engine: Engine
) -> None:
    searcher = world.users["analyst_b"]
    decision = guard.check(searcher, "search", "subject", SUBJECT, PURPOSE)
    assert (decision.effect, decision.rule) == ("deny", "DECONFLICT-1")
    assert decision.reason == "held by another desk — contact them"
    with engine.connect() as connection:
        notices = list_notices(connection, world.users["lead_a"])
    assert len(notices) == 1
    notice = notices[0]
    assert (notice.searcher_name, notice.compartment_name, notice.desk) == (
        "analyst_b",
        "KITE",
        "fa-russia",
    )
    assert (notice.action, notice.created_at, notice.audit_seq) == ("search", NOW, 0)
    # Who, which compartment, when: never what was searched for.
    assert SUBJECT not in str(notice.to_json())


def test_members_and_side_channels_notify_nobody(
    world: World, guard: Guard, engine: Engine
) -> None:
    assert guard.check(world.users["member"], "read", "subject", SUBJECT, PURPOSE).allowed
    assert not guard.exists(world.users["analyst_b"], "subject", SUBJECT, PURPOSE)
    with engine.connect() as connection:
        assert connection.execute(select(notifications)).all() == []


def test_an_ex_member_lookup_is_deconflicted_too(
    world: World, guard: Guard, engine: Engine
) -> None:
    decision = guard.check(world.users["ex_member"], "read", "subject", SUBJECT, PURPOSE)
    assert decision.rule == "DECONFLICT-1"
    with engine.connect() as connection:
        assert [n.searcher_name for n in list_notices(connection, world.users["lead_a"])] == [
            "ex_member"
        ]


def test_only_desk_leads_read_notices_and_only_their_desks(
    world: World, guard: Guard, engine: Engine
) -> None:
    guard.check(world.users["cc_operator"], "search", "subject", SUBJECT, PURPOSE)
    with engine.begin() as connection:
        for name in ("analyst_a", "admin", "auditor"):
            with pytest.raises(ForbiddenError):
                list_notices(connection, world.users[name])
        lead = world.users["lead_a"]
        (notice,) = list_notices(connection, lead, unread_only=True)
        assert mark_read(connection, lead, [notice.id], now=NOW + timedelta(hours=1)) == 1
        assert list_notices(connection, lead, unread_only=True) == []
        assert list_notices(connection, lead)[0].read_at == NOW + timedelta(hours=1)
