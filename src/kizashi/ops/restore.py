"""`kizashi restore`: put a backup back without letting the audit log's history be cut unseen.

Before anything is touched the backup is checked: every file against the manifest's hash
(BLAKE3; SHA-256 in format /1), every checkpoint against the log's key (the installation's,
which must be the backup's). Then the backup's log is compared with what would be lost:

* the witness's last checkpoint — the backup *extends* it when the backup holds that very
  checkpoint (same size, same root); a backup that ends before it, or holds another history,
  would roll the log back past what the witness saw;
* the live store's log, when it can still be read — its entries past the backup's end.

If entries would be lost, the restore is refused unless a reason is given. With one, the
entries that will be gone are written to ``<data_dir>/restores/<time>-gone.jsonl`` (their
leaves: no personal data), the store is swapped (the live one kept aside), the restore is
recorded in the restored log with the reason and the lost range, and the witness is told to
follow the restored log with that reason (it keeps what it held and records the rebase).
Last, the restored log is exported and verified offline; if that or anything after the swap
fails, the live store is put back.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from kizashi.clock import Clock
from kizashi.config import Settings
from kizashi.guard import Checkpoint, Verifier, Witness, export_log, open_audit_log, verify_export
from kizashi.guard.audit import (
    key_path,
    open_checkpoint,
    read_log_state,
    read_verifier,
    verifier_path,
    witness_path,
)
from kizashi.ops.backup import Manifest, matches
from kizashi.ops.errors import BackupError, RestoreRefusedError
from kizashi.ops.swap import Swap, swap_postgres, swap_sqlite
from kizashi.store import make_engine
from kizashi.store.migrate import script_revisions


@dataclass(frozen=True)
class RestorePlan:
    manifest: Manifest
    notes: list[str]  # the backup's signed checkpoints
    witness: Checkpoint | None  # the witness's last checkpoint
    live_size: int | None  # entries in the live store's log (None: unreadable)
    forked: bool  # the witness holds a checkpoint the backup's history does not

    @property
    def gone_to(self) -> int:
        """One past the last entry that the witness or the live store holds."""
        held = [self.manifest.audit_size]
        held += [self.witness.size] if self.witness is not None else []
        held += [self.live_size] if self.live_size is not None else []
        return max(held)

    @property
    def loses_entries(self) -> bool:
        return self.forked or self.gone_to > self.manifest.audit_size

    def describe(self) -> str:
        size = self.manifest.audit_size
        parts = []
        if self.witness is not None and self.witness.size > size:
            parts.append(
                f"the witness holds the log at size {self.witness.size} "
                f"(root {self.witness.root.hex()[:16]}…)"
            )
        if self.live_size is not None and self.live_size > size:
            parts.append(f"the live store's log holds {self.live_size} entries")
        if self.forked:
            parts.append(
                "the witness's checkpoint is not in the backup's history (another history)"
            )
        gone = self.gone_to - size
        return (
            f"this backup's log ends at size {size}; "
            + "; ".join(parts)
            + (f": entries {size}..{self.gone_to - 1} ({gone}) would be gone" if gone else "")
        )


@dataclass
class RestoreReport:
    backup: str
    restored_size: int
    gone_from: int
    gone_count: int
    gone_file: str | None
    reason: str | None
    kept_aside: str
    recorded_seq: int
    witness: dict[str, Any] = field(default_factory=dict)
    verified: str = ""
    migration: str | None = None


def _verifier(settings: Settings, directory: Path) -> Verifier:
    """The installation's verifier key; a backup signed by another key is refused."""
    backup_key = read_verifier(directory / "log.vkey")
    if not key_path(settings).exists():
        # Backups never hold the signing key. Without it the restore used to go on, make a
        # new key, swap the store in, fail the final verification and leave the new key and
        # an empty store behind (qa16); refused here, before anything is written.
        raise BackupError(
            f"{directory}: this installation has no audit signing key at "
            f"{key_path(settings)} (backups never hold it): put there the key of the "
            f"installation that took the backup (verifier {backup_key.vkey()}), then restore"
        )
    own = verifier_path(key_path(settings))
    if own.exists() and read_verifier(own) != backup_key:
        raise BackupError(
            f"{directory}: the backup's log is signed by {backup_key.vkey()}, "
            f"not by this installation's key {read_verifier(own).vkey()}"
        )
    return backup_key


def check_backup(settings: Settings, directory: Path) -> tuple[Manifest, list[str], Verifier]:
    """The manifest and checkpoints of an intact backup; BackupError naming what is wrong."""
    manifest = Manifest.read(directory)
    for name, expected in manifest.files.items():
        path = directory / name
        if not path.exists():
            raise BackupError(f"{directory}: {name} is missing")
        if not matches(path, expected):
            raise BackupError(f"{directory}: {name} does not match its hash in the manifest")
    known = script_revisions()
    if manifest.migration is not None and known is not None and manifest.migration not in known:
        raise BackupError(
            f"{directory}: the store is at migration {manifest.migration}, which this version "
            "of kizashi does not know (restore with the version that took it)"
        )
    verifier = _verifier(settings, directory)
    lines = (directory / "checkpoints.jsonl").read_text("utf-8").splitlines()
    notes = [json.loads(line)["note"] for line in lines if line.strip()]
    checkpoints = [open_checkpoint(note, verifier) for note in notes]  # signatures
    latest = checkpoints[-1] if checkpoints else None
    if latest is None or (latest.size, latest.root.hex()) != (
        manifest.checkpoint_size,
        manifest.checkpoint_root,
    ):
        raise BackupError(f"{directory}: the latest checkpoint does not match the manifest")
    return manifest, notes, verifier


