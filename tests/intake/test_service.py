import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from kizashi.config import Settings
from kizashi.errors import StoreError
from kizashi.intake import repository
from kizashi.intake.queries import get_report, list_quarantine
from kizashi.intake.readers import RecordSource
from kizashi.intake.service import IngestSummary, ingest_batch, ingest_rows
from kizashi.store import ingest_runs, mentions, quarantine, reports
from kizashi.store.payloads import open_texts


def _post(n: int, **extra: object) -> dict[str, object]:
    return {
        "source": "x",
        "platform": "x",
        "post_id": str(n),
        "account_handle": f"@user{n}",
        "text": f"投稿 {n}",
        "posted_at": "2026-10-05T10:00:00+09:00",
        **extra,
    }


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def _ingest(
    engine: Engine, settings: Settings, path: Path, channel: str = "sns_post"
) -> IngestSummary:
    with RecordSource(path) as source:
        return ingest_rows(engine, settings, channel, source, str(path))


def _count(engine: Engine, table: object) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


def _mixed_file(tmp_path: Path) -> Path:
    return _write(
        tmp_path / "posts.jsonl",
        [
            json.dumps(_post(1), ensure_ascii=False),
            json.dumps(_post(2, posted_at="yesterday")),
            "{not json",
            json.dumps(_post(3), ensure_ascii=False),
            json.dumps({**_post(4), "colour": "red"}),
            json.dumps(_post(5), ensure_ascii=False),
        ],
    )


def test_good_rows_are_stored_and_bad_rows_quarantined_with_their_row(
    engine: Engine, settings: Settings, tmp_path: Path
) -> None:
    path = _mixed_file(tmp_path)
    summary = _ingest(engine, settings, path)
    assert (summary.rows_read, summary.stored, summary.quarantined) == (6, 3, 3)
    assert not summary.clean
    with engine.connect() as connection:
        bad = list_quarantine(connection)
    assert [(q["file"], q["row"], q["field"]) for q in bad] == [
        (str(path), 2, "posted_at"),
        (str(path), 3, None),
        (str(path), 5, "colour"),
    ]
    assert bad[1]["raw"] == "{not json"  # kept verbatim: nothing is lost
    assert _count(engine, mentions) == 3  # one account mention per stored post


def test_a_second_run_stores_nothing_new_and_quarantines_nothing_twice(
    engine: Engine, settings: Settings, tmp_path: Path
) -> None:
    path = _mixed_file(tmp_path)
    _ingest(engine, settings, path)
    again = _ingest(engine, settings, path)
    assert (again.stored, again.duplicates, again.quarantined) == (0, 3, 3)
    assert _count(engine, reports) == 3
    assert _count(engine, quarantine) == 3
    assert _count(engine, mentions) == 3


def test_same_key_with_different_content_is_a_quarantined_conflict(
    engine: Engine, settings: Settings, tmp_path: Path
) -> None:
    _ingest(engine, settings, _write(tmp_path / "a.jsonl", [json.dumps(_post(1))]))
    edited = _ingest(
        engine, settings, _write(tmp_path / "b.jsonl", [json.dumps(_post(1, text="改ざん"))])
    )
    assert (edited.stored, edited.conflicts, edited.quarantined) == (0, 1, 1)
    assert edited.problems[0].first.field == "external_id"
    assert "different content" in edited.problems[0].first.reason
    with engine.connect() as connection:
        report_id = connection.execute(select(reports.c.id)).scalar_one()
        stored = open_texts(connection, [report_id])[report_id]
    assert stored == "投稿 1"


def test_repeats_inside_one_file_are_stored_once(
    engine: Engine, settings: Settings, tmp_path: Path
) -> None:
    line = json.dumps(_post(1))
    summary = _ingest(engine, settings, _write(tmp_path / "a.jsonl", [line, line, line]))
    assert (summary.stored, summary.duplicates) == (1, 2)


def test_batches_commit_independently_across_the_batch_size(
    engine: Engine, settings: Settings, tmp_path: Path
) -> None:
    small = settings.model_copy(update={"ingest_batch_size": 7})
    lines = [json.dumps(_post(n)) for n in range(50)]
    summary = _ingest(engine, small, _write(tmp_path / "a.jsonl", lines))
    assert summary.stored == 50 and _count(engine, reports) == 50


