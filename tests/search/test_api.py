"""``/api/v1/search`` and saved searches over HTTP, on the web tests' seeded store."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from kizashi.config import Settings
from kizashi.guard.identity import issue_token
from kizashi.search import reindex_all
from kizashi.store.tables import audit_entries
from tests.web.conftest import app_client, seeded
from tests.web.seeding import Seeded

__all__ = ["app_client", "seeded"]


def _token(engine: Engine, name: str, now: datetime) -> dict[str, str]:
    with engine.begin() as connection:
        reindex_all(connection, now=now)
        return {"Authorization": f"Bearer {issue_token(connection, name, now=now)}"}


def test_search_answers_only_what_the_caller_may_see(
    app_client: TestClient, seeded: Seeded, engine: Engine, now: datetime
) -> None:
    officer = {**_token(engine, "analyst", now), "X-Kizashi-Purpose": "case 2026-041 threat review"}
    found = app_client.get("/api/v1/search", params={"q": "ヤマダ タロウ"}, headers=officer)
    assert found.status_code == 200
    body = found.json()
    people = [i for i in body["items"] if i["kind"] == "person"]
    assert [p["id"] for p in people] == [seeded.main_entity]
    assert body["total"] == sum(body["facets"]["kind"].values())
    reports = app_client.get(
        "/api/v1/search", params={"q": "yamada", "kind": "report", "per_page": 1}, headers=officer
    ).json()
    assert len(reports["items"]) == 1 and reports["total"] >= 1
    other = _token(engine, "analyst-b", now)
    hidden = app_client.get("/api/v1/search", params={"q": "山田太郎"}, headers=other).json()
    assert seeded.main_entity not in {i["id"] for i in hidden["items"]}
    assert hidden["facets"]["kind"].get("person", 0) == 0
    partner = _token(engine, "partner-otsuka", now)
    assert (
        app_client.get("/api/v1/search", params={"q": "山田"}, headers=partner).status_code == 403
    )
    bad = app_client.get("/api/v1/search", params={"q": "山田", "kind": "x"}, headers=officer)
    assert bad.status_code == 422
    with engine.connect() as connection:
        purposes = set(
            connection.execute(
                select(audit_entries.c.purpose).where(audit_entries.c.action == "search")
            ).scalars()
        )
    assert "case 2026-041 threat review" in purposes


def test_saved_searches_are_the_callers_own(
    app_client: TestClient, seeded: Seeded, engine: Engine, now: datetime
) -> None:
    officer = {**_token(engine, "analyst", now), "X-Kizashi-Purpose": "case 2026-041 threat review"}
    made = app_client.post(
        "/api/v1/saved-searches",
        json={"name": "山田", "q": "yamada", "kind": "person"},
        headers=officer,
    )
    assert made.status_code == 201, made.text
    saved = made.json()
    assert saved["filters"] == {"kind": "person"}
    listed = app_client.get("/api/v1/saved-searches", headers=officer).json()
    assert [s["id"] for s in listed] == [saved["id"]]
    other = _token(engine, "analyst-b", now)
    assert app_client.get("/api/v1/saved-searches", headers=other).json() == []
    assert (
        app_client.delete(f"/api/v1/saved-searches/{saved['id']}", headers=other).status_code == 404
    )
    assert app_client.get("/api/v1/search/notices", headers=officer).json() == []
    assert (
        app_client.delete(f"/api/v1/saved-searches/{saved['id']}", headers=officer).status_code
        == 204
    )
    no_purpose = _token(engine, "analyst", now)
    refused = app_client.post(
        "/api/v1/saved-searches", json={"name": "x", "q": "yamada"}, headers=no_purpose
    )
    assert refused.status_code == 403 and "purpose" in refused.json()["detail"]


def test_material_that_needs_a_purpose_is_asked_for_never_counted(
    app_client: TestClient, seeded: Seeded, engine: Engine, now: datetime
) -> None:
    # 佐藤 次郎 is held in op-kiku (sensitive): its member is asked for a purpose first.
    member = _token(engine, "analyst-a", now)
    bare = app_client.get("/api/v1/search", params={"q": "佐藤 次郎"}, headers=member).json()
    assert seeded.held_entity not in {i["id"] for i in bare["items"]}
    assert bare["needs_purpose"] is True
    assert bare["facets"]["kind"].get("person", 0) == 0
    # With one, the subject is admitted, but the one report behind him is desk B's: as on
    # his entity page (404), he is not shown — one read model.
    stated = app_client.get(
        "/api/v1/search",
        params={"q": "佐藤 次郎"},
        headers={**member, "X-Kizashi-Purpose": "op-kiku subject movements"},
    ).json()
    assert seeded.held_entity not in {i["id"] for i in stated["items"]}
    page = app_client.get(
        f"/api/v1/entities/{seeded.held_entity}",
        headers={**member, "X-Kizashi-Purpose": "op-kiku subject movements"},
    )
    assert page.status_code == 404
    # An outsider is neither shown him nor told that a purpose would show more.
    outsider = _token(engine, "analyst-b", now)
    for headers in (outsider, {**outsider, "X-Kizashi-Purpose": "op-kiku subject movements"}):
        hidden = app_client.get("/api/v1/search", params={"q": "佐藤 次郎"}, headers=headers).json()
        assert seeded.held_entity not in {i["id"] for i in hidden["items"]}
        assert hidden["needs_purpose"] is False


def test_the_api_and_the_page_rank_the_person_named_first_alike(
    app_client: TestClient, seeded: Seeded, engine: Engine, settings: Settings, now: datetime
) -> None:
    """A newer 小山田 太郎 contains 山田太郎: both surfaces list 山田 太郎 first (one read
    model, ranked after the guard)."""
    from kizashi.guard.identity import label_material
    from kizashi.store import transaction
    from tests.triage.seed import purchase
    from tests.web.conftest import sign_in
    from tests.web.seeding import DESK_MAIN, _entity, _ingest, _member, _mentions

    bought = (now - timedelta(hours=1)).isoformat()
    record = purchase(
        "T9",
        "ホームセンターA/大塚店",
        bought,
        "木炭",
        "木炭",
        3,
        "kg",
        "小山田 太郎",
        "070-9999-0000",
    )
    report_id = _ingest(engine, settings, "purchase", record, "retailer:test")
    with transaction(engine) as connection:
        oyamada = _entity(connection, "person", "小山田 太郎", now)
        label_material(connection, "report", report_id, desk=DESK_MAIN)
        for mention in _mentions(connection, report_id):
            _member(connection, oyamada, mention, None, now)
    officer = {**_token(engine, "analyst", now), "X-Kizashi-Purpose": "case 2026-041 threat review"}
    for query in ("山田太郎", "ヤマダ タロウ", "yamada taro"):
        body = app_client.get("/api/v1/search", params={"q": query}, headers=officer).json()
        people = [i["id"] for i in body["items"] if i["kind"] == "person"]
        assert people == [seeded.main_entity, oyamada], query
        sign_in(app_client, "analyst")
        page = app_client.get("/ui/search", params={"q": query}).text
        shown = [e for e in re.findall(r'href="/ui/entities/([^"]+)"', page) if e in people]
        assert list(dict.fromkeys(shown)) == people, query
        app_client.cookies.clear()
