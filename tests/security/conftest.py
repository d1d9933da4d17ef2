"""The red-team suite's world: the web tests' seeded store behind the app, and helpers.

Each test here is one finding of issue 14, tried as an attacker would: it failed on the code
before the fix and passes now. The store is the web tests' seed (desks, officers, partners,
a compartment-held subject, alerts), so the same world serves the API, the UI and the CLI.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import orjson
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from kizashi.api import create_app
from kizashi.clock import FixedClock
from kizashi.config import Settings
from kizashi.guard.identity import issue_token
from kizashi.store import transaction
from kizashi.store.tables import audit_entries
from tests.web.seeding import Seeded, seed

__all__ = ["audit_rows", "bearer"]


@pytest.fixture
def seeded(engine: Engine, settings: Settings, now: datetime) -> Seeded:
    return seed(engine, settings, fillers=4, posts=4, now=now)


@pytest.fixture
def client(
    engine: Engine, settings: Settings, seeded: Seeded, clock: FixedClock
) -> Iterator[TestClient]:
    app = create_app(settings, engine=engine, clock=clock)
    with TestClient(app, base_url="http://127.0.0.1") as test_client:
        yield test_client


@pytest.fixture
def tokens(engine: Engine, seeded: Seeded, now: datetime) -> dict[str, str]:
    names = ("analyst", "analyst-a", "analyst-b", "lead-a", "inspector", "partner-otsuka")
    with transaction(engine) as connection:
        return {name: issue_token(connection, name, "red team", now=now) for name in names}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def audit_rows(engine: Engine, after: int = -1) -> list[dict[str, Any]]:
    """The audit log's leaves after seq `after`, decoded."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(audit_entries.c.leaf)
            .where(audit_entries.c.seq > after)
            .order_by(audit_entries.c.seq)
        ).scalars()
        return [orjson.loads(leaf) for leaf in rows]


def audit_size(engine: Engine) -> int:
    with engine.connect() as connection:
        found = connection.execute(
            select(audit_entries.c.seq).order_by(audit_entries.c.seq.desc())
        ).first()
    return -1 if found is None else int(found[0])
