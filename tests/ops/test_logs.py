"""No personal data and no secret in the logs of a demo run: the demo itself, then the server
used as its people use it (signing in, a wrong password, reading, submitting a report that
names a person and a phone, a forged token, a path that holds a phone number).

The needles are every name, phone number, e-mail, address and account handle of the demo's
inputs, every demo password and every demo token."""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from kizashi.api import create_app
from kizashi.observe import configure_logging
from tests.shared_demo import DemoRun, copy_workspace

PERSONAL_KEYS = ("name", "phone", "contact", "email", "address", "handle", "birth")


def _personal_values(value: Any, key: str = "") -> set[str]:
    if isinstance(value, dict):
        return set().union(*(_personal_values(v, k) for k, v in value.items()), set())
    if isinstance(value, list):
        return set().union(*(_personal_values(v, key) for v in value), set())
    if isinstance(value, str) and any(part in key for part in PERSONAL_KEYS):
        return {value} if len(value) >= 4 else set()
    return set()


def _needles(run: DemoRun) -> set[str]:
    found: set[str] = set()
    for path in run.inputs.glob("*.jsonl"):
        for line in path.read_text("utf-8").splitlines():
            found |= _personal_values(json.loads(line))
    found |= _personal_values(json.loads((run.inputs / "manifest.json").read_text("utf-8")))
    return found | set(run.passwords.values()) | set(run.tokens.values())


def _use_the_server(run: DemoRun, served: Path) -> str:
    """The logs of a server over a copy of the demo's workspace at `served` (the session's
    demo is shared: `small_demo` is its build, and a report submitted here would be in it)."""
    stream = io.StringIO()
    copy_workspace(run.settings.data_dir, served)
    settings = run.settings.model_copy(
        update={"data_dir": served, "log_format": "json", "log_level": "INFO"}
    )
    root = logging.getLogger()
    level = root.level
    handler = configure_logging(settings, stream)
    try:
        app = create_app(settings)
        analyst = {"Authorization": f"Bearer {run.tokens['demo-analyst']}"}
        partner = {"Authorization": f"Bearer {run.tokens['demo-partner']}"}
        name, password = next(iter(run.passwords.items()))
        with TestClient(app, client=("127.0.0.1", 50000)) as client:
            form = client.get("/ui/login").text
            csrf = form.split('name="csrf" value="', 1)[1].split('"', 1)[0]
            wrong = {"name": name, "password": password + "x", "csrf": csrf}
            client.post("/ui/login", data=wrong)
            client.post("/ui/login", data={"name": name, "password": password, "csrf": csrf})
            client.get("/ui/")
            listed = client.get("/api/v1/reports?limit=20", headers=analyst).json()["items"]
            for item in listed[:5]:
                client.get(f"/api/v1/reports/{item['id']}", headers=analyst)
            client.post(
                "/api/v1/reports/partner_report",
                headers=partner,
                json={
                    "report_ref": "LOG-1",
                    "partner_type": "real_estate",
                    "category": "suspicious_sound",
                    "text": "賃貸ガレージから夜間に金属音。借主の山田 太郎 090-1234-5678。",
                    "observed_at": "2026-10-20T22:30:00+09:00",
                    "persons": [{"name": "山田 太郎", "role": "tenant", "phone": "090-1234-5678"}],
                },
            )
            client.get("/api/v1/reports", headers={"Authorization": "Bearer kz_forged-token"})
            client.get("/ui/search/090-1234-5678")
            client.get("/metrics")
            client.get("/readyz")
        app.state.engine.dispose()
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
    return stream.getvalue()


def _readable(logs: str) -> tuple[str, list[dict[str, Any]]]:
    """The logs as written and as decoded (a \\u-escaped name is still a name)."""
    lines = [json.loads(line) for line in logs.splitlines() if line.strip()]
    return logs + "\n".join(json.dumps(line, ensure_ascii=False) for line in lines), lines


def test_the_logs_of_a_demo_run_hold_no_personal_data_and_no_secret(
    demo_run: DemoRun, tmp_path: Path
) -> None:
    served = _use_the_server(demo_run, tmp_path / "demo")
    logs, lines = _readable(demo_run.logs + served)
    assert len(lines) > 20  # the check would prove nothing on empty logs
    access = [line for line in lines if line["logger"] == "kizashi.access"]
    assert {line["route"] for line in access} >= {"/ui/login", "/api/v1/reports/{report_id}"}
    assert all(len(line["request_id"]) == 32 for line in access)
    needles = _needles(demo_run) | {"山田 太郎", "090-1234-5678", "kz_forged-token"}
    assert len(needles) > 100
    found = sorted(needle for needle in needles if needle in logs)
    assert found == [], f"personal data or secrets in the logs: {found[:10]}"


def test_the_search_would_find_a_buyer_tipster_or_partner_in_the_logs(demo_run: DemoRun) -> None:
    """The search itself works: what the inputs say about people is among the needles."""
    needles = _needles(demo_run)
    lines = (demo_run.inputs / "purchase.jsonl").read_text("utf-8").splitlines()
    # The first buyer whose name is long enough to be searched for (`_personal_values`: a
    # value under 4 characters would be found by chance; at scale 0.05 the first is "林 彩").
    purchase = next(p for p in map(json.loads, lines) if len(p["buyer_name"]) >= 4)
    assert {purchase["buyer_name"], purchase["buyer_phone"]} <= needles
    leaked, _ = _readable(demo_run.logs + json.dumps({"message": f"row: {purchase['buyer_name']}"}))
    assert purchase["buyer_name"] in [n for n in needles if n in leaked]
