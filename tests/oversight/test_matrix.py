"""Oversight's rows of the permission matrix: every persona (the guard's, plus a user with the
role oversight_officer and the host's operator) × oversight's resources × read and write.

``+RULE`` allowed by RULE, ``-RULE`` denied by RULE. Pure: no store. The purpose-change
columns are for a report of desk A (``desk_a`` in the guard's matrix), changed to vetting
with a reason and a legal basis (``change_ok``) or with neither (``change_bare``).
"""

from __future__ import annotations

import dataclasses

import pytest

from kizashi.guard.identity import User
from kizashi.guard.policy import PurposeChange, Resource, decide
from tests.guard.policy.policy_personas import NOW, PERSONAS, PURPOSE, RESOURCES

OK = PurposeChange("vetting", "applicant named in threats", "警察法第2条 and regulation 4")
BARE = PurposeChange("vetting", "", "")
TARGETS = {
    "retention": Resource("retention", "expire:run"),
    "report": Resource("oversight_report", "access:entity:e"),
    "change_ok": dataclasses.replace(RESOURCES["desk_a"], kind="purpose_change", change=OK),
    "change_bare": dataclasses.replace(RESOURCES["desk_a"], kind="purpose_change", change=BARE),
}
PEOPLE = {
    **PERSONAS,
    "officer": User("u-officer", "officer", "oversight_officer"),
    "host": User("cli:root", "root", "admin", local=True),
}

# fmt: off
GRID = {
    #              retention  retention  report        report        change_ok  change_ok   change_bare
    #              read       write      read          write         read       write       write
    "analyst_a":   "-RETAIN-3 -RETAIN-3  -OVERSIGHT-2  -OVERSIGHT-2  +DESK-1    -PURPOSE-4  -PURPOSE-4",
    "lead_a":      "-RETAIN-3 -RETAIN-3  -OVERSIGHT-2  -OVERSIGHT-2  +DESK-1    +PURPOSE-5  -PURPOSE-3",
    "analyst_b":   "-RETAIN-3 -RETAIN-3  -OVERSIGHT-2  -OVERSIGHT-2  -DESK-2    -DESK-2     -DESK-2",
    "admin":       "+RETAIN-1 +RETAIN-1  -OVERSIGHT-2  -OVERSIGHT-2  -CONTENT-1 -CONTENT-1  -CONTENT-1",
    "auditor":     "+RETAIN-2 -RETAIN-3  +OVERSIGHT-1  -OVERSIGHT-2  +PURPOSE-6 -CONTENT-1  -CONTENT-1",
    "oversight":   "+RETAIN-2 -RETAIN-3  +OVERSIGHT-1  -OVERSIGHT-2  +PURPOSE-6 -CONTENT-1  -CONTENT-1",
    "officer":     "+RETAIN-2 -RETAIN-3  +OVERSIGHT-1  -OVERSIGHT-2  +PURPOSE-6 -CONTENT-1  -CONTENT-1",
    "partner_x":   "-RETAIN-3 -RETAIN-3  -OVERSIGHT-2  -OVERSIGHT-2  -PARTNER-3 -PARTNER-3  -PARTNER-3",
    "cc_operator": "-RETAIN-3 -RETAIN-3  -OVERSIGHT-2  -OVERSIGHT-2  -DESK-2    -DESK-2     -DESK-2",
    "host":        "+RETAIN-1 +RETAIN-1  -OVERSIGHT-2  -OVERSIGHT-2  -CONTENT-1 -CONTENT-1  -CONTENT-1",
}
# fmt: on
COLUMNS = [
    ("retention", "read"),
    ("retention", "write"),
    ("report", "read"),
    ("report", "write"),
    ("change_ok", "read"),
    ("change_ok", "write"),
    ("change_bare", "write"),
]
CELLS = [
    (persona, target, action, expected)
    for persona, row in GRID.items()
    for (target, action), expected in zip(COLUMNS, row.split(), strict=True)
]


@pytest.mark.parametrize(("persona", "target", "action", "expected"), CELLS)
def test_cell(persona: str, target: str, action: str, expected: str) -> None:
    decision = decide(PEOPLE[persona], action, TARGETS[target], PURPOSE, now=NOW)
    got = ("+" if decision.allowed else "-") + decision.rule
    assert got == expected


def test_the_oversight_officer_reads_no_material_in_the_guards_matrix() -> None:
    officer = PEOPLE["officer"]
    for name, resource in RESOURCES.items():
        if name == "audit":
            continue
        for action in ("read", "search", "export", "list", "exists", "write"):
            decision = decide(officer, action, resource, PURPOSE, now=NOW)
            assert not decision.allowed, (name, action, decision.rule)
    assert decide(officer, "read", RESOURCES["audit"], PURPOSE, now=NOW).rule == "AUDIT-2"
