"""Request size and nesting limits (issue 14): checked before parsing and authentication.

Before: an unauthenticated 200 MB body to ``/api/v1/detect`` was read and parsed before the
401, and JSON nested 1,000 deep gave a 500 on a submit route.
"""

from __future__ import annotations

from collections.abc import Iterator

import orjson
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from kizashi.api import create_app
from kizashi.clock import FixedClock
from kizashi.config import Settings
from kizashi.http.limits import depth_exceeds, too_deep
from tests.security.conftest import audit_size, bearer
from tests.web.seeding import Seeded


def _small(settings: Settings, engine: Engine, clock: FixedClock) -> TestClient:
    limited = settings.model_copy(update={"api_max_body_bytes": 64 * 1024})
    return TestClient(create_app(limited, engine=engine, clock=clock), base_url="http://127.0.0.1")


def test_an_oversized_body_is_refused_before_authentication(
    settings: Settings, engine: Engine, clock: FixedClock, seeded: Seeded
) -> None:
    with _small(settings, engine, clock) as client:
        before = audit_size(engine)
        big = b'{"text": "' + b"x" * (65 * 1024) + b'"}'
        # No credential at all: a 413, not a 401 after reading it, and no token looked up.
        response = client.post(
            "/api/v1/detect", content=big, headers={"Content-Type": "application/json"}
        )
        assert response.status_code == 413 and "larger than" in response.json()["detail"]

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted while read
            for _ in range(100):
                yield b"x" * 1024

        streamed = client.post("/api/v1/reports/public_tip", content=chunks())
        assert streamed.status_code == 413
        assert audit_size(engine) == before, "a refused body reaches no route and no guard"


def test_deep_json_is_a_422_never_a_500(
    client: TestClient, tokens: dict[str, str], engine: Engine
) -> None:
    # 1,000 levels (objects and arrays alternating) inside an otherwise valid tip.
    deep = b'{"a":[' * 500 + b'"x"' + b"]}" * 500
    body = b'{"tip_ref": "T-1", "received_via": "phone_110", "text": "t", "x": ' + deep + b"}"
    for route in ("/api/v1/reports/public_tip", "/api/v1/detect"):
        response = client.post(
            route,
            content=body,
            headers={**bearer(tokens["analyst"]), "Content-Type": "application/json"},
        )
        assert response.status_code == 422, (route, response.text[:200])
        assert "nests deeper" in response.json()["detail"]
    # An ordinary nested report is untouched by the limit.
    shallow = {"tip_ref": "T-2", "received_via": "phone_110", "text": "ok", "subjects": [{}]}
    assert not too_deep(orjson.dumps(shallow), 32)


def test_the_depth_walk_is_exact() -> None:
    value: object = 1
    for _ in range(5):
        value = [value]
    assert not depth_exceeds(value, 5) and depth_exceeds(value, 4)
    assert not too_deep(b"[[[[[1]]]]]", 5) and too_deep(b"[[[[[1]]]]]", 4)
    assert too_deep(b'{"a": 1}\n[[[[[1]]]]]\n', 4)  # JSON Lines: each line
    assert not too_deep(b'"[[[[[[[[[[" ', 4)  # brackets inside a string are text
