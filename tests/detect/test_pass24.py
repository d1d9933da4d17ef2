"""Pass 24 of issue 13: spent casings in the other kanji (打ち殻) and cartridges named by their
gun (散弾カートリッジ); a seller's words of the deal (譲ります, 応相談) as marketplace marks; a
scale-model kit's parts are no ammunition; a safety not promised if the reader keeps
reporting or accusing (keigo and plain); a named person's house pictured burnt at a coming
time; an office-holder's occasion not finished, not stepped down from, or ending with them down.

The sentences are written for these tests (none is a probe item)."""

from __future__ import annotations

import pytest

from kizashi.detect import Scorer
from kizashi.detect.gate import passes_gate
from tests.detect.readings import guards_fired, rule_ids


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(cache_size=0)


# A threat or listing, the rule it is read by, its category, and a twin of the same shape that
# is none.
TWINS = [
    (
        "打ち殻 真鍮 .223 60個 即決",
        "lst-ammo-sale-ja",
        "prohibited_listing",
        "打ち合わせ用の資料 60個 即決",
    ),
    (
        "散弾カートリッジ 12番 使用済み 40個 送料込み",
        "lst-ammo-sale-ja",
        "prohibited_listing",
        "浄水器カートリッジ 交換用 12個 送料込み",
    ),
    (
        "実包 .30-06 1箱 譲ります 価格応相談",
        "lst-ammo-shape-count-ja",
        "prohibited_listing",
        "実弾射撃体験のチケット 2枚 1箱分 譲ります 応相談",
    ),
    (
        "この件を記事にされるのであれば、奥様の無事は保証いたしません",
        "threat-safety-unassured-ja",
        "threat",
        "台風の中で出航されるのであれば、乗客の安全は保証いたしません",
    ),
    (
        "あんたの事務所、週末には丸焼けだろうね",
        "threat-burn-image-ja",
        "threat",
        "あんたの事務所、去年丸焼けになったんだってね",
    ),
    (
        "somebody better make sure the governor doesn't get off that podium at thursday's forum",
        "threat-occasion-unfinished-en",
        "threat",
        "make sure the governor doesn't get off that podium until the last question on thursday",
    ),
    (
        "打ちガラ .45 80個 まとめ売り 送料込み",
        "lst-ammo-sale-ja",
        "prohibited_listing",
        "打ち上げ花火の筒 80個 まとめ売り 送料込み",
    ),
    (
        "ライフルカートリッジ 使用済み 15本 2,500円",
        "lst-ammo-shape-ja",
        "prohibited_listing",
        "プリンターカートリッジ 使用済み 15本 2,500円",
    ),
    (
        "ご家族の安全は、会長のご回答次第でございます",
        "threat-safety-depends-ja",
        "threat",
        "ご家族の旅行日程は、会長のご回答次第で決まります",
    ),
    (
        "お前が借りてる二丁目の事務所、来月には瓦礫の山だろうな",
        "threat-burn-image-ja",
        "threat",
        "お前が借りてる二丁目の事務所、去年の地震で瓦礫の山になったらしいな",
    ),
    (
        "anybody who goes to the governor's picnic on the 4th is getting shot",
        "threat-attendees-en",
        "threat",
        "anybody who goes to the governor's picnic on the 4th is getting a shot at the raffle",
    ),
    (
        "the congresswoman's rally on saturday is gonna end with her on the pavement",
        "threat-occasion-unfinished-en",
        "threat",
        "the congresswoman's rally on saturday ended with her on the stage dancing",
    ),
]


@pytest.mark.parametrize(("text", "rule", "category", "twin"), TWINS)
def test_a_reading_fires_and_its_twin_does_not(
    text: str, rule: str, category: str, twin: str
) -> None:
    assert rule in rule_ids(text)
    assert rule not in rule_ids(twin)


@pytest.mark.parametrize(("text", "rule", "category", "twin"), TWINS)
def test_the_readings_are_flagged_and_the_twins_are_not(
    scorer: Scorer, text: str, rule: str, category: str, twin: str
) -> None:
    assert scorer.score([text])[0].category == category
    assert not scorer.score([twin])[0].flagged


def test_a_scale_model_kit_is_no_listing_but_a_real_one_that_says_model_is(
    scorer: Scorer,
) -> None:
    kit = "1/35 戦車プラモデル 弾薬パーツ 薬莢付き 未組立 送料込み"
    assert "scale-model-kit-ja" in rule_ids(kit)
    assert "legal-replica" in guards_fired(kit)
    assert not scorer.score([kit])[0].flagged
    real = "空薬莢 実物 .45 30個 模型の小物にも 送料込み"
    assert scorer.score([real])[0].category == "prohibited_listing"


