"""Export and offline verification: an intact export verifies; any tampering is located."""

from __future__ import annotations

import hashlib
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from kizashi.guard import AuditLog, Signer, export_log, verify_export
from kizashi.guard.audit.canonical import canonical_json
from kizashi.guard.audit.notes import Checkpoint
from tests.guard.conftest import Clock, Fill, entry


def _export(log: AuditLog, path: Path, *, personal: bool = True) -> list[bytes]:
    with path.open("wb") as out:
        export_log(log, out, include_personal=personal)
    return path.read_bytes().splitlines(keepends=True)


def _write(path: Path, lines: list[bytes]) -> Path:
    path.write_bytes(b"".join(lines))
    return path


@pytest.fixture
def sqlite_log(sqlite_engine: Engine, signer: Signer, clock: Clock) -> AuditLog:
    log = AuditLog(sqlite_engine, signer, checkpoint_every=5, clock=clock)
    for i in range(12):  # one by one: checkpoints at sizes 1, 6 and 11 (and 12 by the export)
        log.append(entry(i))
    return log


@pytest.fixture
def lines(sqlite_log: AuditLog, tmp_path: Path) -> list[bytes]:
    return _export(sqlite_log, tmp_path / "export.jsonl")


def _first_entry_line(lines: list[bytes]) -> int:
    """1-based line number of seq 0."""
    return next(i for i, line in enumerate(lines, 1) if line.startswith(b'{"entry"'))


def test_an_intact_export_verifies_on_both_backends(
    audit_log: AuditLog, fill: Fill, tmp_path: Path
) -> None:
    fill(17)
    lines = _export(audit_log, tmp_path / "export.jsonl")
    assert len(lines) == 1 + len(audit_log.checkpoint_notes()) + 17
    report = verify_export(tmp_path / "export.jsonl", audit_log.signer.verifier)
    assert report.ok, report.problem
    assert (report.entries, report.verified_size) == (17, 17)


def test_a_changed_byte_in_an_entry_is_located(
    sqlite_log: AuditLog, lines: list[bytes], tmp_path: Path
) -> None:
    start = _first_entry_line(lines)
    target = start + 7 - 1
    lines[target] = lines[target].replace(b'"officer-1"', b'"officer-2"')
    report = verify_export(_write(tmp_path / "t.jsonl", lines), sqlite_log.signer.verifier)
    assert report.problem is not None
    assert (report.problem.kind, report.problem.seq, report.problem.line) == (
        "tampered",
        7,
        target + 1,
    )
    assert "leaf hash" in report.problem.reason


def test_every_single_byte_change_anywhere_is_caught(
    sqlite_engine: Engine, signer: Signer, tmp_path: Path
) -> None:
    log = AuditLog(sqlite_engine, signer)
    log.append(entry(0))
    log.append_many([entry(1), entry(2, personal={})])
    data = b"".join(_export(log, tmp_path / "e.jsonl"))
    path = tmp_path / "t.jsonl"
    for offset in range(len(data)):
        changed = bytearray(data)
        changed[offset] ^= 0x01
        path.write_bytes(bytes(changed))
        report = verify_export(path, log.signer.verifier)
        assert not report.ok, f"byte {offset} changed and not caught"


@settings(
    max_examples=40,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.data())
def test_random_byte_changes_are_caught(
    sqlite_log: AuditLog, lines: list[bytes], tmp_path: Path, data: st.DataObject
) -> None:
    blob = b"".join(lines)
    offset = data.draw(st.integers(0, len(blob) - 1))
    value = data.draw(st.integers(0, 255).filter(lambda b: b != blob[offset]))
    path = tmp_path / "r.jsonl"
    path.write_bytes(blob[:offset] + bytes([value]) + blob[offset + 1 :])
    assert not verify_export(path, sqlite_log.signer.verifier).ok


