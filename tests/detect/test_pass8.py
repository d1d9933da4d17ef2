"""Pass 8 of issue 13: curses said to someone, English intent forms, bombs said as placed,
the compositional reading's rank, and the normaliser's and gate's new readings.

The sentences are written for these tests (none is a probe item)."""

from __future__ import annotations

import pytest

from kizashi.detect import Scorer, detect_rules
from kizashi.detect.gate import passes_gate
from kizashi.text import drop_elongation, views
from tests.detect.readings import rule_ids


def _suppressed(text: str) -> set[str]:
    return {s.hit.rule for s in detect_rules(text).suppressed}


# ------------------------------------------------------------ curses said to someone
@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("通報したよ。あんたなんか死ね", "threat-die-ja"),
        ("警察に相談済み。係長死ね", "threat-die-ja"),
        ("We reported it to the police. You're gonna die.", "threat-kill-en"),
    ],
)
def test_a_curse_said_to_someone_is_not_stood_down_by_another_clause(text: str, rule: str) -> None:
    assert rule in rule_ids(text), text
    assert rule not in _suppressed(text), text


@pytest.mark.parametrize(
    "text",
    [
        "「あんたなんか死ね」と言われたので通報した",  # quoted: reported speech
        "あんた死ねとか書く人は最低",  # counter-speech in the curse's own clause
        "警察に届けた。ナポリを見てから死ね",  # no addressee: the other clause still reaches it
    ],
)
def test_a_curse_is_still_stood_down_in_its_own_clause_or_without_an_addressee(text: str) -> None:
    assert "threat-die-ja" in _suppressed(text), text
    assert "threat-die-ja" not in rule_ids(text), text


# ------------------------------------------------------------ English intent forms
@pytest.mark.parametrize(
    "text",
    [
        "I fully intend to shoot the manager",
        "I will end your life on Sunday",
        "I'm going to hurt you, Dave",
        "I'll be waiting at your office with a shotgun",
        "you won't make it out of that meeting alive",
        "Time to plan your funeral, councilman",
    ],
)
def test_english_intent_forms_compose_a_reading(text: str) -> None:
    result = detect_rules(text)
    assert result.reading, text


@pytest.mark.parametrize(
    "text",
    [
        "They fully intend to shoot the manager",  # someone else's plan
        "I'll end the call now",
        "I'm not going to hurt you",
        "If it snows you won't make it home.",
        "I'll be waiting at the cafe with a book",
    ],
)
def test_english_forms_that_threaten_nobody_compose_no_reading(text: str) -> None:
    assert not detect_rules(text).reading, text


# ------------------------------------------------------------ bombs said as placed
@pytest.mark.parametrize(
    "text",
    [
        "There is a bomb under the seats at the arena",
        "We have planted explosives in the station",
        "校舎に爆発物を隠してある",
        "あのホールを吹き飛ばしてやる",
    ],
)
def test_a_bomb_said_as_placed_is_a_threat_reading(text: str) -> None:
    assert detect_rules(text).reading, text


@pytest.mark.parametrize(
    "text",
    [
        "There is a bomb shelter under the arena",
        "警察によると、男は駅に爆弾を仕掛けた疑いで逮捕された",
        "悩みを吹き飛ばすには寝るのが一番",
    ],
)
def test_bomb_words_that_place_no_bomb_compose_no_reading(text: str) -> None:
    assert not detect_rules(text).reading, text


def test_a_reading_outranks_a_weapon_mention(scorer: Scorer) -> None:
    scored = scorer.score(["The pipe bomb is under the stage at the town hall"])[0]
    assert scored.category == "threat"


# ------------------------------------------------------------ normaliser and gate
def test_small_vowels_after_a_kanji_are_a_lengthening() -> None:
    assert drop_elongation("手ぇ出すな、目ぇ覚ませ") == "手出すな、目覚ませ"
    assert drop_elongation("ティーカップ、ふぁいと") == "ティーカップ、ふぁいと"
    assert views("家に火ぃつけたる").normalized.text == "家に火つけたる"
    assert passes_gate("家に火ぃつけたるで")


def test_a_lone_katakana_shi_before_ne_reaches_the_rules() -> None:
    assert passes_gate("係長シねよ")
    assert "threat-die-ja" in rule_ids("係長シねよ")


def test_a_knife_after_an_object_marker_is_the_verb() -> None:
    assert "threat-harm-weak-ja" in rule_ids("明日、店長を🔪する")
    assert not rule_ids("料理🔪する")


def test_no_questions_asked_with_a_price_is_a_courier_lure() -> None:
    assert "rec-courier-en" in rule_ids("move boxes across town, no questions asked, 400 cash")
    assert "rec-courier-en" not in rule_ids("you can return it, no questions asked")
