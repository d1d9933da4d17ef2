"""A refused request names the field, even a field called body, query, path or header."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel, Field

from kizashi.http.problems import install_error_handlers


class _Note(BaseModel):
    body: str = Field(min_length=1)
    path: str = Field(min_length=1)


class _Notes(BaseModel):
    items: list[_Note]


def _client() -> TestClient:
    app = FastAPI()
    install_error_handlers(app)

    @app.post("/notes")
    def _add(note: _Note) -> dict[str, str]:
        return {"body": note.body}

    @app.post("/batch")
    def _batch(notes: _Notes) -> int:
        return len(notes.items)

    return TestClient(app)


def test_a_field_named_like_a_location_is_still_named() -> None:
    answer = _client().post("/notes", json={"body": "", "path": ""})
    assert answer.status_code == 422
    assert [p["field"] for p in answer.json()["problems"]] == ["body", "path"]


def test_a_nested_field_keeps_its_whole_path() -> None:
    answer = _client().post("/batch", json={"items": [{"body": "x", "path": ""}]})
    assert [p["field"] for p in answer.json()["problems"]] == ["items[0].path"]
