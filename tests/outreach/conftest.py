"""An outreach world on a migrated store (SQLite and PostgreSQL, through ``engine``)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from kizashi.config import Settings
from kizashi.guard import AuditLog, Guard, Signer
from tests.outreach.world import NOW, World, build


@pytest.fixture
def guard(engine: Engine) -> Guard:
    audit = AuditLog(engine, Signer.generate("test.kizashi/audit"), clock=lambda: NOW)
    return Guard(engine, audit, clock=lambda: NOW)


@pytest.fixture
def world(engine: Engine, settings: Settings, guard: Guard) -> World:
    return build(engine, settings, guard)
