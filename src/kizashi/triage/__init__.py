"""triage: signals into explained, decaying risk per entity; alerts routed to desks.

In-process services (the API, the CLI and the web UI call these; each decides through the
guard and logs before serving): ``list_alerts``, ``get_alert``, ``assign_alert``,
``review_alert``, ``entity_view``; batch work: ``run_triage``; evaluation:
``outcome_report``. Weights, half-lives and routing are data (``triage/data/*.yaml``).
"""

from kizashi.triage.access import AlertFilter, assign_alert, get_alert, list_alerts, review_alert
from kizashi.triage.config import (
    RiskConfig,
    Routing,
    default_risk,
    default_routing,
    load_risk,
    load_routing,
)
from kizashi.triage.entity import entity_view
from kizashi.triage.lifecycle import TransitionError, outcome_report
from kizashi.triage.service import TriageSummary, run_triage

__all__ = [
    "AlertFilter",
    "RiskConfig",
    "Routing",
    "TransitionError",
    "TriageSummary",
    "assign_alert",
    "default_risk",
    "default_routing",
    "entity_view",
    "get_alert",
    "list_alerts",
    "load_risk",
    "load_routing",
    "outcome_report",
    "review_alert",
    "run_triage",
]
