from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import Engine, insert, inspect, select, text
from sqlalchemy.exc import DBAPIError, StatementError

from kizashi.config import Settings
from kizashi.ids import new_id
from kizashi.store import (
    current_revision,
    downgrade,
    head_revision,
    ingest_runs,
    is_up_to_date,
    make_engine,
    reports,
    upgrade,
)


def _run(run_id: str, started_at: datetime) -> dict[str, object]:
    return {
        "id": run_id,
        "channel": "sns_post",
        "input_name": "t",
        "started_at": started_at,
        "rows_read": 0,
        "rows_stored": 0,
        "rows_duplicate": 0,
        "rows_conflicting": 0,
        "rows_quarantined": 0,
        "status": "running",
    }


TABLES = {"reports", "mentions", "quarantine", "ingest_runs", "principals", "api_tokens"}


def _store_one_report(engine: Engine) -> str:
    run_id, report_id = new_id(), new_id()
    now = datetime.now(UTC)
    with engine.begin() as connection:
        connection.execute(insert(ingest_runs).values(_run(run_id, now)))
        connection.execute(
            insert(reports).values(
                id=report_id,
                channel="sns_post",
                schema_version=1,
                source="x",
                external_id="1",
                received_at=now,
                reliability="F",
                credibility="6",
                handling_code="TLP:GREEN",
                purpose="p",
                legal_basis="l",
                ingest_run_id=run_id,
                raw='{"a": 1}',
                raw_sha256="0" * 64,
                body={"a": 1},
                body_sha256="0" * 64,
                text="",
            )
        )
    return report_id


def test_upgrade_creates_every_table_and_downgrade_removes_them(settings: Settings) -> None:
    engine = make_engine(settings)
    assert not is_up_to_date(engine)
    upgrade(engine)
    assert current_revision(engine) == head_revision(engine)
    assert set(inspect(engine).get_table_names()) >= TABLES
    downgrade(engine, "base")
    assert not TABLES & set(inspect(engine).get_table_names())
    upgrade(engine)  # and back again: migrations are repeatable
    assert is_up_to_date(engine)
    engine.dispose()


def test_raw_reports_cannot_be_updated(engine: Engine) -> None:
    report_id = _store_one_report(engine)
    with pytest.raises(DBAPIError, match="immutable"), engine.begin() as connection:
        connection.execute(
            text("UPDATE reports SET raw = 'tampered' WHERE id = :id"), {"id": report_id}
        )
    with engine.connect() as connection:
        assert connection.execute(select(reports.c.raw)).scalar_one() == '{"a": 1}'


def test_reports_cannot_be_deleted(engine: Engine) -> None:
    _store_one_report(engine)
    with pytest.raises(DBAPIError, match="immutable"), engine.begin() as connection:
        connection.execute(text("DELETE FROM reports"))


def test_reliability_must_be_an_admiralty_code(engine: Engine) -> None:
    report_id = _store_one_report(engine)
    with pytest.raises(DBAPIError), engine.begin() as connection:
        connection.execute(
            text("INSERT INTO reports SELECT * FROM reports WHERE id = :id").bindparams(
                id=report_id
            )
        )  # duplicate (source, external_id) is refused too
    with pytest.raises(DBAPIError), engine.begin() as connection:
        connection.execute(
            insert(reports).values(
                id=new_id(),
                channel="sns_post",
                schema_version=1,
                source="x",
                external_id="2",
                received_at=datetime.now(UTC),
                reliability="Z",
                credibility="6",
                handling_code="TLP:GREEN",
                purpose="p",
                legal_basis="l",
                ingest_run_id=connection.execute(select(ingest_runs.c.id)).scalar_one(),
                raw="{}",
                raw_sha256="0" * 64,
                body={},
                body_sha256="0" * 64,
                text="",
            )
        )


def test_timestamps_come_back_aware_in_utc(engine: Engine) -> None:
    tokyo = timezone(timedelta(hours=9))
    moment = datetime(2026, 10, 5, 10, 0, tzinfo=tokyo)
    run_id = new_id()
    with engine.begin() as connection:
        connection.execute(insert(ingest_runs).values(_run(run_id, moment)))
    with engine.connect() as connection:
        stored = connection.execute(select(ingest_runs.c.started_at)).scalar_one()
    assert stored == moment
    assert stored.utcoffset() == timedelta(0)


def test_naive_timestamps_are_refused(engine: Engine) -> None:
    with pytest.raises(StatementError, match="timezone-aware"), engine.begin() as connection:
        connection.execute(insert(ingest_runs).values(_run(new_id(), datetime(2026, 1, 1))))
