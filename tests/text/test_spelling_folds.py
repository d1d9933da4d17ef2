"""Spellings the reader reads as plain letters (det35): accented Latin, enclosed digits, the
small katakana of the phonetic extensions, and a separator inside a word at a kanji. Every
span still indexes the original text."""

from __future__ import annotations

import pytest

from kizashi.text import fold_spelling, views
from kizashi.text.normalize import normalize


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("I will k\u0301\u0308i\u0301\u0308l\u0301\u0308l\u0301\u0308 you", "I will kill you"),
        ("k\u0336i\u0336l\u0336l\u0336", "kill"),
        ("kíll", "kill"),
        ("café", "cafe"),
        ("お前を⑸⑹す", "お前を56す"),
        ("お前を❺❻す", "お前を56す"),
        ("お前を⑤⑥す", "お前を56す"),
        ("⒈ 計画", "1 計画"),
        ("ころㇲ", "ころス"),
        ("ㇱね", "シね"),
        ("ｶﾞｽ", "ガス"),
        ("ß and æ", "ß and æ"),
        ("今日は晴れ", "今日は晴れ"),
    ],
)
def test_fold_spelling_reads_the_plain_letters(text: str, folded: str) -> None:
    assert fold_spelling(text) == folded
    assert normalize(text).text == folded


def test_every_span_of_a_folded_text_indexes_the_original() -> None:
    text = "k\u0301\u0308ill ⑸⑹す ころㇲ ❶"
    mapped = normalize(text)
    assert mapped.text == "kill 56す ころス 1"
    assert [text[s:e] for s, e in zip(mapped.starts, mapped.ends, strict=True)][:1] == [
        "k\u0301\u0308"
    ]
    assert text[mapped.starts[5] : mapped.ends[6]] == "⑸⑹"


@pytest.mark.parametrize(
    ("text", "decoded"),
    [
        ("明日お前を殺 すからな", "明日お前を殺すからな"),
        ("お前の子供を殺/す", "お前の子供を殺す"),
        ("明日、市役所を爆\n破する", "明日、市役所を爆破する"),
        ("会場に爆・弾を仕掛けた", "会場に爆弾を仕掛けた"),
        ("隣人を殺・し・た・い", "隣人を殺したい"),
        ("包丁で刺・し・てやる", "包丁で刺してやる"),
        ("お前をころㇲ", "お前をころす"),
    ],
)
def test_a_separator_inside_a_word_is_glued(text: str, decoded: str) -> None:
    v = views(text)
    assert v.decoded.text == decoded
    assert all(d.kind in ("separator", "visual") for d in v.decodings)


@pytest.mark.parametrize(
    "text", ["東京 から来た", "今日 は晴れ", "田中 さんに会った", "会議に遅刻、すみません"]
)
def test_a_gap_between_two_words_is_left_alone(text: str) -> None:
    v = views(text)
    assert v.decoded.text == v.normalized.text
    assert not v.decodings
