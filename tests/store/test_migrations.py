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
    signals,
    upgrade,
)
from kizashi.store.payloads import Sealer, open_payloads, store_payloads


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


RECEIVED = datetime(2026, 6, 17, 3, 0, tzinfo=UTC)

TABLES = {"reports", "mentions", "quarantine", "ingest_runs", "api_tokens", "users"}


def _store_one_report(engine: Engine) -> str:
    run_id, report_id = new_id(), new_id()
    now = RECEIVED
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
                raw_sha256="0" * 64,
                body_sha256="0" * 64,
            )
        )
        store_payloads(connection, Sealer(), [(report_id, '{"a": 1}', b'{"a":1}', "")], now)
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
            text("UPDATE reports SET raw_sha256 = 'tampered' WHERE id = :id"), {"id": report_id}
        )
    with engine.connect() as connection:
        assert connection.execute(select(reports.c.raw_sha256)).scalar_one() == "0" * 64
        assert open_payloads(connection, [report_id])[report_id].raw == '{"a": 1}'


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
                received_at=RECEIVED,
                reliability="Z",
                credibility="6",
                handling_code="TLP:GREEN",
                purpose="p",
                legal_basis="l",
                ingest_run_id=connection.execute(select(ingest_runs.c.id)).scalar_one(),
                raw_sha256="0" * 64,
                body_sha256="0" * 64,
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


def test_the_quick_migration_check_agrees_with_alembic(settings: Settings) -> None:
    from kizashi.store.migrate import script_heads

    engine = make_engine(settings)
    assert not is_up_to_date(engine)  # never migrated: no alembic_version table
    upgrade(engine, "0001")
    assert not is_up_to_date(engine)
    upgrade(engine)
    assert script_heads() == {head_revision(engine)} == {current_revision(engine)}
    assert is_up_to_date(engine)
    engine.dispose()


def test_0017_seals_existing_reports_and_downgrade_opens_them_again(settings: Settings) -> None:
    """Upgrade with data: reports stored before 0017 keep their content, sealed; users
    stay; the oversight officer's role is accepted; downgrade puts the content back."""
    engine = make_engine(settings)
    upgrade(engine, "0016")
    run_id, report_id, user_id = new_id(), new_id(), new_id()
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO ingest_runs (id, channel, input_name, started_at, rows_read, "
                "rows_stored, rows_duplicate, rows_conflicting, rows_quarantined, status) "
                "VALUES (:id, 'sns_post', 't', :at, 1, 1, 0, 0, 0, 'done')"
            ),
            {"id": run_id, "at": RECEIVED},
        )
        body = "CAST(:body AS JSON)" if engine.dialect.name == "postgresql" else ":body"
        connection.execute(
            text(
                "INSERT INTO reports (id, channel, schema_version, source, external_id, "
                "received_at, reliability, credibility, handling_code, purpose, legal_basis, "
                "ingest_run_id, raw_sha256, body_sha256, raw, body, text) VALUES (:id, "
                "'sns_post', 1, 'x', '1', :at, 'F', '6', 'TLP:GREEN', 'p', 'l', :run, :h, :h, "
                f":raw, {body}, :text)"
            ),
            {
                "id": report_id,
                "at": RECEIVED,
                "run": run_id,
                "h": "0" * 64,
                "raw": '{"text": "大塚で"}',
                "body": '{"text": "大塚で"}',
                "text": "大塚で",
            },
        )
        connection.execute(
            text(
                "INSERT INTO users (id, name, display_name, role, active, created_at) "
                "VALUES (:id, 'svc', 'svc', 'service', TRUE, :at)"
            ),
            {"id": user_id, "at": RECEIVED},
        )
    upgrade(engine)
    with engine.begin() as connection:
        opened = open_payloads(connection, [report_id])[report_id]
        assert (opened.raw, opened.body, opened.text) == (
            '{"text": "大塚で"}',
            {"text": "大塚で"},
            "大塚で",
        )
        assert "raw" not in {c["name"] for c in inspect(connection).get_columns("reports")}
        connection.execute(
            text(
                "INSERT INTO users (id, name, display_name, role, active, created_at) "
                "VALUES (:id, 'ov', 'ov', 'oversight_officer', TRUE, :at)"
            ),
            {"id": new_id(), "at": RECEIVED},
        )
        assert connection.execute(text("SELECT count(*) FROM users")).scalar_one() == 2
    with pytest.raises(RuntimeError, match="oversight_officer"):
        downgrade(engine, "0016")
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM users WHERE role = 'oversight_officer'"))
    downgrade(engine, "0016")
    with engine.connect() as connection:
        row = connection.execute(
            text("SELECT raw, text FROM reports WHERE id = :id"), {"id": report_id}
        ).one()
        assert (row.raw, row.text) == ('{"text": "大塚で"}', "大塚で")
    engine.dispose()


