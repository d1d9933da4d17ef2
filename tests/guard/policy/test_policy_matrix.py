"""The permission matrix: persona × resource × action, every cell an effect and a rule id.

Read the grids row by row: ``+RULE`` is allowed by RULE, ``-RULE`` is denied by RULE (the
explicit forbidden cases). READ holds for every read-type action (read, list, search,
count, export, facet, autocomplete, exists), except that a held subject has two columns:
deliberate lookups (read, search) are deconflicted, while side channels (list, count,
facet, autocomplete, exists, export) just conceal it; and briefing statistics have two:
``brief_read`` (every read action but export) and ``brief_export``. WRITE holds for write.
`approve` is refused for everything here by PRODUCT-0 (only products are approved; their own
matrix is in test_policy_matrix_products.py). Pure: no store.
"""

from __future__ import annotations

import pytest

from kizashi.guard.policy.domain import ACTIONS, RULES, Obligation
from kizashi.guard.policy.rules import HELD_ELSEWHERE, decide
from tests.guard.policy.policy_personas import NOW, PERSONAS, PURPOSE, RESOURCES

COLUMNS = [
    "desk_a",
    "desk_b",
    "case_asg",
    "case_unasg",
    "raid_plan",
    "seized_red",
    "x_own",
    "y_sub",
    "audit",
    "subj_lookup",
    "subj_side",
    "media",
    "entity_b",
    "alert_a",
    "signal",
    "copy_asg",
    "ia_alert",
    "ia_self",
    "company_x",
    "outreach_x",
    "approacher_b",
    "brief_read",
    "brief_export",
]

