"""pii24: Chinese and Korean residents' values — Hangul names (by shape, by 씨/님, as a chat's
speaker), pinyin names with the surname in capitals (LI Hao, ZHAO Min), Korean given names
in one word (Kim Jisoo), one-kanji surnames in simplified characters (赵 敏), ages in 岁 /
살 and after a relation in brackets (（子、11）), Chinese addresses, dormitory rooms, English
address fields, name parts after their field (Surname: PETROVA), a lodging's and a rental's
ids; the review's over-removals (SPIN 2024, python3.11, 全部で12, そのうち, スターバックス
（友人）, 福岡 市, 型番号, 千住キャンパス, TU München, 明治大学 和泉) and the one list of a body's
words (D4).

Examples and look-alikes written for the test (not the held-out family's text)."""

from __future__ import annotations

import pytest

from kizashi.share import pii
from kizashi.share.pii import find_personal_data
from kizashi.share.pii_not_names import BODY_WORDS, NOT_NAMES
from kizashi.share.tear_line import tearline


def _gone(text: str, value: str, level: str = "TLP:RED", *, sweep: bool | None = False) -> bool:
    """`value` is absent from the tear-line (by default the recogniser alone, no sweep)."""
    return value not in tearline(text, level, sweep=sweep).text


def _kept(text: str, word: str, level: str = "TLP:GREEN", *, sweep: bool | None = None) -> bool:
    torn = tearline(text, level, sweep=sweep)
    start = text.index(word)
    end = start + len(word)
    return not any(r["start"] < end and start < r["end"] for r in torn.removed)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # Hangul: three syllables, a listed surname first; any name before 씨 / 라고
        ("어제 박서준 만났어요", "박서준"),
        ("그 사람은 야마다라고 했어요", "야마다"),
        ("지훈씨 전화 주세요", "지훈"),
        # a chat's speakers: a spaced full name, a Hangul name
        ("10:01 根路銘 真央: 見ました\n10:03 根路銘 真央: 白い車", "根路銘 真央"),
        ("정하늘: 봤어요\n정하늘: 어제요", "정하늘"),
        # pinyin names, the surname in capitals; a Korean given name in one word
        ("世帯主 WANG Jianguo 在留カード", "WANG Jianguo"),
        ("申請人 ZHOU Min の旅券", "ZHOU Min"),
        ("| 12 | Park Jiwoo | 韓国 |", "Park Jiwoo"),
        ("留学生の Choi Yuna が来た", "Choi Yuna"),
        # a one-kanji surname in simplified characters
        ("妻 陈 丽、会社員", "陈 丽"),
        # ages in Chinese and Korean; a bare number after a relation in brackets
        ("那个男的大概35岁", "35"),
        ("아들은 7살이에요", "7"),
        ("家族：ミンジュン（子、9）が同居", "9"),
        ("同乗者 ソフィア（妻、33）", "33"),
        # a Chinese address; a dormitory room; a building and a room code after a block
        ("前住所 北京市朝阳区建国路88号 から転入", "北京市朝阳区建国路88号"),
        ("She lives in Room 204, Keio Hiyoshi Hall now", "Room 204, Keio Hiyoshi Hall"),
        ("寮：足立区千住旭町5-2-8 千寿寮 C-310", "C-310"),
        # an English address field's value; a name's part after its field
        ("Home address: ul. Marszalkowska 84, 00-514 Warszawa", "ul. Marszalkowska 84"),
        ("Surname: KOWALCZYK  Given name: Marta", "KOWALCZYK"),
        # a lodging's and a rental's numbers
        ("予約確認コード QX7P4M2Z でお待ちしています", "QX7P4M2Z"),
        ("Agreement No. TRS-55102233 signed at the counter", "TRS-55102233"),
        ("International Driving Permit US-44120937", "US-44120937"),
        # the review of pii24: an age after a Chinese comma
        ("我叫王小明，35岁", "35"),
    ],
)
def test_values_removed(text: str, value: str) -> None:
    assert _gone(text, value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # the review of pii24: a name run on into its copula, a name inside a Chinese clause, a
        # Japanese town holding 里 — the sweep takes them again at GREEN
        ("저는 김민준입니다.", "김민준"),
        ("제 이름은 지훈이에요.", "지훈"),
        ("让刘洋来", "刘洋"),
        ("荒川区西日暮里の駐車場で", "西日暮里"),
    ],
)
def test_values_the_sweep_removes(text: str, value: str) -> None:
    assert _gone(text, value, "TLP:GREEN", sweep=None)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        # a Korean-looking pair that is English or a place
        ("Park Seoul hotel lobby", "Seoul"),
        # a hot-spring resort is a public place's name
        ("鬼怒川温泉の旅館に泊まった", "鬼怒川温泉"),
        ("Meet me at Park Avenue", "Park Avenue"),
        ("Song Book on sale", "Song Book"),
        # a bracketed number after no relation, an age-less 岁-less number
        ("東京タワー（3）を見た", "3"),
        ("価格は40元です", "40"),
        # an English form's field words, kept by the sweep
        ("Surname: KOWALCZYK", "Surname"),
        ("Renter: Marta Kowalczyk", "Renter"),
        # a hyphenated brand before an airport's name
        ("Nippon Rent-A-Car Narita Airport desk", "Car"),
        # the review's over-removals
        ("SPIN 2024 was a conference.", "SPIN"),
        ("Run python3.11 and remove node_modules first.", "node_modules"),
        ("何個ある？\n全部で12です", "12"),
        ("そのうち話すよ。12", "12"),
        ("私たちも行った、17", "17"),
        ("スターバックス（友人）で会った。", "スターバックス"),
        ("福岡 市、", "福岡"),
        ("東京電機大学 千住キャンパスで", "千住"),
        ("exchange student from TU München", "München"),
        ("明治大学 和泉キャンパス", "和泉"),
    ],
)
def test_look_alikes_kept(text: str, word: str) -> None:
    assert _kept(text, word)


