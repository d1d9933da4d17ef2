"""Metrics appear after traffic, name route templates and stages, never a person; /metrics
is for the host (or a token) only; every request gets an id and one access line."""

from __future__ import annotations

import json
import logging
import re

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import Engine

from kizashi.api import create_app
from kizashi.clock import FixedClock
from kizashi.config import Settings
from kizashi.observe import JsonFormatter
from tests.ops.conftest import GARAGE


def _samples(text: str) -> dict[str, float]:
    """`name{labels}` -> value, for every sample line of the Prometheus text format."""
    out = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            key, _, value = line.rpartition(" ")
            out[key] = float(value)
    return out


def _value(samples: dict[str, float], name: str, **labels: str) -> float:
    """The sum of the samples of `name` whose labels include `labels`."""
    total = 0.0
    for key, value in samples.items():
        metric, _, rest = key.partition("{")
        found = dict(re.findall(r'(\w+)="([^"]*)"', rest))
        if metric == name and all(found.get(k) == v for k, v in labels.items()):
            total += value
    return total


def test_metrics_appear_after_traffic(client: TestClient, officer_token: str) -> None:
    headers = {"Authorization": f"Bearer {officer_token}"}
    before = _samples(client.get("/metrics").text)
    stored = client.post("/api/v1/reports/partner_report", json=GARAGE, headers=headers)
    report_id = stored.json()["id"]
    for _ in range(3):
        assert client.get(f"/api/v1/reports/{report_id}", headers=headers).status_code == 200
    missing_id = "0190a0b0-0000-7000-8000-000000000000"
    missing = client.get(f"/api/v1/reports/{missing_id}", headers=headers).status_code
    assert missing == 404
    client.get("/no/such/path/090-1234-5678")
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    after = _samples(response.text)

    def grew(name: str, **labels: str) -> float:
        return _value(after, name, **labels) - _value(before, name, **labels)

    route = "/api/v1/reports/{report_id}"
    assert grew("kizashi_http_requests_total", route=route, status="200") == 3
    assert grew("kizashi_http_requests_total", route=route, status=str(missing)) == 1
    assert grew("kizashi_http_requests_total", route="unmatched", status="404") == 1
    assert grew("kizashi_http_request_duration_seconds_count", method="GET", route=route) == 4
    assert grew("kizashi_guard_decisions_total", effect="allow") >= 3
    assert grew("kizashi_audit_append_duration_seconds_count") >= 1
    assert grew("kizashi_audit_entries_appended_total") >= 3
    # read from the store: the report waits at the pipeline's first stage; intake counted it
    assert _value(after, "kizashi_pipeline_waiting_reports", stage="detect") == 1
    assert (
        _value(after, "kizashi_ingest_rows_total", channel="partner_report", outcome="stored") == 1
    )
    assert "kizashi_alerts_opened_total" in response.text
    # labels name templates, never what was typed
    for typed in (report_id, missing_id, "090-1234-5678", "山田", "/no/such"):
        assert typed not in response.text


def test_metrics_answer_loopback_or_the_token_only(
    engine: Engine, settings: Settings, clock: FixedClock
) -> None:
    app = create_app(settings, engine=engine, clock=clock)
    with TestClient(app, client=("10.1.2.3", 40000)) as remote:
        assert remote.get("/metrics").status_code == 403
    app.state.settings = settings.model_copy(update={"metrics_token": SecretStr("t" * 32)})
    with TestClient(app, client=("127.0.0.1", 40000)) as local:
        assert local.get("/metrics").status_code == 401  # a token is set: loopback is not enough
    with TestClient(app, client=("10.1.2.3", 40000)) as remote:
        assert remote.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
        good = remote.get("/metrics", headers={"Authorization": "Bearer " + "t" * 32})
        assert good.status_code == 200 and "kizashi_http_requests_total" in good.text


@pytest.fixture
def json_log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.INFO, logger="kizashi.access")
    caplog.handler.setFormatter(JsonFormatter())
    return caplog


def test_every_request_has_an_id_and_one_access_line_naming_the_template(
    client: TestClient, officer_token: str, json_log: pytest.LogCaptureFixture
) -> None:
    headers = {"Authorization": f"Bearer {officer_token}"}
    report_id = client.post("/api/v1/reports/partner_report", json=GARAGE, headers=headers).json()[
        "id"
    ]
    json_log.clear()
    given = client.get(f"/api/v1/reports/{report_id}", headers={**headers, "X-Request-ID": "lb-42"})
    assert given.headers["x-request-id"] == "lb-42"  # the proxy's id is kept
    made = client.get(
        f"/api/v1/reports/{report_id}?q=山田", headers={**headers, "X-Request-ID": "a b"}
    )
    assert re.fullmatch(r"[0-9a-f]{32}", made.headers["x-request-id"])  # a bad one is replaced
    lines = [json.loads(line) for line in json_log.text.splitlines()]
    assert [(line["request_id"], line["route"], line["status"]) for line in lines] == [
        ("lb-42", "/api/v1/reports/{report_id}", 200),
        (made.headers["x-request-id"], "/api/v1/reports/{report_id}", 422),
    ]
    assert report_id not in json_log.text and "山田" not in json_log.text
