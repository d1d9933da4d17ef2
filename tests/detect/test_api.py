"""``POST /api/v1/detect``: authenticated, one text or a batch, the scan output contract."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from kizashi.api import create_app
from kizashi.config import Settings
from kizashi.detect.api import router
from tests.api.conftest import Tokens, auth
from tests.api.conftest import tokens as tokens  # a fixture, used by name


@pytest.fixture
def client(engine: Engine, settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings, engine=engine)
    app.include_router(router)
    with TestClient(app) as test_client:
        yield test_client


def test_requires_a_token(client: TestClient) -> None:
    assert client.post("/api/v1/detect", json={"text": "x"}).status_code == 401


def test_one_text(client: TestClient, tokens: Tokens) -> None:
    response = client.post(
        "/api/v1/detect", json={"text": "桜井を56す", "id": "t1"}, headers=auth(tokens.officer)
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["id"] == "t1" and body["category"] == "threat" and body["flagged"] is True
    (kill,) = [e for e in body["evidence"] if e["rule"] == "threat-kill-ja"]
    assert kill["view"] == "decoded:goroawase"
    (composed,) = [e for e in body["evidence"] if e["rule"] == "threat-composed"]
    assert composed["components"]["harm_intent"][0]["text"] == "56す"
    assert composed["components"]["protected_person"] == ["candidate-sakurai"]
    assert body["explain"] is None  # only with ?explain=true


def test_a_batch_keeps_order_and_explains(client: TestClient, tokens: Tokens) -> None:
    response = client.post(
        "/api/v1/detect?explain=true",
        json=[{"text": "死ぬほど眠い"}, {"text": "即日即金 日給8万 テレグラムで"}],
        headers=auth(tokens.officer),
    )
    assert response.status_code == 200, response.text
    first, second = response.json()
    assert (first["id"], first["flagged"]) == ("0", False)
    assert (second["id"], second["category"]) == ("1", "recruitment")
    assert "stage" in second["explain"]


def test_bad_body_is_a_422(client: TestClient, tokens: Tokens) -> None:
    response = client.post("/api/v1/detect", json={"txt": "x"}, headers=auth(tokens.officer))
    assert response.status_code == 422
