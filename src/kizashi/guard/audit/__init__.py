"""guard.audit: the tamper-evident record of every decision and access; its only writer.

An append-only RFC 9162 Merkle tree of canonical JSON entries in the store (``log``,
``store``, ``merkle``, ``canonical``, ``prepare``, ``group_commit``), Ed25519-signed C2SP
checkpoints (``notes``), a witness that refuses rewritten history (``witness``), export and
offline verification (``export``), the cheap check of stored entries a report shows
(``entry_check``), the only constructors of entries (``events``: a
policy decision or an identity event), and how an app opens the log (``setup``). It knows the
store only; see docs/audit.md.
"""

from kizashi.guard.audit.entry import AuditEntry
from kizashi.guard.audit.entry_check import check_stored_entries
from kizashi.guard.audit.errors import (
    AuditError,
    AuditKeyError,
    AuditWriteError,
    CheckpointError,
    InconsistentCheckpointError,
)
from kizashi.guard.audit.events import IDENTITY_EVENTS, decision_entry, identity_event
from kizashi.guard.audit.export import (
    Problem,
    VerifyReport,
    export_log,
    read_checkpoint_notes,
    verify_export,
)
from kizashi.guard.audit.group_commit import GroupCommitWriter
from kizashi.guard.audit.log import (
    AppendReceipt,
    AuditLog,
    InclusionProof,
    LogState,
    read_log_state,
)
from kizashi.guard.audit.notes import (
    Checkpoint,
    Signer,
    Verifier,
    open_checkpoint,
    read_verifier,
    verifier_path,
    write_signer,
)
from kizashi.guard.audit.setup import DEFAULT_ORIGIN, key_path, open_audit_log, witness_path
from kizashi.guard.audit.witness import Witness

__all__ = [
    "DEFAULT_ORIGIN",
    "IDENTITY_EVENTS",
    "AppendReceipt",
    "AuditEntry",
    "AuditError",
    "AuditKeyError",
    "AuditLog",
    "AuditWriteError",
    "Checkpoint",
    "CheckpointError",
    "GroupCommitWriter",
    "InclusionProof",
    "InconsistentCheckpointError",
    "LogState",
    "Problem",
    "Signer",
    "Verifier",
    "VerifyReport",
    "Witness",
    "check_stored_entries",
    "decision_entry",
    "export_log",
    "identity_event",
    "key_path",
    "open_audit_log",
    "open_checkpoint",
    "read_checkpoint_notes",
    "read_log_state",
    "read_verifier",
    "verifier_path",
    "verify_export",
    "witness_path",
    "write_signer",
]