# fmt: off
READ = {
    #              desk_a      desk_b      case_asg    case_unasg  raid_plan   seized_red  x_own        y_sub       audit      subj_lookup     subj_side  media       entity_b     alert_a      signal       copy_asg     ia_alert     ia_self  company_x    outreach_x   approacher_b brief_read   brief_export
    "analyst_a":   "+DESK-1    -DESK-2     +CASE-1     -CASE-3     -COMP-1     +DESK-1     -UNROUTED-1  +OPEN-1     -AUDIT-4   -DECONFLICT-1   -COMP-1  -CASE-3      -DESK-2      +DESK-1      -UNROUTED-1  +CASE-1      -INSIDER-3   -INSIDER-3  +DESK-1      +DESK-1      +DESK-1      +BRIEF-1     -BRIEF-2",
    "lead_a":      "+DESK-1    -DESK-2     +CASE-2     +CASE-2     -COMP-1     +DESK-1     -UNROUTED-1  +OPEN-1     -AUDIT-4   -DECONFLICT-1   -COMP-1  +CASE-2      -DESK-2      +DESK-1      -UNROUTED-1  +CASE-2      -INSIDER-3   -INSIDER-3  +DESK-1      +DESK-1      +DESK-1      +BRIEF-1     +BRIEF-1",
    "analyst_b":   "-DESK-2    +DESK-1     -CASE-3     -CASE-3     -COMP-1     -DESK-2     -UNROUTED-1  +OPEN-1     -AUDIT-4   -DECONFLICT-1   -COMP-1  -CASE-3      +DESK-1      -DESK-2      -UNROUTED-1  -CASE-3      -INSIDER-3   -INSIDER-3  -DESK-2      -DESK-2      +DESK-3      -BRIEF-2     -BRIEF-2",
    "member":      "-DESK-2    -DESK-2     -CASE-3     -CASE-3     +COMP-3     -DESK-2     -UNROUTED-1  +OPEN-1     -AUDIT-4   +COMP-3         +COMP-3  -CASE-3      -DESK-2      -DESK-2      -UNROUTED-1  -CASE-3      -INSIDER-3   -INSIDER-3  -DESK-2      -DESK-2      -DESK-2      -BRIEF-2     -BRIEF-2",
    "ex_member":   "+DESK-1    -DESK-2     -CASE-3     -CASE-3     -COMP-1     +DESK-1     -UNROUTED-1  +OPEN-1     -AUDIT-4   -DECONFLICT-1   -COMP-1  -CASE-3      -DESK-2      +DESK-1      -UNROUTED-1  -CASE-3      -INSIDER-3   -INSIDER-3  +DESK-1      +DESK-1      +DESK-1      +BRIEF-1     -BRIEF-2",
    "admin":       "-CONTENT-1 -CONTENT-1  -CONTENT-1  -CONTENT-1  -COMP-1     -CONTENT-1  -CONTENT-1   -CONTENT-1  -AUDIT-4   -DECONFLICT-1   -COMP-1  -CONTENT-1   -CONTENT-1   -CONTENT-1   -CONTENT-1   -CONTENT-1   -INSIDER-3   -INSIDER-3  -CONTENT-1   -CONTENT-1   -CONTENT-1   -BRIEF-2     -BRIEF-2",
    "auditor":     "-CONTENT-1 -CONTENT-1  -CONTENT-1  -CONTENT-1  -COMP-1     -CONTENT-1  -CONTENT-1   -CONTENT-1  +AUDIT-1   -DECONFLICT-1   -COMP-1  -CONTENT-1   -CONTENT-1   -CONTENT-1   -CONTENT-1   -CONTENT-1   +INSIDER-1   -INSIDER-2  -CONTENT-1   -CONTENT-1   -CONTENT-1   -BRIEF-2     -BRIEF-2",
    "oversight":   "-CONTENT-1 -CONTENT-1  -CONTENT-1  -CONTENT-1  -COMP-1     -CONTENT-1  -CONTENT-1   -CONTENT-1  +AUDIT-2   -DECONFLICT-1   -COMP-1  -CONTENT-1   -CONTENT-1   -CONTENT-1   -CONTENT-1   -CONTENT-1   -INSIDER-3   -INSIDER-3  -CONTENT-1   -CONTENT-1   -CONTENT-1   -BRIEF-2     -BRIEF-2",
    "partner_x":   "-PARTNER-3 -PARTNER-3  -PARTNER-3  -PARTNER-3  -PARTNER-3  -PARTNER-3  +PARTNER-2   -PARTNER-3  -AUDIT-4   -PARTNER-3      -PARTNER-3  -PARTNER-3   -PARTNER-3   -PARTNER-3   -PARTNER-3   -PARTNER-3   -INSIDER-3   -INSIDER-3  +PARTNER-5   +PARTNER-5   -PARTNER-3   -BRIEF-2     -BRIEF-2",
    "partner_xs":  "-PARTNER-3 -PARTNER-3  -PARTNER-3  -PARTNER-3  -PARTNER-3  -PARTNER-3  +PARTNER-2   -PARTNER-3  -AUDIT-4   -PARTNER-3      -PARTNER-3  -PARTNER-3   -PARTNER-3   -PARTNER-3   -PARTNER-3   -PARTNER-3   -INSIDER-3   -INSIDER-3  +PARTNER-5   +PARTNER-5   -PARTNER-3   -BRIEF-2     -BRIEF-2",
    "partner_y":   "-PARTNER-3 -PARTNER-3  -PARTNER-3  -PARTNER-3  -PARTNER-3  -PARTNER-3  -PARTNER-3   +PARTNER-2  -AUDIT-4   -PARTNER-3      -PARTNER-3  -PARTNER-3   -PARTNER-3   -PARTNER-3   -PARTNER-3   -PARTNER-3   -INSIDER-3   -INSIDER-3  -PARTNER-3   -PARTNER-3   -PARTNER-3   -BRIEF-2     -BRIEF-2",
    "cc_operator": "-DESK-2    -DESK-2     -CASE-3     -CASE-3     -COMP-1     -DESK-2     +TRIAGE-1    +TRIAGE-1   -AUDIT-4   -DECONFLICT-1   -COMP-1  -CASE-3      -DESK-2      -DESK-2      +TRIAGE-1    -CASE-3      -INSIDER-3   -INSIDER-3  -DESK-2      -DESK-2      -DESK-2      -BRIEF-2     -BRIEF-2",
}
WRITE = {
    #              desk_a      desk_b      case_asg    case_unasg  raid_plan   seized_red  x_own        y_sub       audit      subject  media       entity_b     alert_a      signal       copy_asg     ia_alert     ia_self  company_x    outreach_x   approacher_b briefing
    "analyst_a":   "+DESK-1    -DESK-2     +CASE-1     -CASE-3     -COMP-1     +DESK-1     -UNROUTED-1  +OPEN-1     -AUDIT-3   -COMP-1  -CASE-3      -DESK-2      +DESK-1      -UNROUTED-1  +CASE-1      -INSIDER-4   -INSIDER-4  +DESK-1      +DESK-1      +DESK-1      -BRIEF-2",
    "lead_a":      "+DESK-1    -DESK-2     +CASE-2     +CASE-2     -COMP-1     +DESK-1     -UNROUTED-1  +OPEN-1     -AUDIT-3   -COMP-1  +CASE-2      -DESK-2      +DESK-1      -UNROUTED-1  +CASE-2      -INSIDER-4   -INSIDER-4  +DESK-1      +DESK-1      +DESK-1      -BRIEF-2",
    "analyst_b":   "-DESK-2    +DESK-1     -CASE-3     -CASE-3     -COMP-1     -DESK-2     -UNROUTED-1  +OPEN-1     -AUDIT-3   -COMP-1  -CASE-3      +DESK-1      -DESK-2      -UNROUTED-1  -CASE-3      -INSIDER-4   -INSIDER-4  -DESK-2      -DESK-2      -DESK-2      -BRIEF-2",
    "member":      "-DESK-2    -DESK-2     -CASE-3     -CASE-3     +COMP-3     -DESK-2     -UNROUTED-1  +OPEN-1     -AUDIT-3   +COMP-3  -CASE-3      -DESK-2      -DESK-2      -UNROUTED-1  -CASE-3      -INSIDER-4   -INSIDER-4  -DESK-2      -DESK-2      -DESK-2      -BRIEF-2",
    "ex_member":   "+DESK-1    -DESK-2     -CASE-3     -CASE-3     -COMP-1     +DESK-1     -UNROUTED-1  +OPEN-1     -AUDIT-3   -COMP-1  -CASE-3      -DESK-2      +DESK-1      -UNROUTED-1  -CASE-3      -INSIDER-4   -INSIDER-4  +DESK-1      +DESK-1      +DESK-1      -BRIEF-2",
    "admin":       "-CONTENT-1 -CONTENT-1  -CONTENT-1  -CONTENT-1  -COMP-1     -CONTENT-1  -CONTENT-1   -CONTENT-1  -AUDIT-3   -COMP-1  -CONTENT-1   -CONTENT-1   -CONTENT-1   -CONTENT-1   -CONTENT-1   -INSIDER-4   -INSIDER-4  -CONTENT-1      -CONTENT-1      -CONTENT-1      -BRIEF-2",
    "auditor":     "-CONTENT-1 -CONTENT-1  -CONTENT-1  -CONTENT-1  -COMP-1     -CONTENT-1  -CONTENT-1   -CONTENT-1  -AUDIT-3   -COMP-1  -CONTENT-1   -CONTENT-1   -CONTENT-1   -CONTENT-1   -CONTENT-1   +INSIDER-5   -INSIDER-2  -CONTENT-1      -CONTENT-1      -CONTENT-1      -BRIEF-2",
    "oversight":   "-CONTENT-1 -CONTENT-1  -CONTENT-1  -CONTENT-1  -COMP-1     -CONTENT-1  -CONTENT-1   -CONTENT-1  -AUDIT-3   -COMP-1  -CONTENT-1   -CONTENT-1   -CONTENT-1   -CONTENT-1   -CONTENT-1   -INSIDER-4   -INSIDER-4  -CONTENT-1      -CONTENT-1      -CONTENT-1      -BRIEF-2",
    "partner_x":   "-PARTNER-3 -PARTNER-3  -PARTNER-3  -PARTNER-3  -PARTNER-3  -PARTNER-3  +PARTNER-1   -PARTNER-3  -AUDIT-3   -PARTNER-3  -PARTNER-3   -PARTNER-3   -PARTNER-3   -PARTNER-3   -PARTNER-3   -INSIDER-4   -INSIDER-4  -PARTNER-3      -PARTNER-3      -PARTNER-3      -BRIEF-2",
    "partner_xs":  "-PARTNER-3 -PARTNER-3  -PARTNER-3  -PARTNER-3  -PARTNER-3  -PARTNER-3  -PARTNER-6   -PARTNER-3  -AUDIT-3   -PARTNER-3  -PARTNER-3   -PARTNER-3   -PARTNER-3   -PARTNER-3   -PARTNER-3   -INSIDER-4   -INSIDER-4  -PARTNER-3      -PARTNER-3      -PARTNER-3      -BRIEF-2",
    "partner_y":   "-PARTNER-3 -PARTNER-3  -PARTNER-3  -PARTNER-3  -PARTNER-3  -PARTNER-3  -PARTNER-3   +PARTNER-1  -AUDIT-3   -PARTNER-3  -PARTNER-3   -PARTNER-3   -PARTNER-3   -PARTNER-3   -PARTNER-3   -INSIDER-4   -INSIDER-4  -PARTNER-3      -PARTNER-3      -PARTNER-3      -BRIEF-2",
    "cc_operator": "-DESK-2    -DESK-2     -CASE-3     -CASE-3     -COMP-1     -DESK-2     +TRIAGE-1    +TRIAGE-1   -AUDIT-3   -COMP-1  -CASE-3      -DESK-2      -DESK-2      +TRIAGE-1    -CASE-3      -INSIDER-4   -INSIDER-4  -DESK-2      -DESK-2      -DESK-2      -BRIEF-2",
}
# fmt: on

