"""The CLI as a user runs it: exit codes, JSONL out, clear errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from kizashi.cli import app

runner = CliRunner()

POST = {
    "source": "x",
    "platform": "x",
    "post_id": "1",
    "account_handle": "@a",
    "text": "明日は晴れ",
    "posted_at": "2026-10-05T10:00:00+09:00",
}


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KIZASHI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("KIZASHI_DATABASE_URL", raising=False)
    result = runner.invoke(app, ["init"])
    assert result.exit_code == 0, result.output
    return tmp_path


def _jsonl(output: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def test_ingest_exits_0_when_clean_and_1_when_rows_were_quarantined(workspace: Path) -> None:
    good = workspace / "good.jsonl"
    good.write_text(json.dumps(POST) + "\n", "utf-8")
    assert runner.invoke(app, ["ingest", "sns_post", str(good)]).exit_code == 0
    mixed = workspace / "mixed.jsonl"
    mixed.write_text(json.dumps({**POST, "post_id": "2"}) + "\n" + '{"post_id": 3}\n', "utf-8")
    result = runner.invoke(app, ["ingest", "sns_post", str(mixed)])
    assert result.exit_code == 1
    summary = _jsonl(result.stdout)[0]
    assert (summary["stored"], summary["quarantined"]) == (1, 1)
    assert (
        f"{mixed}: row 2 (line 2): field account_handle: required field is missing" in result.stderr
    )


def test_a_rerun_stores_nothing_new(workspace: Path) -> None:
    path = workspace / "posts.jsonl"
    path.write_text(json.dumps(POST) + "\n", "utf-8")
    runner.invoke(app, ["ingest", "sns_post", str(path)])
    summary = _jsonl(runner.invoke(app, ["ingest", "sns_post", str(path)]).stdout)[0]
    assert (summary["stored"], summary["duplicates"]) == (0, 1)


def test_ingest_reads_standard_input_and_applies_the_default_source(workspace: Path) -> None:
    row = {k: v for k, v in POST.items() if k != "source"}
    result = runner.invoke(
        app, ["ingest", "sns_post", "-", "--source", "collector"], input=json.dumps(row) + "\n"
    )
    assert result.exit_code == 0, result.output
    listed = _jsonl(runner.invoke(app, ["reports", "list"]).stdout)
    assert [r["provenance"]["source"] for r in listed] == ["collector"]  # type: ignore[index]


PURCHASE = {
    "source": "x",
    "retailer": "ホームセンターA",
    "store": "店舗01",
    "transaction_id": "T1",
    "purchased_at": "2026-10-05T10:00:00+09:00",
    "item": "硝酸アンモニウム",
    "quantity": 2,
    "unit": "kg",
}


def test_files_of_several_channels_are_ingested_in_one_run(workspace: Path) -> None:
    posts, purchases = workspace / "posts.jsonl", workspace / "purchases.jsonl"
    posts.write_text(json.dumps(POST) + "\n", "utf-8")
    purchases.write_text(
        json.dumps(PURCHASE) + "\n" + json.dumps({**PURCHASE, "quantity": "many"}) + "\n",
        "utf-8",
    )
    result = runner.invoke(
        app, ["ingest", "sns_post", str(posts), "--also", f"purchase={purchases}"]
    )
    assert result.exit_code == 1, result.output  # the bad purchase row
    summaries = _jsonl(result.stdout)
    assert [(s["channel"], s["file"], s["stored"], s["quarantined"]) for s in summaries] == [
        ("sns_post", str(posts), 1, 0),
        ("purchase", str(purchases), 1, 1),
    ]
    assert f"{purchases}: row 2 (line 2): field quantity:" in result.stderr
    listed = _jsonl(runner.invoke(app, ["reports", "list"]).stdout)
    assert sorted(str(r["channel"]) for r in listed) == ["purchase", "sns_post"]


def test_also_names_a_channel_and_a_file_or_exits_3_before_reading_anything(
    workspace: Path,
) -> None:
    posts = workspace / "posts.jsonl"
    posts.write_text(json.dumps(POST) + "\n", "utf-8")
    for odd in ("purchase", "=x.jsonl", "purchase=", "sms=x.jsonl"):
        result = runner.invoke(app, ["ingest", "sns_post", str(posts), "--also", odd])
        assert result.exit_code == 3, (odd, result.output)
    assert (
        "expected CHANNEL=FILE"
        in runner.invoke(app, ["ingest", "sns_post", str(posts), "--also", "purchase"]).stderr
    )
    assert _jsonl(runner.invoke(app, ["reports", "list"]).stdout) == []  # nothing was read


def test_missing_files_unknown_channels_and_formats_exit_3(workspace: Path) -> None:
    missing = runner.invoke(app, ["ingest", "sns_post", str(workspace / "nope.jsonl")])
    assert missing.exit_code == 3 and "no such file" in missing.stderr
    assert runner.invoke(app, ["ingest", "sms", str(workspace / "x.jsonl")]).exit_code == 3
    odd = workspace / "posts.xml"
    odd.write_text("<posts/>", "utf-8")
    assert runner.invoke(app, ["ingest", "sns_post", str(odd)]).exit_code == 3


def test_an_unmigrated_store_exits_4_with_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIZASHI_DATA_DIR", str(tmp_path / "fresh"))
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(POST) + "\n", "utf-8")
    result = runner.invoke(app, ["ingest", "sns_post", str(path)])
    assert result.exit_code == 4
    assert "kizashi db upgrade" in result.stderr


def test_reports_show_prints_raw_and_provenance_and_unknown_ids_exit_3(workspace: Path) -> None:
    path = workspace / "posts.jsonl"
    path.write_text(json.dumps(POST, ensure_ascii=False) + "\n", "utf-8")
    runner.invoke(app, ["ingest", "sns_post", str(path)])
    report_id = _jsonl(runner.invoke(app, ["reports", "list", "--limit", "1"]).stdout)[0]["id"]
    shown = json.loads(runner.invoke(app, ["reports", "show", str(report_id)]).stdout)
    assert shown["raw"] == json.dumps(POST, ensure_ascii=False)
    assert shown["provenance"]["reliability"] == "F"
    assert runner.invoke(app, ["reports", "show", "0000"]).exit_code == 3


def test_quarantine_list_names_file_row_field_and_reason(workspace: Path) -> None:
    path = workspace / "bad.csv"
    path.write_text(
        "source,platform,post_id,account_handle,text,posted_at\nx,x,1,@a,hi,soon\n", "utf-8"
    )
    runner.invoke(app, ["ingest", "sns_post", str(path)])
    [entry] = _jsonl(runner.invoke(app, ["quarantine", "list"]).stdout)
    assert (entry["file"], entry["row"], entry["line"], entry["field"]) == (
        str(path),
        1,
        2,
        "posted_at",
    )
    assert entry["raw"] == "x,x,1,@a,hi,soon"


def test_schema_prints_the_published_json_schema(workspace: Path) -> None:
    result = runner.invoke(app, ["schema", "purchase"])
    assert json.loads(result.stdout)["$id"] == "urn:kizashi:channel:purchase:v1"
    assert "sns_post" in runner.invoke(app, ["schema"]).stdout


def test_settings_lists_every_setting_with_its_variable(workspace: Path) -> None:
    rows = json.loads(runner.invoke(app, ["settings", "--json"]).stdout)
    names = {row["env_var"] for row in rows}
    assert {"KIZASHI_DATA_DIR", "KIZASHI_DATABASE_URL"} <= names
    assert next(r for r in rows if r["name"] == "data_dir")["value"].endswith("data")


def test_tokens_are_printed_once_and_work_for_partners(workspace: Path) -> None:
    create = ["tokens", "create", "agent", "--role", "partner", "--org", "partner:a"]
    result = runner.invoke(app, [*create, "--channel", "partner_report"])
    assert result.exit_code == 0 and result.stdout.startswith("kz_")
    listed = json.loads(runner.invoke(app, ["tokens", "list"]).stdout)
    assert listed[0]["user"] == "agent" and listed[0]["prefix"] == result.stdout[:10]
    assert result.stdout.strip() not in runner.invoke(app, ["tokens", "list"]).stdout
    assert runner.invoke(app, ["tokens", "create", "x", "--role", "partner"]).exit_code == 3


def _partner_token(name: str, *channels: str) -> Result:
    scope = [arg for channel in channels for arg in ("--channel", channel)]
    return runner.invoke(
        app, ["tokens", "create", name, "--role", "partner", "--org", f"partner:{name}", *scope]
    )


def test_a_partner_token_without_a_channel_scope_is_refused_and_makes_no_account(
    workspace: Path,
) -> None:
    result = _partner_token("agent")
    assert result.exit_code == 3
    assert "needs a channel scope" in result.stderr and "--channel" in result.stderr
    assert runner.invoke(app, ["users", "show", "agent"]).exit_code != 0
    assert json.loads(runner.invoke(app, ["tokens", "list"]).stdout) == []


def test_a_partner_token_is_scoped_to_the_channels_given(workspace: Path) -> None:
    result = _partner_token("platform", "sns_post", "public_tip", "sns_post")
    assert result.exit_code == 0 and result.stdout.startswith("kz_")
    shown = _jsonl(runner.invoke(app, ["users", "show", "platform"]).stdout)[0]
    assert (shown["role"], shown["channels"]) == ("partner_submitter", ["public_tip", "sns_post"])


def test_a_partner_scope_is_checked_against_the_channel_specs_before_anything_is_made(
    workspace: Path,
) -> None:
    for channel, says in (("sns", "unknown channel 'sns'"), ("patrol_note", "not open")):
        result = _partner_token("agent", channel)
        assert result.exit_code == 3 and says in result.stderr
    assert runner.invoke(app, ["users", "show", "agent"]).exit_code != 0


def test_a_token_of_an_existing_partner_inherits_its_scope_and_needs_one(
    workspace: Path,
) -> None:
    from kizashi.config import Settings
    from kizashi.guard.identity import create_account
    from kizashi.store import make_engine, transaction

    store = make_engine(Settings())
    with transaction(store) as connection:  # made before tokens needed a scope
        create_account(connection, "old", "partner", "partner:old")
    store.dispose()
    refused = runner.invoke(app, ["tokens", "create", "old"])
    assert refused.exit_code == 3
    assert "has no channel scope" in refused.stderr
    assert "kizashi users channels old --channel" in refused.stderr
    assert json.loads(runner.invoke(app, ["tokens", "list"]).stdout) == []
    moved = runner.invoke(app, ["tokens", "create", "old", "--channel", "sns_post"])
    assert moved.exit_code == 3 and "inherits its channel scope" in moved.stderr
    channels = ["users", "channels", "old", "--channel", "partner_report"]
    assert runner.invoke(app, channels).exit_code == 0
    issued = runner.invoke(app, ["tokens", "create", "old", "--label", "upload"])
    assert issued.exit_code == 0 and issued.stdout.startswith("kz_")
    shown = _jsonl(runner.invoke(app, ["users", "show", "old"]).stdout)[0]
    assert shown["channels"] == ["partner_report"]


def test_a_service_account_has_no_channel_scope(workspace: Path) -> None:
    result = runner.invoke(
        app, ["tokens", "create", "bot", "--role", "service", "--channel", "sns_post"]
    )
    assert result.exit_code == 3 and "only partner accounts" in result.stderr
    assert runner.invoke(app, ["tokens", "create", "bot", "--role", "service"]).exit_code == 0


def test_db_current_reports_the_head(workspace: Path) -> None:
    current = json.loads(runner.invoke(app, ["db", "current"]).stdout)
    assert current["current"] == current["head"] is not None


def test_cli_reads_are_written_to_the_audit_log_first(workspace: Path) -> None:
    from sqlalchemy import select

    from kizashi.config import load_settings
    from kizashi.store import make_engine
    from kizashi.store.tables import audit_entries

    path = workspace / "posts.jsonl"
    path.write_text(json.dumps(POST) + "\n", "utf-8")
    runner.invoke(app, ["ingest", "sns_post", str(path)])
    report_id = _jsonl(runner.invoke(app, ["reports", "list"]).stdout)[0]["id"]
    runner.invoke(app, ["reports", "show", str(report_id)])
    engine = make_engine(load_settings())
    with engine.connect() as connection:
        rows = connection.execute(
            select(audit_entries.c.action, audit_entries.c.resource_id, audit_entries.c.actor)
        ).all()
    # The ingest is a batch job decided first; each listed report is decided by the guard
    # (and logged) before it is printed.
    assert [(r.action, r.resource_id) for r in rows] == [
        ("write", "ingest"),
        ("list", report_id),
        ("read", report_id),
    ]
    assert all(r.actor.startswith("cli:") for r in rows)


def test_ingest_reads_shift_jis_and_gives_quarantined_bytes_back(workspace: Path) -> None:
    header = "source,platform,post_id,account_handle,text,posted_at\r\n"
    good = "x,x,{n},@髙橋,今日の予定表①,2026/10/5 10:00\r\n"
    euc = "x,x,99,@すずき,あしたはあめ,2026/10/5 10:00\r\n".encode("euc_jp")
    path = workspace / "posts.csv"
    path.write_bytes(
        header.encode() + b"".join(good.format(n=n).encode("cp932") for n in range(5)) + euc
    )
    result = runner.invoke(app, ["ingest", "sns_post", str(path)])
    summary = _jsonl(result.stdout)[0]
    assert (summary["encoding"], summary["stored"], summary["quarantined"]) == ("cp932", 5, 1)
    assert "read as cp932 (detected)" in result.stderr
    raw = runner.invoke(app, ["quarantine", "raw", "--run", str(summary["run_id"])])
    assert raw.exit_code == 0 and raw.stdout_bytes == euc.rstrip(b"\r\n") + b"\n"
    forced = runner.invoke(app, ["ingest", "sns_post", str(path), "--encoding", "utf-8"])
    assert _jsonl(forced.stdout)[0]["quarantined"] == 6  # every non-ASCII row, named


def test_the_shared_plumbing_opens_no_store_until_asked() -> None:
    # Every room's commands import kizashi.cli.common; `kizashi scan FILE` never opens the store.
    probe = (
        "import sys, kizashi.cli.common\n"
        "print(*(m for m in ('sqlalchemy', 'kizashi.store', 'pydantic_settings') "
        "if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.split() == []


def test_the_shared_plumbing_imports_rich_only_when_it_prints(
    capsys: pytest.CaptureFixture[str],
) -> None:
    probe = "import sys, kizashi.cli.common\nprint('rich' in sys.modules)\n"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.split() == ["False"]
    from kizashi.cli.common import stderr, stderr_console

    stderr.print("to the stream of the moment", markup=False)
    assert capsys.readouterr().err == "to the stream of the moment\n"
    assert stderr_console() is stderr_console()  # one console, made once


def test_ingest_loads_neither_rich_nor_the_password_hasher(workspace: Path) -> None:
    # A batch job checks no password and, without a progress bar, draws nothing: its start-up
    # must not pay for argon2 or rich (docs/cli.md, "Start-up"); the settings are read without
    # pydantic-settings, and the store's revision without Alembic (issue 21).
    path = workspace / "posts.jsonl"
    path.write_text(json.dumps(POST) + "\n", "utf-8")
    probe = (
        "import sys\n"
        "from kizashi.cli import main\n"
        f"sys.argv = ['kizashi', 'ingest', 'sns_post', {str(path)!r}, '--no-progress']\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    code = exit.code\n"
        "print('exit', code, *(m for m in ('rich', 'argon2', 'pydantic_settings', 'alembic') "
        "if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.splitlines()[-1].split() == ["exit", "0"]
    assert "1 read, 1 stored, 0 already stored, 0 quarantined" in done.stderr
