"""The public names of kizashi.guard are pinned: changing them is a deliberate act."""

import kizashi.guard


def test_guard_exports() -> None:
    assert sorted(kizashi.guard.__all__) == [
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
