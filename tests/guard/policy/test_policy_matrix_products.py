"""The permission matrix of products: nothing leaves without a second person's approval.

Persona × product × action, every cell an effect and a rule id (``+RULE`` allowed,
``-RULE`` denied). Columns per product: READ (read, list, search, count, facet,
autocomplete, exists), EXPORT (sending a copy out), WRITE (editing the draft), APPROVE (the
four-eyes release). Products of desk A (fa-russia):

- ``draft``: drafted by analyst A, not approved;
- ``lead_own``: drafted by desk A's lead, not approved (the lead cannot release it alone);
- ``released``: drafted by analyst A, approved, released to partner X and analyst B
  (another desk);
- ``case``: drafted by analyst A on case C-1 (assigned to analyst A), not approved.

Pure: no store (the share room's tests run the same steps through the store).
"""

from __future__ import annotations

import pytest

from kizashi.guard.policy.domain import ACTIONS, RULES, Resource
from kizashi.guard.policy.rules import decide
from tests.guard.policy.policy_personas import CASE_1, DESK_A, NOW, PERSONAS, PURPOSE

PRODUCTS: dict[str, Resource] = {
    "draft": Resource(
        "product",
        "p-draft",
        desk=DESK_A,
        handling_code="TLP:AMBER",
        author="u-analyst-a",
        approved=False,
    ),
    "lead_own": Resource(
        "product",
        "p-lead",
        desk=DESK_A,
        handling_code="TLP:AMBER",
        author="u-lead-a",
        approved=False,
    ),
    "released": Resource(
        "product",
        "p-rel",
        desk=DESK_A,
        handling_code="TLP:AMBER",
        author="u-analyst-a",
        approved=True,
        released_to=frozenset({"u-partner-x", "u-analyst-b"}),
    ),
    "case": Resource(
        "product",
        "p-case",
        desk=DESK_A,
        case=CASE_1,
        handling_code="TLP:AMBER",
        author="u-analyst-a",
        approved=False,
    ),
}
GROUPS = {
    "READ": ("read", "list", "search", "count", "facet", "autocomplete", "exists"),
    "EXPORT": ("export",),
    "WRITE": ("write",),
    "APPROVE": ("approve",),
}

# fmt: off
GRID = {
    #              draft: READ EXPORT WRITE APPROVE                      | lead_own                                         | released                                        | case
    "analyst_a":   "+DESK-1 -PRODUCT-4 +DESK-1 -PRODUCT-1                 +DESK-1 -PRODUCT-4 +DESK-1 -PRODUCT-2               +DESK-1 +DESK-1 +DESK-1 -PRODUCT-1                    +CASE-1 -PRODUCT-4 +CASE-1 -PRODUCT-1",
    "lead_a":      "+DESK-1 -PRODUCT-4 +DESK-1 +PRODUCT-3                 +DESK-1 -PRODUCT-4 +DESK-1 -PRODUCT-1               +DESK-1 +DESK-1 +DESK-1 +PRODUCT-3                    +CASE-2 -PRODUCT-4 +CASE-2 +PRODUCT-3",
    "analyst_b":   "-DESK-2 -DESK-2 -DESK-2 -DESK-2                       -DESK-2 -DESK-2 -DESK-2 -DESK-2                     +PRODUCT-5 +PRODUCT-5 -DESK-2 -DESK-2                 -CASE-3 -CASE-3 -CASE-3 -CASE-3",
    "member":      "-DESK-2 -DESK-2 -DESK-2 -DESK-2                       -DESK-2 -DESK-2 -DESK-2 -DESK-2                     -DESK-2 -DESK-2 -DESK-2 -DESK-2                       -CASE-3 -CASE-3 -CASE-3 -CASE-3",
    "ex_member":   "+DESK-1 -PRODUCT-4 +DESK-1 -PRODUCT-2                 +DESK-1 -PRODUCT-4 +DESK-1 -PRODUCT-2               +DESK-1 +DESK-1 +DESK-1 -PRODUCT-2                    -CASE-3 -CASE-3 -CASE-3 -CASE-3",
    "admin":       "-CONTENT-1 -CONTENT-1 -CONTENT-1 -CONTENT-1           -CONTENT-1 -CONTENT-1 -CONTENT-1 -CONTENT-1         -CONTENT-1 -CONTENT-1 -CONTENT-1 -CONTENT-1           -CONTENT-1 -CONTENT-1 -CONTENT-1 -CONTENT-1",
    "auditor":     "-CONTENT-1 -CONTENT-1 -CONTENT-1 -CONTENT-1           -CONTENT-1 -CONTENT-1 -CONTENT-1 -CONTENT-1         -CONTENT-1 -CONTENT-1 -CONTENT-1 -CONTENT-1           -CONTENT-1 -CONTENT-1 -CONTENT-1 -CONTENT-1",
    "oversight":   "-CONTENT-1 -CONTENT-1 -CONTENT-1 -CONTENT-1           -CONTENT-1 -CONTENT-1 -CONTENT-1 -CONTENT-1         -CONTENT-1 -CONTENT-1 -CONTENT-1 -CONTENT-1           -CONTENT-1 -CONTENT-1 -CONTENT-1 -CONTENT-1",
    "partner_x":   "-PARTNER-3 -PARTNER-3 -PARTNER-3 -PARTNER-3           -PARTNER-3 -PARTNER-3 -PARTNER-3 -PARTNER-3         +PRODUCT-5 +PRODUCT-5 -PARTNER-3 -PARTNER-3           -PARTNER-3 -PARTNER-3 -PARTNER-3 -PARTNER-3",
    "partner_y":   "-PARTNER-3 -PARTNER-3 -PARTNER-3 -PARTNER-3           -PARTNER-3 -PARTNER-3 -PARTNER-3 -PARTNER-3         -PARTNER-3 -PARTNER-3 -PARTNER-3 -PARTNER-3           -PARTNER-3 -PARTNER-3 -PARTNER-3 -PARTNER-3",
    "partner_xs":  "-PARTNER-3 -PARTNER-3 -PARTNER-3 -PARTNER-3           -PARTNER-3 -PARTNER-3 -PARTNER-3 -PARTNER-3         -PARTNER-3 -PARTNER-3 -PARTNER-3 -PARTNER-3           -PARTNER-3 -PARTNER-3 -PARTNER-3 -PARTNER-3",
    "cc_operator": "-DESK-2 -DESK-2 -DESK-2 -DESK-2                       -DESK-2 -DESK-2 -DESK-2 -DESK-2                     -DESK-2 -DESK-2 -DESK-2 -DESK-2                       -CASE-3 -CASE-3 -CASE-3 -CASE-3",
}
# fmt: on


