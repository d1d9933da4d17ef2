"""Hard negatives: text that looks alarming but is not must not score as a threat or lure,
and the guard that let it through is on record for --explain."""

from __future__ import annotations

import pytest

from kizashi.detect import detect_rules

HARD_NEGATIVES = [
    # counter-speech
    "「殺す」なんて軽々しく書くな。通報されるぞ",
    "候補者に「死ね」とかリプしてる人、普通に犯罪だからやめな",
    "政治的な意見が違うからって「殺す」はありえない",
    "闇バイトの「ホワイト案件」は全部ウソ。応募しちゃダメ",
    "「即日即金」「荷物を運ぶだけ」は闇バイトの典型。若い子ほんとに気をつけて",
    # news of arrests
    "【速報】板橋区で42歳の男を殺人未遂容疑で逮捕 (東都新聞)",
    "「殺すぞ」と脅迫した疑いで23歳の男を逮捕、北区の飲食店で #ニュース",
    "闇バイトで強盗、実行役の19歳を逮捕…SNSで募集 (城北ニュース)",
    "特殊詐欺の受け子、19歳の高校生を逮捕 - 城北テレビ",
    "ニュース見たけど練馬区の殺人事件、犯人捕まってよかった",
    # games and fiction
    "FPSのボス戦で12回死んだ",
    "バトロワ、敵を全員殺すまで出られない部屋で詰んでる",
    "サスペンスドラマの「首を洗って待ってろ」って台詞、かっこよすぎ",
    "魔法少女クロノで推しが殺された。立ち直れない",
    # idioms
    "死ぬほど眠い",
    "タヒる、今日も残業",
    "この牛丼、死ぬほどうまい",
    "笑いすぎて死んだ",
    "推しのビジュが良すぎて殺される",
    "課題終わらなくて死にそう",
    "息を殺して見守った",
    "this game is killing me",
    "I could kill for a coffee right now",
    "the ramen near Otsuka is to die for",
    # numbers
    "2024年の手帳まだ使ってる",
    "ランチ5,600円はさすがに高い",
    "ナンバープレートが4649で笑った",
    "5656って昔のネットスラングで「ゴロゴロ」って読むんだよね",
    "問い合わせは090-1234-5678まで",
    "11/1 15:00 大塚駅で待ち合わせ",
    "大塚から56番のバスで帰る",
    # spaced kana glued onto their neighbours, where the tokens are no threat
    "こ ろ すごい",
    "と こ ろ すごく",
    "ここ ろ す",
    # sulfur in hot-spring and gardening posts
    "草津の硫黄泉、においがクセになる",
    "バラのうどんこ病に石灰硫黄合剤まいた。冬の間に消毒しとく",
    "家庭菜園、石灰硫黄合剤は希釈を間違えると葉が焼けるので注意",
    # legitimate job ads
    "【求人】倉庫内軽作業 日給1万2千円・交通費支給・株式会社ミナト物流 大塚駅徒歩5分",
    "イベント設営スタッフ募集！日給1万円〜、交通費支給、株式会社さくらイベント",
    "引越しスタッフ急募 日払い可 社会保険完備 株式会社アオバ運輸",
    "軽貨物ドライバー募集 荷物を届けるだけの簡単作業 日給1万2千円 株式会社ミナト物流",
    "置き配中心なので届けるだけ。1件150円、月収30万円も可 株式会社ハヤテ便",
    # everyday: receiving a parcel
    "宅配を受け取るだけなのに一日家にいた",
    # election talk
    "11/1に大塚駅南口で桜井みどりさんの街頭演説あるらしい。行ってみようかな",
]


@pytest.mark.parametrize("text", HARD_NEGATIVES)
def test_no_threat_or_recruitment(text: str) -> None:
    result = detect_rules(text)
    assert result.scores["threat"] == 0, result.explain()
    assert result.scores["recruitment"] == 0, result.explain()


def test_suppressed_hits_explain_their_guard() -> None:
    result = detect_rules("「殺すぞ」と脅迫した疑いで23歳の男を逮捕")
    # only context (a person named: 男) is left, which never scores alone
    assert all(hit.role == "context" for hit in result.hits)
    assert result.category is None
    # 殺す as a kill verb, and 殺すぞ as harm said as intent (threat-intent-ja): both guarded
    assert {s.hit.rule for s in result.suppressed} == {"threat-kill-ja", "threat-intent-ja"}
    for suppressed in result.suppressed:
        assert {g for g, _ in suppressed.guards} >= {"quotation", "news-report"}
    explained = result.explain()["suppressed"]
    assert isinstance(explained, list)
    assert sorted(e["text"] for e in explained) == ["殺す", "殺すぞ"]


def test_fiction_guard_stands_down_for_a_protected_target() -> None:
    # A threat against the candidate is read even if it mentions a game.
    result = detect_rules("ゲームじゃない。桜井を56す")
    assert result.scores["threat"] > 0
    assert "candidate-sakurai" in result.protected
