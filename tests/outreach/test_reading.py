"""Reading narratives into stages with detect's engine and the outreach lexicon."""

from __future__ import annotations

import pytest

from kizashi.detect import LexiconError, parse_lexicon, run_rules
from kizashi.outreach import read_approach, stage_model
from kizashi.outreach.reading import approach_lexicon
from kizashi.text import views
from tests.outreach.world import BENIGN_TEXT, MATERIALS_TEXT, SEMICON_TEXT

RULES = approach_lexicon().rules


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_every_rule_finds_its_positive_examples_and_not_its_negatives(rule) -> None:  # type: ignore[no-untyped-def]
    lexicon = approach_lexicon()
    for text in rule.positive:
        hits, _ = run_rules(views(text), lexicon)
        assert rule.id in {h.rule for h in hits}, (rule.id, text)
    for text in rule.negative:
        hits, _ = run_rules(views(text), lexicon)
        assert rule.id not in {h.rule for h in hits}, (rule.id, text)


def test_every_rule_names_a_stage_and_every_stage_has_rules_in_both_languages() -> None:
    ids = stage_model().ids()
    assert {r.category for r in RULES} == set(ids)
    for stage in ids:
        mine = [r.id for r in RULES if r.category == stage]
        assert any(i.endswith("-ja") for i in mine) and any(i.endswith("-en") for i in mine)


def test_the_semiconductor_report_reads_as_meals_requests_and_payment_with_spans() -> None:
    reading = read_approach(SEMICON_TEXT)
    assert reading.stages == ("chance_contact", "cultivation", "specific_requests", "payment")
    assert reading.furthest == "payment"
    for hit in reading.evidence:
        assert SEMICON_TEXT[hit["start"] : hit["end"]] == hit["text"]
    assert {"USB", "謝礼"} <= {h["text"] for h in reading.evidence}


def test_the_second_company_reads_as_meals_and_grievances() -> None:
    reading = read_approach(MATERIALS_TEXT)
    assert reading.furthest == "grievances"
    assert "cultivation" in reading.stages


def test_a_benign_gift_reads_as_nothing() -> None:
    reading = read_approach(BENIGN_TEXT)
    assert reading.stages == () and reading.furthest is None


def test_a_suppliers_dinners_are_let_through_and_the_guard_says_why() -> None:
    reading = read_approach("取引先との定例の会食が毎月ある。費用は先方持ち。")
    assert reading.stages == ()
    assert {g["guard"] for s in reading.suppressed for g in s["guards"]} == {"legit-business"}
    assert {s["stage"] for s in reading.suppressed} == {"cultivation"}


def test_every_guard_suppresses_and_keeps_its_examples() -> None:
    for guard in approach_lexicon().guards.values():
        for text in guard.suppresses:
            suppressed = read_approach(text).suppressed
            assert guard.id in {g["guard"] for s in suppressed for g in s["guards"]}, text
        for text in guard.keeps:
            assert read_approach(text).stages, (guard.id, text)


def test_english_narratives_are_read_too() -> None:
    reading = read_approach(
        "Bumped into him at the gym, then dinners every week; he offered cash for the drawings."
    )
    assert {"chance_contact", "cultivation", "payment"} <= set(reading.stages)


def test_a_rule_naming_an_unknown_stage_is_refused_by_detects_loader() -> None:
    bad = {
        "x.yaml": {
            "version": 1,
            "rules": [
                {
                    "id": "bad",
                    "category": "threat",
                    "weight": 0.5,
                    "match": [[{"lemma": "会食"}]],
                    "examples": {"positive": ["a", "b"], "negative": ["c", "d"]},
                    "source": "s",
                }
            ],
        }
    }
    with pytest.raises(LexiconError, match=r"x\.yaml: rule 'bad': category must be one of"):
        parse_lexicon(bad, categories=stage_model().ids())