def test_a_failing_batch_writes_nothing_of_itself(
    engine: Engine, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    small = settings.model_copy(update={"ingest_batch_size": 10})
    path = _write(tmp_path / "a.jsonl", [json.dumps(_post(n)) for n in range(25)] + ["bad"])
    calls = {"n": 0}
    original = repository.quarantine_rows

    def fail_on_second_batch(*args: object, **kwargs: object) -> int:
        calls["n"] += 1
        if calls["n"] == 2:
            raise StoreError("disk full")
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(repository, "quarantine_rows", fail_on_second_batch)
    with pytest.raises(StoreError):
        _ingest(engine, small, path)
    assert _count(engine, reports) == 10  # the first batch only; the second rolled back whole
    monkeypatch.undo()
    rerun = _ingest(engine, small, path)
    assert (rerun.stored, rerun.duplicates, rerun.quarantined) == (15, 10, 1)
    assert _count(engine, reports) == 25


def test_csv_files_ingest_with_nested_columns(
    engine: Engine, settings: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "reports.csv"
    path.write_text(
        "source,report_ref,partner_type,category,text,persons.0.name,persons.0.phone\n"
        'agent-a,R-1,real_estate,suspicious_sound,"ガレージから金属音。\n火薬のにおい",山田 太郎,090-1234-5678\n'
        "agent-a,R-2,real_estate,loud_music,騒音,,\n",
        "utf-8",
    )
    summary = _ingest(engine, settings, path, channel="partner_report")
    assert (summary.stored, summary.quarantined) == (1, 1)
    assert (summary.problems[0].row, summary.problems[0].line, summary.problems[0].first.field) == (
        2,
        4,
        "category",
    )
    with engine.connect() as connection:
        report_id = connection.execute(select(reports.c.id)).scalar_one()
        report = get_report(connection, report_id)
    assert report is not None
    assert report["body"]["persons"] == [{"name": "山田 太郎", "phone": "090-1234-5678"}]
    assert report["raw"].startswith("agent-a,R-1,") and "\n火薬" in report["raw"]
    assert {m["kind"] for m in report["mentions"]} == {"person", "phone"}


def test_api_batches_are_all_or_nothing(engine: Engine, settings: Settings) -> None:
    from kizashi.intake.readers import RawRow

    good = RawRow(1, 1, json.dumps(_post(1)), _post(1), None)
    bad = RawRow(2, 1, "{}", {"source": "x"}, None)
    refused = ingest_batch(engine, settings, "sns_post", [good, bad], "api:test")
    assert refused.rejected == "invalid"
    assert [item.status for item in refused.items] == ["valid", "rejected"]
    assert _count(engine, reports) == 0
    again = RawRow(2, 1, json.dumps(_post(1)), _post(1), None)
    stored = ingest_batch(
        engine, settings, "sns_post", [good, again], "api:test", submitted_by="p1"
    )
    assert stored.rejected is None
    assert [item.status for item in stored.items] == ["stored", "duplicate"]
    assert stored.items[1].id == stored.items[0].id
    with engine.connect() as connection:
        assert connection.execute(select(reports.c.submitted_by)).scalar_one() == "p1"
        run = connection.execute(select(ingest_runs).where(ingest_runs.c.id == stored.run_id)).one()
    # The run is written whole in the batch's transaction: completed, counted.
    assert (run.status, run.rows_read, run.rows_stored, run.rows_duplicate) == (
        "completed",
        2,
        1,
        1,
    )
    assert run.finished_at is not None and run.rows_conflicting == run.rows_quarantined == 0
    with engine.connect() as connection:  # the refused batch left no run behind
        assert connection.execute(select(func.count()).select_from(ingest_runs)).scalar() == 1


def test_json_rows_are_held_to_the_schema_types(
    engine: Engine, settings: Settings, tmp_path: Path
) -> None:
    path = _write(tmp_path / "a.jsonl", [json.dumps(_post(1, follower_count="12"))])
    summary = _ingest(engine, settings, path)
    assert summary.quarantined == 1 and summary.problems[0].first.field == "follower_count"
