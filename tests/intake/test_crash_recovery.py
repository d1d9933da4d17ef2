"""A real `kizashi ingest` killed with SIGKILL mid-file, then re-run: every row stored once.

Batches are committed one transaction at a time, reports are inserted with ON CONFLICT DO
NOTHING on (source, external_id) (on PostgreSQL: COPY into a staging table, then one
INSERT ... SELECT ... ON CONFLICT DO NOTHING), and SQLite runs in WAL mode with
synchronous=NORMAL: so the batches committed before the kill survive it, the batch in flight
leaves nothing behind, and the re-run stores the rest while reporting the earlier rows as
already stored. Run on SQLite and on PostgreSQL.
No timing is asserted here; speed is measured by benchmarks/intake.py.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import orjson
import pytest
from sqlalchemy import create_engine, text

ROWS = 60_000
BATCH = 1_000
SOURCE = "test:crash"


def _write_posts(path: Path, count: int) -> None:
    with path.open("wb") as out:
        for i in range(count):
            record = {
                "platform": "x",
                "post_id": str(1_800_000_000_000_000_000 + i),
                "account_handle": f"@crash_{i % 5000}",
                "display_name": f"テスト{i % 97}",
                "text": f"渋谷で今日のライブ最高だった、また行きたい！ #{i}",
                "posted_at": "2025-05-01T09:00:00+09:00",
            }
            out.write(orjson.dumps(record) + b"\n")


def _kizashi(*args: str) -> list[str]:
    return [sys.executable, "-c", "from kizashi.cli import main; main()", *args]


def _env(data_dir: Path, database_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIZASHI_")}
    env["KIZASHI_DATA_DIR"] = str(data_dir)
    env["KIZASHI_INGEST_BATCH_SIZE"] = str(BATCH)
    if database_url:
        env["KIZASHI_DATABASE_URL"] = database_url
    return env


Count = Callable[[str], int]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str | None, Count]]:
    """(database URL or None for SQLite, a count(sql) reading the store from outside)."""
    if request.param == "sqlite":
        db = tmp_path / "data" / "kizashi.db"

        def count_sqlite(sql: str) -> int:
            conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
            try:
                return int(conn.execute(sql).fetchone()[0])
            finally:
                conn.close()

        yield None, count_sqlite
        return
    url = request.getfixturevalue("postgres_schema_url")
    reader = create_engine(url)

    def count_postgres(sql: str) -> int:
        with reader.connect() as connection:
            return int(connection.execute(text(sql)).scalar_one())

    yield url, count_postgres
    reader.dispose()


@pytest.mark.slow
def test_sigkill_mid_file_then_rerun_stores_every_row_exactly_once(
    tmp_path: Path, backend: tuple[str | None, Count]
) -> None:
    database_url, count = backend
    data_dir = tmp_path / "data"
    env = _env(data_dir, database_url)
    posts = tmp_path / "posts.jsonl"
    _write_posts(posts, ROWS)
    subprocess.run(_kizashi("init"), env=env, check=True, capture_output=True)
    ingest = _kizashi("ingest", "sns_post", str(posts), "--source", SOURCE)

    process = subprocess.Popen(ingest, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    stored_at_kill = 0
    try:
        while process.poll() is None:
            stored_at_kill = count("select count(*) from reports")
            if stored_at_kill >= ROWS * 0.3:
                process.send_signal(signal.SIGKILL)
                break
            time.sleep(0.05)
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()
    assert process.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"

    survived = count("select count(*) from reports")
    assert 0 < survived < ROWS
    assert survived % BATCH == 0, "only whole batches may survive a kill"
    assert count("select count(*) from mentions") == 2 * survived

    rerun = subprocess.run(ingest, env=env, capture_output=True, check=True)
    summary = orjson.loads(rerun.stdout.splitlines()[-1])
    assert summary["read"] == ROWS
    assert summary["duplicates"] == survived
    assert summary["stored"] == ROWS - survived
    assert summary["quarantined"] == 0 and summary["conflicts"] == 0

    assert count("select count(*) from reports") == ROWS
    assert (
        count(
            "select count(*) from (select source, external_id from reports "
            "group by source, external_id having count(*) > 1) as repeated",
        )
        == 0
    )
    assert count("select count(distinct external_id) from reports") == ROWS
    assert count("select count(*) from mentions") == 2 * ROWS
    assert (
        count(
            "select count(*) from mentions m "
            "where not exists (select 1 from reports r where r.id = m.report_id)",
        )
        == 0
    )
    assert count("select count(*) from ingest_runs where status = 'running'") == 1
    assert count("select count(*) from ingest_runs where status = 'completed'") == 1
