"""Pass 21 of issue 13 (det40, Japanese): threats said as a condition on the reader's conduct,
as harm the reader must avert by meeting a demand, as someone's safety held to a demand, as
poison put in someone's food, as the reader gone from this world by a coming date or told not
to expect to come back alive; crowded trains as places; a lure named as the entrance to a crime
is a warning. These sentences are written for the tests, none is a probe item
(docs/detection.md, "Pass 21 (det40)")."""

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
        "帰宅ラッシュの車内で刃物振り回してやる",
    ],
)
def test_threats_without_a_named_target_or_place_are_read(scorer: Scorer, text: str) -> None:
    assert scorer.score([text])[0].category == "threat"


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