LOOKUPS = ("read", "search")
SIDE_CHANNELS = ("list", "count", "export", "facet", "autocomplete", "exists")


def _resource(column: str) -> str:
    if column.startswith("subj_"):
        return "subject"
    return "briefing" if column.startswith("brief_") else column


def _cells() -> list[tuple[str, str, str, str]]:
    cells = []
    for persona, row in READ.items():
        for column, expected in zip(COLUMNS, row.split(), strict=True):
            if column == "subj_lookup":
                actions: tuple[str, ...] = LOOKUPS
            elif column == "subj_side":
                actions = SIDE_CHANNELS
            elif column == "brief_read":
                actions = tuple(a for a in (*LOOKUPS, *SIDE_CHANNELS) if a != "export")
            elif column == "brief_export":
                actions = ("export",)
            else:
                actions = (*LOOKUPS, *SIDE_CHANNELS)
            cells += [(persona, _resource(column), action, expected) for action in actions]
    for persona, row in WRITE.items():
        write_columns = [c for c in COLUMNS if c not in ("subj_side", "brief_export")]
        for column, expected in zip(write_columns, row.split(), strict=True):
            cells.append((persona, _resource(column), "write", expected))
    for persona in READ:
        for column in dict.fromkeys(RESOURCES):
            cells.append((persona, _resource(column), "approve", "-PRODUCT-0"))
    return cells


