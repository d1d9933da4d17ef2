"""triage: signals into explained, decaying risk per entity; alerts routed to desks.

In-process services (the API, the CLI and the web UI call these; each decides through the
guard and logs before serving): ``list_alerts``, ``get_alert``, ``assign_alert``,
``review_alert``, ``record_alert_action``, ``entity_view``; the alert list's query, declared
once for the API and the web (``AlertQuery``); live changes: ``AlertFeed`` (one subscriber's
position, decided per change) and ``follow_feed`` (as server-sent events); rooms above triage raise
findings about an entity (``raise_finding``, ``withdraw_finding``: outreach's approacher patterns),
which triage counts and routes like any contribution; batch work: ``run_triage``; evaluation:
``outcome_report``. Weights, half-lives and routing are data (``triage/data/*.yaml``).
"""

from typing import TYPE_CHECKING

from kizashi.lazy import lazy_exports

if TYPE_CHECKING:
    from kizashi.triage.access import (
        AlertFilter,
        assign_alert,
        decide_alerts,
        get_alert,
        list_alerts,
        record_alert_action,
        review_alert,
        visible_alerts,
    )
    from kizashi.triage.carry import folded_alerts
    from kizashi.triage.config import (
        AlertRouting,
        RiskConfig,
        default_alert_routing,
        default_risk,
        load_alert_routing,
        load_risk,
    )
    from kizashi.triage.entity import entity_evidence, entity_refusal, entity_view
    from kizashi.triage.feed import AlertFeed, follow_feed
    from kizashi.triage.findings import Finding, raise_finding, withdraw_finding
    from kizashi.triage.lifecycle import TransitionError, outcome_report
    from kizashi.triage.query import AlertQuery
    from kizashi.triage.service import (
        TriageSummary,
        risk_ranking,
        run_triage,
        triage_entities,
        triage_reports,
    )

# Imported on first use, so that listing the commands does not load the room.
__getattr__ = lazy_exports(
    __name__,
    {
        "AlertFilter": "kizashi.triage.access",
        "assign_alert": "kizashi.triage.access",
        "decide_alerts": "kizashi.triage.access",
        "visible_alerts": "kizashi.triage.access",
        "get_alert": "kizashi.triage.access",
        "list_alerts": "kizashi.triage.access",
        "record_alert_action": "kizashi.triage.access",
        "review_alert": "kizashi.triage.access",
        "folded_alerts": "kizashi.triage.carry",
        "AlertRouting": "kizashi.triage.config",
        "RiskConfig": "kizashi.triage.config",
        "default_alert_routing": "kizashi.triage.config",
        "default_risk": "kizashi.triage.config",
        "load_alert_routing": "kizashi.triage.config",
        "load_risk": "kizashi.triage.config",
        "entity_evidence": "kizashi.triage.entity",
        "entity_refusal": "kizashi.triage.entity",
        "entity_view": "kizashi.triage.entity",
        "AlertFeed": "kizashi.triage.feed",
        "follow_feed": "kizashi.triage.feed",
        "Finding": "kizashi.triage.findings",
        "raise_finding": "kizashi.triage.findings",
        "withdraw_finding": "kizashi.triage.findings",
        "TransitionError": "kizashi.triage.lifecycle",
        "outcome_report": "kizashi.triage.lifecycle",
        "AlertQuery": "kizashi.triage.query",
        "TriageSummary": "kizashi.triage.service",
        "risk_ranking": "kizashi.triage.service",
        "run_triage": "kizashi.triage.service",
        "triage_entities": "kizashi.triage.service",
        "triage_reports": "kizashi.triage.service",
    },
)

__all__ = [
    "AlertFeed",
    "AlertFilter",
    "AlertQuery",
    "AlertRouting",
    "Finding",
    "RiskConfig",
    "TransitionError",
    "TriageSummary",
    "assign_alert",
    "decide_alerts",
    "default_alert_routing",
    "default_risk",
    "entity_evidence",
    "entity_refusal",
    "entity_view",
    "folded_alerts",
    "follow_feed",
    "get_alert",
    "list_alerts",
    "load_alert_routing",
    "load_risk",
    "outcome_report",
    "raise_finding",
    "record_alert_action",
    "review_alert",
    "risk_ranking",
    "run_triage",
    "triage_entities",
    "triage_reports",
    "visible_alerts",
    "withdraw_finding",
]
