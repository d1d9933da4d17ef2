"""decide() beyond the matrix: purpose, time boxes, management records, configuration."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from kizashi.errors import SchemaError
from kizashi.guard.policy.domain import RULES, Resource, load_policy_config
from kizashi.guard.policy.rules import decide
from tests.guard.policy.policy_personas import KITE, NOW, PERSONAS, PURPOSE, RESOURCES

DOCS = Path(__file__).parents[3] / "docs" / "guard.md"


@pytest.mark.parametrize("purpose", [None, "", "   ", "test", "捜査", "業務のため", "Unspecified"])
@pytest.mark.parametrize(
    ("persona", "resource"), [("analyst_a", "seized_red"), ("member", "raid_plan")]
)
def test_sensitive_material_needs_a_non_trivial_purpose(
    persona: str, resource: str, purpose: str | None
) -> None:
    decision = decide(PERSONAS[persona], "read", RESOURCES[resource], purpose, now=NOW)
    assert (decision.effect, decision.rule, decision.conceal) == ("deny", "PURPOSE-1", False)


def test_ordinary_material_needs_no_stated_purpose() -> None:
    decision = decide(PERSONAS["analyst_a"], "read", RESOURCES["desk_a"], "", now=NOW)
    assert decision.rule == "DESK-1" and decision.allowed


def test_amber_strict_is_sensitive_too() -> None:
    strict = replace(RESOURCES["desk_a"], handling_code="TLP:AMBER+STRICT")
    assert decide(PERSONAS["analyst_a"], "read", strict, None, now=NOW).rule == "PURPOSE-1"
    assert decide(PERSONAS["analyst_a"], "read", strict, PURPOSE, now=NOW).allowed


def test_a_missing_purpose_does_not_open_what_access_rules_shut() -> None:
    decision = decide(PERSONAS["analyst_b"], "read", RESOURCES["seized_red"], None, now=NOW)
    assert decision.rule == "DESK-2" and decision.conceal


@pytest.mark.parametrize("moment", [KITE.valid_until, KITE.valid_until + timedelta(days=30)])
def test_an_expired_compartment_denies_even_its_members(moment: object) -> None:
    decision = decide(PERSONAS["member"], "read", RESOURCES["raid_plan"], PURPOSE, now=moment)  # type: ignore[arg-type]
    assert (decision.effect, decision.rule) == ("deny", "COMP-2")


def test_a_compartment_not_yet_open_denies_its_members() -> None:
    early = KITE.valid_from - timedelta(seconds=1)
    decision = decide(PERSONAS["member"], "read", RESOURCES["raid_plan"], PURPOSE, now=early)
    assert decision.rule == "COMP-2"


def test_a_membership_ends_at_its_own_time() -> None:
    ex_member, plan = PERSONAS["ex_member"], RESOURCES["raid_plan"]
    until = KITE.members["u-ex-member"]
    assert until is not None
    before = decide(ex_member, "read", plan, PURPOSE, now=until - timedelta(seconds=1))
    after = decide(ex_member, "read", plan, PURPOSE, now=until)
    assert before.rule == "COMP-3" and before.allowed
    assert after.rule == "COMP-1" and after.reason == "compartment membership has ended"


def test_material_in_two_compartments_needs_membership_of_both() -> None:
    other = replace(KITE, id="op-owl", members={"u-analyst-a": None})
    doubly = replace(RESOURCES["raid_plan"], compartments=(KITE, other))
    assert decide(PERSONAS["member"], "read", doubly, PURPOSE, now=NOW).rule == "COMP-1"


def test_case_assignment_opens_content_to_an_auditor() -> None:
    auditor = PERSONAS["auditor"]
    case = replace(RESOURCES["case_unasg"].case, assigned=frozenset({auditor.id}))  # type: ignore[type-var]
    material = replace(RESOURCES["case_unasg"], case=case)
    assert decide(auditor, "read", material, PURPOSE, now=NOW).rule == "CASE-1"


def test_a_disabled_account_is_denied_everything() -> None:
    disabled = replace(PERSONAS["analyst_a"], active=False)
    assert decide(disabled, "read", RESOURCES["desk_a"], PURPOSE, now=NOW).rule == "ACCOUNT-1"


def test_unknown_actions_and_missing_resources_are_denied() -> None:
    user = PERSONAS["analyst_a"]
    assert decide(user, "delete", RESOURCES["desk_a"], PURPOSE, now=NOW).rule == "ACTION-1"
    missing = Resource("report", "nope", found=False)
    decision = decide(user, "exists", missing, PURPOSE, now=NOW)
    assert decision.rule == "MISSING-1" and decision.conceal


def test_decide_needs_an_aware_time() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        decide(
            PERSONAS["admin"], "read", RESOURCES["desk_a"], PURPOSE, now=NOW.replace(tzinfo=None)
        )


@pytest.mark.parametrize(
    ("persona", "resource", "action", "rule"),
    [
        ("admin", Resource("user", "u-1"), "write", "MANAGE-1"),
        (
            "admin",
            Resource("compartment", "op-kite", desk="fa-russia", compartments=(KITE,)),
            "write",
            "MANAGE-1",
        ),
        ("lead_a", Resource("case", "case-1", desk="fa-russia"), "write", "MANAGE-2"),
        (
            "lead_a",
            Resource("compartment", "op-kite", desk="fa-russia", compartments=(KITE,)),
            "write",
            "MANAGE-2",
        ),
        ("analyst_b", Resource("case", "case-1", desk="fa-russia"), "write", "MANAGE-5"),
        ("analyst_a", Resource("desk", "fa-china"), "list", "MANAGE-3"),
        ("partner_x", Resource("desk", "fa-china"), "list", "MANAGE-5"),
        ("oversight", Resource("user", "u-1"), "read", "MANAGE-4"),
        ("analyst_a", Resource("user", "u-1"), "read", "MANAGE-5"),
        (
            "member",
            Resource("compartment", "op-kite", desk="fa-russia", compartments=(KITE,)),
            "read",
            "COMP-3",
        ),
        (
            "analyst_a",
            Resource("compartment", "op-kite", desk="fa-russia", compartments=(KITE,)),
            "read",
            "MANAGE-5",
        ),
    ],
)
def test_management_records(persona: str, resource: Resource, action: str, rule: str) -> None:
    assert decide(PERSONAS[persona], action, resource, PURPOSE, now=NOW).rule == rule


def test_the_policy_file_loads_and_a_broken_one_is_named(tmp_path: Path) -> None:
    config = load_policy_config()
    assert "TLP:RED" in config.sensitive_handling_codes and config.purpose_min_length >= 8
    broken = tmp_path / "policy.yaml"
    broken.write_text("version: 1\nsensitive_channels: []\n", "utf-8")
    with pytest.raises(SchemaError, match=r"policy\.yaml"):
        load_policy_config(broken)


def test_every_rule_is_documented() -> None:
    text = DOCS.read_text("utf-8")
    assert [rule for rule in RULES if f"`{rule}`" not in text] == []


def _submission(channel: str, *, open_to_partners: bool = True) -> Resource:
    """A new report of X Corp on `channel`, as intake's new_report() makes it."""
    return Resource(
        "report",
        "new",
        channel=channel,
        source="X Corp",
        organisation="X Corp",
        partner_channel=open_to_partners,
    )


