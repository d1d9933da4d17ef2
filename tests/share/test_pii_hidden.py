"""The recogniser on personal data written to get past a filter or in other writers' shapes:
hidden e-mail addresses, phones typed with any dash or full-width digits, bank accounts,
account holders in katakana, names in English sentences, hiragana given names, chat
speakers; and the ordinary words that stand in the same places and must stay."""

from __future__ import annotations

import pytest

from kizashi.share import find_personal_data
from kizashi.share.tear_line import leftovers, tearline


def _found(text: str, kind: str) -> list[str]:
    return [f.text for f in find_personal_data(text) if f.kind == kind]


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("連絡は taro.yamada [at] gmail.com まで", "email", "taro.yamada [at] gmail.com"),
        ("mail: hana_k(at)docomo.ne.jp", "email", "hana_k(at)docomo.ne.jp"),
        ("yuki88 アットマーク example.co.jp へ", "email", "yuki88 アットマーク example.co.jp"),
        ("kenta at example dot com", "email", "kenta at example dot com"),
        ("ken★ezweb.ne.jp（★を@に）", "email", "ken★ezweb.ne.jp"),
        ("ｋｅｎ＠ｅｘａｍｐｌｅ．ｊｐ", "email", "ｋｅｎ＠ｅｘａｍｐｌｅ．ｊｐ"),
        ("電話 090ー1234ー5678", "phone", "090ー1234ー5678"),
        ("+81 (0)90 1234 5678 まで", "phone", "+81 (0)90 1234 5678"),
        ("０９０（１２３４）５６７８", "phone", "０９０（１２３４）５６７８"),
        ("tel 03\u22121234\u22125678", "phone", "03\u22121234\u22125678"),
        ("マイナンバー １２３４　５６７８　９０１２", "my_number", "１２３４　５６７８　９０１２"),
        ("振込先（普）1234567", "id_number", "1234567"),
        ("口座番号（普通）1234567", "id_number", "1234567"),
        ("店番123 普通 7654321", "id_number", "7654321"),
        ("記号12345 番号12345678", "id_number", "12345678"),
        ("口座名義 ヤマダ タロウ", "person", "ヤマダ タロウ"),
        ("Hi, this is Haruto from the shop.", "person", "Haruto"),
        ("Our engineer Mr. Kawabe left.", "person", "Kawabe"),
        ("Got it from Mika-san.", "person", "Mika"),
        ("Best regards,\nYuki Sato", "person", "Yuki Sato"),
        ("交際相手の浮島が来た", "person", "浮島"),
        ("品川ナンバー 300 さ 12-34", "plate", "品川ナンバー 300 さ 12-34"),
        ("ゆうきちゃんのママ", "person", "ゆうき"),
        ("児童：ちづお（7歳）", "person", "ちづお"),
        ("浮島: 今日見た\n海賀: まじ\n浮島: うん", "person", "浮島"),
        ("名前はモンマコウジって言ってました", "person", "モンマコウジ"),
        ("山田先輩の車", "person", "山田"),
        ("保証人 久谷（父）", "person", "久谷"),
        ("He lives at 3-5-2 Shinohara, Toyota-shi.", "address", "3-5-2 Shinohara, Toyota-shi"),
        ("篠原町五番地の九に住む", "address", "篠原町五番地の九"),
    ],
)
def test_a_hidden_or_unusual_shape_is_found(text: str, kind: str, value: str) -> None:
    found = _found(text, kind)
    assert any(value in v for v in found), (text, found)


@pytest.mark.parametrize(
    "text",
    [
        "I look at you dot com",  # words of a sentence, not a mailbox
        "This is Tokyo.",
        "Thanks, Tokyo",
        "I hope you bundle up too, Mr. President.",
        "相手の方が来た",
        "生徒達は先生が入って来ると起立する。",
        "アバカシっていうんですね",
        "I'm Japanese, but I don't live in Japan.",
        "Because it was a terrible idea.",  # id in idea is no account label
        "あかちゃんが泣いた",
        "コーヒーは今までブラックでは飲めなかったんですが",  # …なかったんです: no ちゃん
        "仕事って言ってた",
        "長浜ラーメンという感じです。",
        "住所：東京\n備考：なし",
        "子供さんを連れての電車移動",
    ],
)
def test_an_ordinary_phrase_in_the_same_place_stays(text: str) -> None:
    assert find_personal_data(text) == [], find_personal_data(text)


def test_a_tearline_keeps_none_of_the_hidden_shapes() -> None:
    text = (
        "振込依頼人：ヤマダ　タロウ　口座番号（普通）7654321\n"
        "連絡先 ０９０ー１２３４ー５６７８ / taro.y [at] example.jp\n"
        "Hi, this is Haruto. Mr. Kawabe said so."
    )
    seeded = [
        "ヤマダ　タロウ",
        "7654321",
        "０９０ー１２３４ー５６７８",
        "taro.y",
        "Haruto",
        "Kawabe",
    ]
    assert leftovers(tearline(text, "TLP:GREEN").text, seeded) == []
