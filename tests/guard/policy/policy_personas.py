"""The personas and resources of the permission matrix, shared by the pure and store tests.

Desk A is fa-russia, desk B fa-china. Case C-1 (desk A) is assigned to analyst A; case C-2
(desk A) to nobody. Operation KITE (desk A) holds the raid plan and one subject; its named
members are an analyst of the Tokuryu desk (a joint operation) and a desk A analyst whose
membership ended yesterday. Other rooms' material: surveillance media of case C-2, an
entity routed to desk B, a triage alert of desk A, an unrouted signal, a disseminated copy
of case C-1; outreach's records (X Corp's register entry and a visit, an approacher of desk A
shared with desk B, desk A's briefing statistics); and two insider alerts (about analyst A,
and about the auditor).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from kizashi.guard.identity.domain import User
from kizashi.guard.policy.domain import CaseInfo, CompartmentInfo, Resource

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
PURPOSE = "事件2026-041 被疑者の所在確認 (locating the suspect of case 2026-041)"
DESK_A, DESK_B = "fa-russia", "fa-china"

PERSONAS: dict[str, User] = {
    "analyst_a": User("u-analyst-a", "analyst_a", "analyst", DESK_A, "operational"),
    "lead_a": User("u-lead-a", "lead_a", "desk_lead", DESK_A, "operational"),
    "analyst_b": User("u-analyst-b", "analyst_b", "analyst", DESK_B, "operational"),
    "member": User("u-member", "member", "analyst", "tokuryu", "operational"),
    "ex_member": User("u-ex-member", "ex_member", "analyst", DESK_A, "operational"),
    "admin": User("u-admin", "admin", "admin"),
    "auditor": User("u-auditor", "auditor", "auditor", "inspection", "inspection"),
    "oversight": User("u-oversight", "oversight", "analyst", "oversight", "oversight"),
    "partner_x": User("u-partner-x", "partner_x", "partner_submitter", organisation="X Corp"),
    "partner_y": User("u-partner-y", "partner_y", "partner_submitter", organisation="Y Corp"),
    # X Corp's second account, scoped to purchases (PARTNER-6): it submits nothing else.
    "partner_xs": User(
        "u-partner-xs",
        "partner_xs",
        "partner_submitter",
        organisation="X Corp",
        channels=("purchase",),
    ),
    "cc_operator": User("u-cc", "cc_operator", "command_centre", "lone-offender", "command_centre"),
}

CASE_1 = CaseInfo("case-1", DESK_A, frozenset({"u-analyst-a"}), "C-1")
CASE_2 = CaseInfo("case-2", DESK_A, frozenset(), "C-2")
KITE = CompartmentInfo(
    "op-kite",
    DESK_A,
    valid_from=NOW - timedelta(days=3),
    valid_until=NOW + timedelta(days=4),
    members={"u-member": None, "u-ex-member": NOW - timedelta(days=1)},
    name="KITE",
)

RESOURCES: dict[str, Resource] = {
    "desk_a": Resource("report", "r-a", desk=DESK_A, handling_code="TLP:AMBER"),
    "desk_b": Resource("report", "r-b", desk=DESK_B, handling_code="TLP:AMBER"),
    "case_asg": Resource("report", "r-c1", desk=DESK_A, case=CASE_1, handling_code="TLP:AMBER"),
    "case_unasg": Resource("report", "r-c2", desk=DESK_A, case=CASE_2, handling_code="TLP:AMBER"),
    "raid_plan": Resource("report", "r-raid", desk=DESK_A, compartments=(KITE,)),
    "seized_red": Resource(
        "report", "r-seized", desk=DESK_A, handling_code="TLP:RED", channel="seized_message"
    ),
    # Partners' reports, on a channel open to partner submissions (a write is a submission).
    "x_own": Resource(
        "report",
        "r-x",
        handling_code="TLP:AMBER",
        channel="partner_report",
        source="X Corp",
        organisation="X Corp",
        partner_channel=True,
    ),
    "y_sub": Resource(
        "report",
        "r-y",
        handling_code="TLP:GREEN",
        source="Y Corp",
        organisation="Y Corp",
        partner_channel=True,
    ),
    "audit": Resource("audit_entry", "42"),
    "subject": Resource("subject", "person:やまだたろう", compartments=(KITE,)),
    # Material of other rooms, routed by material labels like reports.
    "media": Resource("media", "IMG_0412.jpg", desk=DESK_A, case=CASE_2),
    "entity_b": Resource("entity", "e-b", desk=DESK_B),
    "alert_a": Resource("alert", "al-a", desk=DESK_A),
    "signal": Resource("signal", "sg-1"),
    "copy_asg": Resource("copy", "cp-1", desk=DESK_A, case=CASE_1),
    # Outreach (issue 17): X Corp's register record and an outreach visit to it (desk A's),
    # an approacher of desk A shared with desk B (the country desk its finding went to),
    # and desk A's briefing statistics.
    "company_x": Resource(
        "company", "co-x", desk=DESK_A, handling_code="TLP:AMBER", organisation="X Corp"
    ),
    "outreach_x": Resource(
        "outreach", "act-x", desk=DESK_A, handling_code="TLP:AMBER", organisation="X Corp"
    ),
    "approacher_b": Resource("approacher", "ap-1", desk=DESK_A, also_desks=(DESK_B,)),
    "briefing": Resource("briefing", DESK_A, desk=DESK_A),
    # Insider alerts: one about analyst A, one about the auditor (an inspection desk member).
    "ia_alert": Resource("insider_alert", "ia-1", about_user="u-analyst-a"),
    "ia_self": Resource("insider_alert", "ia-2", about_user="u-auditor"),
}