CELLS = _cells()


def test_the_matrix_covers_every_persona_resource_and_action() -> None:
    covered = {(p, r, a) for p, r, a, _ in CELLS}
    assert len(covered) == len(CELLS) == len(PERSONAS) * len(RESOURCES) * len(ACTIONS)


@pytest.mark.parametrize(("persona", "resource", "action", "expected"), CELLS)
def test_cell(persona: str, resource: str, action: str, expected: str) -> None:
    decision = decide(PERSONAS[persona], action, RESOURCES[resource], PURPOSE, now=NOW)
    effect = "allow" if expected[0] == "+" else "deny"
    assert (decision.effect, decision.rule) == (effect, expected[1:])


def test_every_rule_in_the_grids_is_documented_with_its_effect() -> None:
    for row in (*READ.values(), *WRITE.values()):
        for expected in row.split():
            effect = "allow" if expected[0] == "+" else "deny"
            assert RULES[expected[1:]].startswith(f"{effect}:"), expected


def test_denied_content_is_concealed_except_deconfliction() -> None:
    for persona, resource, action, expected in CELLS:
        if expected[0] == "+":
            continue
        decision = decide(PERSONAS[persona], action, RESOURCES[resource], PURPOSE, now=NOW)
        # Writes to the audit log or the insider queue are refused openly: nobody writes them.
        # Approving what is not a product is refused openly too; briefing statistics are not
        # content: their refusal names the rule (BRIEF-2); so is a partner's submission outside
        # its own channels (PARTNER-6): the account may know its scope.
        told = decision.rule in (
            "DECONFLICT-1",
            "AUDIT-3",
            "INSIDER-4",
            "PRODUCT-0",
            "BRIEF-2",
            "PARTNER-6",
        )
        assert decision.conceal is not told, (persona, resource, action)


