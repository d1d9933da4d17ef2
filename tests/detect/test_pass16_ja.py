"""Pass 16 of issue 13 (Japanese): threats in dialects beyond Kansai, a weapon brandished as
the writer's act, casings named as cases, primers and propellant, and toy guns made to exceed
the legal power; the same words in ordinary senses stay unflagged.

The sentences are written for these tests (none is a probe item)."""

from __future__ import annotations

import pytest

from kizashi.detect import Scorer
from kizashi.detect.gate import passes_gate
from tests.detect.readings import rule_ids


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("課長の車、燃やすがらな", "threat-dialect-intent-ja"),
        ("店長の車、燃やすけえの", "threat-dialect-intent-ja"),
        ("係長、刺すっちゃ", "threat-dialect-intent-ja"),
        ("係長を叩きのめしちゃるけん", "threat-dialect-intent-ja"),
        ("係長をぶち殴ったるけえ", "threat-dialect-intent-ja"),
        ("先輩、いわしたろか", "threat-dialect-intent-ja"),
        ("金曜の夜、区役所で包丁を振りかざしてやる", "threat-weapon-act-ja"),
        ("係長の家に灯油を撒いてやる", "threat-weapon-act-ja"),
    ],
)
def test_dialect_and_weapon_threats_are_read_and_flagged(
    scorer: Scorer, text: str, rule: str
) -> None:
    assert passes_gate(text), text
    assert rule in rule_ids(text), text
    assert scorer.score([text])[0].category == "threat", text


@pytest.mark.parametrize(
    "text", ["おどれ、なにしとんねん", "きさん、どこ行きよっと", "おみゃあの車"]
)
def test_dialect_second_person_is_a_target(text: str) -> None:
    assert "threat-dialect-address-ja" in rule_ids(text), text


@pytest.mark.parametrize(
    "text",
    [
        "燃えるゴミは木曜けえ、忘れんといてね",
        "このラーメン、ぶちうまいけん食べてみて",
        "いわしの梅煮、簡単で美味しかった",
        "兄ちゃんに叩きのめされた、将棋で",
        "料理教室で包丁を振り回すのは危ないと習った",
        "刃物を振り回した男が駅で取り押さえられた",
        "どれにするか迷うなあ",
    ],
)
def test_the_same_words_in_ordinary_senses_are_not_flagged(scorer: Scorer, text: str) -> None:
    assert scorer.score([text])[0].category is None, text


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("狩猟用 空ケース 20番 30個 まとめ売り", "lst-ammo-parts-ja"),
        ("真鍮ケース .223 40個 送料無料", "lst-ammo-parts-ja"),
        ("雷管 50個 リロード用 即決", "lst-ammo-parts-ja"),
        ("黒色火薬 200g 手渡しのみ", "lst-ammo-parts-ja"),
        ("エアコッキング 威力アップ済み 現状渡し", "lst-toygun-power-ja"),
        ("ガスガン 鉛玉対応 即決", "lst-toygun-power-ja"),
    ],
)
def test_ammunition_parts_and_powered_toy_guns_are_listings(
    scorer: Scorer, text: str, rule: str
) -> None:
    assert rule in rule_ids(text), text
    assert scorer.score([text])[0].category == "prohibited_listing", text


@pytest.mark.parametrize(
    "text",
    [
        "iPhone用の空ケース 5個 まとめて出品",
        "真鍮ケースの名刺入れ 送料込み",
        "花火大会の火薬の匂いが好き",
        "電動ガン 法令適合 BB弾付き 即決",
        "パワーアップしたドライヤーを出品します",
        "改造エアガンを売った疑いで男を逮捕",
    ],
)
def test_ordinary_cases_powder_talk_and_legal_toys_are_not_listings(
    scorer: Scorer, text: str
) -> None:
    assert scorer.score([text])[0].category is None, text
