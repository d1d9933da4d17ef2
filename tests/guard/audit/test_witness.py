"""The witness keeps checkpoints apart from the store and refuses a rewritten history."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from kizashi.config import load_settings
from kizashi.guard import (
    AuditLog,
    InconsistentCheckpointError,
    Signer,
    Witness,
    export_log,
    verify_export,
)
from kizashi.guard.audit.errors import AuditKeyError, CheckpointError
from kizashi.guard.audit.export import read_checkpoint_notes
from kizashi.store import make_engine, upgrade
from tests.guard.conftest import Fill, entry


def test_the_witness_keeps_each_checkpoint_that_extends_the_last(
    audit_log: AuditLog, fill: Fill, tmp_path: Path
) -> None:
    witness = Witness(tmp_path / "witness", audit_log.signer.verifier)
    fill(7)
    assert witness.sync(audit_log).size == audit_log.latest_checkpoint().size  # type: ignore[union-attr]
    fill(20)
    held = witness.sync(audit_log)
    assert held.size == 27 and len(witness.notes()) == 2
    assert Witness(tmp_path / "witness").latest() == held  # the key is remembered


def _rewritten_log(engine: Engine, signer: Signer) -> AuditLog:
    """Someone with the signing key rebuilds the log with entry 3 changed (a fresh store)."""
    log = AuditLog(engine, signer, checkpoint_every=5)
    for i in range(30):
        log.append(entry(i, actor="innocent") if i == 3 else entry(i))
    return log


def test_the_witness_refuses_a_checkpoint_of_rewritten_history(
    audit_log: AuditLog, tmp_path: Path
) -> None:
    for i in range(12):
        audit_log.append(entry(i))
    witness = Witness(tmp_path / "witness", audit_log.signer.verifier)
    witness.sync(audit_log)
    other = make_engine(load_settings(data_dir=tmp_path / "elsewhere", database_url=None))
    upgrade(other)
    forged = _rewritten_log(other, audit_log.signer)
    with pytest.raises(InconsistentCheckpointError, match="history was rewritten"):
        witness.sync(forged)
    assert witness.latest().size == 11  # type: ignore[union-attr]  # checkpoints at 1, 6, 11
    # and offline verification against the witness's checkpoints locates the rewrite
    path = tmp_path / "forged.jsonl"
    with path.open("wb") as out:
        export_log(forged, out)
    report = verify_export(path, forged.signer.verifier, read_checkpoint_notes(witness.directory))
    assert report.problem is not None and report.problem.kind in ("tampered", "forged-checkpoint")
    other.dispose()


def test_the_witness_refuses_a_rollback_and_foreign_keys(
    audit_log: AuditLog, fill: Fill, tmp_path: Path
) -> None:
    fill(1)
    fill(9)  # checkpoints at sizes 1 and 10
    witness = Witness(tmp_path / "witness", audit_log.signer.verifier)
    witness.sync(audit_log)
    old_note = audit_log.checkpoint_notes()[0]
    with pytest.raises(InconsistentCheckpointError, match="rolled back"):
        witness.submit(old_note, [])
    stranger = Signer.generate(audit_log.origin)
    with pytest.raises(CheckpointError):
        witness.submit(stranger.sign(old_note.split("\n\n")[0] + "\n"), [])
    with pytest.raises(AuditKeyError):
        Witness(tmp_path / "witness", stranger.verifier)
