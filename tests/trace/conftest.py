"""Shared material: a small natural image, a key, a marked-up plan."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import cv2
import numpy as np
import pytest
import skimage.data
from sqlalchemy import Engine

from kizashi.clock import FixedClock
from kizashi.config import Settings
from kizashi.guard import Guard, User, open_audit_log
from kizashi.guard.identity import add_member, create_compartment, create_user, get_user, sync_desks
from kizashi.store import transaction
from kizashi.trace import TraceService

KEY = bytes(range(32))
PLAN = Path(__file__).parents[2] / "src" / "kizashi" / "demo" / "data" / "raid_plan_oyama.md"


@pytest.fixture(scope="session")
def photo() -> np.ndarray:
    """scikit-image's astronaut (ships in the wheel), as BGR, 384 px: fast but textured."""
    image = cv2.cvtColor(skimage.data.astronaut(), cv2.COLOR_RGB2BGR)
    return cv2.resize(image, (384, 384), interpolation=cv2.INTER_AREA)


@pytest.fixture(scope="session")
def plan_text() -> str:
    return PLAN.read_text("utf-8")


@pytest.fixture
def service(engine: Engine, settings: Settings, clock: FixedClock) -> TraceService:
    now = clock()
    with transaction(engine) as connection:
        sync_desks(connection)
        create_user(connection, "lead", role="desk_lead", desk="tokuryu")
        for name in ("ann", "ben", "cho"):
            create_user(connection, name, role="analyst", desk="tokuryu")
        create_user(connection, "outsider", role="analyst", desk="fa-china")
        create_user(connection, "inspector", role="analyst", desk="inspection")
        create_user(connection, "auditor", role="auditor")
        create_compartment(
            connection,
            "op-x",
            desk="tokuryu",
            valid_from=now - timedelta(days=1),
            valid_until=now + timedelta(days=30),
        )
        for name in ("lead", "ann", "ben", "cho"):
            add_member(connection, "op-x", name)
    guard = Guard(engine, open_audit_log(settings, engine, clock=clock), clock=clock)
    return TraceService(engine, guard, KEY, clock=clock)


def jpeg(image: np.ndarray, quality: int) -> np.ndarray:
    """`image` after a JPEG encode and decode at `quality`."""
    return cv2.imdecode(cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])[1], 1)


def user_of(service: TraceService, name: str) -> User:
    with service.engine.connect() as connection:
        return get_user(connection, name)