def test_model_number_after_its_label_kept_by_the_recogniser() -> None:
    # 型番号 and 品番号 are a product's number (the recogniser's reading; the sweep may still
    # take an id shape at GREEN), while 番号 alone still labels a person's
    assert _kept("型番号 XR-2000 の製品", "XR-2000", "TLP:RED", sweep=False)
    assert _kept("品番号 AB-1234 の部品", "AB-1234", "TLP:RED", sweep=False)
    assert not _kept("番号 A-118 の会員", "A-118", "TLP:RED", sweep=False)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        # the recogniser's Hangul names: a surname's first syllable and a particle's last is
        # a word (the sweep may still guess at GREEN)
        ("오늘 가게 앞에 이상한 사람이 있었어요", "이상한"),
        ("이름이 뭐예요", "이름이"),
        ("신주쿠에서 만나요", "신주쿠"),
    ],
)
def test_korean_words_are_no_name_to_the_recogniser(text: str, word: str) -> None:
    assert _kept(text, word, "TLP:RED", sweep=False)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("100세트 주문했어요", "100"),
        ("제3세계 음악", "3"),
        # a public hall is no residence; an IP or a mail "address" field is no home
        ("The meeting is in Room 204, Adachi City Hall", "Adachi City Hall"),
        ("IP Address: 203.0.113.5 was used.", "was used"),
    ],
)
def test_the_reviews_look_alikes_are_kept_by_the_recogniser(text: str, word: str) -> None:
    # 세트 (a set) and 세계 (the world) after a number are no ages (review of pii24)
    assert _kept(text, word, "TLP:RED", sweep=False)


def test_capitals_before_an_english_word_are_no_name() -> None:
    assert _kept("HE Said no", "HE", "TLP:RED", sweep=False)
    assert _kept("HE Said no", "Said", "TLP:RED", sweep=False)


def test_pin_is_a_whole_word() -> None:
    assert _gone("PIN 4471 for the door", "4471")
    assert _kept("SPIN 2024 was a conference.", "2024", "TLP:RED", sweep=False)


def test_one_list_of_body_words() -> None:
    # D4: pii.py reads the list kept in pii_not_names, which NOT_NAMES holds whole
    assert pii._BODY_WORDS is BODY_WORDS
    assert BODY_WORDS <= NOT_NAMES
    assert {"Club", "Daishi", "Gakuen", "Airport"} <= BODY_WORDS


def test_body_word_makes_a_body_not_a_person() -> None:
    assert not [f for f in find_personal_data("Adachi Drift Club met") if f.kind == "person"]
    assert _gone("Hi Kenji Tanaka Thanks for the mail", "Kenji Tanaka")
