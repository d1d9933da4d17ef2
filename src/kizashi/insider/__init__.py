"""insider: insider analytics over the guard's audit log, and the inspection desk's queue.

Access events, per-user-day features, baselines, anomaly scores, need-to-know rules and
explained alerts (``run_insiders`` stores them); the queue the inspection desk reads through
the guard (``list_insider_alerts``, ``get_insider_alert``); and the synthetic access log they
are evaluated on (see docs/insider.md). A room of its own above the guard: it reads the audit
log and identity through ``kizashi.guard`` and the store, and nothing in the guard imports it.
"""

from typing import TYPE_CHECKING

from kizashi.lazy import lazy_exports

if TYPE_CHECKING:
    from kizashi.insider.alerts import (
        Alert,
        AlertQueue,
        FeatureExplanation,
        InMemoryAlertQueue,
        JsonlAlertQueue,
    )
    from kizashi.insider.evaluate import Detection, detect, evaluate_log, run_eval
    from kizashi.insider.events import (
        AccessEvent,
        Directory,
        Officer,
        Operation,
        from_audit_entries,
        from_audit_entry,
    )
    from kizashi.insider.features import FEATURES, FeatureTable, extract
    from kizashi.insider.queue import get_insider_alert, list_insider_alerts
    from kizashi.insider.review import InsiderReviewRefusedError, review_insider_alert
    from kizashi.insider.rules import Rule, RuleHit, evaluate_rules, load_rules
    from kizashi.insider.service import run_insiders
    from kizashi.insider.synth import InsiderLabel, SynthLog, generate, write_jsonl

__getattr__ = lazy_exports(
    __name__,
    {
        "Alert": "kizashi.insider.alerts",
        "AlertQueue": "kizashi.insider.alerts",
        "FeatureExplanation": "kizashi.insider.alerts",
        "InMemoryAlertQueue": "kizashi.insider.alerts",
        "JsonlAlertQueue": "kizashi.insider.alerts",
        "Detection": "kizashi.insider.evaluate",
        "detect": "kizashi.insider.evaluate",
        "evaluate_log": "kizashi.insider.evaluate",
        "run_eval": "kizashi.insider.evaluate",
        "AccessEvent": "kizashi.insider.events",
        "Directory": "kizashi.insider.events",
        "Officer": "kizashi.insider.events",
        "Operation": "kizashi.insider.events",
        "from_audit_entries": "kizashi.insider.events",
        "from_audit_entry": "kizashi.insider.events",
        "FEATURES": "kizashi.insider.features",
        "FeatureTable": "kizashi.insider.features",
        "extract": "kizashi.insider.features",
        "get_insider_alert": "kizashi.insider.queue",
        "list_insider_alerts": "kizashi.insider.queue",
        "InsiderReviewRefusedError": "kizashi.insider.review",
        "review_insider_alert": "kizashi.insider.review",
        "Rule": "kizashi.insider.rules",
        "RuleHit": "kizashi.insider.rules",
        "evaluate_rules": "kizashi.insider.rules",
        "load_rules": "kizashi.insider.rules",
        "run_insiders": "kizashi.insider.service",
        "InsiderLabel": "kizashi.insider.synth",
        "SynthLog": "kizashi.insider.synth",
        "generate": "kizashi.insider.synth",
        "write_jsonl": "kizashi.insider.synth",
    },
)

__all__ = [
    "FEATURES",
    "AccessEvent",
    "Alert",
    "AlertQueue",
    "Detection",
    "Directory",
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
