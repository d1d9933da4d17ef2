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
        "decide",
        "export_log",
        "list_notices",
        "open_audit_log",
        "user_for_principal",
        "verify_export",
    ]
