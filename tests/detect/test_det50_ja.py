"""det50 (issue 13, Japanese): causes found on a fresh probe's tune half, fixed generally.

Precision: a casing named with its material or use (薬莢って真鍮なんだ) is no listing without a
seller's word, a price or a count; "just carry" between friends (テーブル運ぶだけ手伝って) is a
favour, not a lure, without a job, pay or contact word; 最後の演説 as a noun phrase is a
retirement, not an occasion said to be the last; what the writer was told (覚悟しとけって言われた)
and the implicit menace's idioms in a friendly contest or before a treat are not threats; a
threat's name as a sentence's topic (爆破予告は犯罪です) is the crime talked about.

Recall: a real firearm's regulated part offered for sale; the keigo benefactive of an unwelcome
outcome (後悔していただきます, 二度と…ないお身体になっていただく, 命をもって償っていただく); the
reader's 最期 fixed or watched; a bomb placed said with the humble 致す; a vehicle named by its
kind or model, or the accelerator, driven into a place; a carrying role wanted with a per-task
pay far above market; riding or carrying "just" for such a sum.
None of these sentences is a probe item (docs/detection-det50.md)."""

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
        "退任する知事の最後の演説を中継で見た",
        "覚悟しとけって監督に言われた",
        "覚悟しとけよ、期末テストは俺が勝つ",
        "殺害予告なんて絶対に許されない",
        "電車で突っ込んだ話をした",
        "お父さんの最期を看取った",
        "博物館で本物の銃身を見た",
        "東京マルイ グロック スライド 送料込み",
        "ミニバンで駅前のロータリーに突っ込んで送迎した",
        "運搬 急募 時給1500円",
        "二度と迷わないお身体になっていただけるよう、ストレッチ教室へどうぞ",
    ],
)
def test_everyday_lines_stay_unflagged(scorer: Scorer, text: str) -> None:
    assert not scorer.score([text])[0].flagged
