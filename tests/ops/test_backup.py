"""Backups that keep the audit chain: backup → restore → verify, on SQLite and PostgreSQL.

The day: entries in the morning, a backup at noon, more entries in the afternoon that the
witness sees; then the store is lost and the noon backup restored. The restore is refused
until told why; told, it shows exactly which entries are gone, records the reason in the log
and at the witness, and the restored log verifies — while the witness's own record shows the
history it saw was cut.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, select, text

from kizashi.clock import ManualClock
from kizashi.config import Settings
from kizashi.guard import (
    AuditEntry,
    AuditLog,
    Signer,
    Witness,
    export_log,
    open_audit_log,
    verify_export,
)
from kizashi.guard.audit import key_path, read_checkpoint_notes, witness_path, write_signer
from kizashi.guard.identity import create_user
from kizashi.ops.backup import sha256_of, take_backup
from kizashi.ops.errors import BackupError, RestoreRefusedError
from kizashi.ops.restore import restore_backup
from kizashi.store.tables import users
from tests.ops.conftest import production


def _entries(log: AuditLog, actions: list[str]) -> None:
    for action in actions:
        log.append(
            AuditEntry(
                actor="officer-1",
                action=action,
                resource_type="report",
                resource_id=f"r-{action}",
                purpose="case 2026-041",
                effect="allow",
                personal={"query": "山田太郎"},
            )
        )


@pytest.fixture
def day(
    settings: Settings, engine: Engine, tmp_path: Path, now: datetime
) -> Iterator[dict[str, object]]:
    config = production(settings, tmp_path / "elsewhere")
    clock = ManualClock(now.replace(hour=0))
    log = open_audit_log(config, engine, clock=clock)
    clock.advance(timedelta(hours=9))
    with engine.begin() as connection:
        create_user(connection, "morning-officer", role="service")
    _entries(log, [f"morning-{i}" for i in range(20)])
    clock.advance(timedelta(hours=3))  # noon
    backup_dir, manifest = take_backup(config, engine, tmp_path / "backups", clock)
    clock.advance(timedelta(hours=3))
    with engine.begin() as connection:
        create_user(connection, "afternoon-officer", role="service")
    afternoon = [f"afternoon-{i}" for i in range(7)]
    _entries(log, afternoon)
    log.checkpoint()
    Witness(witness_path(config), log.signer.verifier).sync(log)  # the witness sees 15:00
    yield {
        "settings": config,
        "clock": clock,
        "backup": backup_dir,
        "manifest": manifest,
        "afternoon": afternoon,
    }
    if engine.dialect.name == "postgresql":  # the store kept aside by the restore
        with engine.begin() as connection:
            for (schema,) in connection.execute(
                text("SELECT nspname FROM pg_namespace WHERE nspname LIKE :p"),
                {"p": f"{connection.execute(text('SELECT current_schema()')).scalar()}_replaced_%"},
            ):
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


def test_a_backup_holds_the_store_the_checkpoints_and_a_manifest(day: dict[str, object]) -> None:
    manifest = day["manifest"]
    backup = day["backup"]
    assert isinstance(backup, Path)
    assert manifest.audit_size == manifest.checkpoint_size == 20  # type: ignore[attr-defined]
    assert {"manifest.json", "checkpoint.note", "checkpoints.jsonl", "log.vkey"} <= {
        p.name for p in backup.iterdir()
    }
    assert manifest.store_file in manifest.files  # type: ignore[attr-defined]
    assert not any(p.suffix == ".key" for p in backup.iterdir())  # keys stay out of backups
    # the witness was handed the noon checkpoint when the backup was taken
    settings = day["settings"]
    assert isinstance(settings, Settings)
    rebased = Witness(witness_path(settings)).notes()
    assert any(p.name == f"{20:020d}.note" for p in rebased)


def test_restoring_the_noon_backup_needs_a_reason_shows_what_is_gone_and_the_witness_notices(
    day: dict[str, object], engine: Engine
) -> None:
    settings, clock, backup = day["settings"], day["clock"], day["backup"]
    assert isinstance(settings, Settings) and isinstance(clock, ManualClock)
    assert isinstance(backup, Path)
    with pytest.raises(RestoreRefusedError, match=r"entries 20\.\.26 \(7\) would be gone"):
        restore_backup(settings, backup, clock, actor="cli:ops")
    with engine.connect() as connection:  # refused: nothing was touched
        names = connection.execute(select(users.c.name)).scalars().all()
        assert sorted(names) == ["afternoon-officer", "morning-officer"]

    clock.advance(timedelta(hours=1))
    reason = "disk lost at 15:30; noon backup restored (ticket OPS-17)"
    report = restore_backup(settings, backup, clock, actor="cli:ops", reason=reason)
    engine.dispose()  # as the services do when restarted after a restore

    # exactly which entries are gone: the afternoon's, kept in a file with their leaves
    assert (report.gone_from, report.gone_count) == (20, 7)
    assert report.gone_file is not None
    gone = [json.loads(line) for line in Path(report.gone_file).read_text("utf-8").splitlines()]
    assert [g["seq"] for g in gone] == list(range(20, 27))
    assert [g["entry"]["action"] for g in gone] == day["afternoon"]
    assert all(
        "山田" not in line for line in Path(report.gone_file).read_text("utf-8").splitlines()
    )
    # the store is the noon one
    with engine.connect() as connection:
        assert connection.execute(select(users.c.name)).scalars().all() == ["morning-officer"]
    # the restore is recorded in the restored log, with the reason
    log = open_audit_log(settings, engine, clock=clock)
    assert log.size == 21 and report.recorded_seq == 20
    [(_, leaf, _)] = log.leaves(20, 21)
    restore_entry = json.loads(leaf)
    assert restore_entry["action"] == "restore"
    assert restore_entry["decision"]["reason"] == reason
    assert (restore_entry["context"]["gone_from"], restore_entry["context"]["gone_count"]) == (
        20,
        7,
    )
    # `kizashi audit verify` passes on the restored log
    exported = backup.parent / "after.jsonl"
    with exported.open("wb") as out:
        export_log(log, out)
    assert verify_export(exported, log.signer.verifier).ok
    assert report.verified.startswith("OK 21 entries")
    # the witness noticed: it recorded the rebase, and what it had seen does not verify
    witness = Witness(witness_path(settings))
    [record] = witness.rebases()
    assert record["reason"] == reason
    assert record["left"]["size"] == 27 and record["taken"]["size"] == 21
    seen = read_checkpoint_notes(witness.directory / "rebased" / "000001")
    checked = verify_export(exported, log.signer.verifier, seen)
    assert not checked.ok
    assert checked.problem is not None and checked.problem.kind == "truncated"
    # and from now on the witness follows the restored log
    _entries(log, ["evening-0"])
    log.checkpoint()
    assert witness.sync(log).size == 22


def test_restoring_the_latest_backup_loses_nothing_and_needs_no_reason(
    settings: Settings, engine: Engine, tmp_path: Path, now: datetime
) -> None:
    config = production(settings, tmp_path / "elsewhere")
    clock = ManualClock(now)
    log = open_audit_log(config, engine, clock=clock)
    _entries(log, ["read", "list"])
    backup, _ = take_backup(config, engine, tmp_path / "backups", clock)
    report = restore_backup(config, backup, clock, actor="cli:ops")
    engine.dispose()
    assert (report.gone_count, report.gone_file, report.witness["rebased"]) == (0, None, False)
    assert open_audit_log(config, engine).size == 3  # two entries and the restore
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            schema = connection.execute(text("SELECT current_schema()")).scalar()
            connection.execute(text(f'DROP SCHEMA "{report.kept_aside}" CASCADE'))
            assert schema and report.kept_aside.startswith(schema)


def test_a_damaged_backup_or_one_signed_by_another_key_is_refused(
    sqlite_settings: Settings, sqlite_engine: Engine, tmp_path: Path, now: datetime
) -> None:
    config = production(sqlite_settings, tmp_path / "elsewhere")
    clock = ManualClock(now)
    _entries(open_audit_log(config, sqlite_engine, clock=clock), ["read"])
    backup, manifest = take_backup(config, sqlite_engine, tmp_path / "backups", clock)
    store = backup / manifest.store_file
    data = bytearray(store.read_bytes())
    data[len(data) // 2] ^= 0xFF
    store.write_bytes(bytes(data))
    with pytest.raises(BackupError, match=r"store\.sqlite does not match its hash"):
        restore_backup(config, backup, clock, actor="cli:ops")
    other = config.model_copy(update={"audit_signing_key": tmp_path / "other" / "k.key"})
    write_signer(key_path(other), Signer.generate("kizashi/audit"))
    backup2, _ = take_backup(config, sqlite_engine, tmp_path / "backups", clock, name="second")
    with pytest.raises(BackupError, match="signed by"):
        restore_backup(other, backup2, clock, actor="cli:ops")


def test_a_restore_without_the_signing_key_is_refused_before_anything_is_written(
    sqlite_settings: Settings, sqlite_engine: Engine, tmp_path: Path, now: datetime
) -> None:
    """A fresh host where the key was not copied (qa16): refused naming the key's path, and
    no new key, no swapped store, no witness left behind."""
    config = production(sqlite_settings, tmp_path / "elsewhere")
    clock = ManualClock(now)
    _entries(open_audit_log(config, sqlite_engine, clock=clock), ["read"])
    backup, _ = take_backup(config, sqlite_engine, tmp_path / "backups", clock)
    fresh = tmp_path / "fresh"
    bare = config.model_copy(
        update={
            "data_dir": fresh / "data",
            "audit_signing_key": fresh / "keys" / "checkpoint.key",
            "witness_url": f"file://{fresh / 'witness'}",
        }
    )
    with pytest.raises(BackupError, match=r"no audit signing key at .*checkpoint\.key"):
        restore_backup(bare, backup, clock, actor="cli:ops")
    assert not fresh.exists() or not any(p.is_file() for p in fresh.rglob("*"))


def test_a_backup_of_the_first_format_is_still_checked_and_restored(
    sqlite_settings: Settings, sqlite_engine: Engine, tmp_path: Path, now: datetime
) -> None:
    # Format /1 recorded SHA-256 of every file; /2 records BLAKE3.
    config = production(sqlite_settings, tmp_path / "elsewhere")
    clock = ManualClock(now)
    _entries(open_audit_log(config, sqlite_engine, clock=clock), ["read"])
    backup, manifest = take_backup(config, sqlite_engine, tmp_path / "backups", clock)
    path = backup / "manifest.json"
    data = json.loads(path.read_text("utf-8"))
    assert data["format"] == "kizashi-backup/2"
    assert all(set(entry) == {"blake3", "bytes"} for entry in data["files"].values())
    data["format"] = "kizashi-backup/1"
    data["files"] = {
        name: {"sha256": sha256_of(backup / name), "bytes": entry["bytes"]}
        for name, entry in data["files"].items()
    }
    path.write_text(json.dumps(data), "utf-8")
    assert restore_backup(config, backup, clock, actor="cli:ops") is not None
    data["files"][manifest.store_file]["sha256"] = "0" * 64
    path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(BackupError, match=r"store\.sqlite does not match its hash"):
        restore_backup(config, backup, clock, actor="cli:ops")


def test_a_sqlite_backup_is_one_self_contained_file(
    sqlite_settings: Settings, sqlite_engine: Engine, tmp_path: Path, now: datetime
) -> None:
    clock = ManualClock(now)
    _entries(open_audit_log(sqlite_settings, sqlite_engine, clock=clock), ["read"])
    backup, manifest = take_backup(sqlite_settings, sqlite_engine, tmp_path / "b", clock)
    copy = create_engine(f"sqlite:///{backup / manifest.store_file}")
    with copy.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "delete"
        assert connection.exec_driver_sql("SELECT size FROM audit_head").scalar() == 1
    copy.dispose()
    assert not list(backup.glob("*-wal"))


def test_the_backup_command_is_a_logged_job_of_the_hosts_operator(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import getpass

    from typer.testing import CliRunner

    from kizashi.cli import app
    from kizashi.config import load_settings
    from kizashi.store import make_engine

    monkeypatch.setenv("KIZASHI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("KIZASHI_DATABASE_URL", raising=False)
    runner = CliRunner()
    assert runner.invoke(app, ["init"]).exit_code == 0
    result = runner.invoke(app, ["backup", str(tmp_path / "backups"), "--name", "nightly"])
    assert result.exit_code == 0, result.output
    manifest = json.loads(result.stdout)
    assert manifest["backup"] == str(tmp_path / "backups" / "nightly")
    store = make_engine(load_settings())
    try:
        log = open_audit_log(load_settings(), store)
        [(_, leaf, _)] = log.leaves(0, 1)
    finally:
        store.dispose()
    entry = json.loads(leaf)
    assert (entry["actor"], entry["action"], entry["resource"]) == (
        f"cli:{getpass.getuser()}",
        "write",
        {"type": "job", "id": "backup"},
    )
    assert entry["decision"]["effect"] == "allow"
    assert manifest["audit_size"] == 1  # the backup holds the entry that says it was taken
