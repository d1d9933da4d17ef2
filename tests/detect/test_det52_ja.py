"""det52 (issue 13, Japanese): implicit threats with no harm verb, read as a composition.

Recall: knowing where the reader or their family is, with a warning said as a command, an escape
denied, 覚悟 or 震えて待て; the knowledge left dangling on から; regards to the family from one
who already knows the home; the next meeting foretold as the last (plain, Kansai, keigo); a
person's end said as a fact to come; an occasion said not to end safely (in any register) or
ended by the writer; a public building razed; an object left at a public place with a time and a
consequence; fuel spread in dialect; dialect second persons as targets.

Precision: a parent's care, a friend's directions, a farewell, 最後の + noun, a task finished, a
wish that an event ends safely, a locker in a travel plan, a forgotten object, 灯油 for a stove,
banter with w, staging, a relative clause. None of these sentences is a probe item
(docs/history/detection-journal.md, the det52 entry)."""

from __future__ import annotations

import pytest

from kizashi.detect import Scorer


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(cache_size=0)


@pytest.mark.parametrize(
    "text",
    [
        "あんたの娘が通ってる中学校、もう調べてある。逃げられると思うなよ",
        "お前の勤め先の住所は把握済みや。覚悟しとけ",
        "貴様の職場、もう分かってるからな",
        "次に顔を見た時がお前の最期だぞ",
        "次回お会いする時が最後となりましょう",
        "今度の金曜が奴の終わりだ",
        "来月の説明会、平穏に終わるなどと思わぬことだ",
        "市長の視察、わしが終わらせたる",
        "あの市民会館を灰にしてやる",
        "区役所の待合室に置いた箱、午後2時になったら分かる",
        "公民館に灯油まいたるけん",
        "おめえの家、もう分がってっから",
    ],
)
def test_det52_menace_readings_flag(scorer: Scorer, text: str) -> None:
    assert scorer.score([text])[0].category == "threat"


@pytest.mark.parametrize(
    "text",
    [
        "家の場所分かってるから、駅まで迎えに行くね",
        "子供の学校の場所分かるから、お迎え行っとくよ。気をつけて帰ってきてね",
        "実家の住所、把握してるから年賀状送るね。ご家族によろしく",
        "次に会うときは最後の試合だね、お互い頑張ろう",
        "次に会う時が最後だね、転勤寂しいよ",
        "今度会う時が最後だって思うと泣ける",
        "来週の発表会、無事に終わりますように",
        "演説会の準備、俺が最後まで終わらせてやるよ",
        "荷物を駅のロッカーに置いて、正午に改札で待ち合わせね",
        "学校のロッカーにお弁当置いたままだった、昼になったら分かる",
        "ストーブに灯油入れといたるわ",
        "ガソリンまいたる奴はアホやろ",
        "同窓会、平穏に終わると思うなよw 幹事あいつだぞ",
        "文化祭のお化け屋敷、火の海にするから見に来て",
        "市長の講演、行かない方が身のためだよ、めっちゃ退屈だから",
        "お前の家の場所分かったわ、雪道やから気ぃつけや",
    ],
)
def test_det52_everyday_twins_are_left_alone(scorer: Scorer, text: str) -> None:
    assert not scorer.score([text])[0].flagged


@pytest.mark.parametrize(
    "text",
    [
        "次に会う時が最後だ。連絡は無用",
        "お前の家は知ってる。逃げられないぞ、警察に連絡しても無駄だ",
        "次に会う時が最後だ、元気でいられるのも今のうちだ",
    ],
)
def test_det52_farewell_guard_stands_down_on_futility(scorer: Scorer, text: str) -> None:
    # The review of det52: 連絡 and 元気 in the farewell guard hid these threats.
    assert scorer.score([text])[0].category == "threat"


@pytest.mark.parametrize(
    "text",
    [
        # A mundane reason anywhere in the post, before the advice too.
        "市長の講演会、退屈だから行かない方が身のためだよ",
        "寝坊するなら市長の講演会は行かない方が身のためだよ",
        "市長の講演会は行かない方が身のためだよ",
        "議員の皆さん、覚悟してください、この予算案は厳しいです",
        # A delivery, a worry or a hope is no left object; a surprise is no bomb.
        "区役所に申請書を届けたけど、この先どうなるかな",
        "会社に退職届を置いてきた、明日どうなるか楽しみ",
        "会社の休憩室に置いた箱、3時になったら分かるよ、みんなへのサプライズ",
        "学校の教室に置いたプレゼント、放課後にどうなるかな",
        # A polite farewell.
        "次にお会いする時が最後となります。これまで本当にお世話になりました",
        "次回お会いするのが最後になります。後任の田中をよろしくお願いします",
        "今度会った時が最後だよ、貸したお金返してね",
        # A celebration or a party.
        "ライブの最後、俺が最高の形で終わらせてやる",
        "イベントの幕を下ろしてやるぜ、最高のフィナーレで",
        "結婚式、普通に終わると思うなよ、余興すごいから",
        "来週の同窓会、まともに終わると思うなよ、あいつら飲むからな",
        # A venue alone, care and logistics, a game call, shredding.
        "会場の場所は把握してるから",
        "迷ったら電話してって？大丈夫、お前の家もう分かってるから",
        "お前の家の場所分かってるから、待ってろよ、今からピザ持ってく",
        "娘の塾の場所、やっと分かった。帰り道は気をつけろって言っといた",
        "これがお前の最後だ、ロン！",
        "明日の新聞に載るのはお前だ、甲子園でホームラン打ったからな",
        "会社のシュレッダーで書類を灰にしてやる",
    ],
)
def test_det52_review_twins_are_left_alone(scorer: Scorer, text: str) -> None:
    # The everyday uses of the readings' patterns that the review of det52 found flagged.
    assert not scorer.score([text])[0].flagged


def test_det52_advice_idiom_needs_an_addressee(scorer: Scorer) -> None:
    # 身のため said to the office-holder (a vocative) reads; said about the talk to a friend not.
    assert scorer.score(["市長、講演会は行かない方が身のためだ"])[0].category == "threat"
