"""FastAPI's own refusals in the one problem shape, with a field only where there is one."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel

from kizashi.http.problems import install_error_handlers


class Review(BaseModel):
    status: str
    reason: str


def _client() -> TestClient:
    app = FastAPI()
    install_error_handlers(app)

    @app.post("/review")
    def review(body: Review) -> dict[str, str]:
        return {"status": body.status}

    return TestClient(app)


def test_a_body_that_is_not_json_names_where_it_breaks_not_a_field() -> None:
    """The parser's position used to read as an array index (`[34]`), as if an item of a
    batch were wrong."""
    answer = _client().post(
        "/review",
        content=b'{"status": "in_review", "reason": ',
        headers={"content-type": "application/json"},
    )
    assert answer.status_code == 422
    assert answer.json()["problems"] == [
        {"field": None, "reason": "body: not valid JSON at character 34 (Expecting value)"}
    ]


def test_a_bad_field_is_still_named() -> None:
    answer = _client().post("/review", json={"status": "in_review"})
    assert answer.json()["problems"] == [{"field": "reason", "reason": "body: Field required"}]
