"""The recogniser's seventh-round rules (2026-12-05): foreign names in Western order in Latin
letters and katakana, lone surnames and given names by a role, a household word, a kinship
word or a quote, a full name's parts found again, card numbers by the Luhn check and by a
card's label, a building named after its address; with the ordinary text that stands in the
same places and must stay. Every value is written for this test."""

from __future__ import annotations

import pytest

from kizashi.share import find_personal_data
from kizashi.share.pii_lone import _luhn
from kizashi.share.tear_line import leftovers, tearline


def _found(text: str, kind: str) -> list[str]:
    return [f.text for f in find_personal_data(text) if f.kind == kind]


def _kept(text: str, values: list[str]) -> list[str]:
    return leftovers(tearline(text, "TLP:GREEN").text, values)


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("先方の担当は Oliver Hughes、来週来日予定。", ["Oliver Hughes"]),
        ("同居人は Thomas Keller とのこと", ["Thomas Keller"]),
        ("Our employee Priya Raman handled the case.", ["Priya Raman"]),
        ("The card was issued to Henry Walsh in 2024.", ["Henry Walsh"]),
        ("Kind regards,\nMartin Novak", ["Martin Novak"]),
        ("my neighbour is Oscar Lindqvist, he shouts at night", ["Oscar Lindqvist"]),
        ("友達のJacobって子がよく来る", ["Jacob"]),
        ("Hello, my name is Greta.", ["Greta"]),
        ("同行者 ジョナサン・ミラー（米国籍）", ["ジョナサン・ミラー"]),
        ("通訳は マイケル　ジョーダン さんに依頼", ["マイケル　ジョーダン"]),
        ("申込者 Declan O'Rourke", ["Declan O'Rourke"]),
        ("Contact: Marie-Claire Fontaine", ["Marie-Claire Fontaine"]),
        ("昨日Oliverが来た", ["Oliver"]),
        ("隣のダニエルが怒鳴っていた", ["ダニエル"]),
        ("同行者 カーン・イムラン", ["カーン・イムラン"]),
    ],
)
def test_foreign_names_in_western_order_go(text: str, values: list[str]) -> None:
    assert _kept(text, values) == []


def test_a_western_name_found_once_is_taken_where_its_parts_stand_alone() -> None:
    text = "Card holder Isabel Moreno called. Isabel said the card never left her bag."
    assert _kept(text, ["Isabel Moreno", "Isabel"]) == []


@pytest.mark.parametrize(
    "text",
    [
        "Windows Media Player の新しいスキンを入手した。",
        "Please contact Customer Service at our Tokyo office.",
        "The Grand Hotel is near Central Station.",
        "ニューヨーク・タイムズの記事を読んだ",
        "ワールド・カップを見た",
        "エイズ・ウイルスの拡散を防ぐ",
        "おもしろい所といえばマリオ・パブですよ。",
        "ホテル サンルートに泊まった",
        "隣のテレビがうるさい",
        "Windowsが起動しない",
        "Googleで調べた",
        "Merry Christmas and Happy New Year!",
    ],
)
def test_capitalised_words_and_katakana_compounds_that_are_no_people_stay(text: str) -> None:
    assert _found(text, "person") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("担任 宍戸　記載者 教頭 宍戸 篤志", "宍戸"),
        ("従業者 鰐淵\n以上", "鰐淵"),
        ("送り主は塩飽（東京都府中市）、届け先は不明", "塩飽"),
        ("依頼主 武者小路ヨシ子　TEL 不明", "武者小路ヨシ子"),
        ("振込先 鴫原 ふみ子 名義口座", "鴫原 ふみ子"),
        ("店長八重樫さん協力的", "八重樫"),
        ("向かいの勅使河原の息子が毎晩うるさい", "勅使河原"),
        ("父ときえの工具を持ち出した", "ときえ"),
        ("連れの男は「鉄之助」と呼ばれてた", "鉄之助"),
        ("通：鬼頭です、鬼頭しのぶ。電話は", "鬼頭"),
        ("主事 栂尾　秀俊", "栂尾"),
    ],
)
def test_lone_names_go_where_the_note_says_whose_they_are(text: str, value: str) -> None:
    assert _kept(text, [value]) == []


@pytest.mark.parametrize(
    "text",
    [
        "彼女の一番下の子供は５歳です。",
        "過去より、未来の息子様に目を向けてあげた方がいい。",
        "お母さんは、あなたが山登りをすることに反対するでしょう。",
        "ええーお父さんとは喧嘩もしないんですか？",
        "担当者様にお伝えください。",
        "店長室に集合",
        "「先生」と呼ばれている",
    ],
)
def test_ordinary_words_beside_roles_and_kin_stay(text: str) -> None:
    assert _found(text, "person") == []


def test_luhn() -> None:
    assert _luhn("4111111111111111")
    assert not _luhn("4111111111111112")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("決済に使われたのは 4539 1488 0343 6467 のカード", "4539 1488 0343 6467"),
        ("クレジット 5555-5555-5555-4444（期限 03/29）", "5555-5555-5555-4444"),
        ("番号は378282246310005、加盟店照会は明日", "378282246310005"),
        ("Amex 3782 822463 10005 was used", "3782 822463 10005"),
        ("customer no. M4420917 logged in", "M4420917"),
        ("card ending 771204", "771204"),
    ],
)
def test_card_numbers_go_by_the_luhn_check_or_a_label(text: str, value: str) -> None:
    assert _kept(text, [value]) == []


@pytest.mark.parametrize(
    "text",
    [
        "被害額は合計 4,980,000 円",
        "コード 4111111111111112 を入力",
        "JAN 4901234567894 の商品",
    ],
)
def test_numbers_that_fail_the_luhn_check_and_have_no_card_label_stay(text: str) -> None:
    assert _found(text, "id_number") == []


def test_a_building_named_right_after_its_address_goes() -> None:
    text = "あの、大阪府堺市東区石原町3-26-12のグランメール石原なんですけど"
    assert _kept(text, ["グランメール石原"]) == []


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("Hey it's Torvald. Got your number from a friend.", ["Torvald"]),
        ("Hi, this is Marguerite from the front desk", ["Marguerite"]),
        # a surname that is also an English word, after a word for a person
        ("The card was issued to Emily Baker last year.", ["Emily Baker"]),
    ],
)
def test_self_introductions_and_names_with_a_word_in_them(text: str, values: list[str]) -> None:
    assert _kept(text, values) == []


@pytest.mark.parametrize(
    "text",
    [
        "Hey it's Monday again, back to work.",
        "It's Christmas tomorrow!",
        "this is Tokyo Tower at night",
        "Please contact Customer Service at our office.",
    ],
)
def test_what_is_introduced_but_no_name_stays(text: str) -> None:
    assert tearline(text, "TLP:GREEN").removed == []
