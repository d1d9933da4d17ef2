"""guard: who may see what, and a tamper-evident record of every decision and access.

This package holds, so far, the audit log: an append-only RFC 9162 Merkle tree of canonical
JSON entries in the store, Ed25519-signed C2SP checkpoints, a witness that refuses rewritten
history, export and offline verification (see docs/audit.md).
"""

from kizashi.guard.audit import AppendReceipt, AuditEntry, AuditLog, InclusionProof
from kizashi.guard.audit_setup import open_audit_log
from kizashi.guard.errors import (
    AuditError,
    AuditKeyError,
    AuditWriteError,
    CheckpointError,
    InconsistentCheckpointError,
)
from kizashi.guard.export import Problem, VerifyReport, export_log, verify_export
from kizashi.guard.group_commit import GroupCommitWriter
from kizashi.guard.notes import Checkpoint, Signer, Verifier
from kizashi.guard.witness import Witness

__all__ = [
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
    "Problem",
    "Signer",
    "Verifier",
    "VerifyReport",
    "Witness",
    "export_log",
    "open_audit_log",
    "verify_export",
]
