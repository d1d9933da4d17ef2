"""One read model: every persona sees the same alerts, entities and reports on API and web.

Issue 14: the web queue built its own alert resource (a fixed TLP:AMBER, no compartments)
and showed another desk a compartment-held subject's alert the API refused; the entity
links route answered a sealed subject's label and members to outsiders and to partners.
Here each persona of the seeded world signs in on both surfaces and the set of items (and
the fields both show) must be the same for every alert, entity and report in the store.
"""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from kizashi.store.tables import reports
from kizashi.store.tables_resolve import entities
from kizashi.store.tables_triage import alerts
from tests.security.conftest import bearer
from tests.web.conftest import sign_in
from tests.web.seeding import Seeded

PERSONAS = ("analyst", "analyst-a", "analyst-b", "lead-a", "inspector", "partner-otsuka")
MISSING = "01a2059a-0000-7000-8000-000000000000"


def _ids(engine: Engine, table: Any) -> list[str]:
    with engine.connect() as connection:
        return sorted(str(i) for i in connection.execute(select(table.c.id)).scalars())


def _desks(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return sorted({str(d) for d in connection.execute(select(alerts.c.desk_id)).scalars()})


def _api_alerts(client: TestClient, token: str, desk: str) -> dict[str, str | None]:
    response = client.get(
        "/api/v1/alerts", params={"desk": desk, "limit": 500}, headers=bearer(token)
    )
    if response.status_code in (403, 404):
        return {}
    assert response.status_code == 200, response.text
    assert response.json()["next_after"] is None
    return {a["id"]: a["entity_label"] for a in response.json()["items"]}


ALERT_LINK = re.compile(
    r'<a href="/ui/alerts/([0-9a-f-]{36})" data-testid="alert-link">([^<]*)</a>'
)


def _web_alerts(client: TestClient, desk: str) -> dict[str, str | None]:
    response = client.get("/ui/alerts", params={"desk": desk, "status": "all", "limit": 200})
    if response.status_code == 404:  # a partner: the portal only
        return {}
    assert response.status_code == 200
    assert 'rel="next"' not in response.text
    return {m[1]: html.unescape(m[2]) for m in ALERT_LINK.finditer(response.text)}


def _api_entity(client: TestClient, token: str, entity_id: str) -> tuple[int, Any]:
    shown = client.get(f"/api/v1/entities/{entity_id}", headers=bearer(token))
    links = client.get(f"/api/v1/entities/{entity_id}/links", headers=bearer(token))
    # The entity and its links are one read model: the same answer on both routes.
    assert shown.status_code == links.status_code, (shown.text, links.text)
    if shown.status_code != 200:
        return shown.status_code, None
    body = shown.json()
    assert links.json()["label"] == body["label"]
    return 200, (
        body["label"],
        frozenset(t["report_id"] for t in body["timeline"]),
        frozenset(m["mention_id"] for m in links.json()["members"]),
        frozenset(a["id"] for a in body["alerts"]),
    )


def _web_entity(client: TestClient, entity_id: str) -> tuple[int, Any]:
    page = client.get(f"/ui/entities/{entity_id}")
    if page.status_code != 200:
        return page.status_code, None
    label = re.search(r'data-testid="entity-label">([^<]*)<', page.text)
    assert label is not None
    return 200, (
        html.unescape(label[1]),
        frozenset(re.findall(r'<li class="event"[^>]* data-report="([^"]+)"', page.text)),
        frozenset(re.findall(r'<tr data-mention="([^"]+)"', page.text)),
        frozenset(
            re.findall(r'<a href="/ui/alerts/([^"]+)" data-testid="entity-alert"', page.text)
        ),
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_and_web_show_each_persona_the_same_items(
    client: TestClient,
    engine: Engine,
    seeded: Seeded,
    tokens: dict[str, str],
    persona: str,
) -> None:
    token = tokens[persona]
    client.cookies.clear()
    sign_in(client, persona)
    for desk in _desks(engine):
        assert _api_alerts(client, token, desk) == _web_alerts(client, desk), desk
    seen = 0
    for entity_id in [*_ids(engine, entities), MISSING]:
        api_status, api_view = _api_entity(client, token, entity_id)
        web_status, web_view = _web_entity(client, entity_id)
        if persona == "partner-otsuka":
            # Partners have the portal only: no entity page, and nothing of one on the API.
            assert web_status == 404 and api_status == 404, entity_id
            continue
        assert api_status == web_status, (entity_id, api_status, web_status)
        assert api_view == web_view, entity_id
        seen += api_status == 200
    if persona != "partner-otsuka":
        for report_id in _ids(engine, reports):
            api = client.get(f"/api/v1/reports/{report_id}", headers=bearer(token))
            web = client.get(f"/ui/reports/{report_id}")
            assert api.status_code == web.status_code, report_id
    if persona == "analyst":
        assert seen, "the persona should see some entity: the test would prove nothing"


def test_a_sealed_subjects_links_are_refused_like_its_page(
    client: TestClient, seeded: Seeded, tokens: dict[str, str]
) -> None:
    """The leak of issue 14: /links answered a sealed subject's label and members (200)."""
    outsider = client.get(
        f"/api/v1/entities/{seeded.held_entity}/links", headers=bearer(tokens["analyst-b"])
    )
    assert outsider.status_code == 403 and "DECONFLICT-1" in outsider.text
    assert "佐藤" not in outsider.text
    partner = client.get(
        f"/api/v1/entities/{seeded.held_entity}/links", headers=bearer(tokens["partner-otsuka"])
    )
    assert partner.status_code == 404 and "佐藤" not in partner.text


def test_an_entity_with_no_readable_report_is_a_missing_id(
    client: TestClient, seeded: Seeded, tokens: dict[str, str]
) -> None:
    """A guessed id (an address's uuid5) must not tell whether the police hold it, or its
    label: another desk's entity answers exactly as an id nobody holds."""
    for route in ("/api/v1/entities/{}", "/api/v1/entities/{}/links"):
        hidden = client.get(route.format(seeded.main_entity), headers=bearer(tokens["analyst-b"]))
        missing = client.get(route.format(MISSING), headers=bearer(tokens["analyst-b"]))
        assert hidden.status_code == missing.status_code == 404
        assert hidden.json() == missing.json()
