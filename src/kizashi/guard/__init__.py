"""guard: who may see what, and a tamper-evident record of every decision and access.

Identity (users, desks, roles, cases, compartments), the one policy decision point
(``decide``; ``Guard`` logs each decision before returning it), deconfliction notices
(see docs/guard.md), and the audit log: an append-only RFC 9162 Merkle tree of canonical
JSON entries in the store, Ed25519-signed C2SP checkpoints, a witness that refuses rewritten
history, export and offline verification (see docs/audit.md).
"""

from kizashi.guard.audit import AppendReceipt, AuditEntry, AuditLog, InclusionProof
from kizashi.guard.audit_setup import open_audit_log
from kizashi.guard.cli_user import cli_user
from kizashi.guard.deconflict import list_notices
from kizashi.guard.errors import (
    AuditError,
    AuditKeyError,
    AuditWriteError,
    CheckpointError,
    InconsistentCheckpointError,
)
from kizashi.guard.export import Problem, VerifyReport, export_log, verify_export
from kizashi.guard.group_commit import GroupCommitWriter
from kizashi.guard.identity import User
from kizashi.guard.identity_cases import label_material, subject_key
from kizashi.guard.identity_service import user_for_principal
from kizashi.guard.insider_queue import get_insider_alert, list_insider_alerts
from kizashi.guard.notes import Checkpoint, Signer, Verifier
from kizashi.guard.policy import decide
from kizashi.guard.policy_model import CaseInfo, CompartmentInfo, Decision, Obligation, Resource
from kizashi.guard.policy_service import Guard
from kizashi.guard.signin import end_session, open_session, session_user, sign_in
from kizashi.guard.witness import Witness

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
    "cli_user",
    "decide",
    "end_session",
    "export_log",
    "get_insider_alert",
    "label_material",
    "list_insider_alerts",
    "list_notices",
    "open_audit_log",
    "open_session",
    "session_user",
    "sign_in",
    "subject_key",
    "user_for_principal",
    "verify_export",
]