@pytest.mark.parametrize(
    ("channels", "channel", "rule"),
    [
        (None, "sns_post", "PARTNER-1"),  # no scope: every channel open to partners
        (("purchase",), "purchase", "PARTNER-1"),
        (("purchase", "listing"), "listing", "PARTNER-1"),
        (("purchase",), "sns_post", "PARTNER-6"),
        ((), "purchase", "PARTNER-6"),  # an empty scope: nothing
    ],
)
def test_a_scoped_partner_submits_only_on_its_own_channels(
    channels: tuple[str, ...] | None, channel: str, rule: str
) -> None:
    user = replace(PERSONAS["partner_x"], channels=channels)
    decision = decide(user, "write", _submission(channel), None, now=NOW)
    assert (decision.rule, decision.allowed) == (rule, rule == "PARTNER-1")
    if not decision.allowed:  # told, with the rule, as the API and the portal say it
        assert not decision.conceal
        assert decision.reason == "deny: this partner account submits only on its own channels"


def test_a_channel_closed_to_partners_is_refused_as_such_even_inside_a_scope() -> None:
    user = replace(PERSONAS["partner_x"], channels=("patrol_note",))
    closed = _submission("patrol_note", open_to_partners=False)
    assert decide(user, "write", closed, None, now=NOW).rule == "PARTNER-4"


def test_a_scope_narrows_submissions_only_never_what_the_partner_reads() -> None:
    user = replace(PERSONAS["partner_x"], channels=())
    own = RESOURCES["x_own"]
    assert [decide(user, a, own, None, now=NOW).rule for a in ("read", "list", "write")] == [
        "PARTNER-2",
        "PARTNER-2",
        "PARTNER-6",
    ]
    assert decide(user, "read", RESOURCES["company_x"], None, now=NOW).rule == "PARTNER-5"
    # Another organisation's report stays PARTNER-3 whatever the scope.
    other = replace(user, channels=("partner_report",))
    assert decide(other, "write", RESOURCES["y_sub"], None, now=NOW).rule == "PARTNER-3"
