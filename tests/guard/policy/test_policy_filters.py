"""Side channels: counts, facets, autocomplete, existence and "already exists" reveal nothing."""

from __future__ import annotations

from functools import partial

from kizashi.guard.identity.domain import User
from kizashi.guard.policy.domain import Decision, Resource
from kizashi.guard.policy.filters import (
    Decider,
    autocomplete,
    conflict_visible,
    count_visible,
    exists_visible,
    facet_counts,
    visible,
    visible_resources,
)
from kizashi.guard.policy.rules import decide
from tests.guard.policy.policy_personas import NOW, PERSONAS, PURPOSE, RESOURCES

REPORTS = [RESOURCES[name] for name in ("desk_a", "case_asg", "case_unasg", "raid_plan")]
HELD = RESOURCES["subject"]
FREE = Resource("subject", "person:やまだはなこ")


def decider(persona: str, action: str) -> Decider:
    user: User = PERSONAS[persona]

    def bound(resource: Resource) -> Decision:
        return decide(user, action, resource, PURPOSE, now=NOW)

    return bound


def test_counts_are_of_what_the_user_may_see() -> None:
    assert count_visible(REPORTS, decider("member", "count")) == 1  # the raid plan only
    assert count_visible(REPORTS, decider("analyst_a", "count")) == 2  # not C-2, not the plan
    assert count_visible(REPORTS, decider("lead_a", "count")) == 3  # everything but the plan
    assert count_visible(REPORTS, decider("admin", "count")) == 0


def test_lists_keep_order_and_drop_hidden_items() -> None:
    rows = [(r.id, r) for r in REPORTS]
    assert visible(rows, lambda row: row[1], decider("lead_a", "list")) == rows[:3]
    assert visible_resources(REPORTS, decider("member", "list")) == [RESOURCES["raid_plan"]]


def test_facets_never_show_a_value_only_hidden_items_have() -> None:
    items = [(RESOURCES["desk_a"], "patrol_note"), (RESOURCES["raid_plan"], "raid_plan")]
    assert facet_counts(items, decider("lead_a", "facet")) == {"patrol_note": 1}
    assert facet_counts(items, decider("member", "facet")) == {"raid_plan": 1}


def test_autocomplete_does_not_suggest_held_subjects_to_outsiders() -> None:
    items = [(HELD, "やまだたろう"), (FREE, "やまだはなこ")]
    assert autocomplete("やまだ", items, decider("analyst_b", "autocomplete")) == ["やまだはなこ"]
    assert autocomplete("やまだ", items, decider("member", "autocomplete")) == [
        "やまだたろう",
        "やまだはなこ",
    ]


def test_a_hidden_id_exists_exactly_as_much_as_a_missing_one() -> None:
    missing = Resource("report", "no-such-id", found=False)
    for persona in ("analyst_a", "lead_a", "admin", "auditor", "partner_x", "ex_member"):
        ask = decider(persona, "exists")
        assert exists_visible(RESOURCES["raid_plan"], ask) is False
        assert exists_visible(missing, ask) is False
        assert exists_visible(None, ask) is False
        hidden, absent = ask(RESOURCES["raid_plan"]), ask(missing)
        assert hidden.effect == absent.effect == "deny" and hidden.conceal and absent.conceal
    assert exists_visible(RESOURCES["raid_plan"], decider("member", "exists")) is True


def test_held_subjects_do_not_exist_for_outsiders_side_channels() -> None:
    ask = decider("analyst_b", "exists")
    assert exists_visible(HELD, ask) is False and exists_visible(FREE, ask) is True
    assert ask(HELD).obligations == ()  # probing by side channel notifies nobody


def test_already_exists_is_said_only_when_the_existing_item_is_visible() -> None:
    assert conflict_visible(RESOURCES["raid_plan"], decider("analyst_a", "exists")) is False
    assert conflict_visible(RESOURCES["raid_plan"], decider("member", "exists")) is True
    assert conflict_visible(RESOURCES["desk_a"], decider("analyst_a", "exists")) is True
    assert conflict_visible(None, partial(decide, PERSONAS["admin"], "exists")) is False
