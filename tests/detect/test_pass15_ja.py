"""Pass 15 of issue 13 (Japanese precision): a memorial's 命日 is no threat unless it is the
reader's, a survival game or an e-sports match is a game, and a warning is a menace only with
a routine known of the reader; the same words said as menace stay flagged.

The sentences are written for these tests (none is a probe item)."""

from __future__ import annotations

import pytest

from kizashi.detect import Scorer
from kizashi.detect.gate import passes_gate
from tests.detect.readings import guards_fired, rule_ids


@pytest.mark.parametrize(
    "text",
    [
        "恩師の命日になるとゼミの仲間が集まります",
        "祖父の命日が決まった日のことはよく覚えている",
        "土曜のサバゲー、次はお前だ🔫 @taro",
        "サバイバルゲームの定例会、フラッグ戦で次はお前を狙う",
        "スクリムで全敗、このチームもう終わりだ",
        "もう遅いし、夜道は危ないから家まで送るよ",
        "一人で帰らせない方がいいって、最近は物騒だからさ",
    ],
)
def test_memorials_games_and_warnings_are_not_flagged(scorer: Scorer, text: str) -> None:
    assert scorer.score([text])[0].category is None, text


def test_the_game_guard_knows_survival_games_and_e_sports() -> None:
    assert "game-fiction" in guards_fired("週末のサバゲーで次はお前だ")
    # The guns themselves are not game words: a converted gas gun is still a listing.
    assert "lst-converted-fires-ja" in rule_ids("改造済みのガスガン、金属弾を撃てます")


def test_the_game_guard_stands_down_when_the_text_says_it_is_no_game(scorer: Scorer) -> None:
    text = "サバゲーの話じゃねえよ。次はお前だ、課長🔫"
    assert "game-fiction" not in guards_fired(text)
    assert scorer.score([text])[0].category == "threat"


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("お前の命日は俺が決めてやる、明日の会議室でな", "threat-implicit-ja"),
        ("明後日の説明会は部長の命日になるだろう", "threat-death-day-ja"),
        (
            "お嬢さん、毎週火曜に塾から一人で帰ってるよね。一人で帰らせない方がいいよ",
            "threat-watched-ja",
        ),
        (
            "奥さん、毎晩10時にコンビニから歩いて帰ってるよな。夜道は危ないからな",
            "threat-watched-ja",
        ),
    ],
)
def test_menace_in_the_same_words_is_flagged(scorer: Scorer, text: str, rule: str) -> None:
    assert passes_gate(text), text
    assert rule in rule_ids(text), text
    assert scorer.score([text])[0].category == "threat", text


def test_a_death_day_is_a_menace_only_as_the_readers() -> None:
    assert "threat-implicit-ja" not in rule_ids("先輩の命日になると思い出す")
    assert "threat-implicit-ja" in rule_ids("貴様の命日は俺が決める")
