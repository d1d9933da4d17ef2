"""Casework's routes over HTTP: the same service, the same refusals (404 for outsiders)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from kizashi.api import create_app
from kizashi.clock import FixedClock
from kizashi.config import Settings
from kizashi.guard import label_material
from kizashi.guard.identity import issue_token
from kizashi.store import transaction
from kizashi.trace import is_pdf
from tests.casework.conftest import DESK, cast, note, open_alert

CASE = "LO-2026-031"
NAMES = ("lead", "sato", "ito", "kato", "other")
# Headers are ASCII: the purpose in English (the web form takes Japanese).
PURPOSE = "investigation of the Otsuka garage case"


@dataclass
class Api:
    client: TestClient
    tokens: dict[str, str]
    alerts: list[str]

    def call(self, who: str, method: str, path: str, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {self.tokens[who]}", "X-Kizashi-Purpose": PURPOSE}
        return self.client.request(method, f"/api/v1/casework{path}", headers=headers, **kwargs)

    def ok(self, who: str, method: str, path: str, status: int = 200, **kwargs: Any) -> Any:
        answer = self.call(who, method, path, **kwargs)
        assert answer.status_code == status, answer.text
        return answer.json() if answer.headers.get("content-type") == "application/json" else answer


@pytest.fixture
def api(engine: Engine, settings: Settings, clock: FixedClock, now: datetime) -> Iterator[Api]:
    cast(engine)
    report = note(engine, settings, "N-1", "ガレージ前で職務質問。金属パイプ所持。")
    with transaction(engine) as connection:
        label_material(connection, "report", report, desk=DESK)
        tokens = {name: issue_token(connection, name, now=clock()) for name in NAMES}
    alerts = [open_alert(engine, now, report)]
    with TestClient(create_app(settings, engine=engine, clock=clock)) as client:
        yield Api(client, tokens, alerts)


def test_a_case_worked_over_the_api(api: Api) -> None:
    done = api.ok(
        "sato",
        "POST",
        "/promote",
        201,
        json={"alerts": api.alerts, "case_ref": CASE, "reason": "同一人物"},
    )
    assert done["reports"] == 1 and done["alerts"] == api.alerts
    first = api.ok("sato", "POST", f"/cases/{CASE}/notes", 201, json={"body": "初動"})
    api.ok("ito", "POST", f"/cases/{CASE}/notes/{first['note_id']}", 201, json={"body": "初動2"})
    task = api.ok(
        "sato",
        "POST",
        f"/cases/{CASE}/tasks",
        201,
        json={"title": "照会", "assignee": "ito", "due_on": "2026-01-01"},
    )
    assert api.call("ito", "POST", f"/cases/{CASE}/tasks/{task['id']}/done").status_code == 204
    attached = api.ok(
        "sato",
        "POST",
        f"/cases/{CASE}/attachments",
        201,
        files={"file": ("memo.md", "# 目録\n".encode(), "text/markdown")},
    )
    fetched = api.call("ito", "GET", f"/cases/{CASE}/attachments/{attached['id']}")
    assert fetched.status_code == 200 and fetched.content == "# 目録\n".encode()
    found = api.ok("lead", "GET", f"/cases/{CASE}")
    assert found["notes"][0]["version"] == 2 and found["tasks"][0]["status"] == "done"
    assert [e["kind"] for e in found["timeline"]] == [
        "promoted",
        "note",
        "note_edited",
        "task",
        "task_done",
        "attached",
    ]
    pdf = api.call("sato", "POST", f"/cases/{CASE}/report", json={"recipient": "ito"})
    assert pdf.status_code == 200 and is_pdf(pdf.content) and pdf.headers["x-kizashi-copy"]


def test_outsiders_get_not_found_and_bad_input_names_the_field(api: Api) -> None:
    for who in ("kato", "other"):
        assert api.call(who, "GET", f"/cases/{CASE}").status_code == 404
        assert api.call(who, "POST", f"/cases/{CASE}/notes", json={"body": "x"}).status_code == 404
    assert api.call("sato", "GET", "/cases/NO-SUCH").status_code == 404
    bad = api.call(
        "sato",
        "POST",
        f"/cases/{CASE}/attachments",
        files={"file": ("a.pdf", b"not a pdf", "application/pdf")},
    )
    assert bad.status_code == 400 and "file:" in bad.json()["detail"]
    wrong = api.call(
        "sato",
        "POST",
        f"/cases/{CASE}/tasks",
        json={"title": "x", "assignee": "kato", "due_on": "2026-01-01"},
    )
    assert wrong.status_code == 400 and "assignee" in wrong.json()["detail"]
    assert (
        api.call(
            "sato", "POST", f"/alerts/{api.alerts[0]}/report", json={"recipient": "ito"}
        ).status_code
        == 200
    )


def test_assign_hand_over_close_and_reopen_over_the_api(api: Api) -> None:
    assert api.ok("lead", "GET", "/outcomes")["outcomes"][0] == {
        "id": "arrested_referred",
        "ja": "検挙・送致",
        "en": "Arrested / referred to prosecutors",
    }
    handed = api.ok(
        "sato",
        "POST",
        f"/cases/{CASE}/hand-over",
        json={"from_officer": "sato", "to_officer": "kato", "reason": "研修のため"},
    )
    assert handed == {"assigned": ["ito", "kato"]}
    refused = api.call(
        "ito", "POST", f"/cases/{CASE}/assign", json={"officer": "sato", "reason": "応援"}
    )
    assert refused.status_code == 403 and "MANAGE-5" in refused.text
    done = api.ok(
        "lead", "POST", f"/cases/{CASE}/assign", json={"officer": "sato", "reason": "応援"}
    )
    assert done == {"assigned": ["ito", "kato", "sato"]}
    # Bad input: 422 naming the field and the reason.
    bad = api.call(
        "lead", "POST", f"/cases/{CASE}/close", json={"outcome": "solved", "reason": "x"}
    )
    assert bad.status_code == 422
    fields = {p["field"]: p["reason"] for p in bad.json()["problems"]}
    assert set(fields) == {"outcome", "reason"} and "not an outcome" in fields["outcome"]
    summary = "警告の上、指導した。再発なし。"
    assert api.ok(
        "lead", "POST", f"/cases/{CASE}/close", json={"outcome": "warned", "reason": summary}
    ) == {"status": "closed", "outcome": "warned", "cancelled_tasks": 0}
    found = api.ok("ito", "GET", f"/cases/{CASE}")
    assert found["status"] == "closed"
    assert found["closing"]["outcome_label"] == "警告・指導"
    assert found["closing"]["closed_by"] == "lead" and found["closing"]["reason"] == summary
    closed = api.call("ito", "POST", f"/cases/{CASE}/notes", json={"body": "追記"})
    assert closed.status_code == 409 and "is closed" in closed.text
    # A stranger still gets the 404, never the closing.
    assert api.call("other", "POST", f"/cases/{CASE}/notes", json={"body": "x"}).status_code == 404
    assert api.ok("lead", "POST", f"/cases/{CASE}/reopen", json={"reason": "新証拠"}) == {
        "status": "open"
    }
    timeline = [e["kind"] for e in api.ok("ito", "GET", f"/cases/{CASE}")["timeline"]]
    assert timeline == ["handed_over", "assigned", "closed", "reopened"]


def test_a_disabled_officer_is_refused_409_naming_the_account(api: Api, engine: Engine) -> None:
    from sqlalchemy import update

    from kizashi.store.tables import users

    with transaction(engine) as connection:
        connection.execute(update(users).where(users.c.name == "kato").values(active=False))
    body = {"officer": "kato", "reason": "応援"}
    refused = api.call("lead", "POST", f"/cases/{CASE}/assign", json=body)
    assert refused.status_code == 409, refused.text
    assert "kato's account is disabled" in refused.text
    handed = api.call(
        "sato",
        "POST",
        f"/cases/{CASE}/hand-over",
        json={"from_officer": "sato", "to_officer": "kato", "reason": "異動"},
    )
    assert handed.status_code == 409 and "to_officer" in handed.text


def test_the_reason_bounds_of_the_schema_are_casework_s_constants(api: Api) -> None:
    from kizashi.casework.domain import MAX_REASON_CHARS, MIN_CLOSING_CHARS, MIN_REASON_CHARS

    schemas = api.client.get("/openapi.json").json()["components"]["schemas"]
    for name in ("kizashi__casework__api__AssignIn", "HandOverIn", "ReopenIn", "PromoteIn"):
        reason = schemas[name]["properties"]["reason"]
        assert (reason["minLength"], reason["maxLength"]) == (MIN_REASON_CHARS, MAX_REASON_CHARS)
    closing = schemas["CloseIn"]["properties"]["reason"]
    assert (closing["minLength"], closing["maxLength"]) == (MIN_CLOSING_CHARS, MAX_REASON_CHARS)


def test_an_unassign_leaves_open_tasks_unassigned_and_the_api_gives_one_again(api: Api) -> None:
    """The removed officer's open task comes back with no assignee (null) and the
    ``unassigned`` event lists it; POST .../tasks/{id}/assign gives it to an officer."""
    task = api.ok(
        "sato",
        "POST",
        f"/cases/{CASE}/tasks",
        201,
        json={"title": "関係者への聴取", "assignee": "ito", "due_on": "2026-11-10"},
    )
    api.ok("lead", "POST", f"/cases/{CASE}/unassign", json={"officer": "ito", "reason": "異動"})
    found = api.ok("sato", "GET", f"/cases/{CASE}")
    assert [t["assignee"] for t in found["tasks"] if t["id"] == task["id"]] == [None]
    event = next(e for e in found["timeline"] if e["kind"] == "unassigned")
    assert event["detail"]["tasks"] == [{"id": task["id"], "title": "関係者への聴取"}]
    bad = api.call("sato", "POST", f"/cases/{CASE}/tasks/{task['id']}/assign", json={})
    assert bad.status_code == 422
    # Since mend20 a reason is required, bounded as the other reasons of casework.
    for body in ({"assignee": "sato"}, {"assignee": "sato", "reason": "x"}):
        bad = api.call("sato", "POST", f"/cases/{CASE}/tasks/{task['id']}/assign", json=body)
        assert bad.status_code == 422
        assert {p["field"] for p in bad.json()["problems"]} == {"reason"}
    given = api.ok(
        "sato",
        "POST",
        f"/cases/{CASE}/tasks/{task['id']}/assign",
        json={"assignee": "sato", "reason": "聴取は私が担当"},
    )
    assert given["assignee"] == "sato" and given["reason"] == "聴取は私が担当"
    found = api.ok("sato", "GET", f"/cases/{CASE}")
    event = next(e for e in found["timeline"] if e["kind"] == "task_assigned")
    assert event["detail"]["reason"] == "聴取は私が担当"
