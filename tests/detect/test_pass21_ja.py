"""Pass 21 of issue 13 (det40, Japanese): threats said as a condition on the reader's conduct,
as harm the reader must avert by meeting a demand, as someone's safety held to a demand, as
poison put in someone's food, as the reader gone from this world by a coming date or told not
to expect to come back alive; crowded trains as places; a lure named as the entrance to a crime
is a warning. These sentences are written for the tests, none is a probe item
(docs/history/detection-journal.md, "det40")."""

from __future__ import annotations

import pytest

from kizashi.detect import Scorer


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(cache_size=0)


@pytest.mark.parametrize(
    "text",
    [
        "今度また嘘ついたら刺すけどいいの？",
        "これ以上つきまとったらどうなるか分かってるな？殴りに行くぞ",
        "店を燃やされたくなければ今週中に金を用意しろ",
        "娘に無事でいてほしいなら黙ってろ",
        "部長の味噌汁に農薬を入れてやる",
        "明日の今頃、貴様はもうこの世にいないぞ",
        "お前、生きて朝を迎えられると思うなよ",
    ],
)
def test_threats_without_a_named_target_or_place_are_read(scorer: Scorer, text: str) -> None:
    assert scorer.score([text])[0].category == "threat"


def test_a_crowded_train_as_the_place_of_a_threat_stays_read(scorer: Scorer) -> None:
    """A regression guard, not a test of this pass: main reads it already (the det40 review
    found it cannot fail there, nor could any train threat we tried); the place rule for
    trains only adds a component, so this checks nothing else stood it down."""
    assert scorer.score(["帰宅ラッシュの車内で刃物振り回してやる"])[0].category == "threat"


@pytest.mark.parametrize(
    "text",
    [
        "今度また寝坊したら朝ごはん抜きだからね",
        "これ以上食べたらどうなるか分かってるよね？太るよ",
        "風邪をひきたくなければ手洗いうがいをしましょう",
        "子どもが無事でいてほしいなら、チャイルドシートは必ず使って",
        "畑のネズミ対策に殺鼠剤を置いた",
        "祖父はもうこの世にいないけど、来月の法事で親戚に会う",
        "楽に生きていけると思うなよ、社会は厳しいぞ",
        "満員電車で通勤するのは疲れる",
        "高収入をうたう受け子の募集は特殊詐欺の入り口です",
    ],
)
def test_their_everyday_twins_are_left_alone(scorer: Scorer, text: str) -> None:
    assert not scorer.score([text])[0].flagged


# det40 review (cond_obj.txt): an everyday condition followed by the harm verb's own object or
# subject (薪を, 蚊が) is no promise to the reader. The branch before the fix read these 14 as
# threats; main leaves them alone, and so must this pass.
@pytest.mark.parametrize(
    "text",
    [
        "パン生地は捏ねすぎたら食感を殺すよ",
        "ミントを入れすぎたら香りを殺すよ",
        "派手な服を着たら個性を殺すよ",
        "ソースをかけすぎたら風味を殺すよ",
        "寒かったら薪を燃やすよ",
        "冬になったら落ち葉を燃やすよ",
        "茹でたらじゃがいもを潰すよ",
        "にんにくを剥いたら包丁で潰すよ",
        "空き缶は洗ったら潰すからね",
        "段ボールは開けたら潰すよ",
        "夜になったら蚊が襲うよ",
        "眠くなったら睡魔が襲うよ",
        "失敗したら原稿を燃やすよ",
        "迷ったら全部潰すよ、バグは",
    ],
)
def test_an_everyday_condition_with_its_own_object_is_no_threat(scorer: Scorer, text: str) -> None:
    assert not scorer.score([text])[0].flagged


# Their twins: the same condition with the reader named between it and the harm verb.
@pytest.mark.parametrize(
    "text",
    [
        "今度やったらお前を殺すぞ",
        "次やったら、てめえを刺す",
        "また来たら貴様を殴るからな",
    ],
)
def test_a_condition_then_the_reader_then_harm_is_a_threat(scorer: Scorer, text: str) -> None:
    assert scorer.score([text])[0].category == "threat"


# det40 review (guard_adv.txt): a lure that denies being a crime's entrance is still a lure; the
# counter-speech reading (〜は詐欺の入り口です) needs the fact asserted, not denied.
@pytest.mark.parametrize(
    "text",
    [
        "詐欺の入り口じゃないよ！荷物を受け取るだけで日給5万、テレグラムで連絡して",
        "闇バイトの入り口ではありません、安心安全のホワイト案件、即日現金払い",
        "強盗の手先とかじゃないです、荷物運ぶだけで高収入、詳細はDMで",
    ],
)
def test_a_lure_denying_it_is_a_crime_is_still_recruitment(scorer: Scorer, text: str) -> None:
    assert scorer.score([text])[0].category == "recruitment"
