"""The purpose header as an officer's client sends it (qa13, 2026-12-06).

HTTP header values arrive as bytes and Starlette reads them as Latin-1, so a Japanese
purpose sent as UTF-8 (curl, requests, browsers' fetch) reached the guard as mojibake:
logged unreadable for oversight, and a trivial purpose (業務のため) slipped past
``PURPOSE-1``'s list because the list could not recognise it.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from kizashi.http import PurposeDep


def _app() -> FastAPI:
    app = FastAPI()

    @app.get("/optional")
    def optional(purpose: PurposeDep = None) -> dict[str, str | None]:
        return {"purpose": purpose}

    @app.get("/required")
    def required(purpose: PurposeDep) -> dict[str, str | None]:
        return {"purpose": purpose}

    return app


def test_a_utf8_purpose_header_reaches_the_route_as_the_text_typed() -> None:
    client = TestClient(_app())
    for path in ("/optional", "/required"):
        answer = client.get(path, headers={"X-Kizashi-Purpose": "業務のため".encode()})
        assert answer.json() == {"purpose": "業務のため"}


def test_an_ascii_purpose_is_kept_as_sent() -> None:
    client = TestClient(_app())
    answer = client.get("/optional", headers={"X-Kizashi-Purpose": "internal-affairs inquiry"})
    assert answer.json() == {"purpose": "internal-affairs inquiry"}


def test_no_purpose_header_is_none_or_required() -> None:
    client = TestClient(_app())
    assert client.get("/optional").json() == {"purpose": None}
    assert client.get("/required").status_code == 422
