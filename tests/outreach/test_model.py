"""The stage model and escalation rules as data: loading, checking, firing."""

from __future__ import annotations

import pytest

from kizashi.outreach import ApproacherFacts, OutreachDataError, escalate, stage_model
from kizashi.outreach.model import load_countries, parse_escalation, parse_stages


def test_the_shipped_stages_are_ordered_with_names_and_indicators_in_both_languages() -> None:
    model = stage_model()
    assert model.ids() == (
        "chance_contact", "cultivation", "grievances", "small_requests", "specific_requests", "payment",
    )  # fmt: skip
    for stage in model.stages:
        assert stage.name["ja"] and stage.name["en"]
        assert stage.indicators["ja"] and stage.indicators["en"]


def test_a_stage_without_english_indicators_is_named() -> None:
    data = {"version": 1, "stages": [{"id": "x", "order": 1, "name": {"ja": "x", "en": "x"},
                                      "indicators": {"ja": ["a"]}}]}  # fmt: skip
    with pytest.raises(OutreachDataError, match=r"s\.yaml: stage 'x': indicators\.en"):
        parse_stages(data, "s.yaml")


def test_an_escalation_rule_naming_no_stage_is_named() -> None:
    data = {"rules": [{"id": "E", "when": {"reached": "tea"}, "level": "alert"}]}
    with pytest.raises(OutreachDataError, match=r"e\.yaml: rules\[0\] \(E\): reached: 'tea'"):
        parse_escalation(data, stage_model(), "e.yaml")


def test_an_escalation_reason_without_japanese_is_named() -> None:
    data = {"rules": [{"id": "E", "when": {"reached": "payment"}, "level": "alert",
                       "why": {"en": "money"}}]}  # fmt: skip
    with pytest.raises(OutreachDataError, match=r"e\.yaml: rules\[0\] \(E\): why needs ja and en"):
        parse_escalation(data, stage_model(), "e.yaml")


def test_every_fired_rule_says_why_in_japanese_and_english() -> None:
    fired = escalate(ApproacherFacts(["payment"], companies=2)).fired
    assert {f["rule"] for f in fired} >= {"ESC-PAYMENT", "ESC-TWO-COMPANIES"}
    for f in fired:
        assert f["why"]["ja"] and f["why"]["en"] and f["why"]["ja"] != f["why"]["en"]
    payment = next(f for f in fired if f["rule"] == "ESC-PAYMENT")
    assert payment["why"]["ja"] == "情報の見返りに金銭を申し出た、または支払った"


def test_levels_by_the_furthest_stage() -> None:
    assert escalate(ApproacherFacts([None])).level is None
    assert escalate(ApproacherFacts(["grievances"])).level is None
    assert escalate(ApproacherFacts(["small_requests"])).level == "watch"
    assert escalate(ApproacherFacts(["specific_requests"])).level == "escalate"
    assert escalate(ApproacherFacts(["payment"])).level == "alert"


def test_progress_between_reports_escalates_but_one_report_read_twice_does_not() -> None:
    moved = escalate(ApproacherFacts(["chance_contact", "grievances"]))
    assert moved.level == "escalate" and "ESC-PROGRESSED" in {f["rule"] for f in moved.fired}
    assert escalate(ApproacherFacts(["grievances", "grievances"])).level is None
    # Going back (a later, milder report) is not progress.
    assert escalate(ApproacherFacts(["grievances", "chance_contact"])).level is None


def test_two_companies_or_a_country_desk_that_knows_them_alert() -> None:
    assert escalate(ApproacherFacts(["chance_contact"], companies=2)).level == "alert"
    known = escalate(ApproacherFacts(["chance_contact"], known_to_desk=True))
    assert known.level == "alert" and [f["rule"] for f in known.fired] == ["ESC-KNOWN"]


def test_countries_from_claimed_organisations_and_nationalities() -> None:
    countries = load_countries()
    assert countries.of("在日エルダニア共和国大使館 商務部") == ("ELD",)
    assert countries.of(None, "中華人民共和国") == ("CN",)
    assert countries.of("Embassy of the DPRK") == ("KP",)
    # 露光 (exposure, of lithography) is not Russia.
    assert countries.of("露光プロセスの研究会") == ()
