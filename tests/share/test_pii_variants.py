"""The recogniser on names and fields written in variant scripts and layouts (the fourth
round, 2026-12-04 night): half-width katakana, lowercase romaji, katakana full names run
together, romaji with a moraic n, a caller introducing themself, hiragana given names the
tables do not list, fields in a Markdown table, chat speakers who speak once, names before
an age with 歳 or a mixed given name, 先輩 as a title, kanji-numbered blocks after a town;
and the ordinary words that stand in the same places and must stay."""

from __future__ import annotations

import pytest

from kizashi.share import find_personal_data
from kizashi.share.tear_line import leftovers, tearline


def _found(text: str, kind: str) -> list[str]:
    return [f.text for f in find_personal_data(text) if f.kind == kind]


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        # half-width katakana, composed before reading (ｶﾞ is one kana, not two)
        ("ﾌﾘｶﾞﾅ：ｳｷｶﾞﾔ ﾊﾅｺ", "person", "ｳｷｶﾞﾔ ﾊﾅｺ"),
        ("振込人 ﾔﾏｻﾞｷ ﾊﾅｺ ｻﾏ", "person", "ﾔﾏｻﾞｷ ﾊﾅｺ"),
        # lowercase romaji, either order
        ("name was yamada taro, paid cash", "person", "yamada taro"),
        ("contact hanako tanaka asap", "person", "hanako tanaka"),
        # katakana run together: a surname's reading (listed or shaped like one) and a
        # listed given name's, or a katakana name found earlier and what follows it
        ("昨日ミナミダイラチヒロが来た", "person", "ミナミダイラチヒロ"),
        ("連絡はナカゾノトヨヒサから", "person", "ナカゾノトヨヒサ"),
        ("名前はオヅキ、フルネームでオヅキユッコって言ってました。", "person", "オヅキユッコ"),
        # romaji with a moraic n before a vowel (しんいち, not しにち)
        ("Hi, this is Shinichi from the shop.", "person", "Shinichi"),
        # a caller introducing themself with a name no table lists
        ("Hi, this is Janetto from the shop.", "person", "Janetto"),
        ("This is Koorii speaking", "person", "Koorii"),
        # a hiragana given name the tables lack, before ちゃん
        ("たねこちゃんの父親だそうです", "person", "たねこ"),
        ("しめいちゃんの父親", "person", "しめい"),
        # a form written as a Markdown table: the cell border is the field's colon
        ("| 生年月日 | 1956/5/9 |", "birth_date", "1956/5/9"),
        ("| 生年月日 | 昭和６３年１１月１８日 |", "birth_date", "昭和６３年１１月１８日"),
        ("| 項目 | 内容 |\n|---|---|\n| 氏名 | ウキガヤ ハナコ |", "person", "ウキガヤ ハナコ"),
        # a chat log: a speaker who speaks once is a speaker too
        ("柿添: 今日また来た\n樹水: まじか\n柿添: 電話してみる？", "person", "樹水"),
        # 先輩 is a title after a surname no table lists
        ("葉山先輩の車また見た", "person", "葉山"),
        # a full name before an age written with 歳, or with a mixed given name
        ("神代 マレー（72歳）が運転", "person", "神代 マレー"),
        ("作間 ヒナ子（76歳）が運転", "person", "作間 ヒナ子"),
        ("山懸ヨリ子（22）在住", "person", "山懸ヨリ子"),
        # a block in kanji numbers after a town that ends in no 町
        ("黒川郡大和町鶴巣鳥屋十八番地の十八", "address", "黒川郡大和町鶴巣鳥屋十八番地の十八"),
    ],
)
def test_a_variant_shape_is_found(text: str, kind: str, value: str) -> None:
    found = _found(text, kind)
    assert any(value in v for v in found), (text, found)


@pytest.mark.parametrize(
    "text",
    [
        "I planted taro root",  # one listed reading beside an English word
        "call me at home",
        "カラオケボックスに行った",  # a dictionary word
        "サトウキビ畑が広がる",
        "アルバイトをした",
        "It's Sake.",  # a romaji word that is an ordinary Japanese word
        "It's Hokkaido.",  # a place a caller may name
        "I'm Japanese.",
        "きっとわんちゃん",  # two words run together before ちゃん
        "あかちゃんが泣いた",
        "東京タワー（3）",  # a place and a word before a number in brackets
        "大和町の一番いい店",
    ],
)
def test_an_ordinary_phrase_of_the_same_shape_stays(text: str) -> None:
    assert find_personal_data(text) == [], find_personal_data(text)


def test_a_role_opening_lines_of_a_transcript_is_not_a_speakers_name() -> None:
    # 受理者 (the call-taker) opens two lines: Sudachi reads it 受理 + 者, a role
    text = "受理者：ご住所は？\n通報者：わかりません。\n受理者：お名前は？"
    assert [f for f in find_personal_data(text) if f.text == "受理者"] == []


def test_half_width_spans_point_at_the_original_characters() -> None:
    text = "ﾌﾘｶﾞﾅ：ｳｷｶﾞﾔ ﾊﾅｺ"
    (finding,) = [f for f in find_personal_data(text) if f.kind == "person"]
    assert text[finding.start : finding.end] == "ｳｷｶﾞﾔ ﾊﾅｺ"
    assert tearline(text, "TLP:GREEN").text == "ﾌﾘｶﾞﾅ：［氏名］"


def test_an_honorific_after_a_labelled_name_stays_outside_the_name() -> None:
    assert tearline("氏名：美波一久 様", "TLP:GREEN").text == "氏名：［氏名］ 様"


def test_a_tearline_keeps_none_of_the_variant_shapes() -> None:
    text = (
        "| 項目 | 内容 |\n|---|---|\n| 購入者 | 美波一久 様 |\n| 生年月日 | 1956/5/9 |\n"
        "（ボイスメモ）名前はオヅキ、フルネームでオヅキユッコって言ってました。\n"
        "ﾌﾘｶﾞﾅ：ｳｷｶﾞﾔ ﾊﾅｺ / name was yamada taro / Hey, this is Janetto from the shop."
    )
    seeded = ["美波一久", "1956/5/9", "オヅキユッコ", "ｳｷｶﾞﾔ ﾊﾅｺ", "yamada taro", "Janetto"]
    assert leftovers(tearline(text, "TLP:GREEN").text, seeded) == []