@pytest.mark.parametrize(
    "text",
    [
        "冬山に一人で登られるのであれば、命の保証はいたしかねます",
        "本製品を改造された場合、安全性は保証いたしかねます",
        "雨天決行の場合、参加者の皆様の安全はお約束できません",
    ],
)
def test_a_safety_disclaimer_that_names_no_reporting_is_no_threat(text: str) -> None:
    assert "threat-safety-unassured-ja" not in rule_ids(text)


def test_a_reported_threat_of_unpromised_safety_is_stood_down(scorer: Scorer) -> None:
    news = "「告発を続けるなら身の安全は保証しない」と書かれた手紙が届いたと記者が明かした"
    assert "threat-safety-unassured-ja" not in rule_ids(news)
    assert guards_fired(news)
    assert not scorer.score([news])[0].flagged


@pytest.mark.parametrize(
    "text",
    [
        "あいつの家、来週の燃えるゴミの日に出しといて",
        "ストーブつけっぱなしだと、帰る頃には家が燃えてなくなるかもよ",
        "お前の車、来週には燃えるような赤に塗り替えるんだって？",
    ],
)
def test_a_fire_with_no_owner_threatened_or_no_result_is_no_burn_image(text: str) -> None:
    assert "threat-burn-image-ja" not in rule_ids(text)


def test_a_cause_in_the_same_clause_stands_an_unfinished_occasion_down(scorer: Scorer) -> None:
    cause = "Senator Ortega will not complete his speech at the armory on friday due to the storm"
    assert "occasion-cause-en" in guards_fired(cause)
    assert not scorer.score([cause])[0].flagged
    writer = "Senator Ortega will not complete his speech at the armory on friday because of me"
    assert "occasion-cause-en" not in guards_fired(writer)
    assert scorer.score([writer])[0].category == "threat"


def test_will_not_complete_passes_the_gate_as_wont_complete_does() -> None:
    # The pattern reads "will not complete/survive/get through"; the gate's anchors named only
    # "will not finish", so the post never reached the rules.
    assert passes_gate("the governor will not complete her address at the expo on monday")
    assert passes_gate("the governor will not survive her address at the expo on monday")


def test_a_campaign_meet_and_greet_is_an_occasion() -> None:
    assert "threat-context-occasion-en" in rule_ids("see you at the meet and greet on friday")
    assert "threat-context-occasion-en" not in rule_ids("nice to meet you and greet your mom")


@pytest.mark.parametrize(
    "text",
    [
        "てめえの工場、明後日には跡形もなくなってるよ",
        "あいつんちの車、今夜のうちに燃えてなくなると思う",
        "貴様の実家、来月には灰になってるかもな",
    ],
)
def test_a_named_persons_building_ruined_at_a_coming_time_is_a_burn_image(text: str) -> None:
    assert "threat-burn-image-ja" in rule_ids(text)


def test_shot_by_a_camera_is_no_threat_to_the_attendees(scorer: Scorer) -> None:
    photo = "everybody at the mayor's gala on friday is getting shot too, two photographers"
    assert "photo-shoot-en" in guards_fired(photo)
    assert not scorer.score([photo])[0].flagged


def test_a_relative_clause_of_being_shot_is_no_threat_to_the_attendees() -> None:
    assert "threat-attendees-en" not in rule_ids(
        "anyone who gets shot at the rally on sunday will be treated in the first-aid tent"
    )


def test_a_scale_alone_marks_a_kit_and_a_january_date_does_not(scorer: Scorer) -> None:
    """Second reading: the scale's regex matched one token, and Sudachi reads 1/35 as three
    (so it never fired); 1/12–1/24 are also January dates in a listing."""
    kit = "1/35 薬莢パーツ 送料込み"
    assert "scale-model-kit-ja" in rule_ids(kit)
    assert not scorer.score([kit])[0].flagged
    dated = "1/20発送 空薬莢 10個 送料込み ¥3000"
    assert "scale-model-kit-ja" not in rule_ids(dated)
    assert scorer.score([dated])[0].category == "prohibited_listing"


def test_giving_is_an_offer_only_in_the_sellers_words(scorer: Scorer) -> None:
    """Second reading: the bare lemma 譲る made a story a listing."""
    story = "実弾 1箱を友人に譲った話、昔の猟師の思い出"
    assert "lst-ammo-shape-count-ja" not in rule_ids(story)
    assert not scorer.score([story])[0].flagged
    for offer in ("実弾 22LR 1箱 譲ります", "実包 50発 お譲りします", "実弾 1箱 譲渡可"):
        assert "lst-ammo-shape-count-ja" in rule_ids(offer), offer