def test_deconfliction_tells_the_searcher_only_to_contact_the_other_desk() -> None:
    decision = decide(PERSONAS["analyst_b"], "search", RESOURCES["subject"], PURPOSE, now=NOW)
    assert decision.reason == HELD_ELSEWHERE == "held by another desk — contact them"
    assert decision.obligations == (Obligation("notify_desk_lead", "fa-russia", "op-kite"),)


def test_sensitive_exports_carry_a_fingerprint_obligation() -> None:
    user, seized = PERSONAS["analyst_a"], RESOURCES["seized_red"]
    assert decide(user, "export", seized, PURPOSE, now=NOW).obligations == (
        Obligation("fingerprint"),
    )
    assert decide(user, "read", seized, PURPOSE, now=NOW).obligations == ()
    assert decide(user, "export", RESOURCES["desk_a"], PURPOSE, now=NOW).obligations == ()


def test_insider_alerts_are_for_the_inspection_desk_only_and_never_about_oneself() -> None:
    readers = {p for p, r, a, e in CELLS if r in ("ia_alert", "ia_self") and e.startswith("+")}
    assert readers == {"auditor"}  # the auditor persona sits on the inspection desk
    about_self = decide(PERSONAS["auditor"], "read", RESOURCES["ia_self"], PURPOSE, now=NOW)
    assert (about_self.effect, about_self.rule, about_self.conceal) == ("deny", "INSIDER-2", True)
    admin = decide(PERSONAS["admin"], "exists", RESOURCES["ia_alert"], PURPOSE, now=NOW)
    assert (admin.rule, admin.conceal) == ("INSIDER-3", True)
    # A review step is a write: the inspection desk's, never on an alert about oneself.
    review = decide(PERSONAS["auditor"], "write", RESOURCES["ia_alert"], PURPOSE, now=NOW)
    assert (review.effect, review.rule) == ("allow", "INSIDER-5")
    own = decide(PERSONAS["auditor"], "write", RESOURCES["ia_self"], PURPOSE, now=NOW)
    assert (own.effect, own.rule, own.conceal) == ("deny", "INSIDER-2", True)


def test_oversight_reads_audit_metadata_only() -> None:
    decision = decide(PERSONAS["oversight"], "read", RESOURCES["audit"], PURPOSE, now=NOW)
    assert decision.obligations == (Obligation("metadata_only"),)
