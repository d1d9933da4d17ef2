"""The public names of kizashi.insider are pinned: changing them is a deliberate act."""

import kizashi.insider


def test_insider_exports() -> None:
    assert sorted(kizashi.insider.__all__) == [
        "AccessEvent",
        "Alert",
        "AlertQueue",
        "Detection",
        "Directory",
        "FEATURES",
        "FeatureExplanation",
        "FeatureTable",
        "InMemoryAlertQueue",
        "InsiderLabel",
        "InsiderReviewRefusedError",
        "JsonlAlertQueue",
        "Officer",
        "Operation",
        "Rule",
        "RuleHit",
        "SynthLog",
        "detect",
        "evaluate_log",
        "evaluate_rules",
        "extract",
        "from_audit_entries",
        "from_audit_entry",
        "generate",
        "get_insider_alert",
        "list_insider_alerts",
        "load_rules",
        "review_insider_alert",
        "run_eval",
        "run_insiders",
        "write_jsonl",
    ]
