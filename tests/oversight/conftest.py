"""A seeded store (tests/triage/seed.py: Yamada's precursors, reports and threats; Sato's
barbecue), triaged, with the guard's users and an audit log, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import Engine

from kizashi.config import Settings
from kizashi.guard import AuditLog, Guard, Signer, User
from kizashi.guard.identity.service import create_user, sync_desks
from kizashi.triage import run_triage
from tests.triage.seed import NOW, Seeded, seed


@dataclass
class World:
    seeded: Seeded
    guard: Guard
    users: dict[str, User]


@pytest.fixture
def audit_log(engine: Engine) -> AuditLog:
    signer = Signer.generate("test.kizashi/audit")
    return AuditLog(engine, signer, checkpoint_every=50, checkpoint_seconds=3600, clock=lambda: NOW)


@pytest.fixture
def world(engine: Engine, settings: Settings, audit_log: AuditLog) -> World:
    seeded = seed(engine, settings)
    run_triage(engine, now=NOW)
    with engine.begin() as connection:
        sync_desks(connection)
        users = {
            "admin": create_user(connection, "adm-ito", role="admin"),
            "overseer": create_user(connection, "ov-kato", role="oversight_officer"),
            "auditor": create_user(connection, "aud-ueno", role="auditor"),
            "lead": create_user(connection, "lead-mori", role="desk_lead", desk="lone-offender"),
            "analyst": create_user(connection, "an-suzuki", role="analyst", desk="lone-offender"),
        }
    return World(seeded, Guard(engine, audit_log, clock=lambda: NOW), users)