def test_a_deleted_entry_is_named_missing(
    sqlite_log: AuditLog, lines: list[bytes], tmp_path: Path
) -> None:
    start = _first_entry_line(lines)
    del lines[start + 4 - 1]
    problem = verify_export(_write(tmp_path / "t.jsonl", lines), sqlite_log.signer.verifier).problem
    assert problem is not None
    assert (problem.kind, problem.seq, problem.line) == ("missing", 4, start + 4)


def test_swapped_entries_are_named_reordered(
    sqlite_log: AuditLog, lines: list[bytes], tmp_path: Path
) -> None:
    start = _first_entry_line(lines)
    a, b = start + 2 - 1, start + 3 - 1
    lines[a], lines[b] = lines[b], lines[a]
    problem = verify_export(_write(tmp_path / "t.jsonl", lines), sqlite_log.signer.verifier).problem
    assert problem is not None
    assert (problem.kind, problem.seq, problem.line) == ("reordered", 2, a + 1)
    assert f"seq 2 is at line {b + 1}" in problem.reason


def test_a_truncated_export_is_caught(
    sqlite_log: AuditLog, lines: list[bytes], tmp_path: Path
) -> None:
    problem = verify_export(
        _write(tmp_path / "t.jsonl", lines[:-3]), sqlite_log.signer.verifier
    ).problem
    assert problem is not None and problem.kind == "truncated" and problem.seq == 9


def test_an_entry_rewritten_with_a_recomputed_leaf_hash_fails_at_its_checkpoint(
    sqlite_log: AuditLog, lines: list[bytes], tmp_path: Path
) -> None:
    start = _first_entry_line(lines)
    line = orjson.loads(lines[start + 8 - 1])
    line["entry"]["actor"] = "innocent"
    line["leaf_hash"] = hashlib.sha256(b"\x00" + canonical_json(line["entry"])).hexdigest()
    lines[start + 8 - 1] = canonical_json(line) + b"\n"
    problem = verify_export(_write(tmp_path / "t.jsonl", lines), sqlite_log.signer.verifier).problem
    assert problem is not None and problem.kind == "tampered"
    # checkpoints at sizes 1, 6, 11: the altered entry lies in 6..10
    assert problem.seq == 6 and "entries 6..10" in problem.reason


def test_a_forged_checkpoint_is_refused(
    sqlite_log: AuditLog, lines: list[bytes], tmp_path: Path
) -> None:
    forger = Signer.generate(sqlite_log.origin)
    forged = forger.sign(Checkpoint(sqlite_log.origin, 12, b"\x00" * 32).body())
    lines.insert(1, canonical_json({"kind": "checkpoint", "note": forged}) + b"\n")
    problem = verify_export(_write(tmp_path / "t.jsonl", lines), sqlite_log.signer.verifier).problem
    assert problem is not None
    assert (problem.kind, problem.line) == ("forged-checkpoint", 2)


def test_personal_data_in_an_export_must_match_its_hash(
    sqlite_log: AuditLog, lines: list[bytes], tmp_path: Path
) -> None:
    start = _first_entry_line(lines)
    line = orjson.loads(lines[start])
    line["personal"]["subject_name"]["value"] = "別人"
    lines[start] = canonical_json(line) + b"\n"
    problem = verify_export(_write(tmp_path / "t.jsonl", lines), sqlite_log.signer.verifier).problem
    assert problem is not None and "personal data" in problem.reason and problem.seq == 1


def test_a_redacted_entry_still_verifies(sqlite_log: AuditLog, tmp_path: Path) -> None:
    sqlite_log.redact(4, "court order")
    lines = _export(sqlite_log, tmp_path / "e.jsonl")
    assert b'\xe5\xb1\xb1\xe7\x94\xb0 \xe5\xa4\xaa\xe9\x83\x8e 4"' not in b"".join(lines)
    assert verify_export(tmp_path / "e.jsonl", sqlite_log.signer.verifier).ok


def test_an_export_checked_against_another_key_fails(
    sqlite_log: AuditLog, lines: list[bytes], tmp_path: Path
) -> None:
    other = Signer.generate(sqlite_log.origin).verifier
    report = verify_export(_write(tmp_path / "t.jsonl", lines), other)
    assert not report.ok
