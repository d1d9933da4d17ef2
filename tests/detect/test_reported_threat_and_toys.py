"""Thirteenth pass: a threat reported (〜という書き込みがあった, "a man posted that he will …") is
news of a threat for every threat rule, while the writer's own threat in another clause is
still read; a toy or replica weapon (nerf guns, おもちゃの銃) is no means of harm, while a real
weapon beside a toy one still is. Sentences written for these tests (none is a probe or suite
item)."""

from __future__ import annotations

import pytest

from kizashi.detect import detect_rules
from kizashi.detect.scorer import Scorer
from tests.detect.readings import guards_fired, rule_ids


def _flagged_threat(scorer: Scorer, text: str) -> bool:
    result = scorer.score([text])[0]
    return result.flagged and result.category == "threat"


@pytest.mark.parametrize(
    "text",
    [
        "学校を爆破するという書き込みがあった",
        "市長を殺すという脅迫電話があった",
        "明日学校を襲撃するとの予告があった",
        "駅で人を刺すという書き込みがあったらしい、怖い",
        "a man posted that he will kill everyone at the school tomorrow",
        "the school received a message saying i will bomb the building tomorrow",
        "someone posted i'm gonna shoot up the school tomorrow, police are investigating",
        "police said a man posted that he was going to shoot up the school",
    ],
)
def test_a_reported_threat_is_news_of_a_threat(scorer: Scorer, text: str) -> None:
    # Only the context parts (a place, a time, a person) remain; no harm is read.
    assert all(h.rule.startswith("threat-context") for h in detect_rules(text).hits)
    assert not _flagged_threat(scorer, text)


def test_the_japanese_report_guard_now_covers_the_weak_harm_verbs() -> None:
    # 爆破する was read by threat-harm-weak-ja, which the guard did not list (0.39, flagged).
    assert "reported-threat-ja" in guards_fired("学校を爆破するという書き込みがあった")


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        # A threat the engine reads as an intention (殺す said plainly) …
        ("学校を爆破するという書き込みがあった。明日お前を殺す", "threat-kill-ja"),
        # … and one it does not (a weak verb in a Kansai frame): the report guard stays in its
        # own clause either way.
        (
            "ネットに学校を燃やすという書き込みがあった。俺があいつの店燃やしたる",
            "threat-harm-weak-ja",
        ),
        ("学校を爆破するという書き込みがあった。俺も明日駅を爆破する", "threat-bomb-ja"),
        (
            "a man posted that he will bomb the school. I'm going to shoot up the mall tomorrow",
            "threat-shoot-up-en",
        ),
        ("someone said you snitched so I will kill you tomorrow", "threat-kill-en"),
    ],
)
def test_the_writers_own_threat_in_another_clause_is_still_read(text: str, rule: str) -> None:
    assert rule in rule_ids(text)


@pytest.mark.parametrize(
    "text",
    [
        "学校を爆破するという書き込みがあった。明日お前を殺す",
        "学校を爆破するという書き込みがあった。俺も明日駅を爆破する",
        "a man posted that he will bomb the school. I'm going to shoot up the mall tomorrow",
        "I said I will kill you and I meant it",
        "I'm bringing my rifle to the rally, he said it's fine",
    ],
)
def test_the_writers_own_threat_beside_a_report_is_flagged(scorer: Scorer, text: str) -> None:
    assert _flagged_threat(scorer, text)


@pytest.mark.parametrize(
    "text",
    [
        "bringing the nerf guns to school tomorrow",
        "packing my water gun for the park tomorrow",
        "bringing paintball guns to the field on saturday",
        "taking my airsoft rifle to the field tomorrow",
        "明日おもちゃの銃を持って学校に行く",
    ],
)
def test_a_toy_weapon_is_no_means_of_harm(scorer: Scorer, text: str) -> None:
    assert "threat-composed-means" not in rule_ids(text)
    assert not _flagged_threat(scorer, text)


@pytest.mark.parametrize(
    "text",
    [
        "bringing a real gun to school tomorrow, not a nerf gun",
        "bringing a real gun, not a nerf gun, to school tomorrow",
        "bringing my rifle to the rally on sunday",
        "明日銃を持って学校に行く",
    ],
)
def test_a_real_weapon_stays_a_means_beside_a_toy(scorer: Scorer, text: str) -> None:
    assert "threat-composed-means" in rule_ids(text)
    assert _flagged_threat(scorer, text)
