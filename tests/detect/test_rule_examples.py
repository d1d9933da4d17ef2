"""Every rule's own examples: positives hit the rule, negatives do not."""

from __future__ import annotations

import pytest

from kizashi.detect import RuleResult, detect_rules, load_lexicon
from kizashi.detect.lexicon import Guard, Rule
from tests.detect.readings import rule_ids

RULES = load_lexicon().rules
GUARDS = list(load_lexicon().guards.values())


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_positive_examples_hit_the_rule(rule: Rule) -> None:
    missed = [text for text in rule.positive if rule.id not in rule_ids(text)]
    assert not missed, f"{rule.file}: {rule.id} misses its positive examples"


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_negative_examples_do_not_hit_the_rule(rule: Rule) -> None:
    wrong = [text for text in rule.negative if rule.id in rule_ids(text)]
    assert not wrong, f"{rule.file}: {rule.id} hits its negative examples"


def _fired(result: RuleResult) -> set[str]:
    return {guard for s in result.suppressed for guard, _ in s.guards}


@pytest.mark.parametrize("guard", GUARDS, ids=[g.id for g in GUARDS])
def test_guard_examples(guard: Guard) -> None:
    for text in guard.suppresses:
        result = detect_rules(text)
        assert guard.id in _fired(result), text
    for text in guard.keeps:
        result = detect_rules(text)
        assert guard.id not in _fired(result), text
        assert result.hits, f"{guard.id}: keep-example {text!r} should still produce a hit"


def test_a_guard_stands_down_when_the_text_says_it_is_no_game() -> None:
    game = detect_rules("in the game you have to kill him before he respawns")
    assert not [h for h in game.hits if h.role == "signal"] and "game-fiction" in _fired(game)
    real = detect_rules("this is not a game, I will kill you")
    assert {h.rule for h in real.hits} >= {"threat-kill-en"}
