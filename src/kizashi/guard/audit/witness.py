"""A witness: keeps the checkpoints it has seen, in a directory apart from the log's store,
and accepts a new one only if it is signed by the log's key and *extends* the last one held.

An administrator who rewrites the log's history (and re-signs with the log's key) produces
a checkpoint with no valid consistency proof from what the witness already holds; the
witness refuses it, and its directory still holds the last honest tree head. Keep the
directory on other storage, under other administrators, for that to mean something.

Layout: ``log.vkey`` (the log's verifier key, fixed when the witness is created) and
``checkpoints/<size, 20 digits>.note``, each written atomically.

A log restored from a backup that ends before what the witness saw is a rollback, and the
witness refuses it like any other. Only :meth:`Witness.rebase`, given a reason, makes it
follow the restored log: the checkpoints it held are kept under ``rebased/<n>/`` beside
``rebased/<n>/record.json`` (when, why, the tree head left and the one taken), so the
history the log lost stays on the witness's side, and ``rebases()`` lists every such event.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from kizashi.guard.audit.errors import AuditKeyError, CheckpointError, InconsistentCheckpointError
from kizashi.guard.audit.log import AuditLog
from kizashi.guard.audit.merkle import verify_consistency
from kizashi.guard.audit.notes import Checkpoint, Verifier, open_checkpoint, read_verifier


class Witness:
    """The witness directory `directory`, trusting the log key `verifier`."""

    def __init__(self, directory: Path, verifier: Verifier | None = None) -> None:
        self.directory = directory
        key_file = directory / "log.vkey"
        if key_file.exists():
            held = read_verifier(key_file)
            if verifier is not None and held != verifier:
                raise AuditKeyError(
                    f"witness {directory} follows the log key {held.vkey()}, not {verifier.vkey()}"
                )
            verifier = held
        elif verifier is None:
            raise AuditKeyError(f"witness {directory} has no log key yet: give the log's vkey")
        else:
            (directory / "checkpoints").mkdir(parents=True, exist_ok=True)
            _write_atomically(key_file, verifier.vkey() + "\n")
        self.verifier = verifier

    def notes(self) -> list[Path]:
        return sorted((self.directory / "checkpoints").glob("*.note"))

    def latest(self) -> Checkpoint | None:
        notes = self.notes()
        if not notes:
            return None
        return open_checkpoint(notes[-1].read_text(encoding="utf-8"), self.verifier)

    def submit(self, note: str, proof: Sequence[bytes]) -> Checkpoint:
        """Check and keep `note`; `proof` is the consistency proof from the latest one held."""
        checkpoint = open_checkpoint(note, self.verifier)
        last = self.latest()
        if last is not None:
            if checkpoint.size < last.size:
                raise InconsistentCheckpointError(
                    f"checkpoint of size {checkpoint.size} is older than the size {last.size} "
                    "this witness holds: the log was rolled back"
                )
            if not verify_consistency(
                last.size, checkpoint.size, last.root, checkpoint.root, proof
            ):
                raise InconsistentCheckpointError(
                    f"checkpoint of size {checkpoint.size} (root {checkpoint.root.hex()}) does not "
                    f"extend the checkpoint of size {last.size} (root {last.root.hex()}) this "
                    "witness holds: the log's history was rewritten"
                )
            if checkpoint.size == last.size:
                return checkpoint  # already held
        _write_atomically(self.directory / "checkpoints" / f"{checkpoint.size:020d}.note", note)
        return checkpoint

    def sync(self, log: AuditLog) -> Checkpoint:
        """Submit the log's latest checkpoint, with a proof from the last one held."""
        notes = log.checkpoint_notes()
        if not notes:
            raise CheckpointError("the log has signed no checkpoint yet")
        latest = open_checkpoint(notes[-1], self.verifier)
        last = self.latest()
        proof: list[bytes] = []
        if last is not None and 0 < last.size < latest.size:
            proof = log.consistency_proof(last.size, latest.size)
        return self.submit(notes[-1], proof)

    def rebase(self, note: str, reason: str, now: datetime) -> dict[str, Any]:
        """Follow a log that does not extend the held checkpoint (a restore that lost entries),
        keeping what was held and recording why. Returns the record."""
        if not reason.strip():
            raise CheckpointError("a witness follows a rolled-back log only when told why")
        checkpoint = open_checkpoint(note, self.verifier)  # signed by the log's key, still
        last = self.latest()
        archive = self.directory / "rebased" / f"{len(self.rebases()) + 1:06d}"
        (archive / "checkpoints").mkdir(parents=True)
        for held in self.notes():
            os.replace(held, archive / "checkpoints" / held.name)
        record = {
            "at": now.isoformat(),
            "reason": reason,
            "left": None if last is None else {"size": last.size, "root": last.root.hex()},
            "taken": {"size": checkpoint.size, "root": checkpoint.root.hex()},
        }
        _write_atomically(archive / "record.json", json.dumps(record, ensure_ascii=False) + "\n")
        _write_atomically(self.directory / "checkpoints" / f"{checkpoint.size:020d}.note", note)
        return record

    def rebases(self) -> list[dict[str, Any]]:
        """Every rebase this witness followed, oldest first."""
        folder = self.directory / "rebased"
        if not folder.exists():
            return []
        return [
            json.loads((entry / "record.json").read_text("utf-8"))
            for entry in sorted(folder.iterdir())
            if (entry / "record.json").exists()
        ]


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("w", encoding="utf-8") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, path)
