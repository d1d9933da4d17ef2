"""Counter-speech and news guards read a post clause by clause (guards.yaml v7), and Japanese
threats said in the plain form are the writer's intention (threat.yaml v6, pass 7)."""

from __future__ import annotations

import pytest

from kizashi.detect import detect_rules
from tests.detect.readings import guards_fired


@pytest.mark.parametrize(
    "text",
    [
        # a police/report word in one clause, the writer's own threat in the next
        "警察に言っても無駄だ、明日お前を殺す",
        "通報したければすればいい。今度会ったらお前を刺す",
        "Call the police if you want, I'm still going to kill you tomorrow.",
        "The cops can't protect you. I'm going to stab you at work.",
    ],
)
def test_a_guard_word_in_another_clause_does_not_hide_the_writers_threat(text: str) -> None:
    result = detect_rules(text)
    assert result.category == "threat" and result.reading, text
    assert not guards_fired(text) & {"counter-speech", "news-report"}, text


@pytest.mark.parametrize(
    ("text", "guard"),
    [
        # the guard word in the threat's own clause, or governing it, still suppresses it
        ("「明日お前を殺す」とメールを送った疑いで男を逮捕", "news-report"),
        ("容疑者は、明日お前を殺すとメールを送った", "news-report"),
        ("殺すとか簡単に書く人、普通に通報案件だから", "counter-speech"),
        ("The gunman said he was going to kill his manager, investigators said.", "news-report"),
        # a clause that says no intention of the writer's is still read in the whole post's light
        ("Kill the mayor. not okay.", "counter-speech"),
        ("He said he would kill her. We reported it to the police.", "counter-speech"),
    ],
)
def test_counter_speech_and_news_still_stand_their_own_clause_down(text: str, guard: str) -> None:
    result = detect_rules(text)
    assert not result.reading, text
    assert guard in guards_fired(text), text


@pytest.mark.parametrize(
    "text",
    [
        "明日、課長を殺す",
        "来週の会議で部長を刺す",
        "あいつの家を今夜燃やす",
        "部長マジで殺すから",
        "土曜にお前の店に火をつける",
    ],
)
def test_the_japanese_plain_form_with_a_person_or_place_is_a_threat_reading(text: str) -> None:
    reading = detect_rules(text).reading
    assert {"threat-plain-ja", "threat-plain-kara-ja"} & set(reading), text


@pytest.mark.parametrize(
    "text",
    [
        "明日、庭の雑草を全部燃やす",  # the plain form, but no one and nowhere to harm
        "息を殺して明日の発表を待つ",  # not the final form of the clause
        "殺すと書いた人を通報した",  # the plain form named, not said
        "明日の対局では早めに角を殺す",  # a shogi move
        "蚊を殺すから窓を閉めて",  # から that goes on, not an emphatic close
    ],
)
def test_plain_forms_that_threaten_no_one_are_no_reading(text: str) -> None:
    assert not detect_rules(text).reading, text


def test_a_multi_word_rule_entry_matches_as_a_token_sequence() -> None:
    # "blood bath" is two tokens: before threat.yaml v6 the rule compared it with one token
    # (the reading is threat-shoot-up-en's until the eighteenth pass moved it to
    # threat-carnage-subject-en, which needs the rally)
    hits = detect_rules("there will be a blood bath at the rally").hits
    assert any(
        h.rule == "threat-carnage-subject-en" and h.text.endswith("blood bath") for h in hits
    )
    assert not any(
        h.rule == "threat-carnage-subject-en"
        for h in detect_rules("there will be a bath at the rally").hits
    )
