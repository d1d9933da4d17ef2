"""Several uvicorn workers on PostgreSQL, in the production profile: requests spread over the
processes, every process writes the one audit log (which still verifies), and /metrics sums
what every process counted."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import httpx
import pytest

from kizashi.config import load_settings
from kizashi.guard import export_log, open_audit_log, verify_export
from kizashi.guard.identity import create_user, issue_token, sync_desks
from kizashi.store import make_engine, upgrade
from tests.ops.conftest import GARAGE, SECRET
from tests.ops.test_metrics import _samples, _value

pytestmark = pytest.mark.postgres


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def served(
    postgres_schema_url: str, tmp_path: Path, now: datetime
) -> Iterator[tuple[str, dict[str, str], str]]:
    env = {
        **os.environ,
        "KIZASHI_PROFILE": "production",
        "KIZASHI_DATABASE_URL": postgres_schema_url,
        "KIZASHI_DATA_DIR": str(tmp_path / "data"),
        "KIZASHI_AUDIT_SIGNING_KEY": str(tmp_path / "keys" / "checkpoint.key"),
        "KIZASHI_WITNESS_URL": str(tmp_path / "witness"),
        "KIZASHI_SESSION_SECRET": SECRET.get_secret_value(),
        "KIZASHI_SERVE_WORKER": "false",  # the pipeline runs in `kizashi worker` processes
        "KIZASHI_LOG_LEVEL": "WARNING",
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    settings = load_settings(
        database_url=postgres_schema_url, data_dir=tmp_path / "data"
    ).model_copy(update={"audit_signing_key": tmp_path / "keys" / "checkpoint.key"})
    engine = make_engine(settings)
    upgrade(engine)
    with engine.begin() as connection:
        sync_desks(connection)
        create_user(connection, "analyst", role="command_centre", desk="lone-offender")
        token = issue_token(connection, "analyst", now=now)
    port = _free_port()
    kizashi = str(Path(sys.executable).parent / "kizashi")
    errors = tmp_path / "serve.log"
    log_file = errors.open("w")
    server = subprocess.Popen(
        [kizashi, "serve", "--workers", "2", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log_file,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            assert server.poll() is None, errors.read_text()
            try:
                if httpx.get(f"{base}/readyz", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        else:
            pytest.fail("kizashi serve --workers 2 did not become ready")
        yield base, {"Authorization": f"Bearer {token}"}, str(settings.audit_signing_key)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log_file.close()
    log = open_audit_log(settings, engine)
    exported = tmp_path / "audit.jsonl"
    with exported.open("wb") as out:
        count = export_log(log, out)
    report = verify_export(exported, log.signer.verifier)
    assert report.ok and count >= 20, (count, report.problem)
    engine.dispose()


def test_two_http_workers_share_the_store_the_audit_log_and_the_metrics(
    served: tuple[str, dict[str, str], str],
) -> None:
    base, headers, _ = served
    pids: set[int] = set()
    for _ in range(200):  # a fresh connection each time: the kernel hands it to either process
        pids.add(httpx.get(f"{base}/healthz").json()["pid"])
        if len(pids) == 2:
            break
    assert len(pids) == 2
    created = httpx.post(f"{base}/api/v1/reports/partner_report", json=GARAGE, headers=headers)
    assert created.status_code == 201, created.text
    url = f"{base}/api/v1/reports/{created.json()['id']}"
    with ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(lambda _: httpx.get(url, headers=headers).status_code, range(40)))
    assert codes == [200] * 40
    samples = _samples(httpx.get(f"{base}/metrics").text)
    route = "/api/v1/reports/{report_id}"
    assert _value(samples, "kizashi_http_requests_total", route=route, status="200") == 40
    assert _value(samples, "kizashi_guard_decisions_total", effect="allow", action="read") == 40
