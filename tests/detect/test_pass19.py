"""Pass 19 of issue 13: threats against office-holders and civic occasions said by the
occasion's fate, a precaution, a shot put into the office-holder, fuel and a flame brought
to the place, or an ultimatum to resign; casing and cartridge listings told apart from a
licensed hand-over and from inert dummies; weapon making from bought parts — and the same
words in ordinary senses left alone.

The sentences are written for these tests (none is a probe item)."""

from __future__ import annotations

import pytest

from kizashi.detect import Scorer, detect_rules
from kizashi.detect.gate import passes_gate
from tests.detect.readings import guards_fired, rule_ids


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        (
            "the governor won't finish her speech at the convention tomorrow",
            "threat-fate-political-en",
        ),
        ("mayor dean is not gonna get through his remarks on tuesday", "threat-fate-political-en"),
        ("wear body armor to the candidate forum on the 9th", "threat-fate-political-en"),
        (
            "grab a vest if you're sitting near the stage at the rally sunday",
            "threat-fate-political-en",
        ),
        (
            "the clerks at the polling place should write their wills before tuesday",
            "threat-fate-political-en",
        ),
        ("ima put one in the senator at the fundraiser", "threat-fate-political-en"),
        (
            "everyone in the front rows at the debate won't be going home",
            "threat-fate-political-en",
        ),
        (
            "see you at the polling station monday, i'll be out front with a gas can and matches",
            "threat-fuel-ignition-en",
        ),
        (
            "the judge has until thursday to step down, after that it's out of my hands",
            "threat-ultimatum-office-en",
        ),
    ],
)
def test_civic_readings_fire(text: str, rule: str) -> None:
    assert rule in rule_ids(text)


@pytest.mark.parametrize(
    "text",
    [
        "the governor won't finish her speech at the convention tomorrow",
        "ima put one in the senator at the fundraiser",
        "see you at the polling station monday, i'll be out front with a gas can and matches",
        "the judge has until thursday to step down, after that it's out of my hands",
        "wear body armor to the candidate forum on the 9th",
    ],
)
def test_civic_threats_are_flagged(scorer: Scorer, text: str) -> None:
    scored = scorer.score([text])[0]
    assert scored.flagged and scored.category == "threat"


@pytest.mark.parametrize(
    "text",
    [
        # an office given up, a habit, a late session, an errand, a vest for the cold
        "the senator won't finish her term, she announced her retirement today",
        "the mayor never finishes his speeches on time",
        "the senator won't be going home tonight, the session runs late",
        "bring a vest to the rally saturday, it gets cold after dark",
        "update your will before you retire, the lawyer at city hall said",
        "put one in the senator's mailbox, the flyers are in the box",
        "bring gas and matches for the campfire at the park saturday",
        "the mayor has until friday to sign the budget, after that it's out of my hands",
        # news and counter-speech
        "police said the man wrote that the governor won't finish her speech",
        "posting that a candidate won't finish his speech is a threat, report it",
    ],
)
def test_civic_ordinary_senses_are_left_alone(scorer: Scorer, text: str) -> None:
    assert not scorer.score([text])[0].flagged


def test_an_office_holder_warned_off_with_where_he_goes_known_is_a_threat() -> None:
    text = "the alderman better not show his face at the hearing, i know where he parks"
    assert "threat-implicit-en" in rule_ids(text)
    assert "threat-implicit-en" not in rule_ids("he better not show his face at practice lol")


def test_a_retried_game_mission_is_fiction() -> None:
    text = "that level where you have to shoot the mayor at the parade took me 12 tries"
    assert "game-fiction" in guards_fired(text)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("空薬莢 1個 250円 9ミリ 送料込み", "prohibited_listing"),
        ("カート(空) 5.56mm 30個 まとめ売り 送料無料", "prohibited_listing"),
        (
            "ダミーカート 実物の薬莢で作ってあります 雷管と火薬を詰め直せば実弾化できます",
            "prohibited_listing",
        ),
        ("爆竹を何箱もばらして中身を鉄パイプに詰めた", "weapon"),
        ("花火の火薬を集めて水道管に押し込んだ", "weapon"),
    ],
)
def test_listings_and_making_are_flagged_as_their_category(
    scorer: Scorer, text: str, category: str
) -> None:
    scored = scorer.score([text])[0]
    assert scored.category == category


def test_a_calibre_with_its_unit_passes_the_gate() -> None:
    assert passes_gate("空ケース 7.62mm 20個")
    assert passes_gate("brass 308win 100 pcs")
    assert not passes_gate("room 2234 is on the third floor")


@pytest.mark.parametrize(
    "text",
    [
        "空ケース .308 30個 所持許可証を確認できる方にのみ対面でお譲りします",
        "空薬莢 40個 銃砲店を通して、譲受許可証のある方へ",
    ],
)
def test_a_licensed_hand_over_is_not_a_prohibited_listing(scorer: Scorer, text: str) -> None:
    assert "licensed-transfer-ja" in guards_fired(text)
    assert scorer.score([text])[0].category != "prohibited_listing"


@pytest.mark.parametrize(
    "text",
    [
        "空ケース .308 30個 許可証不要 送料込み",
        "空薬莢 40個 許可証の確認なしで発送します",
    ],
)
def test_a_seller_who_needs_no_licence_keeps_the_listing(scorer: Scorer, text: str) -> None:
    assert "licensed-transfer-ja" not in guards_fired(text)
    assert scorer.score([text])[0].category == "prohibited_listing"


def test_an_inert_dummy_stays_a_replica() -> None:
    assert "legal-replica" in guards_fired("ダミーカート 9mm 樹脂製 発火不可 6発 送料込み 薬莢風")


def test_powder_harvest_is_stood_down_by_a_warning_not_by_any_noun() -> None:
    assert "wpn-powder-harvest-ja" in rule_ids("花火をばらして火薬を抜いて缶に溜めている")
    assert "hazard-warning-ja" in guards_fired(
        "花火をばらして火薬を取り出すのは危険なのでやめましょう"
    )


def test_powder_said_before_its_pipe_is_weapon_making_not_parts_seen() -> None:
    result = detect_rules("花火の火薬を集めてから鉄パイプに詰める")
    assert "wpn-device-fill-ja" in {h.rule for h in result.hits}
    assert "act-pipes-caps" not in {h.rule for h in result.hits}


def test_a_weapon_case_in_the_news_is_not_flagged_on_the_model_alone(scorer: Scorer) -> None:
    text = "捜査関係者の話では、男は海外から取り寄せた部品で拳銃を作ろうとしていた。"
    assert "news-report" in guards_fired(text)
    assert not scorer.score([text])[0].flagged


def test_firecracker_powder_in_a_pipe_is_a_device_built() -> None:
    assert "wpn-device-build-en" in rule_ids(
        "bought pipe and caps at the hardware store, filling it with firework powder"
    )