def test_0024_copies_each_report_time_onto_its_signals(settings: Settings) -> None:
    """Upgrade with data: the signals already stored get their report's time (when it
    happened, else when it came in), the column is NOT NULL and indexed for the dashboard;
    downgrade takes both away again, and a second upgrade fills them again."""
    engine = make_engine(settings)
    upgrade(engine, "0023")
    happened = datetime(2026, 10, 31, 15, 30, tzinfo=UTC)  # 00:30 on 1 November in Tokyo
    came_in = RECEIVED + timedelta(days=1)
    first = _store_one_report(engine)
    dated, undated = new_id(), new_id()
    with engine.begin() as connection:
        row = connection.execute(select(reports).where(reports.c.id == first)).one()._asdict()
        connection.execute(
            insert(reports),
            [
                {**row, "id": dated, "external_id": "2", "occurred_at": happened},
                {**row, "id": undated, "external_id": "3", "received_at": came_in},
            ],
        )
        for n, report_id in enumerate((dated, undated, dated)):
            connection.execute(
                text(
                    "INSERT INTO signals (id, report_id, detector, model_version, category, "
                    "score, scores, flagged, evidence, protected, created_at) VALUES (:id, "
                    ":report, 'text', :model, 'threat', 0.9, '{}', TRUE, '[]', '[]', :at)"
                ),
                {"id": new_id(), "report": report_id, "model": f"m{n}", "at": RECEIVED},
            )
    expected = sorted([(dated, happened), (undated, came_in), (dated, happened)])

    def signal_times() -> list[tuple[str, datetime]]:
        with engine.connect() as connection:
            return sorted(connection.execute(select(signals.c.report_id, signals.c.report_at)))

    upgrade(engine)
    assert signal_times() == expected
    inspector = inspect(engine)
    column = next(c for c in inspector.get_columns("signals") if c["name"] == "report_at")
    assert column["nullable"] is False
    indexes = {i["name"]: i["column_names"] for i in inspector.get_indexes("signals")}
    assert indexes["ix_signals_flagged_report_at"] == [
        "flagged",
        "report_at",
        "category",
        "report_id",
    ]
    downgrade(engine, "0023")
    inspector = inspect(engine)
    assert "report_at" not in {c["name"] for c in inspector.get_columns("signals")}
    assert "ix_signals_flagged_report_at" not in {
        i["name"] for i in inspector.get_indexes("signals")
    }
    upgrade(engine)
    assert signal_times() == expected
    engine.dispose()


def test_0027_scopes_partner_accounts_and_leaves_existing_ones_unscoped(
    settings: Settings,
) -> None:
    """Upgrade with data: a partner account made before 0027 has no scope (NULL: every
    channel open to partners, as before); a scope is stored as a JSON list; downgrade drops
    the column and keeps the users; a second upgrade adds it again."""
    from kizashi.guard.identity import get_user, set_channels

    engine = make_engine(settings)
    upgrade(engine, "0026")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO users (id, name, display_name, role, organisation, active, "
                "created_at) VALUES (:id, 'agency', 'agency', 'partner_submitter', "
                "'partner:otsuka-housing', TRUE, :at)"
            ),
            {"id": new_id(), "at": RECEIVED},
        )
    upgrade(engine)
    with engine.begin() as connection:
        assert get_user(connection, "agency").channels is None
        set_channels(connection, "agency", ["public_tip", "partner_report"])
    with engine.connect() as connection:
        assert get_user(connection, "agency").channels == ("partner_report", "public_tip")
    downgrade(engine, "0026")
    columns = {c["name"] for c in inspect(engine).get_columns("users")}
    assert "channels" not in columns and "organisation" in columns
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM users")).scalar_one() == 1
    upgrade(engine)
    with engine.connect() as connection:
        assert get_user(connection, "agency").channels is None
    engine.dispose()


