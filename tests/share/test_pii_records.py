"""The recogniser on the shapes of partners' records (the fifth round, 2026-12-04 night):
buildings and rooms, foreign names in passport capitals or katakana with a middle dot, a
name's other script in brackets, OCR noise inside numbers and dates, English dates of
birth, platform ids after a label or a chat export's timestamp, and the name-frequency
prior that keeps loanword compounds (バナナミルク); with the ordinary text that stands in
the same places and must stay. Every value is written for this test."""

from __future__ import annotations

import pytest

from kizashi.share import find_personal_data
from kizashi.share.tear_line import leftovers, tearline


def _found(text: str, kind: str) -> list[str]:
    return [f.text for f in find_personal_data(text) if f.kind == kind]


def _removed(text: str) -> list[str]:
    return [f.text for f in find_personal_data(text)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # a home word at the end or the start of the building's name, with or without a room
        ("サンライズマンション502号室に住む男", "サンライズマンション502号室"),
        ("入居者の部屋はコーポ高梨 2F です", "コーポ高梨 2F"),
        ("ハイツ森ノ宮 B棟 108 の住人", "ハイツ森ノ宮 B棟 108"),
        ("実家は松葉荘で、", "松葉荘"),
        # any katakana-and-kanji name with a room after it
        ("パークサイド緑ヶ丘-1105 から苦情", "パークサイド緑ヶ丘-1105"),
        ("届け先 エスポワール西新井 304号", "エスポワール西新井 304号"),
        # a room alone, a labelled building
        ("隣の1203号室の方", "1203号室"),
        ("物件名：クレストール弥生台\n", "クレストール弥生台"),
        # English: Apt/Unit with its number, a building named beside it
        ("Shipping to Apt. 12, Riverside Heights, 4-1-8 Hiyoshi, Kohoku-ku", "Apt. 12"),
        ("Shipping to Apt. 12, Riverside Heights, 4-1-8 Hiyoshi, Kohoku-ku", "Riverside Heights"),
        ("He lives at Maison Clair 403, 2-9-1 Nishiki, Naka-ku.", "Maison Clair 403"),
    ],
)
def test_buildings_and_rooms_are_addresses(text: str, value: str) -> None:
    # (pii22: a building before an English-order address may be found whole with its room,
    # Apt. 12, Riverside Heights, — the value inside an address found)
    assert any(value in found for found in _found(text, "address"))


@pytest.mark.parametrize(
    "text",
    [
        "高級マンションが建ち並ぶ",  # an ordinary word before the home word
        "マンションの管理組合",
        "別荘に行った",
        "ウインドウズ95対応のファイル",  # a known word and a short number, no room
        "東京タワーは333メートル",
        "The Supreme Court ruled on it.",  # Court with no room and no address beside it
        "会議室3で待つ",
        "縦１２０センチ横１６０センチだ",  # a unit and a side before a number
    ],
)
def test_ordinary_buildings_and_numbers_stay(text: str) -> None:
    assert _found(text, "address") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Name: OKONKWO CHIDI EMEKA", "OKONKWO CHIDI EMEKA"),
        ("借受人：RODRIGUEZ LUIS（ロドリゲス・ルイス）", "RODRIGUEZ LUIS"),
        # the other script in brackets after it
        ("借受人：RODRIGUEZ LUIS（ロドリゲス・ルイス）", "ロドリゲス・ルイス"),
        ("宿泊者 TRAN MINH KHOA（陳明科）", "陳明科"),
        # an honorific between the name and its other script
        ("会員氏名 アルジュン・メータ 様（Arjun Mehta）", "Arjun Mehta"),
        ("the guest KOVAC PETAR, DOB 1990-05-02", "KOVAC PETAR"),
        ("Reporter: Ana Ferreira, cashier", "Ana Ferreira"),
        ("展示会で Arjun Mehta 氏と接触", "Arjun Mehta"),
        # katakana with middle dots, no piece an ordinary word or a place
        ("相手はアルジュン・メータと名乗った", "アルジュン・メータ"),
    ],
)
def test_foreign_names(text: str, value: str) -> None:
    assert value in _found(text, "person")


