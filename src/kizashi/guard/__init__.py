"""guard: who may see what, and a tamper-evident record of every decision and access.

The public face of three packages: ``guard.identity`` (users, desks, roles, cases,
compartments, credentials, passwords, sign-in and the one kind of session), ``guard.policy`` (the one decision point
``decide``; ``Guard`` logs each decision before returning it; deconfliction notices, see
docs/guard.md) and ``guard.audit`` (an append-only RFC 9162 Merkle tree of canonical JSON
entries in the store, Ed25519-signed C2SP checkpoints, a witness that refuses rewritten
history, export and offline verification, see docs/audit.md). Other rooms import from here
or from those three packages' own ``__init__``, never from their modules. The guard's own
surfaces (``api``, ``cli_users``, ``cli_audit``) sit above the shared HTTP and CLI plumbing
and are found through the list of rooms (``guard.room``), not imported from here.
"""

from typing import TYPE_CHECKING

from kizashi.lazy import lazy_exports

if TYPE_CHECKING:
    from kizashi.guard.audit import (
        AppendReceipt,
        AuditEntry,
        AuditError,
        AuditKeyError,
        AuditLog,
        AuditWriteError,
        Checkpoint,
        CheckpointError,
        GroupCommitWriter,
        InclusionProof,
        InconsistentCheckpointError,
        Problem,
        Signer,
        Verifier,
        VerifyReport,
        Witness,
        export_log,
        open_audit_log,
        verify_export,
    )
    from kizashi.guard.identity import (
        CaseInfo,
        CompartmentInfo,
        User,
        authenticate,
        cli_user,
        end_session,
        label_material,
        open_session,
        session_user,
        sign_in,
        subject_key,
    )
    from kizashi.guard.policy import Decision, Guard, Obligation, Resource, decide, list_notices

# Imported on first use, so that listing the commands does not load the room.
__getattr__ = lazy_exports(
    __name__,
    {
        "AppendReceipt": "kizashi.guard.audit",
        "AuditEntry": "kizashi.guard.audit",
        "AuditError": "kizashi.guard.audit",
        "AuditKeyError": "kizashi.guard.audit",
        "AuditLog": "kizashi.guard.audit",
        "AuditWriteError": "kizashi.guard.audit",
        "Checkpoint": "kizashi.guard.audit",
        "CheckpointError": "kizashi.guard.audit",
        "GroupCommitWriter": "kizashi.guard.audit",
        "InclusionProof": "kizashi.guard.audit",
        "InconsistentCheckpointError": "kizashi.guard.audit",
        "Problem": "kizashi.guard.audit",
        "Signer": "kizashi.guard.audit",
        "Verifier": "kizashi.guard.audit",
        "VerifyReport": "kizashi.guard.audit",
        "Witness": "kizashi.guard.audit",
        "export_log": "kizashi.guard.audit",
        "open_audit_log": "kizashi.guard.audit",
        "verify_export": "kizashi.guard.audit",
        "CaseInfo": "kizashi.guard.identity",
        "CompartmentInfo": "kizashi.guard.identity",
        "User": "kizashi.guard.identity",
        "cli_user": "kizashi.guard.identity",
        "end_session": "kizashi.guard.identity",
        "label_material": "kizashi.guard.identity",
        "open_session": "kizashi.guard.identity",
        "session_user": "kizashi.guard.identity",
        "sign_in": "kizashi.guard.identity",
        "subject_key": "kizashi.guard.identity",
        "authenticate": "kizashi.guard.identity",
        "Decision": "kizashi.guard.policy",
        "Guard": "kizashi.guard.policy",
        "Obligation": "kizashi.guard.policy",
        "Resource": "kizashi.guard.policy",
        "decide": "kizashi.guard.policy",
        "list_notices": "kizashi.guard.policy",
    },
)

__all__ = [
    "AppendReceipt",
    "AuditEntry",
    "AuditError",
    "AuditKeyError",
    "AuditLog",
    "AuditWriteError",
    "CaseInfo",
    "Checkpoint",
    "CheckpointError",
    "CompartmentInfo",
    "Decision",
    "GroupCommitWriter",
    "Guard",
    "InclusionProof",
    "InconsistentCheckpointError",
    "Obligation",
    "Problem",
    "Resource",
    "Signer",
    "User",
    "Verifier",
    "VerifyReport",
    "Witness",
    "authenticate",
    "cli_user",
    "decide",
    "end_session",
    "export_log",
    "label_material",
    "list_notices",
    "open_audit_log",
    "open_session",
    "session_user",
    "sign_in",
    "subject_key",
    "verify_export",
]
