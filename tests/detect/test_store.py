"""``store_signals`` / ``kizashi scan --store`` on SQLite and PostgreSQL."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from typer.testing import CliRunner

import kizashi.detect.store as store_module
from kizashi.config import Settings
from kizashi.detect import store_signals
from kizashi.detect.store import model_version
from kizashi.errors import StoreError
from kizashi.intake.readers import RawRow
from kizashi.intake.service import ingest_batch
from kizashi.store import signals
from kizashi.store.payloads import open_texts
from kizashi.store.tables import audit_entries
from tests.detect.posts import sns_post

TEXTS = [
    "11/1 大塚で桜井を56す",  # coded threat naming the watch-listed candidate and rally
    "ホワイト案件 即日即金 日給5万 詳細はテレグラムで",  # recruitment
    "今日は天気がいいので散歩してきた",
    "死ぬほど眠い",
    "2024年の5,600円のランチ",
    "温泉の硫黄の匂いが好き",
]


_post = sns_post


def _ingest(engine: Engine, settings: Settings, texts: list[str], first: int = 0) -> None:
    rows = [
        RawRow(n + 1, n + 1, json.dumps(_post(first + n, t)), _post(first + n, t), None)
        for n, t in enumerate(texts)
    ]
    summary = ingest_batch(engine, settings, "sns_post", rows, "test")
    assert summary.rejected is None, summary


def _signals(engine: Engine) -> list[dict[str, object]]:
    with engine.connect() as connection:
        rows = [dict(row._mapping) for row in connection.execute(select(signals))]
        texts = open_texts(connection, [r["report_id"] for r in rows])
    return [{**row, "text": texts[row["report_id"]]} for row in rows]


def test_scores_every_report_with_text_once_per_model_version(
    engine: Engine, settings: Settings
) -> None:
    _ingest(engine, settings, TEXTS)
    summary = store_signals(engine, batch_size=2)
    assert (summary.pending, summary.scored, summary.stored) == (6, 6, 6)
    rows = {str(r["text"]): r for r in _signals(engine)}
    assert len(rows) == 6
    threat = rows[TEXTS[0]]
    assert (threat["flagged"], threat["category"], threat["detector"]) == (True, "threat", "text")
    assert threat["model_version"] == model_version() == summary.model_version
    assert "candidate-sakurai" in threat["protected"]  # type: ignore[operator]
    assert any(e["view"] == "decoded:goroawase" for e in threat["evidence"])  # type: ignore[attr-defined]
    assert rows[TEXTS[1]]["category"] == "recruitment"
    assert not any(rows[t]["flagged"] for t in TEXTS[2:6])
    assert summary.flagged == 2 and summary.categories == {"threat": 1, "recruitment": 1}
    assert summary.channels == {"sns_post": 6}
    # idempotent: the same model stores nothing new
    again = store_signals(engine)
    assert (again.pending, again.scored, again.stored) == (0, 0, 0)
    # incremental: only the new report is scored
    _ingest(engine, settings, ["お前を殺す"], first=100)
    more = store_signals(engine)
    assert (more.pending, more.scored, more.stored, more.flagged) == (1, 1, 1, 1)
    assert len(_signals(engine)) == 7


def test_signals_name_the_rule_file_versions_recorded_in_force(
    engine: Engine, settings: Settings
) -> None:
    from kizashi.detect.rule_versions import detect_rule_sets
    from kizashi.store.tables_oversight import rules_in_force

    _ingest(engine, settings, TEXTS[:3])
    store_signals(engine, batch_size=2)
    _ingest(engine, settings, ["お前を殺す"], first=100)
    store_signals(engine)  # unchanged files: nothing more recorded
    ids = sorted(r.id for r in detect_rule_sets())
    assert {r.kind for r in detect_rule_sets()} == {
        "detect_rules",
        "detect_watchlist",
        "detect_gate",
        "text_tables",
    }
    assert all(sorted(row["rule_versions"]) == ids for row in _signals(engine))  # type: ignore[arg-type]
    with engine.connect() as connection:
        recorded = connection.execute(select(rules_in_force.c.kind, rules_in_force.c.sha256)).all()
    assert sorted(f"{kind}:{sha[:16]}" for kind, sha in recorded) == ids


def test_a_failing_batch_leaves_earlier_batches_whole_and_a_rerun_completes(
    engine: Engine, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    _ingest(engine, settings, TEXTS[:5])
    calls = {"n": 0}
    original = store_module._insert

    def fail_on_second_batch(connection: object, rows: list[dict[str, object]]) -> int:
        calls["n"] += 1
        stored = original(connection, rows)  # type: ignore[arg-type]
        if calls["n"] == 2:
            raise StoreError("disk full")  # after the insert: the transaction must roll back
        return stored

    monkeypatch.setattr(store_module, "_insert", fail_on_second_batch)
    with pytest.raises(StoreError):
        store_signals(engine, batch_size=2)
    assert len(_signals(engine)) == 2
    monkeypatch.undo()
    rerun = store_signals(engine, batch_size=2)
    assert (rerun.pending, rerun.stored) == (3, 3)
    assert len(_signals(engine)) == 5


def test_channels_and_limit_restrict_the_run(engine: Engine, settings: Settings) -> None:
    _ingest(engine, settings, TEXTS[:4])
    assert store_signals(engine, channels=["listing"]).scored == 0
    first = store_signals(engine, limit=3)
    assert (first.pending, first.scored) == (4, 3)
    assert store_signals(engine).scored == 1


def test_cli_scan_store_audits_the_read_and_prints_a_summary(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kizashi.cli.main import app
    from kizashi.store import make_engine, upgrade

    created = make_engine(settings)
    upgrade(created)
    _ingest(created, settings, TEXTS[:3])
    monkeypatch.setenv("KIZASHI_DATA_DIR", str(settings.data_dir))
    if settings.database_url:
        monkeypatch.setenv("KIZASHI_DATABASE_URL", settings.database_url)
    runner = CliRunner()
    result = runner.invoke(app, ["scan", "--store", "--no-progress"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["stored"] == 3 and summary["categories"] == {"recruitment": 1, "threat": 1}
    with created.connect() as connection:
        assert connection.execute(select(func.count()).select_from(signals)).scalar_one() == 3
    with created.connect() as connection:
        entries = connection.execute(
            select(
                audit_entries.c.action,
                audit_entries.c.resource_type,
                audit_entries.c.resource_id,
                audit_entries.c.actor,
            )
        ).all()
    # The scan is a batch job, decided and logged by the guard before it starts (JOB-1).
    assert [(e.action, e.resource_type, e.resource_id) for e in entries] == [
        ("write", "job", "scan")
    ]
    assert entries[0].actor.startswith("cli:")
    again = runner.invoke(app, ["scan", "--store", "--no-progress"])
    assert json.loads(again.stdout)["stored"] == 0
    refused = runner.invoke(app, ["scan", "--store", "posts.jsonl"])
    assert refused.exit_code == 3
    created.dispose()


def test_each_signal_carries_its_report_time(engine: Engine, settings: Settings) -> None:
    """The dashboard windows flagged signals by the report's time, copied onto each signal
    when it is written (when the post was made, not when it was scored)."""
    _ingest(engine, settings, TEXTS[:3])
    store_signals(engine, batch_size=2, clock=lambda: datetime(2026, 12, 1, tzinfo=UTC))
    posted = datetime(2026, 10, 5, 1, 0, tzinfo=UTC)  # 10:00 in Tokyo, as sns_post says
    assert [(r["report_at"], r["created_at"]) for r in _signals(engine)] == [
        (posted, datetime(2026, 12, 1, tzinfo=UTC))
    ] * 3
