"""The compositional threat reading (harm said as intent + a person, place or event) and the
no-rule bar of the scorer (a threat no rule names must be a sure one)."""

from __future__ import annotations

import numpy as np
import pytest

from kizashi.detect import detect_rules
from kizashi.detect.features import feature_layout
from kizashi.detect.lexicon import CATEGORIES, load_lexicon
from kizashi.detect.scorer import NO_RULE_BAR, Scorer


@pytest.mark.parametrize(
    "text",
    [
        "あいつ絶対に殺してやる",  # a kill verb in an intent frame, a person
        "部長しばき倒したる",  # Kansai: a compound harm verb before たる
        "店長を襲撃いたします",  # keigo いたす
        "あいつボコボコにしたる",  # a harm done to a body
        "課長の息の根を止めてやる",  # a life ended
        "あのおっさん今度会うたらほんまにいてもうたるからな",  # Kansai いてまう
        "明日の正午に駅前で部長を殺す",  # a plain harm verb with a person, time and place
    ],
)
def test_harm_said_as_intent_against_someone_is_read_as_a_threat(text: str) -> None:
    assert detect_rules(text).reading


@pytest.mark.parametrize(
    "text",
    [
        "殴り殺してまうで",  # intent, but against nobody named
        "ゲームでボスを殺してやる",  # game
        "「殺してやる」なんて書いたら脅迫罪",  # quoted
        "明日、会社で部長の書類を処分する",  # a weak verb is no harm said as intent
        "来週の試合、あのチームを完全に潰してやる",  # sports
        "ガンジーは射殺された。",  # a plain kill verb without a time, place and person
        "Reminder: posting 'I'm going to shoot up the school' is a crime",
    ],
)
def test_mentions_games_weak_verbs_and_reports_are_no_reading(text: str) -> None:
    assert not detect_rules(text).reading


def test_a_reading_is_flagged_as_a_threat_whatever_the_model_says(scorer: Scorer) -> None:
    (scored,) = scorer.score(["あのおっさん今度会うたらほんまにいてもうたるからな"])
    assert scored.category == "threat"
    assert scored.result is not None and scored.result.reading == ("threat-harm-ja",)


def test_a_threat_no_rule_names_needs_the_no_rule_bar(scorer: Scorer) -> None:
    threshold = scorer.model.thresholds["threat"]
    assert threshold < NO_RULE_BAR < 1.0
    threat = CATEGORIES.index("threat")
    probs = np.zeros(len(CATEGORIES))
    # no rule hit at all (the model alone): over the threshold is not enough
    bare = detect_rules("前の職場のメンバーと飲みに行きます")
    assert not any(h.role == "signal" for h in bare.hits)
    probs[threat] = (threshold + NO_RULE_BAR) / 2
    assert scorer._category(probs, bare) is None
    probs[threat] = NO_RULE_BAR
    assert scorer._category(probs, bare) == "threat"
    # with a threat signal rule hit, the threshold is the bar
    probs[threat] = (threshold + NO_RULE_BAR) / 2
    assert scorer._category(probs, detect_rules("あいつ殺してやる")) == "threat"


def test_rules_that_are_no_model_input_have_no_column_and_no_rule_score() -> None:
    rules = {r.id: r for r in load_lexicon().rules}
    assert rules["threat-intent-ja"].intent and not rules["threat-intent-ja"].feature
    assert "hit:threat-intent-ja" not in feature_layout().rule_names
    # 殴り殺してまうで: threat-kill-ja and threat-intent-ja; the rule score is kill-ja's alone.
    result = detect_rules("殴り殺してまうで")
    assert {h.rule for h in result.hits} == {"threat-kill-ja", "threat-intent-ja"}
    assert result.scores["threat"] == rules["threat-kill-ja"].weight
