"""det50 (issue 13, Japanese): causes found on a fresh probe's tune half, fixed generally.

Precision: casings talked about (見た, 教わった, 調べた, …んだね, 何グラム？) with no seller's
word, price or delivery are no listing; "just carry" as a chore complained of or a favour asked
right after だけ (運ぶだけなのに疲れた, 運ぶだけ手伝って) names no pay; 最後の演説 as a noun
phrase is a retirement; the implicit menace's idioms before a win or a treat said as the next
predicate are not threats; a threat's name as a sentence's topic (爆破予告は犯罪です) is the
crime talked about; 突っ込んだ話 is a frank talk; a threat's words retold as a joke.

Recall: a real firearm's regulated part offered for sale; the keigo benefactive of an unwelcome
outcome (後悔していただきます, 二度と…ないお身体になっていただく, 命をもって償っていただく); the
reader's 最期 fixed or watched; a bomb placed said with the humble 致す; a vehicle named by its
kind or model, or the accelerator, driven into a place; a carrying role wanted with a per-task
pay far above market.

The review of det50 (fix round): every casing listing `main` flagged is flagged (the listing-mark
requirement was reverted); terse "just carry" lures need no pay word (reverted); a school word
beside a threat does not stand it down; the writer's own threat after 言われた is read; a vehicle
driven into children or a crowd is no errand; 爆破予告も…あとは爆破するだけ is the act.
None of these sentences is a probe item (docs/history/detection-journal.md, det50)."""

from __future__ import annotations

import pytest

from kizashi.detect import Scorer


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(cache_size=0)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("実物 撃鉄 パーツ 拳銃用 送料込み", "prohibited_listing"),
        ("本物の拳銃用 機関部 部品取りに 匿名配送", "prohibited_listing"),
        ("課長には必ず後悔していただきます", "threat"),
        ("専務には二度と表を歩けないお身体になっていただきます", "threat"),
        ("貴様の最期はこの俺が決める、首を洗っておけ", "threat"),
        ("議場に爆弾を二つ設置いたしました、午後に爆発いたします", "threat"),
        ("土曜の商店街の人混みにミニバンで突っ込む", "threat"),
        ("運び役 急募 1回6万 即日", "recruitment"),
        # the review's lost items (det50 fix round)
        ("実銃 スライド 本物 部品のみ 送料無料", "prohibited_listing"),
        ("実物 撃針 パーツ 即購入OK", "prohibited_listing"),
        ("本物 ライフル 機関部 即購入OK", "prohibited_listing"),
        ("本物の銃身 1本 3万円", "prohibited_listing"),
        ("グロック17 実物スライド 出品します", "prohibited_listing"),
        ("ベレッタ 本物 バレル 送料無料", "prohibited_listing"),
        ("空薬莢 本物 ノークレームノーリターンでお願いします", "prohibited_listing"),
        ("空薬莢 本物 ゆうパケットで送ります", "prohibited_listing"),
        ("実物の薬莢です。ご希望の方はコメントください", "prohibited_listing"),
        ("空薬莢 真鍮製 実物 インテリアに", "prohibited_listing"),
        ("本物の薬莢 三千円でお譲りします", "prohibited_listing"),
        ("荷物運ぶだけ、興味ある人いる？", "recruitment"),
        ("書類受け取るだけ！カカオで", "recruitment"),
        ("荷物受け取るだけでいいから、今夜空いてる？", "recruitment"),
        ("荷物運ぶだけのお手伝い、お礼はずみます", "recruitment"),
        ("覚悟しとけよ、テスト終わったら帰り道でお前を待ってるからな", "threat"),
        ("覚悟しとけ、テストの日に学校で待ってる", "threat"),
        ("後悔させてやる、俺の点数を晒したお前をな", "threat"),
        ("覚悟しとけって言われた。こっちのセリフだ、家に火つけてやる", "threat"),
        ("学校の送迎レーンで車で子供たちに突っ込む", "threat"),
        ("駐車場に停めた車で祭りの会場に突っ込む", "threat"),
        ("爆破予告も出したし、あとは市役所を爆破するだけ", "threat"),
        ("貴殿の最期は私が見届けさせていただきます", "threat"),
    ],
)
def test_phrasings_read_with_their_category(scorer: Scorer, text: str, category: str) -> None:
    assert scorer.score([text])[0].category == category


@pytest.mark.parametrize(
    "text",
    [
        "薬莢の真鍮って磨くと綺麗だよね",
        "リロードの本で薬莢の寸法を調べた",
        "冷蔵庫運ぶだけ手伝ってくれたら焼肉おごる",
        "本棚を運ぶだけなのに汗だく",
        "段ボールを受け取るだけで一苦労だった",
        "退任する知事の最後の演説を中継で見た",
        "覚悟しとけよ、期末テストは俺が勝つ",
        "殺害予告なんて絶対に許されない",
        "電車で突っ込んだ話をした",
        "お父さんの最期を看取った",
        "博物館で本物の銃身を見た",
        "東京マルイ グロック スライド 送料込み",
        "ミニバンで駅前のロータリーに突っ込んで送迎した",
        "運搬 急募 時給1500円",
        "二度と迷わないお身体になっていただけるよう、ストレッチ教室へどうぞ",
        # the review's everyday lines (det50 fix round)
        "新幹線乗るだけで2万5千円かかる、帰省つらい",
        "ライブ行くだけで3万飛んだ",
        "あなたの最期が来るまでそばにいるよ",
        "あなたの最期は私が看取ると決めている",
        "先輩の愛車で突っ込んだ話をした",
        "この失敗は命をもって償っていただきます、と部長が冗談で言って笑いが起きた",
        "猟友会の人にリロード用の雷管と薬莢の話を聞いた",
        "空薬莢 真鍮 磨いたらピカピカになった",
    ],
)
def test_everyday_lines_stay_unflagged(scorer: Scorer, text: str) -> None:
    assert not scorer.score([text])[0].flagged
