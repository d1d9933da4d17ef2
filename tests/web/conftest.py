"""Fixtures of the web tests: a seeded store behind the app, and signed-in clients."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from kizashi.api import create_app
from kizashi.clock import FixedClock
from kizashi.config import Settings
from tests.web.seeding import FAST, PASSWORD, Seeded, seed


@pytest.fixture
def seeded(engine: Engine, settings: Settings, now: datetime) -> Seeded:
    return seed(engine, settings, fillers=30, posts=12, now=now)


@pytest.fixture
def app_client(
    engine: Engine, settings: Settings, seeded: Seeded, clock: FixedClock
) -> Iterator[TestClient]:
    # The app reads the same fixed clock the store was seeded with: nothing here depends on
    # today's date (CI runs these again at the first and the last hour of a month).
    # Sign-ins check passwords under the cheap parameters the users were seeded with: under
    # the guard's own, every first sign-in of a user rehashed (~0.2 CPU-s, about a quarter
    # of these tests' CPU; docs/testing.md, speed24). test_auth.py signs in under the real ones.
    app = create_app(settings, engine=engine, clock=clock, password_parameters=FAST)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        yield client


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF token in the page"
    return found.group(1)


def sign_in(client: TestClient, name: str, password: str = PASSWORD) -> None:
    form = client.get("/ui/login")
    response = client.post(
        "/ui/login",
        data={"name": name, "password": password, "csrf": csrf_of(form.text), "next": "/ui/"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text[:500]


@pytest.fixture
def as_user(app_client: TestClient):  # type: ignore[no-untyped-def]
    def signed(name: str) -> TestClient:
        app_client.cookies.clear()
        sign_in(app_client, name)
        return app_client

    return signed
