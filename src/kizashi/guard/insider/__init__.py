"""Insider analytics: access events, per-user-day features, baselines, anomaly scores,
need-to-know rules and explained alerts for the inspection desk; and the synthetic access
log they are evaluated on (see docs/insider.md).
"""

from kizashi.guard.insider.alerts import (
    Alert,
    AlertQueue,
    FeatureExplanation,
    InMemoryAlertQueue,
    JsonlAlertQueue,
)
from kizashi.guard.insider.evaluate import Detection, detect, evaluate_log, run_eval
from kizashi.guard.insider.events import (
    AccessEvent,
    Directory,
    Officer,
    Operation,
    from_audit_entries,
    from_audit_entry,
)
from kizashi.guard.insider.features import FEATURES, FeatureTable, extract
from kizashi.guard.insider.rules import Rule, RuleHit, evaluate_rules, load_rules
from kizashi.guard.insider.synth import InsiderLabel, SynthLog, generate, write_jsonl

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
    "load_rules",
    "run_eval",
    "write_jsonl",
]