def _cells() -> list[tuple[str, str, str, str]]:
    cells = []
    columns = [(p, g) for p in PRODUCTS for g in GROUPS]
    for persona, row in GRID.items():
        for (product, group), expected in zip(columns, row.split(), strict=True):
            cells += [(persona, product, action, expected) for action in GROUPS[group]]
    return cells


CELLS = _cells()


def test_the_grid_covers_every_persona_product_and_action() -> None:
    covered = {(p, r, a) for p, r, a, _ in CELLS}
    assert len(covered) == len(CELLS) == len(PERSONAS) * len(PRODUCTS) * len(ACTIONS)


@pytest.mark.parametrize(("persona", "product", "action", "expected"), CELLS)
def test_cell(persona: str, product: str, action: str, expected: str) -> None:
    decision = decide(PERSONAS[persona], action, PRODUCTS[product], PURPOSE, now=NOW)
    effect = "allow" if expected[0] == "+" else "deny"
    assert (decision.effect, decision.rule) == (effect, expected[1:])
    assert RULES[expected[1:]].startswith(f"{effect}:")


def test_no_product_leaves_without_a_second_persons_approval() -> None:
    # Whoever asks, an unapproved product is never exported; the author never approves it.
    for product in ("draft", "lead_own", "case"):
        for user in PERSONAS.values():
            assert not decide(user, "export", PRODUCTS[product], PURPOSE, now=NOW).allowed
    for user in PERSONAS.values():
        for product in PRODUCTS.values():
            if product.author == user.id:
                assert decide(user, "approve", product, PURPOSE, now=NOW).rule == "PRODUCT-1"


def test_four_eyes_refusals_are_told_not_concealed() -> None:
    for persona, product, action, expected in CELLS:
        if expected[1:] in ("PRODUCT-1", "PRODUCT-2", "PRODUCT-4"):
            decision = decide(PERSONAS[persona], action, PRODUCTS[product], PURPOSE, now=NOW)
            assert not decision.conceal, (persona, product, action)


def test_a_release_never_reaches_into_a_compartment_or_a_withdrawn_product() -> None:
    from tests.guard.policy.policy_personas import KITE

    held = Resource(
        "product",
        "p-held",
        desk=DESK_A,
        compartments=(KITE,),
        author="u-analyst-a",
        approved=True,
        released_to=frozenset({"u-partner-x"}),
    )
    assert decide(PERSONAS["partner_x"], "read", held, PURPOSE, now=NOW).rule == "PARTNER-3"
    withdrawn = Resource(
        "product",
        "p-w",
        desk=DESK_A,
        author="u-analyst-a",
        approved=False,
        released_to=frozenset({"u-partner-x"}),
    )
    assert decide(PERSONAS["partner_x"], "read", withdrawn, PURPOSE, now=NOW).rule == "PARTNER-3"
