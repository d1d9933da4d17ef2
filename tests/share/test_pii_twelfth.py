"""The twelfth round's rules: a role's holder before a closing bracket, a role with a prefix
(新入会員), a kana or katakana name after a role, any office word before a surname, a spaced
katakana name after a label or in a role's list, the names joined to a found name by ・, 、
or ／, a writer's own name after a greeting, a kana given name before さん after a particle,
a brand's piece in a dotted katakana run; with the ordinary sentences that stand in the same
shapes and must stay. Every value is written for this test."""

from __future__ import annotations

import pytest

from kizashi.share.tear_line import leftovers, tearline


def _kept(text: str, values: list[str]) -> list[str]:
    return leftovers(tearline(text, "TLP:GREEN").text, values)


def _touched(text: str) -> bool:
    return bool(tearline(text, "TLP:GREEN").removed)


@pytest.mark.parametrize(
    ("text", "values"),
    [
        # a role and its holder in brackets: the closing bracket ends the name
        ("2　証人　Rossi, Anna（通訳人 鶚川）", ["鶚川"]),
        # a role with a prefix, and a spaced katakana member in its list
        ("新入会員 朶原、ヨナス ベルク\n連絡先は事務局", ["朶原", "ヨナス ベルク"]),
        # a kana given name or a katakana name after a role
        ("会計 蕪木、書記 ゆきむね\n", ["蕪木", "ゆきむね"]),
        ("裁判所書記官 ヴァルガ", ["ヴァルガ"]),
        # katakana after a role and の, unknown to the dictionary
        ("担任のヴェルデュスにも伝えます。", ["ヴェルデュス"]),
        # roles added from the spent AA–AB
        ("忘れ物はフロント 鵺沼 が保管しています。", ["鵺沼"]),
        ("担当 蕪木→査定 樒田へ引継ぎ", ["蕪木", "樒田"]),
        # any office word before a surname (no list holds these)
        ("駅長 鵯岡 より連絡", ["鵯岡"]),
        ("支配人：榁井　確認済み", ["榁井"]),
        # a spaced katakana name after a form's label
        ("同伴者：ヤリ ミエッティネン　入館証 No.3", ["ヤリ ミエッティネン"]),
        # the names joined to a found one by ・
        ("第3週 朶原・鴇田さん\n", ["朶原", "鴇田"]),
        # a writer's own name after a greeting
        ("ゆりさん、こんばんは。珠江です。\n昨日の件です。", ["珠江"]),
        # a kana given name before さん after a particle
        ("車出しはよしぞうさんのお母さんです。", ["よしぞう"]),
        # a dotted name after a label and before an honorific, a brand's piece or not (the
        # brand guard below must not take it away)
        ("入居者：ヤオ・マンシャ様", ["ヤオ・マンシャ"]),
    ],
)
def test_twelfth_round_values_are_removed(text: str, values: list[str]) -> None:
    assert _kept(text, values) == []


@pytest.mark.parametrize(
    "text",
    [
        "通訳人の手配は開廷の1週間前までに（通訳人の都合による）。",
        "新入会員の歓迎会を来月開きます。",
        "団員募集中、カフェ ラテの差し入れあり。",
        "会長 挨拶の後、議事に入りました。",
        "公務員 試験の申込みは来週まで。",
        "所長 東京へ出張中。",
        "相手方 ニュー ヨークの支店",
        "東京・大阪・名古屋で開催します。",
        "こんにちは。元気です。",
        "こんばんは。雨です。",
        "今日はおにいさんが来た。",
        "私はたくさん食べた。",
        "それはみなさんのおかげです。",
        "受付はこちらが対応します。",
        "担当のスタッフが伺います。",
        "店長のアドバイスで決めました。",
        "捜査メモ：車両はトヨタ・ハイエース、色は白。",
    ],
)
def test_twelfth_round_look_alikes_stay(text: str) -> None:
    assert not _touched(text), tearline(text, "TLP:GREEN").removed


def test_an_honorific_after_a_role_holder_stays_outside_the_name() -> None:
    torn = tearline("入居者 根羽幻花さんの部屋に出入り", "TLP:GREEN")
    assert "根羽幻花" not in torn.text
    assert "さんの部屋" in torn.text


def test_a_role_holder_in_kana_keeps_its_honorific_outside() -> None:
    torn = tearline("炊き出し担当 ほのきさん、あんさいさん", "TLP:GREEN")
    assert "ほのき" not in torn.text and "あんさい" not in torn.text
    assert torn.text.count("さん") == 2
