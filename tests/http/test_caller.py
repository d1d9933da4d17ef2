"""The stated purpose of an API call (X-Kizashi-Purpose) reads as the UI's purpose bar does.

HTTP carries header values as bytes and Starlette reads them as Latin-1, so a Japanese
purpose sent as UTF-8 used to reach the guard, and the append-only audit log, as mojibake
(押収… as æ¼å…), while the same words typed into the UI's purpose bar were recorded as typed.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI
from fastapi.testclient import TestClient

from kizashi.http import PurposeDep, stated_purpose
from kizashi.http.caller import purpose_text
from kizashi.http.problems import install_error_handlers


def _client() -> TestClient:
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/p")
    def stated(purpose: PurposeDep = None) -> dict[str, str | None]:
        return {"purpose": purpose}

    return TestClient(app)


def test_a_purpose_sent_as_utf8_bytes_reads_as_written() -> None:
    answer = _client().get("/p", headers={"X-Kizashi-Purpose": "押収メッセージの分析".encode()})
    assert answer.json() == {"purpose": "押収メッセージの分析"}


def test_a_percent_encoded_purpose_reads_as_written() -> None:
    """Clients that can send only ASCII headers (browsers' fetch, httpx) percent-encode."""
    answer = _client().get("/p", headers={"X-Kizashi-Purpose": quote("選挙 演説会の脅威評価")})
    assert answer.json() == {"purpose": "選挙 演説会の脅威評価"}


def test_an_ascii_purpose_and_none_are_unchanged() -> None:
    client = _client()
    assert client.get("/p", headers={"X-Kizashi-Purpose": "review 100% of case"}).json() == {
        "purpose": "review 100% of case"
    }
    assert client.get("/p").json() == {"purpose": None}


def test_a_latin1_purpose_that_is_not_utf8_is_kept() -> None:
    # Starlette hands a header over as Latin-1 text; b"caf\xe9" is not UTF-8, so it stays.
    # (Called directly: the test client would re-send the value as UTF-8.)
    assert purpose_text("caf\xe9") == "café"
    assert purpose_text("caf\xc3\xa9") == "café"  # the UTF-8 bytes of café, read back


def test_percent_escapes_are_read_only_in_an_ascii_header() -> None:
    """The qa12 review: a raw Japanese purpose's "%41" is what its author wrote."""
    raw = "対象者の割合%41以上の分析".encode().decode("latin-1")
    assert purpose_text(raw) == "対象者の割合%41以上の分析"
    assert purpose_text("%E6%8D%9C%E6%9F%BB%20100%") == "捜査 100%"


def test_no_control_or_direction_character_reaches_the_audit_log() -> None:
    """The qa12 review: a percent-encoded NUL reached the audit log, which PostgreSQL refuses
    (every request of the batch answered 503); CR LF, ESC and U+202E are no purpose either."""
    assert purpose_text("x%00y") == "x y"
    assert purpose_text("review%0D%0AX-Injected:%201") == "review X-Injected: 1"
    assert purpose_text("%1B[31mRED%1B[0m") == "[31mRED [0m"
    assert purpose_text("%E2%80%AEabc") == "abc"
    assert stated_purpose("  捜査\t\t(事件 1)  ") == "捜査 (事件 1)"
    client = _client()
    assert client.get("/p", headers={"X-Kizashi-Purpose": "%00%1B"}).json() == {"purpose": None}


def test_the_limit_counts_characters_as_the_ui_does() -> None:
    """300 characters, as the purpose bar's form: 300 Japanese characters are 900 bytes."""
    client = _client()
    ok = client.get("/p", headers={"X-Kizashi-Purpose": ("捜" * 300).encode()})
    assert ok.json() == {"purpose": "捜" * 300}
    long = client.get("/p", headers={"X-Kizashi-Purpose": ("捜" * 301).encode()})
    assert long.status_code == 422
    assert long.json()["problems"] == [
        {"field": "X-Kizashi-Purpose", "reason": "header: at most 300 characters"}
    ]


def test_the_schema_states_the_limit_in_characters() -> None:
    """The OpenAPI schema says 300 (what a client may send in ASCII), and a header longer than
    any 300 characters can be encoded in is refused without decoding it."""
    client = _client()
    header = next(
        p
        for p in client.get("/openapi.json").json()["paths"]["/p"]["get"]["parameters"]
        if p["name"] == "X-Kizashi-Purpose"
    )
    assert header["schema"]["maxLength"] == 300
    assert client.get("/p", headers={"X-Kizashi-Purpose": "a" * 300}).status_code == 200
    assert client.get("/p", headers={"X-Kizashi-Purpose": "%41" * 300}).json() == {
        "purpose": "A" * 300
    }
    assert client.get("/p", headers={"X-Kizashi-Purpose": "a" * 3601}).status_code == 422


def _routes_with_and_without_default() -> TestClient:
    """(qa13) A route may declare the purpose with or without a default; both read it alike."""
    app = FastAPI()

    @app.get("/optional")
    def optional(purpose: PurposeDep = None) -> dict[str, str | None]:
        return {"purpose": purpose}

    @app.get("/declared")
    def declared(purpose: PurposeDep) -> dict[str, str | None]:
        return {"purpose": purpose}

    return TestClient(app)


def test_a_utf8_purpose_header_reaches_every_route_as_the_text_typed() -> None:
    """qa13 found the same mojibake independently: a trivial 業務のため, read as Latin-1, was
    not recognised as trivial and opened TLP:RED material (tests/share/test_api.py)."""
    client = _routes_with_and_without_default()
    for path in ("/optional", "/declared"):
        answer = client.get(path, headers={"X-Kizashi-Purpose": "業務のため".encode()})
        assert answer.json() == {"purpose": "業務のため"}
        assert client.get(path).json() == {"purpose": None}  # the guard decides what it needs
