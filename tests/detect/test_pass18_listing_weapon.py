"""Pass 18 of issue 13: marketplace listings of ammunition parts and of toy guns made to fire
live rounds, and weapon making said in the first person, in Japanese and English — and the
same words in ordinary senses (carts, phone cases, brass goods, paint, cosplay, plumbing,
homework, fireworks, news and police warnings) left alone.

The sentences are written for these tests (none is a probe item)."""

from __future__ import annotations

import pytest

from kizashi.detect import Scorer, detect_rules
from kizashi.detect.gate import passes_gate


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(cache_size=0)


def _rules(text: str) -> set[str]:
    return {h.rule for h in detect_rules(text).hits}


def _suppressed_by(text: str) -> dict[str, set[str]]:
    return {s.hit.rule: {g for g, _ in s.guards} for s in detect_rules(text).suppressed}


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("薬 莢 .223 まとめて30個 送料込み", "lst-casing-spelling-ja"),
        ("ヤッキョウ 9ミリ 12コ 匿名配送", "lst-casing-spelling-ja"),
        ("やっきょう 20個 即決でお願いします", "lst-casing-spelling-ja"),
        ("カート 7.62 実物 20発分 送料別", "lst-cartridge-calibre-ja"),
        ("空ケース 357マグナム 18個 1200円", "lst-cartridge-calibre-ja"),
        ("撃ち殻 .45 ACP 30個 まとめ売り", "lst-cartridge-calibre-ja"),
        ("ガスガン ライフリング加工済み 即決", "lst-toygun-live-ja"),
        ("エアコキ 実弾OK 現状渡し", "lst-toygun-live-ja"),
        ("モデルガン 本物の弾が使えます 手渡し", "lst-toygun-live-ja"),
        ("once-fired .308 brass, 150 pcs, shipped", "lst-ammo-listing-en"),
        ("WTS live primers, 2 boxes, cash only", "lst-ammo-listing-en"),
        ("spent 9mm brass x300, ¥3000, pick up in Sendai", "lst-ammo-listing-en"),
        ("airsoft pistol converted to fire real 9mm, as-is, DM", "lst-replica-live-en"),
        ("printing the lower tonight, trigger and barrel arrive tomorrow", "wpn-printed-frame-en"),
        ("frame is in the jig now, the glock parts kit came", "wpn-printed-frame-en"),
        ("rifling the tube by hand so the pistol will fire straight", "wpn-barrel-work-en"),
        ("my zip gun is finished, testing it on saturday", "wpn-improvised-gun-en"),
        ("packed black powder into the pipe and wired the end caps", "wpn-device-build-en"),
        ("emptied the powder out of the fireworks to fill the tube", "wpn-device-build-en"),
        ("grinding saltpetre and sulfur, charcoal next", "wpn-black-powder-en"),
        ("塩ビ管に火薬を詰めて両端を閉じた", "wpn-device-fill-ja"),
        ("爆竹をばらして火薬を集めた", "wpn-powder-harvest-ja"),
        ("旋盤で銃身を削り出した、次は撃針", "wpn-gun-parts-ja"),
        ("硝石と硫黄を混ぜた", "wpn-black-powder-ja"),
    ],
)
def test_listing_and_making_readings_fire(text: str, rule: str) -> None:
    assert rule in _rules(text)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("薬 莢 .223 まとめて30個 送料込み", "prohibited_listing"),
        ("カート 5.56 実物 40発分 ノークレームで", "prohibited_listing"),
        ("once-fired .308 brass, 150 pcs, shipped", "prohibited_listing"),
        ("printing the lower tonight, trigger and barrel arrive tomorrow", "weapon"),
        ("grinding saltpetre and sulfur, charcoal next", "weapon"),
        # A pipe said as filled with powder is a weapon being made, not the pipes and caps a
        # neighbour saw (act-pipes-caps stands down: device-filled).
        ("鉄パイプに黒色火薬を詰めてキャップを締めた", "weapon"),
    ],
)
def test_readings_flag_their_category(scorer: Scorer, text: str, category: str) -> None:
    (scored,) = scorer.score([text])
    assert scored.flagged
    assert scored.category == category


@pytest.mark.parametrize(
    "text",
    [
        "ショッピングカート 12個 送料無料",
        "マリオカート8 送料込み 3000円",
        "iPhone 12 mini ケース 送料無料",
        "収納ケース 厚さ10mm 3個セット 送料込み",
        "真鍮ケース 名刺入れ 送料無料 1500円",
        "電動ガン 0.98J以下 法令適合 送料込み",
        "selling brass rod 10mm, 5 pcs, shipped",
        "selling empty brass planters, 3 pcs, shipped",
        "brass band live this friday, tickets ¥3000, dm me",
        "printing the lower half of my cosplay armour tonight",
        "printing a frame for my drone, the motors come tomorrow",
        "the plumber fixed the pipe and the end caps under the sink",
        "fireworks tonight by the river, bring a blanket",
        "chem homework: saltpeter and sulfur, balance the equation",
        "花火の火薬の匂い、夏って感じ",
        "線香花火をばらしたら火薬はちょっとだけ、という自由研究",
        "モデルガンの撃針を削り出した",
    ],
)
def test_ordinary_senses_are_not_read(text: str) -> None:
    new_rules = {
        "lst-casing-spelling-ja", "lst-cartridge-calibre-ja", "lst-toygun-live-ja",
        "lst-ammo-listing-en", "lst-replica-live-en", "wpn-printed-frame-en",
        "wpn-barrel-work-en", "wpn-improvised-gun-en", "wpn-device-build-en",
        "wpn-black-powder-en", "wpn-device-fill-ja", "wpn-powder-harvest-ja",
        "wpn-gun-parts-ja", "wpn-black-powder-ja",
    }  # fmt: skip
    assert not _rules(text) & new_rules


@pytest.mark.parametrize(
    ("text", "rule", "guard"),
    [
        (
            "押収されたヤッキョウは200個、ネットで売られていた",
            "lst-casing-spelling-ja",
            "listing-enforcement-ja",
        ),
        # Every listing rule of listing.yaml takes the enforcement guard too.
        (
            "押収された空薬莢は約200個、ネットで売買されていた",
            "lst-ammo-sale-ja",
            "listing-enforcement-ja",
        ),
        (
            "customs seized once-fired brass, 200 pcs, shipped as scrap",
            "lst-ammo-listing-en",
            "listing-enforcement-en",
        ),
        (
            "printing the lower receiver prop for my cosplay, the barrel is foam",
            "wpn-printed-frame-en",
            "making-toy-en",
        ),
        (
            "硝石と硫黄を混ぜると火薬になる、と理科の授業で習った",
            "wpn-black-powder-ja",
            "lesson-ja",
        ),
        (
            "花火の筒に火薬を詰める職人の技、という番組を見た",
            "wpn-device-fill-ja",
            "fireworks-trade-ja",
        ),
    ],
)
def test_news_warnings_lessons_and_props_stand_down(text: str, rule: str, guard: str) -> None:
    assert guard in _suppressed_by(text).get(rule, set())


def test_the_gate_reads_casings_spelled_apart_and_calibres_not_carts() -> None:
    assert passes_gate("薬 莢 10個 送料込み")
    assert passes_gate("カート 7.62 10発分")
    assert not passes_gate("ショッピングカート 送料無料")
    # Primers pass as a firearm's, not as paint.
    assert passes_gate("live primers, 2 boxes")
    assert not passes_gate("paint primers, 2 cans")
