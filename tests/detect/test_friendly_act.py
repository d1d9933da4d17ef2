"""A friendly act beside "I know where you live" cancels the menace (guard ``friendly-act-en``,
model version 4); a harm word or a harm said as the writer's intention keeps the threat.
Sentences written for these tests (none is a probe or suite item)."""

from __future__ import annotations

import pytest

from kizashi.detect import detect_rules
from kizashi.detect.scorer import Scorer


@pytest.mark.parametrize(
    "text",
    [
        "I know where you live, I'll bring the cake",
        "I know where he works, gonna drop some cookies off for everyone there",
        "we know where you live now, expect a welcome basket on Friday",
        "I know where she lives so I'm sending her a birthday card",
    ],
)
def test_a_friendly_act_stands_the_knowledge_reading_down(scorer: Scorer, text: str) -> None:
    result = detect_rules(text)
    guards = {g for s in result.suppressed if s.hit.rule == "threat-kill-en" for g, _ in s.guards}
    assert "friendly-act-en" in guards
    assert "threat-kill-en" not in {h.rule for h in result.hits}
    assert not result.reading
    assert not scorer.score([text])[0].flagged


@pytest.mark.parametrize(
    "text",
    [
        "I know where you live",
        "I know where you live, I'll bring my rifle",
        "I know where you live, I'll bring flowers for your funeral",
        "I know where you live. I will kill you and then bake a cake",
    ],
)
def test_a_menace_or_harm_word_keeps_the_threat(scorer: Scorer, text: str) -> None:
    result = detect_rules(text)
    assert "threat-kill-en" in {h.rule for h in result.hits}
    assert scorer.score([text])[0].category == "threat"