def test_0028_drops_the_keys_of_copies_and_keeps_one_record_of_each_set_keyed(
    settings: Settings,
) -> None:
    """Upgrade with data: of records joined by identical-record edges (weight 1e5, written
    (smaller id, larger id)), only the smallest keeps its blocking keys; a record linked by
    any other edge keeps its own; downgrade leaves the keys as they are."""
    from kizashi.store.tables_resolve import resolve_edges, resolve_keys

    engine = make_engine(settings)
    upgrade(engine, "0027")
    edges = [("a", "b", 1e5), ("a", "c", 1e5), ("c", "d", 1e5), ("a", "e", 50.0)]
    with engine.begin() as connection:
        connection.execute(
            insert(resolve_keys),
            [{"key": k, "record_id": r} for r in "abcde" for k in ("5:acct", f"0:{r}")],
        )
        connection.execute(
            insert(resolve_edges),
            [
                {"left_id": a, "right_id": b, "probability": 1.0, "weight": w, "reasons": []}
                for a, b, w in edges
            ],
        )
    upgrade(engine)

    def keyed() -> set[str]:
        with engine.connect() as connection:
            return set(connection.execute(select(resolve_keys.c.record_id)).scalars())

    assert keyed() == {"a", "e"}
    downgrade(engine, "0027")
    assert keyed() == {"a", "e"}
    engine.dispose()


def test_0034_drops_the_indexes_no_query_needs_and_downgrade_restores_them(
    settings: Settings,
) -> None:
    """entity_members keeps one index led by the entity (entity, seq) and resolve_edges none
    repeating its primary key's first column; downgrade puts the three back, twice over."""
    engine = make_engine(settings)
    dropped = {
        "entity_members": {"ix_entity_members_entity_id", "ix_entity_members_entity_linked"},
        "resolve_edges": {"ix_resolve_edges_left_id"},
    }

    def indexes(table: str) -> set[str]:
        return {str(i["name"]) for i in inspect(engine).get_indexes(table)}

    upgrade(engine, "0033")
    for table, names in dropped.items():
        assert names <= indexes(table)
    upgrade(engine)
    for table, names in dropped.items():
        assert not names & indexes(table)
    assert "ix_entity_members_entity_seq" in indexes("entity_members")
    downgrade(engine, "0033")
    downgrade(engine, "0033")  # repeatable
    for table, names in dropped.items():
        assert names <= indexes(table)
    engine.dispose()


def test_0035_adds_case_closings_and_downgrade_removes_it(settings: Settings) -> None:
    """A closed case's outcome, reason, closer and time (casework); downgrade drops it."""
    engine = make_engine(settings)
    upgrade(engine, "0034")
    assert "case_closings" not in inspect(engine).get_table_names()
    upgrade(engine)
    columns = {c["name"] for c in inspect(engine).get_columns("case_closings")}
    assert columns == {
        "case_id",
        "outcome",
        "outcomes_version",
        "reason",
        "closed_by",
        "closed_at",
    }
    downgrade(engine, "0034")
    assert "case_closings" not in inspect(engine).get_table_names()
    engine.dispose()


def test_0036_lets_an_open_task_lose_its_assignee_and_downgrade_restores_one(
    settings: Settings,
) -> None:
    """An unassign leaves the removed officer's open tasks without an assignee (casework);
    downgrade gives such a task back to who created it, as before 0036 every task had one."""
    engine = make_engine(settings)
    upgrade(engine, "0035")

    def nullable() -> bool:
        columns = {c["name"]: c for c in inspect(engine).get_columns("case_tasks")}
        return bool(columns["assignee_id"]["nullable"])

    assert not nullable()
    upgrade(engine)
    assert nullable()
    downgrade(engine, "0035")
    assert not nullable()
    downgrade(engine, "0035")  # repeatable
    engine.dispose()
