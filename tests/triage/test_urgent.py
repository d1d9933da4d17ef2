"""Urgent rules (triage/data/urgent.yaml): which signals open an alert on their own, read from
the evidence the detector writes today (rule ids and spans) and from the structured parts of
its composed threat rules (``components``), and what the alert then says about why."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from kizashi.detect import detect_rules
from kizashi.errors import SchemaError
from kizashi.triage.urgent import (
    Counted,
    SignalFacts,
    default_urgent,
    in_force,
    is_routine,
    parse_urgent,
)

AT = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def facts(
    text: str,
    evidence: list[dict[str, Any]],
    *,
    category: str = "threat",
    channel: str = "sns_post",
    protected: tuple[str, ...] = (),
) -> SignalFacts:
    return SignalFacts(channel, category, 0.99, evidence, protected, text, AT)


def span(rule: str, text: str, **more: Any) -> dict[str, Any]:
    return {"rule": rule, "text": text, "start": 0, "end": len(text), **more}


def test_the_issues_rally_threat_is_urgent_from_todays_evidence() -> None:
    text = "来週の日曜、駅前の演説会で候補者を56すから覚悟しとけ"
    found = default_urgent().match(
        facts(
            text,
            [
                span("threat-context-time", "日曜", start=3, end=5),
                span("threat-context-event", "演説会", start=9, end=12),
                span("threat-kill-ja", "56す", start=17, end=20),
            ],
        )
    )
    assert found is not None and found["rule"] == "urgent-threat-named-target"
    intent, context = found["matched"]
    assert (intent["rule"], intent["text"], intent["condition_ja"]) == (
        "threat-kill-ja",
        "56す",
        "危害の意図",
    )
    assert context["text"] == "日曜" and found["rules_version"] == "urgent-signals@4"


def test_the_composed_threats_parts_are_read_and_named() -> None:
    composed = span(
        "threat-composed",
        "56す",
        components={
            "harm_intent": [{"rule": "threat-kill-ja", "start": 12, "end": 15, "text": "56す"}],
            "target": [{"rule": "threat-context-target", "start": 9, "end": 11, "text": "桜井"}],
            "place": [{"rule": "threat-context-place", "start": 5, "end": 8, "text": "大塚駅"}],
            "protected_person": ["candidate-sakurai"],
        },
    )
    found = default_urgent().match(facts("11/1 大塚駅で桜井を56す", [composed]))
    assert found is not None and found["rule"] == "urgent-threat-named-target"
    intent, context = found["matched"]
    assert intent["component"] == "harm_intent" and intent["text"] == "56す"
    # The part's own words, not the whole span's: the desk sees which place was named.
    assert context["component"] == "place" and context["text"] == "大塚駅"


def test_a_part_list_without_spans_still_counts() -> None:
    named = span("threat-x", "殺す", components=["harm_intent", "event"])
    found = default_urgent().match(facts("集会で殺す", [named]))
    assert found is not None and found["rule"] == "urgent-threat-named-target"


@pytest.mark.parametrize(
    "evidence",
    [
        [span("threat-harm-ja", "刺しに行く")],  # the detector's harm verb in an intent frame
        [span("threat-composed", "刺しに行く", components={"harm_intent": [{"text": "刺し"}]})],
    ],
    ids=["rule-id", "component"],
)
def test_an_imminent_attack_without_a_named_target_is_urgent(
    evidence: list[dict[str, Any]],
) -> None:
    found = default_urgent().match(facts("今から刺しに行く", evidence))
    assert found is not None and found["rule"] == "urgent-imminent-attack"
    assert found["max_age_days"] == 3
    assert found["matched"][1] == {
        "condition": "now, tonight, on the way",
        "condition_ja": "今から・今夜・向かっている",
        "text": "今から",
    }


def test_a_weapon_readied_right_now_is_urgent() -> None:
    means = span("threat-composed-means", "包丁", components={"means": [{"text": "包丁"}]})
    found = default_urgent().match(facts("包丁持って今から学校行く", [means]))
    assert found is not None and found["rule"] == "urgent-imminent-attack"


@pytest.mark.parametrize(
    ("text", "evidence", "category"),
    [
        ("今日は駅前のカフェでランチ", [], "threat"),  # no intent at all
        ("あいつ絶対に殺す", [span("threat-kill-ja", "殺す")], "threat"),  # intent, no context
        ("今から殺す", [span("threat-kill-ja", "殺す")], "fraud"),  # not a threat signal
    ],
)
def test_what_is_not_urgent(text: str, evidence: list[dict[str, Any]], category: str) -> None:
    assert default_urgent().match(facts(text, evidence, category=category)) is None


def test_a_protected_person_is_a_named_target() -> None:
    found = default_urgent().match(
        facts("あいつ絶対に殺す", [span("threat-kill-ja", "殺す")], protected=("candidate-a",))
    )
    assert found is not None and found["matched"][1]["protected"] == ["candidate-a"]


def test_a_match_counts_while_it_is_fresh() -> None:
    found = {"max_age_days": 3}
    assert in_force(found, AT, AT + timedelta(days=3))
    assert not in_force(found, AT, AT + timedelta(days=3, seconds=1))


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ([{"id": "a", "why": "w", "all_of": [{"label": "x", "word": ["y"]}]}], "unknown keys"),
        ([{"id": "a", "why": "w", "all_of": [{"label": "x"}]}], "needs something to match"),
        ([{"id": "a", "why": "w", "all_of": []}], "non-empty list"),
        ([{"id": "a", "all_of": [{"label": "x", "text": ["y"]}]}], "needs an id and a why"),
        (
            [{"id": "a", "why": "w", "priority": "low", "all_of": [{"label": "x", "text": ["y"]}]}],
            "priority must be one of urgent, routine",
        ),
    ],
)
def test_a_bad_rule_file_names_the_rule_and_the_reason(
    rules: list[dict[str, Any]], message: str
) -> None:
    with pytest.raises(SchemaError, match=message) as raised:
        parse_urgent({"rules": rules}, "urgent.yaml")
    assert "urgent.yaml: rules[0]" in str(raised.value)


def test_every_part_that_made_it_urgent_is_named_in_the_texts_order() -> None:
    # The spans the detector writes for 「12月20日の駅前街頭演説、候補者が来たら刺しに行く」:
    # the date comes as two touching spans, and the composed rule repeats the parts.
    def at(rule: str, start: int, end: int, text: str) -> dict[str, Any]:
        return {"rule": rule, "start": start, "end": end, "text": text}

    month, day = at("threat-context-time", 0, 3, "12月"), at("threat-context-time", 3, 6, "20日")
    place, event = (
        at("threat-context-place", 7, 9, "駅前"),
        at("threat-context-event", 11, 13, "演説"),
    )
    harm = at("threat-harm-ja", 21, 26, "刺しに行く")
    composed = {
        **at("threat-composed", 21, 26, "刺しに行く"),
        "components": {"harm_intent": [harm], "time": [month, day], "place": [place]},
    }
    evidence = [month, day, place, event, composed, harm]
    found = default_urgent().match(
        facts("12月20日の駅前街頭演説、候補者が来たら刺しに行く", evidence)
    )
    assert found is not None and found["rule"] == "urgent-threat-named-target"
    intent, context = found["matched"]
    assert (intent["component"], intent["text"]) == ("harm_intent", "刺しに行く")
    assert "texts" not in intent  # one span, said once though two rules carry it
    assert (context["rule"], context["text"]) == ("threat-context-time", "12月20日")
    assert context["texts"] == [
        {"rule": "threat-context-time", "text": "12月20日"},
        {"rule": "threat-context-place", "text": "駅前"},
        {"rule": "threat-context-event", "text": "演説"},
    ]


def test_touching_spans_of_different_rules_stay_apart() -> None:
    evidence = [
        {"rule": "threat-context-place", "start": 0, "end": 2, "text": "駅前"},
        {"rule": "threat-context-event", "start": 2, "end": 4, "text": "演説"},
        {"rule": "threat-kill-ja", "start": 5, "end": 8, "text": "56す"},
    ]
    found = default_urgent().match(facts("駅前演説で56す", evidence))
    assert found is not None
    assert [t["text"] for t in found["matched"][1]["texts"]] == ["駅前", "演説"]


def test_words_within_a_longer_span_are_named_once_by_it() -> None:
    evidence = [
        {"rule": "threat-context-place", "start": 0, "end": 1, "text": "駅"},
        {"rule": "threat-context-place", "start": 0, "end": 4, "text": "大塚駅前"},
        {"rule": "threat-kill-ja", "start": 5, "end": 8, "text": "56す"},
        {"rule": "threat-plain-kara-ja", "start": 5, "end": 10, "text": "56すから"},
    ]
    found = default_urgent().match(facts("大塚駅前で56すから", evidence))
    assert found is not None
    intent, context = found["matched"]
    assert (intent["rule"], intent["text"], "texts" in intent) == ("threat-kill-ja", "56す", False)
    assert (context["text"], "texts" in context) == ("大塚駅前", False)


# Repeated activity by one subject (urgent.yaml, ``repeated:``): a count over one entity's
# signals within a window, opening an alert whatever its accumulated risk.


def lure(
    n: int, days_ago: float, *, report: str | None = None, category: str = "recruitment"
) -> Counted:
    return Counted(
        f"signal:s{n}",
        report if report is not None else f"r{n}",
        "text_signal",
        category,
        AT - timedelta(days=days_ago),
    )


def test_the_shipped_repeat_rule_counts_three_recruitment_lures_in_thirty_days() -> None:
    [rule] = default_urgent().repeated
    assert (rule.id, rule.min_count, rule.window_days) == ("repeat-recruitment-lures", 3, 30.0)
    assert rule.categories == {"recruitment"} and rule.kinds == {"text_signal"}
    assert rule.distinct == "report"


def test_a_repeat_rule_fires_at_the_count_and_not_below() -> None:
    rules = default_urgent()
    assert rules.repeat_of([lure(1, 20), lure(2, 9)], AT) is None
    found = rules.repeat_of([lure(3, 1), lure(1, 20), lure(2, 9)], AT)
    assert found is not None and found["rule"] == "repeat-recruitment-lures"
    assert found["count"] == 3 and found["min_count"] == 3 and found["window_days"] == 30
    # Named oldest first, with their reports: the desk opens each one.
    assert [c["report_id"] for c in found["counted"]] == ["r1", "r2", "r3"]
    assert found["first_at"] == (AT - timedelta(days=20)).isoformat()
    assert found["rules_version"] == "urgent-signals@4"


def test_a_repeat_rule_counts_within_its_window_only() -> None:
    rules = default_urgent()
    old = lure(1, 30, report="r-old")
    assert rules.repeat_of([old, lure(2, 9), lure(3, 1)], AT) is not None  # 30 days: in
    older = lure(1, 30.001, report="r-older")
    assert rules.repeat_of([older, lure(2, 9), lure(3, 1)], AT) is None  # just out
    # The same three lures a month later: the window has passed them.
    assert rules.repeat_of([lure(1, 2), lure(2, 9), lure(3, 1)], AT + timedelta(days=30)) is None


def test_a_repeat_rule_counts_a_report_once_and_only_its_categories() -> None:
    rules = default_urgent()
    same_post = [lure(1, 3, report="r1"), lure(2, 3, report="r1"), lure(3, 2)]
    assert rules.repeat_of(same_post, AT) is None  # two signals of one post are one lure
    others = [lure(1, 3), lure(2, 2, category="threat"), lure(3, 1, category="fraud")]
    assert rules.repeat_of(others, AT) is None
    tip = Counted("report:t1", "t1", "public_tip", "recruitment", AT)
    assert rules.repeat_of([lure(1, 3), lure(2, 2), tip], AT) is None  # text signals only


def test_distinct_by_source_counts_each_signal() -> None:
    data = {
        "rules": [],
        "repeated": [
            {
                "id": "r",
                "why": "w",
                "categories": ["recruitment"],
                "min_count": 2,
                "window_days": 7,
                "distinct": "source",
            }
        ],
    }
    rules = parse_urgent(data, "urgent.yaml")
    assert rules.repeat_of([lure(1, 1, report="r1"), lure(2, 1, report="r1")], AT) is not None


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ({"why": "w", "categories": ["x"], "min_count": 3, "window_days": 7}, "needs an id"),
        ({"id": "a", "why": "w", "min_count": 3, "window_days": 7}, "categories must name"),
        ({"id": "a", "why": "w", "categories": ["x"], "window_days": 7}, "missing min_count"),
        (
            {"id": "a", "why": "w", "categories": ["x"], "min_count": 1, "window_days": 7},
            "at least 2",
        ),
        ({"id": "a", "why": "w", "categories": ["x"], "min_count": 3.5, "window_days": 7}, "whole"),
        ({"id": "a", "why": "w", "categories": ["x"], "min_count": 3, "window_days": 0}, "over 0"),
        (
            {"id": "a", "why": "w", "categories": ["x"], "min_count": 3, "window_days": "a"},
            "bad number",
        ),
        (
            {
                "id": "a",
                "why": "w",
                "categories": ["x"],
                "min_count": 3,
                "window_days": 7,
                "every": 1,
            },
            "unknown keys",
        ),
        (
            {
                "id": "a",
                "why": "w",
                "categories": ["x"],
                "min_count": 3,
                "window_days": 7,
                "kinds": ["tweet"],
            },
            "not signal types",
        ),
        (
            {
                "id": "a",
                "why": "w",
                "categories": ["x"],
                "min_count": 3,
                "window_days": 7,
                "distinct": "day",
            },
            "distinct must be",
        ),
    ],
)
def test_a_bad_repeat_rule_names_the_rule_and_the_reason(
    rule: dict[str, Any], message: str
) -> None:
    with pytest.raises(SchemaError, match=message) as raised:
        parse_urgent({"rules": [], "repeated": [rule]}, "urgent.yaml")
    assert "urgent.yaml: repeated[0]" in str(raised.value)


def test_a_repeat_rule_id_is_unique_among_all_rules() -> None:
    urgent = {"id": "a", "why": "w", "all_of": [{"label": "x", "text": ["y"]}]}
    repeat = {"id": "a", "why": "w", "categories": ["x"], "min_count": 3, "window_days": 7}
    with pytest.raises(SchemaError, match="duplicate id"):
        parse_urgent({"rules": [urgent], "repeated": [repeat]}, "urgent.yaml")


def _named(harm: str, name: str, **more: list[dict[str, Any]]) -> dict[str, Any]:
    """A composed threat span as the detector writes it, with a named target."""
    return span(
        "threat-composed",
        harm,
        components={
            "harm_intent": [{"rule": "threat-kill-ja", "start": 3, "end": 5, "text": harm}],
            "target": [{"rule": "threat-context-target", "start": 0, "end": 2, "text": name}],
            "named_target": [{"rule": "threat-context-target", "start": 0, "end": 2, "text": name}],
            **more,
        },
    )


def test_a_threat_to_a_named_person_is_routine_not_urgent() -> None:
    found = default_urgent().match(facts("田中を殺す", [_named("殺す", "田中")]))
    assert found is not None and found["rule"] == "routine-threat-named-person"
    assert found["priority"] == "routine" and is_routine(found)
    intent, person = found["matched"]
    assert (intent["component"], intent["text"]) == ("harm_intent", "殺す")
    assert (person["component"], person["text"], person["condition_ja"]) == (
        "named_target",
        "田中",
        "名前で名指しされた人物",
    )


def test_a_target_that_is_no_name_is_not_routine() -> None:
    composed = span(
        "threat-composed",
        "殺す",
        components={
            "harm_intent": [{"rule": "threat-kill-ja", "start": 4, "end": 6, "text": "殺す"}],
            "target": [{"rule": "threat-context-target", "start": 0, "end": 3, "text": "こいつ"}],
        },
    )
    assert default_urgent().match(facts("こいつを殺す", [composed])) is None


def test_an_urgent_rule_comes_before_a_routine_one_whatever_the_files_order() -> None:
    time = [{"rule": "threat-context-time", "start": 6, "end": 8, "text": "明日"}]
    found = default_urgent().match(facts("田中を殺す明日", [_named("殺す", "田中", time=time)]))
    assert found is not None and found["rule"] == "urgent-threat-named-target"
    assert "priority" not in found and not is_routine(found)
    routine = {
        "id": "r",
        "why": "w",
        "priority": "routine",
        "all_of": [{"label": "x", "text": ["a"]}],
    }
    urgent = {"id": "u", "why": "w", "all_of": [{"label": "x", "text": ["a"]}]}
    rules = parse_urgent({"rules": [routine, urgent]}, "urgent.yaml")
    assert (rules.match(facts("a", [])) or {}).get("rule") == "u"


@pytest.mark.parametrize(
    "text",
    ["田中を殺す", "田中は許さない、殺す", "田中はムカつく、殺す", "中村部長は許さない、殺す"],
)
def test_a_topic_name_threatened_opens_the_routine_alert(text: str) -> None:
    # det54: a name marked as a topic whose comment is a verb or an adjective is the harm's
    # target, read by the shipped detector, so the routine rule finds its named_target
    found = default_urgent().match(facts(text, detect_rules(text).evidence()))
    assert found is not None and found["rule"] == "routine-threat-named-person", text
    assert found["matched"][1]["component"] == "named_target"


def test_a_name_the_writer_heard_from_opens_nothing() -> None:
    text = "田中に聞いた、殺す"
    assert default_urgent().match(facts(text, detect_rules(text).evidence())) is None