def _live_size(settings: Settings) -> int | None:
    try:
        live = make_engine(settings)
        try:
            with live.connect() as connection:
                return read_log_state(connection).size
        finally:
            live.dispose()
    except Exception:  # no store, or one that cannot be read: nothing to compare with
        return None


def plan_restore(settings: Settings, directory: Path) -> RestorePlan:
    manifest, notes, verifier = check_backup(settings, directory)
    witness_dir = witness_path(settings)
    held = Witness(witness_dir, verifier).latest() if (witness_dir / "log.vkey").exists() else None
    forked = False
    if held is not None and held.size <= manifest.audit_size:
        signed = {(c.size, c.root) for c in (open_checkpoint(n, verifier) for n in notes)}
        forked = (held.size, held.root) not in signed
    return RestorePlan(manifest, notes, held, _live_size(settings), forked)


def _write_gone(settings: Settings, plan: RestorePlan, stamp: str) -> tuple[str | None, int]:
    """The live store's entries past the backup's end, to a file kept beside the data."""
    if plan.live_size is None or plan.live_size <= plan.manifest.audit_size:
        return None, 0
    live = make_engine(settings)
    try:
        leaves = open_audit_log(settings, live).leaves(plan.manifest.audit_size, plan.live_size)
    finally:
        live.dispose()
    folder = settings.data_dir / "restores"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stamp}-gone.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for seq, leaf, leaf_hash in leaves:
            out.write(
                json.dumps(
                    {"seq": seq, "leaf_hash": leaf_hash, "entry": json.loads(leaf)},
                    ensure_ascii=False,
                )
                + "\n"
            )
    return str(path), len(leaves)


def restore_backup(
    settings: Settings, directory: Path, clock: Clock, *, actor: str, reason: str | None = None
) -> RestoreReport:
    """Restore the backup in `directory` into the configured store (see the module's doc)."""
    plan = plan_restore(settings, directory)
    if plan.loses_entries and not (reason and reason.strip()):
        raise RestoreRefusedError(
            f"refusing to restore {plan.manifest.id}: {plan.describe()}; "
            "give --reason to restore anyway (it is recorded in the log and by the witness)"
        )
    now = clock()
    stamp = f"{now:%Y%m%dT%H%M%S}"
    gone_file, gone_known = _write_gone(settings, plan, stamp)
    store = make_engine(settings)
    archive = directory / plan.manifest.store_file
    if plan.manifest.backend != store.dialect.name:
        raise BackupError(
            f"a {plan.manifest.backend} backup cannot be restored into a {store.dialect.name} store"
        )
    swap = (swap_sqlite if store.dialect.name == "sqlite" else swap_postgres)(store, archive, stamp)
    try:
        report = _after_swap(settings, store, plan, swap, clock, actor, reason)
    except Exception:
        swap.undo(store)
        raise
    finally:
        store.dispose()
    report.gone_file, report.gone_count = (
        gone_file,
        max(gone_known, plan.gone_to - plan.manifest.audit_size),
    )
    return report


def _after_swap(
    settings: Settings,
    store: Engine,
    plan: RestorePlan,
    swap: Swap,
    clock: Clock,
    actor: str,
    reason: str | None,
) -> RestoreReport:
    manifest = plan.manifest
    log = open_audit_log(settings, store, clock=clock)
    gone = plan.gone_to - manifest.audit_size
    receipt = log.record_operation(
        actor,
        "restore",
        manifest.id,
        reason or "restored from a backup that extends the witness's checkpoint",
        {
            "backup_created_at": manifest.created_at,
            "backup_size": manifest.audit_size,
            "witness_size": plan.witness.size if plan.witness is not None else None,
            "live_size": plan.live_size,
            "gone_from": manifest.audit_size,
            "gone_count": gone,
        },
    )
    note = log.checkpoint()
    witness = Witness(witness_path(settings), log.signer.verifier)
    if plan.loses_entries:
        record = witness.rebase(note, reason or "", clock())
        witnessed: dict[str, Any] = {"rebased": True, **record}
    else:
        held = witness.sync(log)
        witnessed = {"rebased": False, "size": held.size, "root": held.root.hex()}
    with tempfile.TemporaryDirectory() as scratch:
        exported = Path(scratch) / "audit.jsonl"
        with exported.open("wb") as out:
            export_log(log, out)
        result = verify_export(exported, log.signer.verifier, [])
    if result.problem is not None:
        raise BackupError(f"the restored audit log does not verify: {result.problem}")
    return RestoreReport(
        backup=manifest.id,
        restored_size=manifest.audit_size,
        gone_from=manifest.audit_size,
        gone_count=gone,
        gone_file=None,
        reason=reason,
        kept_aside=swap.kept_aside,
        recorded_seq=receipt.seq,
        witness=witnessed,
        verified=f"OK {result.entries} entries, {result.checkpoints} signed checkpoints",
        migration=manifest.migration,
    )
