from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from kizashi.api import create_app
from kizashi.clock import FixedClock
from kizashi.config import Settings
from kizashi.guard.identity import DEFAULT_PARAMETERS
from kizashi.store.tables import audit_entries, users
from tests.web.conftest import csrf_of, sign_in
from tests.web.seeding import FAST, PASSWORD, Seeded


def test_pages_ask_for_sign_in_in_japanese_first(app_client: TestClient) -> None:
    response = app_client.get("/ui/alerts?status=new", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/ui/login?next=%2Fui%2Falerts%3Fstatus%3Dnew"
    page = app_client.get("/ui/login")
    assert '<html lang="ja">' in page.text and "サインイン" in page.text
    cookie = page.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "path=/" in cookie


def test_the_language_switch_keeps_the_choice(app_client: TestClient) -> None:
    page = app_client.get("/ui/login")
    switched = app_client.post(
        "/ui/lang", data={"lang": "en", "csrf": csrf_of(page.text), "back": "/ui/login"}
    )
    assert '<html lang="en">' in switched.text and "Sign in" in switched.text
    sign_in(app_client, "analyst")
    home = app_client.get("/ui/")
    assert "Dashboard" in home.text and "Lone-Offender Command Centre" in home.text


def test_a_wrong_password_is_refused_and_audited(app_client: TestClient, engine: Engine) -> None:
    with engine.connect() as connection:
        before = connection.execute(select(func.count()).select_from(audit_entries)).scalar_one()
    form = app_client.get("/ui/login")
    response = app_client.post(
        "/ui/login",
        data={
            "name": "analyst",
            "password": "not the password",
            "csrf": csrf_of(form.text),
            "next": "/ui/",
        },
    )
    assert response.status_code == 401 and 'data-testid="login-error"' in response.text
    with engine.connect() as connection:
        row = connection.execute(
            select(audit_entries)
            .where(audit_entries.c.seq >= before)
            .order_by(audit_entries.c.seq.desc())
        ).first()
    assert row is not None and row.action == "sign_in" and row.effect == "deny"
    assert "analyst" not in row.leaf  # the tried name is personal data: hashed, not in the leaf


def test_a_sign_in_without_the_form_token_is_refused(app_client: TestClient) -> None:
    app_client.get("/ui/login")
    response = app_client.post(
        "/ui/login", data={"name": "analyst", "password": PASSWORD, "csrf": "forged"}
    )
    assert response.status_code == 403
    assert app_client.get("/ui/", follow_redirects=False).status_code == 303


def test_the_header_shows_desk_and_role_and_sign_out_ends_it(app_client: TestClient) -> None:
    sign_in(app_client, "analyst")
    home = app_client.get("/ui/")
    assert 'data-testid="who-desk">ローンオフェンダー対策指揮所<' in home.text
    assert 'data-testid="who-role">分析官<' in home.text
    assert app_client.post("/ui/logout", data={"csrf": "wrong"}).status_code == 403
    out = app_client.post("/ui/logout", data={"csrf": csrf_of(home.text)}, follow_redirects=False)
    assert out.status_code == 303
    assert app_client.get("/ui/", follow_redirects=False).status_code == 303


def test_no_redirect_leaves_the_ui(app_client: TestClient) -> None:
    form = app_client.get("/ui/login")
    response = app_client.post(
        "/ui/login",
        data={
            "name": "analyst",
            "password": PASSWORD,
            "csrf": csrf_of(form.text),
            "next": "//evil.example/x",
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/ui/"


def test_a_tampered_cookie_is_a_signed_out_visitor(app_client: TestClient) -> None:
    sign_in(app_client, "analyst")
    cookie = app_client.cookies.get("kizashi_session")
    assert cookie
    app_client.cookies.clear()
    app_client.cookies.set("kizashi_session", cookie[:-3] + "AAA")
    assert app_client.get("/ui/", follow_redirects=False).status_code == 303


def test_repeated_failures_lock_the_account(app_client: TestClient) -> None:
    """The guard's sign-in: after MAX_FAILURES wrong passwords even the right one is refused,
    with the same answer as a wrong password."""
    from kizashi.guard.identity.signin import MAX_FAILURES

    def attempt(password: str) -> int:
        form = app_client.get("/ui/login")
        return app_client.post(
            "/ui/login",
            data={"name": "analyst", "password": password, "csrf": csrf_of(form.text)},
            follow_redirects=False,
        ).status_code

    for _ in range(MAX_FAILURES):
        assert attempt("not the password") == 401
    assert attempt(PASSWORD) == 401


def test_both_doors_sign_in_under_the_apps_password_parameters(
    engine: Engine, settings: Settings, seeded: Seeded, clock: FixedClock
) -> None:
    """A password sign-in, through the page as through the API, checks and rehashes under the
    app's `password_parameters`: the cheap ones the users were seeded with leave their hashes
    as they are; an app made without them uses the guard's own, and the seeded hash is
    rehashed under those at the first sign-in (the other web tests pass the cheap ones)."""

    def memory_of(name: str) -> int:
        with engine.connect() as connection:
            phc = connection.execute(
                select(users.c.password_hash).where(users.c.name == name)
            ).scalar_one()
        found = re.search(r"\$m=(\d+),", str(phc))
        assert found, phc
        return int(found.group(1))

    def both_doors(app: FastAPI) -> None:
        with TestClient(app, base_url="http://127.0.0.1") as client:
            sign_in(client, "analyst")
            answer = client.post(
                "/api/v1/session", json={"username": "analyst-b", "password": PASSWORD}
            )
            assert answer.status_code == 201, answer.text

    both_doors(create_app(settings, engine=engine, clock=clock, password_parameters=FAST))
    assert memory_of("analyst") == memory_of("analyst-b") == FAST.memory_cost_kib
    both_doors(create_app(settings, engine=engine, clock=clock))
    assert memory_of("analyst") == memory_of("analyst-b") == DEFAULT_PARAMETERS.memory_cost_kib
