"""det54 (issue 13, Japanese): menace with no harm verb, read by its grammar
(``threat_warning_ja.yaml``).

Recall: the writer causing regret or suffering (後悔させてやる, 同じ目にあわせたる, 思い知らせて
やる); a past attack named as the writer's model (事件みたいにしてやる); Kansai vows Sudachi splits
past the harm lists (いてこます, しばいたろか, どついたる); 次はない, 覚悟しとけ, どうなっても知らん
with a person addressed, or two of them together.

Precision: a shop's last sale, a coach's or a rival's banter, advice with a reason, a news
report or a quotation of the same words, a wish that an attack never happens again. None of
these sentences is a probe item (docs/history/detection-journal.md, det54)."""

from __future__ import annotations

import pytest

from kizashi.detect import Scorer


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(cache_size=0)


@pytest.mark.parametrize(
    "text",
    [
        "俺を馬鹿にしたこと、死ぬほど後悔させてやる",
        "あの大家には後悔させたるからな",
        "店長にも同じ目にあわせてやる",
        "部長には思い知らせてやる",
        "あの通り魔事件みたいにしてやるよ",
        "放火事件の再現してやる",
        "あの課長、今度こそいてこますぞ",
        "ほんまにどついたるで",
        "お前、次はないぞ",
        "てめえの職場は分かってる。覚悟しとけよ",
        "どうなっても知らんぞ。本気だからな",
        "次はないからな。逃げられると思うなよ",
        # Sudachi's splits: 目見|せ|たる, しばき|倒し|たる; an object verb with a person
        "痛い目見せたるからな、あの店長",
        "しばき倒したるわ、覚えとけ",
        "お前ら全員埋めたるぞ",
    ],
)
def test_menace_without_a_harm_verb_is_a_threat(scorer: Scorer, text: str) -> None:
    assert scorer.score([text])[0].category == "threat"


@pytest.mark.parametrize(
    "text",
    [
        "後悔させないから、このラーメン食べてみて",
        "後悔しないように毎日練習する",
        "ひどい目にあった、傘を忘れた",
        "目に合わせてアイシャドウの色を選ぶ",
        "あの事件みたいなことは二度と起きてほしくない",
        "「後悔させてやる」と送った男が逮捕された",
        "次はないと思って面接に臨む",
        "次はないぞ、覚悟しとけ！本日限りの大特価",
        "みんな覚悟しておいてね、明日の課題は多いから",
        "来週の試合、覚悟しとけよ！",
        "どうなっても知らないよ、傘持っていかないなら",
        "芝居だろか、あれは",
        # Kansai たる as a benefactive with an object verb; ambition in an exam or a show
        "庭にチューリップの球根埋めたるわ",
        "落ち葉集めて燃やしたるで、焼き芋しよ",
        "お風呂に入浴剤沈めたるね",
        "受験で思い知らせてやるんだ、模試の判定に",
        "ライバル校に思い知らせてやろうぜ、今年こそ優勝だ！",
        "次のライブで世界に思い知らせてやる",
    ],
)
def test_everyday_twins_are_left_alone(scorer: Scorer, text: str) -> None:
    assert not scorer.score([text])[0].flagged