@pytest.mark.parametrize(
    "text",
    [
        "PLEASE NOTE THE NEW HOURS",
        "YO WE GOT THE NEW COVER ART (5 Minutes later)",
        "ニューヨーク・タイムズの記事",
        "ワールド・カップを見た",
        "Name: TBD",
        # a label far before capitalised words is no label of theirs
        "Did I just get called [NAME]? Achievement Unlocked!",
        "NOT THE [NAME] ALBUM LMAOOOO",
    ],
)
def test_capitals_and_dotted_words_that_are_no_names_stay(text: str) -> None:
    assert _found(text, "person") == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("電話 O9O-2211-87O3", "phone"),  # letter O for zero
        ("生 年 月 日 平成 4 年 10 月 2 日", "birth_date"),  # a spaced label and date
        ("生年月日：昭和５O年l2月3日", "birth_date"),  # O and l for digits
        ("DOB: Feb. 9, 1991", "birth_date"),
        ("Date of birth: 9th February 1991", "birth_date"),
        ("born 03-Mar-1979 in Lima", "birth_date"),
        ("Date of birth (per ID card): 14/11/1982", "birth_date"),
    ],
)
def test_noisy_numbers_and_english_dates_of_birth(text: str, kind: str) -> None:
    assert _found(text, kind)


def test_a_scanned_phone_with_spaces_and_kanji_dashes_is_removed() -> None:
    text = "電話番号 0 8 0一4417 ー 2093"
    assert leftovers(tearline(text, "TLP:GREEN").text, ["080-4417-2093"]) == []


@pytest.mark.parametrize(
    "text",
    [
        "The 2019 Olympics were held in 2021.",
        "Call me at 10 or 11 tomorrow.",
        "1991年に生まれた",  # a year alone is no date of birth
        "IBM bought it in 1990",
    ],
)
def test_numbers_and_years_that_are_no_noise_stay(text: str) -> None:
    assert _found(text, "phone") == [] and _found(text, "birth_date") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("ユーザー名 hirokazu.t の投稿", "hirokazu.t"),
        ("ユーザーID：sakura_mochi2", "sakura_mochi2"),
        ("Seller: kuroneko_shop7 (user ID 1489302275561)", "kuroneko_shop7"),
        ("[2026-10-02 08:15] mochizuki_k2: おはよう", "mochizuki_k2"),
    ],
)
def test_platform_ids_without_an_at(text: str, value: str) -> None:
    assert value in _found(text, "account")


@pytest.mark.parametrize(
    "text",
    [
        "I don't know how to handle children.",
        "what their username was. was it worse",
        "Good for #70",
    ],
)
def test_english_words_after_an_id_label_stay(text: str) -> None:
    assert _found(text, "account") == [] and _found(text, "address") == []


def test_a_mention_by_a_japanese_name_is_a_person() -> None:
    assert "@柳瀬" in _found("@柳瀬 明日の件よろしく", "person")


@pytest.mark.parametrize(
    "text",
    ["バナナミルクを飲んだ", "イチゴミルクが好き", "カフェオレとメロンパン"],
)
def test_loanword_compounds_are_no_run_together_names(text: str) -> None:
    """The name-frequency prior: a surname-shaped piece with a rare given reading (バナナミ +
    ルク) is no name; a listed surname's reading or a popular given name's still is."""
    assert _found(text, "person") == []


def test_run_together_names_with_a_listed_or_popular_part_are_still_found() -> None:
    assert "ナカゾノトヨヒサ" in _found("連絡はナカゾノトヨヒサから", "person")
    assert "サクマハルカ" in _found("相手はサクマハルカで", "person")


def test_the_tearline_of_a_tenant_report_keeps_none_of_its_seeded_values() -> None:
    text = (
        "物件名：グランフォレ若葉 203号室\n借受人：PEREIRA JOAO（ペレイラ・ジョアン）\n"
        "DOB: 7 Oct 1988\n電話 O8O-5521-7764\nLINE ユーザー名 joao.p88"
    )
    seeded = [
        "グランフォレ若葉",
        "PEREIRA JOAO",
        "ペレイラ・ジョアン",
        "7 Oct 1988",
        "5521",
        "joao.p88",
    ]
    assert leftovers(tearline(text, "TLP:GREEN").text, seeded) == []
