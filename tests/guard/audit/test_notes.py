"""Signed checkpoints in the C2SP signed-note and tlog-checkpoint formats."""

from __future__ import annotations

import base64
import hashlib
import stat
from pathlib import Path

import pytest

from kizashi.guard.audit.errors import AuditKeyError, CheckpointError
from kizashi.guard.audit.notes import (
    Checkpoint,
    Signer,
    Verifier,
    load_or_create_signer,
    open_checkpoint,
    read_signer,
    read_verifier,
    verifier_path,
)

ROOT = hashlib.sha256(b"root").digest()


def test_a_checkpoint_note_has_the_c2sp_layout_and_opens() -> None:
    signer = Signer.generate("example.org/audit")
    note = signer.sign(Checkpoint("example.org/audit", 42, ROOT).body())
    body, _blank, signature = note.partition("\n\n")
    assert body.split("\n") == ["example.org/audit", "42", base64.b64encode(ROOT).decode()]
    assert signature.startswith("\u2014 example.org/audit ") and signature.endswith("\n")
    raw = base64.b64decode(signature.split(" ")[2])
    assert len(raw) == 4 + 64
    public = signer.verifier.public
    wanted = hashlib.sha256(b"example.org/audit\n\x01" + public).digest()[:4]
    assert raw[:4] == wanted
    assert open_checkpoint(note, signer.verifier) == Checkpoint("example.org/audit", 42, ROOT)


def test_a_changed_body_or_another_key_is_refused() -> None:
    signer = Signer.generate("log")
    note = signer.sign(Checkpoint("log", 42, ROOT).body())
    with pytest.raises(CheckpointError, match="does not verify"):
        open_checkpoint(note.replace("\n42\n", "\n43\n"), signer.verifier)
    with pytest.raises(CheckpointError, match="no signature by log"):
        open_checkpoint(note, Signer.generate("log").verifier)
    with pytest.raises(CheckpointError):
        open_checkpoint("log\n42\n", signer.verifier)


def test_other_signatures_on_a_note_are_ignored() -> None:
    log, witness = Signer.generate("log"), Signer.generate("witness")
    note = log.sign(Checkpoint("log", 1, ROOT).body())
    cosigned = note + witness.sign(Checkpoint("log", 1, ROOT).body()).split("\n\n")[1]
    assert open_checkpoint(cosigned, log.verifier).size == 1


def test_keys_round_trip_in_the_go_note_text_forms() -> None:
    signer = Signer.generate("kizashi/audit")
    again = Signer.from_skey(signer.skey())
    assert again.verifier == signer.verifier
    assert Verifier.from_vkey(signer.verifier.vkey()) == signer.verifier
    assert signer.verifier.vkey().startswith("kizashi/audit+" + signer.verifier.key_id.hex() + "+")
    with pytest.raises(AuditKeyError):
        Verifier.from_vkey("kizashi/audit+00000000+" + signer.verifier.vkey().split("+", 2)[2])


def test_the_key_file_is_private_and_made_on_first_use(tmp_path: Path) -> None:
    path = tmp_path / "audit" / "checkpoint.key"
    signer = load_or_create_signer(path, "kizashi/audit")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_signer(path, "kizashi/audit").verifier == signer.verifier
    assert read_verifier(verifier_path(path)) == signer.verifier
    path.chmod(0o644)
    with pytest.raises(AuditKeyError, match="readable by others"):
        read_signer(path)
