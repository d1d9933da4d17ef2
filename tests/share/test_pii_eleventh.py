"""The eleventh round's rules: a surname after a group's, a team's or a court's role with no
honorific and the rest of the list it opens, a role before の and a name, a department's
member by surname, "Surname, Given" where a word is also an ordinary word or a place, a kana
word the dictionary does not know before さん, a katakana name before という方, a katakana
given name with 子 after a kinship word; with the ordinary sentences that stand in the same
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
        # a surname after a role, no honorific, and the list it opens
        ("班長 蕪木 より：ごみ置き場の件", ["蕪木"]),
        ("団員 鳰川（駅前2丁目）、箙瀬、朶原\n連絡網あり", ["鳰川", "箙瀬", "朶原"]),
        ("保護者会の後、担任の汲沢によると欠席が続いている。", ["汲沢"]),
        ("監督 苅宿、コーチ 鴇田が引率します。", ["苅宿", "鴇田"]),
        ("裁判所書記官 柵木", ["柵木"]),
        ("退館時 警備員 鳰川 確認", ["鳰川"]),
        ("部員 蕪木・苅宿・鴇田", ["蕪木", "苅宿", "鴇田"]),
        # a member listed in kana after the role's first name
        ("団員 汲沢、ゆきむね、柵木", ["汲沢", "ゆきむね", "柵木"]),
        # a department's member by surname
        ("株式会社ナナホシ 法務部 鴇田\n1. 登録氏名", ["鴇田"]),
        # Surname, Given where a word is also an ordinary word to the dictionary
        ("英字氏名：Koskinen, Rosa", ["Koskinen, Rosa"]),
        ("カード名義は Quispe, Aino です", ["Quispe, Aino"]),
        # a kana word the dictionary does not know, before さん
        ("炊き出し担当：ほのきさん、あんさいさん", ["ほのき", "あんさい"]),
        # a katakana name joined by a space, before という方
        ("ラウル　ペドロサという方が訪ねてきました。", ["ラウル　ペドロサ"]),
        # a katakana given name with 子 after a kinship word
        ("お迎え：祖母 トメ子、叔母", ["トメ子"]),
    ],
)
def test_eleventh_round_values_are_removed(text: str, values: list[str]) -> None:
    assert _kept(text, values) == []


@pytest.mark.parametrize(
    "text",
    [
        "班長会議は毎月第2火曜、集会所で開きます。",
        "担任の先生に相談したところ、面談は来週になった。",
        "団員募集中、年齢・経験は問いません。",
        "会長挨拶の後、議事に入りました。",
        "監督会議は雨天のため中止です。",
        "コーチ陣の紹介は次回に行います。",
        "総務部 経理課への書類は月末締めです。",
        "営業部 会議室へお越しください。",
        "通訳人の手配は開廷の1週間前までに。",
        "Paris, France and Nice, France are both on the list.",
        "支店一覧：Kyoto, Japan／Osaka, Japan",
        "取引先：Apple, Google",
        "おまわりさんが道を教えてくれた。",
        "はなやさんで花束を買った。",
        "ごくろうさん、と声をかけた。",
        "みなさん、お疲れさまでした。",
        "ボサノバ ギターという方向で編曲を進めます。",
        "ビギナーという方も歓迎です。",
        "辛いものが苦手という方はお申し出ください。",
    ],
)
def test_eleventh_round_look_alikes_stay(text: str) -> None:
    assert not _touched(text)


def test_a_writer_naming_themself_after_a_greeting_is_removed() -> None:
    text = "鴇田様\nいつもお世話になっております。みどり住宅販売の汲沢です。\n先日の件"
    assert _kept(text, ["汲沢"]) == []


def test_a_greeting_before_an_ordinary_noun_stays() -> None:
    assert not _touched("いつもお世話になっております。本日の会議です。")
