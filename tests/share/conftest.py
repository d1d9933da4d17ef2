"""A store with a command-centre desk (an author, a lead), another desk, and partners."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import Engine, insert

from kizashi.clock import ManualClock
from kizashi.config import Settings
from kizashi.guard import Guard, User, open_audit_log
from kizashi.guard.identity import assign_case, create_case, create_user, get_user, sync_desks
from kizashi.ids import new_id
from kizashi.share import ShareService, open_share
from kizashi.store import alerts, entities, transaction

PURPOSE = "足立区の車庫事案に関する注意喚起 (advisory on the Adachi garage case)"


def people(engine: Engine) -> None:
    """The share room's cast: an author and a lead of the command centre's desk, an analyst
    of it and of another desk, and partner users of three organisations."""
    with transaction(engine) as connection:
        sync_desks(connection)
        create_user(connection, "cc-author", role="command_centre", desk="lone-offender")
        create_user(connection, "cc-lead", role="desk_lead", desk="lone-offender")
        create_user(connection, "cc-analyst", role="analyst", desk="lone-offender")
        create_user(connection, "tk-analyst", role="analyst", desk="tokuryu")
        create_user(
            connection, "p-adachi", role="partner_submitter", organisation="partner:adachi-takken"
        )
        create_user(
            connection, "p-otsuka", role="partner_submitter", organisation="partner:otsuka-housing"
        )
        create_user(
            connection, "p-other", role="partner_submitter", organisation="partner:elsewhere"
        )
        create_case(connection, "LO-2026-031", desk="lone-offender")
        for name in ("cc-author", "cc-analyst"):
            assign_case(connection, "LO-2026-031", name)


@pytest.fixture
def share_clock(now: datetime) -> ManualClock:
    return ManualClock(now)


@pytest.fixture
def share(engine: Engine, settings: Settings, share_clock: ManualClock) -> ShareService:
    people(engine)
    guard = Guard(engine, open_audit_log(settings, engine, clock=share_clock), clock=share_clock)
    return open_share(settings, engine, guard=guard, clock=share_clock)


def user(service: ShareService, name: str) -> User:
    with service.engine.connect() as connection:
        return get_user(connection, name)


def open_alert(engine: Engine, now: datetime, desk: str = "lone-offender") -> str:
    """An open alert of `desk` about a person (as triage would open one)."""
    entity_id, alert_id = new_id(), new_id()
    with transaction(engine) as connection:
        connection.execute(
            insert(entities).values(
                id=entity_id, kind="person", label="@rally_poster", created_at=now, updated_at=now
            )
        )
        connection.execute(
            insert(alerts).values(
                id=alert_id,
                entity_id=entity_id,
                desk_id=desk,
                category="threat",
                score=88.0,
                status="new",
                routing_rule="test",
                summary="coded threat against the Otsuka rally",
                explanation={"contributions": []},
                opened_at=now,
                updated_at=now,
            )
        )
    return alert_id
