"""The guard's routes: password sign-in, /me, and the inspection desk's insider-alert queue."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi.testclient import TestClient
from sqlalchemy import Engine, insert

from kizashi.guard.identity import create_user, issue_token, sync_desks
from kizashi.ids import new_id
from kizashi.store.tables_guard import insider_alerts
from tests.api.conftest import auth
from tests.conftest import frozen_now

PASSWORD = "a long enough passphrase"


def _people(engine: Engine) -> dict[str, str]:
    """Users with passwords; returns an insider alert's id about `sato`."""
    with engine.begin() as c:
        sync_desks(c)
        sato = create_user(c, "sato", role="analyst", desk="tokuryu", password=PASSWORD)
        create_user(c, "kimura", role="desk_lead", desk="inspection", password=PASSWORD)
        create_user(c, "root", role="admin", password=PASSWORD)
        alert_id = new_id()
        now = datetime(2026, 10, 21, 23, 0, tzinfo=UTC)
        c.execute(
            insert(insider_alerts).values(
                id=alert_id,
                user_id=sato.id,
                day="2026-10-21",
                raised_at=now,
                score=0.9,
                peer_group="tokuryu/analyst",
                rules=[],
                features=[],
                explanation="sato on 2026-10-21 ...",
                status="new",
                run_id=new_id(),
                created_at=now,
            )
        )
        return {"alert": alert_id, "kimura_token": issue_token(c, "kimura", now=frozen_now())}


def _session(client: TestClient, name: str, password: str = PASSWORD) -> str:
    answer = client.post(
        "/api/v1/session",
        json={"username": name, "password": password},
        headers={"X-Kizashi-Terminal": "ws-1"},
    )
    assert answer.status_code == 201, answer.text
    token: str = answer.json()["token"]
    return token


def test_sign_in_gives_a_session_token_that_says_who_i_am(
    client: TestClient, engine: Engine
) -> None:
    _people(engine)
    answer = client.post("/api/v1/session", json={"username": "sato", "password": PASSWORD})
    assert answer.status_code == 201
    body = answer.json()
    assert body["token_type"] == "bearer" and body["user"]["desk"] == "tokuryu"
    me = client.get("/api/v1/me", headers=auth(body["token"])).json()
    assert me["name"] == "sato" and me["role"] == "analyst" and me["desk_kind"] == "operational"
    assert me["desk_name"] and me["organisation"] is None
    client.delete("/api/v1/session/current", headers=auth(body["token"]))
    assert client.get("/api/v1/me", headers=auth(body["token"])).status_code == 401


def test_a_wrong_password_and_an_unknown_user_get_the_same_401(
    client: TestClient, engine: Engine
) -> None:
    _people(engine)
    wrong = client.post("/api/v1/session", json={"username": "sato", "password": "x" * 20})
    unknown = client.post("/api/v1/session", json={"username": "nobody", "password": "x" * 20})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()


def test_only_the_inspection_desk_reads_insider_alerts(client: TestClient, engine: Engine) -> None:
    people = _people(engine)
    path = "/api/v1/inspection/insider-alerts"
    inspector = {**auth(_session(client, "kimura")), "X-Kizashi-Purpose": "inspection review"}
    items = client.get(path, headers=inspector).json()["items"]
    assert [i["id"] for i in items] == [people["alert"]] and items[0]["user"] == "sato"
    assert client.get(f"{path}/{people['alert']}", headers=inspector).status_code == 200
    # An API token of the same user works the same way.
    assert client.get(path, headers=auth(people["kimura_token"])).json()["items"]
    for name in ("sato", "root"):
        headers = auth(_session(client, name))
        assert client.get(path, headers=headers).json() == {"items": []}
        hidden = client.get(f"{path}/{people['alert']}", headers=headers)
        missing = client.get(f"{path}/{new_id()}", headers=headers)
        assert hidden.status_code == missing.status_code == 404
        assert hidden.json() == missing.json()


def test_a_refused_review_step_names_its_field_in_the_problems(
    client: TestClient, engine: Engine
) -> None:
    """qa18: the review's 400s had `problems: []`, and the suppression's spoke of the CLI's
    `--until` over HTTP; a naive expiry was compared with the aware clock."""
    people = _people(engine)
    path = f"/api/v1/inspection/insider-alerts/{people['alert']}"
    inspector = {**auth(_session(client, "kimura")), "X-Kizashi-Purpose": "inspection review"}
    for body, field, words in (
        ({"step": "dismiss"}, "reason", "to dismiss an insider alert, give a reason"),
        ({"step": "confirm", "reason": "  "}, "reason", "give a reason"),
        ({"step": "suppress", "reason": "leave"}, "until", "an expiry in the future"),
        (
            {"step": "suppress", "reason": "leave", "until": "2020-01-01T00:00:00+09:00"},
            "until",
            "an expiry in the future",
        ),
        (
            {"step": "suppress", "reason": "leave", "until": "2099-01-01T00:00:00"},
            "until",
            "needs a time zone",
        ),
        ({"step": "assign", "assignee": "sato"}, "assignee", "is the officer"),
        ({"step": "assign", "assignee": "nobody"}, "assignee", "no such user"),
    ):
        refused = client.post(f"{path}/review", json=body, headers=inspector)
        assert refused.status_code == 400, (body, refused.text)
        [problem] = refused.json()["problems"]
        assert problem["field"] == field and words in problem["reason"], (body, problem)
        assert refused.json()["detail"].startswith(f"{field}: ")
        assert "--until" not in refused.text
    unchanged = client.get(path, headers=inspector).json()
    assert unchanged["status"] == "new" and unchanged["history"] == []
    done = client.post(
        f"{path}/review", json={"step": "dismiss", "reason": "ok"}, headers=inspector
    )
    assert done.status_code == 200
    again = client.post(
        f"{path}/review", json={"step": "dismiss", "reason": "ok"}, headers=inspector
    )
    assert again.status_code == 400
    assert again.json()["problems"] == [
        {"field": None, "reason": f"insider alert {people['alert']} is already dismissed"}
    ]


def test_an_insider_alert_is_assigned_only_to_the_inspection_desk_never_its_subject(
    client: TestClient, engine: Engine
) -> None:
    """Before: `assign` stored any user as the assignee — the officer the alert is about,
    an officer of another desk, an admin — none of whom may read the alert."""
    people = _people(engine)
    path = f"/api/v1/inspection/insider-alerts/{people['alert']}"
    inspector = {**auth(_session(client, "kimura")), "X-Kizashi-Purpose": "inspection review"}
    for name, why in (
        ("sato", "sato is the officer this insider alert is about"),
        ("root", "root is not an active officer of the inspection desk"),
    ):
        refused = client.post(
            f"{path}/review",
            json={"step": "assign", "reason": "take it", "assignee": name},
            headers=inspector,
        )
        assert refused.status_code == 400, refused.text
        assert refused.json()["detail"].startswith(f"assignee: {why}")
        unchanged = client.get(path, headers=inspector).json()
        assert unchanged["status"] == "new" and unchanged["assignee"] is None
        assert unchanged["history"] == []
    taken = client.post(
        f"{path}/review",
        json={"step": "assign", "reason": "mine", "assignee": "kimura"},
        headers=inspector,
    )
    assert taken.status_code == 200 and taken.json()["status"] == "in_review"
