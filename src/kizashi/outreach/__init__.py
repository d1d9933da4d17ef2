"""outreach: companies, outreach activities, approaches read as a modus operandi, country desks.

The economic-security desk keeps a register of companies and of its outreach (visits,
briefings, individual consultations, follow-ups); companies' partner accounts send approach
reports, consultation requests and joint-research requests through the portal. Each is read
into the stages of ``data/stages.yaml`` by detect's rule engine over a lexicon of its own
(``reading``; a report written wholly in Chinese, as ``script`` decides, by the Chinese cue
phrases of ``reading_zh``), the approacher is the person entity resolve made of it — the same one across
companies and romanisations — and escalation rules as data decide when triage is told
(``raise_finding``), whose alert routing sends it to the country desk of the approacher's
claimed organisation or nationality. See docs/outreach.md.

In-process services (each decides through the guard before it reads or writes):
``list_companies``, ``company_view``, ``register_company``, ``update_company``,
``log_activity``, ``complete_follow_up``, ``list_approachers``, ``approacher_view``,
``coverage``, ``briefing_statistics``, ``desk_dashboard``; the live path: ``read_reports`` (the pipeline's
outreach stage) and ``read_all`` (its backfill), ``follow_regrouping`` (an analyst's re-grouping, followed live); pure: ``read_approach``, ``escalate``,
``stage_model``, ``evaluate``.
"""

from typing import TYPE_CHECKING

from kizashi.lazy import lazy_exports

if TYPE_CHECKING:
    from kizashi.outreach.approachers import (
        OutreachSummary,
        follow_regrouping,
        read_all,
        read_reports,
    )
    from kizashi.outreach.errors import OutreachDataError, RegisterConflictError
    from kizashi.outreach.escalation import ApproacherFacts, Escalation, escalate
    from kizashi.outreach.evaluation import evaluate
    from kizashi.outreach.model import stage_model
    from kizashi.outreach.reading import Reading, read_approach
    from kizashi.outreach.registry import ActivityIn, CompanyIn
    from kizashi.outreach.reports import briefing_statistics, coverage, desk_dashboard
    from kizashi.outreach.service import (
        approacher_view,
        company_view,
        complete_follow_up,
        list_approachers,
        list_companies,
        log_activity,
        register_company,
        update_company,
    )

__getattr__ = lazy_exports(
    __name__,
    {
        "OutreachSummary": "kizashi.outreach.approachers",
        "follow_regrouping": "kizashi.outreach.approachers",
        "read_all": "kizashi.outreach.approachers",
        "read_reports": "kizashi.outreach.approachers",
        "OutreachDataError": "kizashi.outreach.errors",
        "RegisterConflictError": "kizashi.outreach.errors",
        "ApproacherFacts": "kizashi.outreach.escalation",
        "Escalation": "kizashi.outreach.escalation",
        "escalate": "kizashi.outreach.escalation",
        "evaluate": "kizashi.outreach.evaluation",
        "stage_model": "kizashi.outreach.model",
        "Reading": "kizashi.outreach.reading",
        "read_approach": "kizashi.outreach.reading",
        "ActivityIn": "kizashi.outreach.registry",
        "CompanyIn": "kizashi.outreach.registry",
        "briefing_statistics": "kizashi.outreach.reports",
        "coverage": "kizashi.outreach.reports",
        "desk_dashboard": "kizashi.outreach.reports",
        "approacher_view": "kizashi.outreach.service",
        "company_view": "kizashi.outreach.service",
        "complete_follow_up": "kizashi.outreach.service",
        "list_approachers": "kizashi.outreach.service",
        "list_companies": "kizashi.outreach.service",
        "log_activity": "kizashi.outreach.service",
        "register_company": "kizashi.outreach.service",
        "update_company": "kizashi.outreach.service",
    },
)

__all__ = [
    "ActivityIn",
    "ApproacherFacts",
    "CompanyIn",
    "Escalation",
    "OutreachDataError",
    "OutreachSummary",
    "Reading",
    "RegisterConflictError",
    "approacher_view",
    "briefing_statistics",
    "company_view",
    "complete_follow_up",
    "coverage",
    "desk_dashboard",
    "escalate",
    "evaluate",
    "follow_regrouping",
    "list_approachers",
    "list_companies",
    "log_activity",
    "read_all",
    "read_approach",
    "read_reports",
    "register_company",
    "stage_model",
    "update_company",
]
