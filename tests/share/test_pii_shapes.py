"""The recogniser on shapes of personal data beyond the tables: names the dictionary knows
only as names, romaji names either way round, a name written twice (kanji and romaji),
towns without their municipality, labelled ids and handles, dates of birth in era and
Western forms; and the ordinary words that stand in the same places and must stay."""

from __future__ import annotations

import pytest

from kizashi.share import find_personal_data
from kizashi.share.tear_line import tearline


def _found(text: str, kind: str) -> list[str]:
    return [f.text for f in find_personal_data(text) if f.kind == kind]


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        # a surname the dictionary knows only as a surname, with no honorific or label
        ("吉越が昨夜また来店した。", "person", "吉越"),
        # romaji names: surname in capitals first, or given name first, no table needed
        ("名義は MIZUGUCHI Hamido で登録", "person", "MIZUGUCHI Hamido"),
        ("カードの名義 Junichi Misaka、", "person", "Junichi Misaka"),
        # a romaji name said with a verb of naming, with words between
        ("客はNanakidaって英語で名乗った", "person", "Nanakida"),
        # a katakana given name with a kanji ending, after a kanji word
        ("昨日サヨ子くんが来た", "person", "サヨ子"),
        ("昨日ナヲくんが来た", "person", "ナヲ"),
        # a town without its municipality, by the numbers after it
        ("現場（老松町7-6-14）の前", "address", "老松町7-6-14"),
        ("富士見町7の22に住む", "address", "富士見町7の22"),
        ("東雲二丁目12-3の倉庫", "address", "東雲二丁目12-3"),
        # a town whose county is left out (中頭郡北谷町)
        ("北谷町字桑江8-2-14に", "address", "北谷町字桑江8-2-14"),
        # phones with spaced separators and a full-width landline
        ("携帯 090 - 4762 - 2238 まで", "phone", "090 - 4762 - 2238"),
        ("電話０３－３５８１－４３２１", "phone", "０３－３５８１－４３２１"),
        # plates of a hiragana region
        ("とちぎ500さ12-34の軽トラ", "plate", "とちぎ500さ12-34"),
        # labelled ids: only the value goes
        ("会員番号 K12345678 の利用者", "id_number", "K12345678"),
        ("口座番号1234567へ振込", "id_number", "1234567"),
        ("旅券番号：TR1234567", "id_number", "TR1234567"),
        # handles after a platform's name, without @
        ("インスタ hana_kuro88 で発信", "account", "hana_kuro88"),
        # dates of birth before or after what says so
        ("生年月日 S58.3.2", "birth_date", "生年月日 S58.3.2"),
        ("平成3年5月6日生まれの男性", "birth_date", "平成3年5月6日"),
        ("1990.5.6生の男", "birth_date", "1990.5.6"),
        ("DOB 02/03/1987", "birth_date", "DOB 02/03/1987"),
    ],
)
def test_a_shape_of_personal_data_is_found(text: str, kind: str, value: str) -> None:
    found = _found(text, kind)
    assert any(value in v for v in found), (text, found)


def test_a_name_written_twice_is_taken_in_both_spellings() -> None:
    text = "佐織が来店し、Harii Saori名義のカードで支払った。"
    assert set(_found(text, "person")) >= {"佐織", "Harii Saori"}


@pytest.mark.parametrize(
    "text",
    [
        "名前は知らない",  # 知 is a verb's stem after a label, not a name
        "彼の名前は知らないが、顔は覚えている",
        "お名前は以前からうかがっております。",  # an ordinary noun after a label
        "お前の前に立つな",  # 前 and お前 are no names
        "お前さ、名前は？",
        "マーケティング担当管理職を対象としたセミナー",
        "Come Home, Take Care",  # English words made of Japanese syllables
        "I went to Tokyo Station",
        "IDを忘れた",  # a label with no value
        "三丁目の夕日",
        "電話03-1234-5678",  # a phone, not a town with three numbers
        "彼はビートルズに夢中になった",  # a band the dictionary lists as a person
        "子供達が三枚ずつ配った",
    ],
)
def test_an_ordinary_phrase_keeps_its_words(text: str) -> None:
    people = _found(text, "person")
    addresses = _found(text, "address")
    assert people == [] and addresses == [], (people, addresses)


def test_a_labelled_id_leaves_its_label_in_the_tearline() -> None:
    torn = tearline("会員番号 K12345678 の利用者", "TLP:GREEN").text
    assert "K12345678" not in torn and "会員番号" in torn
