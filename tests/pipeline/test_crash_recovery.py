"""A real `kizashi worker` killed with SIGKILL again and again, then restarted: every report
goes through every stage exactly once — one signal per report, one contribution per signal
and entity, one alert per entity, opened once — and nothing is left behind or parked.

The worker runs as a separate process on the system clock, so the posts are dated in the
future (a clock-skewed source: such signals count fully and urgent rules hold), which makes
what must open independent of the day the test runs. No timing is asserted here.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kizashi.clock import FixedClock
from kizashi.config import load_settings
from kizashi.pipeline import Worker
from kizashi.store import make_engine, upgrade
from tests.pipeline.helpers import NOW, THREAT, history, ingest, post

ACCOUNTS = 60
FUTURE = datetime(2099, 1, 1, tzinfo=UTC)


def _count(db: Path, sql: str) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


def _worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-c", "from kizashi.cli import main; main()", "worker"]
    with log.open("ab") as out:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=out)


@pytest.mark.slow
# The test's own waits add up to 4 x 120 s + 180 s (a worker subprocess on a loaded machine, with
# the other slow tests in the second pytest worker): the suite-wide 300 s would cut them short.
@pytest.mark.timeout(720)
def test_sigkill_at_any_point_then_restart_processes_every_report_exactly_once(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "data"
    settings = load_settings(data_dir=data_dir, database_url=None)
    engine = make_engine(settings)
    upgrade(engine)
    history(engine, settings)
    Worker(engine, settings, clock=FixedClock(NOW), hooks=(), name="warm-up").drain()
    records = []
    for n in range(ACCOUNTS):  # two threats and one ordinary post per account
        at = FUTURE + timedelta(minutes=n)
        records += [
            post(10_000 + 3 * n, f"acct{n}", THREAT, at),
            post(10_001 + 3 * n, f"acct{n}", f"{THREAT} 本気だ", at + timedelta(seconds=1)),
            post(10_002 + 3 * n, f"acct{n}", "今日は雨", at + timedelta(seconds=2)),
        ]
    ingest(engine, settings, "sns_post", records)
    engine.dispose()
    total = 40 + len(records)
    db = data_dir / "kizashi.db"
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIZASHI_")}
    env |= {"KIZASHI_DATA_DIR": str(data_dir), "KIZASHI_PIPELINE_BATCH_SIZE": "4"}
    done_sql = "select count(*) from pipeline_queue where state = 'done'"
    kills = 0
    log = tmp_path / "worker.log"
    for target in (0.15, 0.4, 0.65, 0.85):
        process = _worker(env, log)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:
            if _count(db, done_sql) >= 40 + target * len(records):
                break
            time.sleep(0.02)
        assert process.poll() is None, log.read_text("utf-8", "replace")
        process.send_signal(signal.SIGKILL)
        process.wait(10)
        kills += 1
    process = _worker(env, log)
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and _count(db, done_sql) < total:
            time.sleep(0.1)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(30)
    assert kills == 4
    assert _count(db, done_sql) == total
    assert _count(db, "select count(*) from pipeline_queue where state != 'done'") == 0
    # exactly once, stage by stage
    assert _count(db, "select count(*) from signals") == total
    assert (
        _count(db, "select count(*) from (select report_id from signals group by report_id)")
        == total
    )
    threats = 2 * ACCOUNTS
    assert _count(db, "select count(*) from risk_contributions") == threats
    assert _count(db, "select count(*) from alerts") == ACCOUNTS
    assert _count(db, "select count(distinct entity_id) from alerts") == ACCOUNTS
    assert _count(db, "select count(*) from alert_events where action = 'opened'") == ACCOUNTS
    assert _count(db, "select count(*) from alerts where urgent is not null") == ACCOUNTS
    labelled = "select count(*) from material_labels where resource_type = 'report'"
    assert _count(db, labelled) == _count(
        db,
        f"select count(distinct resource_id) from ({labelled.replace('count(*)', 'resource_id')})",
    )
