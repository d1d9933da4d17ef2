"""Names the shipped tables lack, found by their context and shape, and the ordinary words
that stand in the same places and must stay."""

from __future__ import annotations

import importlib

import pytest

from kizashi.share import find_personal_data
from kizashi.share.pii import tables
from kizashi.share.pii_context import surname_shaped
from kizashi.share.tear_line import leftovers, tearline


def _people(text: str) -> list[str]:
    return [f.text for f in find_personal_data(text) if f.kind == "person"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("借主の宗谷さん、最近夜中に作業してます", "宗谷"),  # a surname no table lists
        ("江別くんが言ってたけど", "江別"),  # Sudachi reads it as a place
        ("領収書は鹿志村様宛で", "鹿志村"),
        ("柏巡査部長が訪問した", "柏"),  # the longest title, not 柏巡査 + 部長
        ("ウォルシュさんがまた来た", "ウォルシュ"),
    ],
)
def test_a_name_before_an_honorific_or_title_is_taken(text: str, name: str) -> None:
    assert name in _people(text)


@pytest.mark.parametrize(
    "text",
    [
        "お客さんが来た",
        "皆さん、こんにちは",
        "店員さんに聞いた",
        "大工さんが来る",
        "交換手さん、電話が切れました",
        "将来君は何になりたいですか",  # 君 as "you"
        "彼は幸運にもよい奥さんを見つけた",
        "営業部長が承認した",
        "当分の間叔母さんのところにいます",
        "多種多様な品物",
        "パパさんとママさん",
    ],
)
def test_an_ordinary_word_before_an_honorific_is_not_a_name(text: str) -> None:
    assert _people(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("対象者はウエガキと名乗る男で", "ウエガキ"),
        ("タケトモって人がまた来たよ", "タケトモ"),
        ("千秋という男が来た", "千秋"),
    ],
)
def test_a_name_before_a_verb_of_naming_is_taken(text: str, name: str) -> None:
    assert name in _people(text)


@pytest.mark.parametrize(
    "text",
    [
        "彼はヨーロッパ最高の政治家という名に値する",
        "何百万という人々",
        "先を争って人が出口に殺到した",
    ],
)
def test_a_role_a_number_or_a_verb_before_a_naming_phrase_is_not_a_name(text: str) -> None:
    assert _people(text) == []


def test_a_household_is_a_name_and_a_region_is_not() -> None:
    assert "黒鳥" in _people("巡査が足立区の黒鳥方を訪問し")
    assert _people("関東の地方では雨") == []


def test_a_name_found_once_is_taken_wherever_it_recurs() -> None:
    text = "さっきの客森奈って名乗ってました。領収書は森奈様宛で。"
    torn = tearline(text, "TLP:GREEN").text
    assert "森奈" not in torn
    assert "客" in torn


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("奈良木 四一様（ナラキ ヨイチ）のアカウント", "ナラキ ヨイチ"),  # a reading in brackets
        ("クロトリ リョウマ（36）と面談した", "クロトリ リョウマ"),  # an age after it
        ("萓場 シゲコ（46）方において", "萓場 シゲコ"),
        ("協力者によれば、マルサワは投稿している", "マルサワ"),  # shaped like a surname
    ],
)
def test_a_katakana_or_mixed_name_is_taken_by_its_shape(text: str, name: str) -> None:
    assert name in _people(text)


def test_surname_shape_is_two_readings_of_surname_kanji_and_no_loanword() -> None:
    surnames = tables().surnames
    assert surname_shaped("マルサワ", surnames)
    assert surname_shaped("ケンモチ", surnames)
    assert not surname_shaped("キーワード", surnames)  # a long vowel: a loanword
    assert not surname_shaped("オンオン", surnames)  # a doubled word
    # ホテル may be shaped like a surname (穂 + 照), but Sudachi knows it as a word
    assert _people("ホテルは駅前にある") == []


def test_a_hiragana_town_stays_in_the_address() -> None:
    found = [
        f.text
        for f in find_personal_data("住所は千葉県印西市みどり台一丁目4-23-19です")
        if f.kind == "address"
    ]
    assert found == ["千葉県印西市みどり台一丁目4-23-19"]


def test_the_tearline_export_is_the_function_even_after_its_module_is_imported() -> None:
    importlib.import_module("kizashi.share.tear_line")
    share = importlib.import_module("kizashi.share")
    assert callable(share.tearline)
    assert share.tearline("連絡先は090-1234-5678", "TLP:GREEN").text == "連絡先は［電話番号］"


@pytest.mark.parametrize(
    ("text", "values"),
    [
        (
            "借主：鰐渕　ゐづ子（ワニブチ イヅコ）　昭和51年生",
            ["鰐渕", "ゐづ子", "ワニブチ イヅコ"],
        ),
        ("申込者 樋渡雅秋（ヒワタシ マサアキ）", ["樋渡雅秋", "ヒワタシ マサアキ"]),
        ("契約者 唐牛 文恵 様（カロウジ・フミエ）", ["唐牛 文恵", "カロウジ・フミエ"]),
    ],
)
def test_a_name_with_its_reading_in_brackets_is_taken_with_the_reading(
    text: str, values: list[str]
) -> None:
    assert leftovers(tearline(text, "TLP:GREEN").text, values) == []


def test_a_place_with_its_reading_in_brackets_stays() -> None:
    assert tearline("東京都（トウキョウ ト）の人口は増えた", "TLP:GREEN").removed == []
