"""Views keep a map back to the original characters, for every view and every token."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kizashi.text import Mapped, views
from kizashi.text.mapped import realign
from kizashi.text.romaji import romaji_to_hiragana
from tests.depth import examples

_ALPHABET = st.sampled_from(
    [
        *"ころす死ね殺タヒﾀﾋｺﾛｽ氏〇○●×□*＊・ -_/.,:¥0123456789４５６ka1l0sorubyen「」、。",
        *["ｶﾞ", "\u3000", "ーーー", "〜", "😊", "\n", "Ａ", "㍻", "①"],
    ]
)
TEXTS = st.lists(_ALPHABET, max_size=40).map("".join)


@pytest.mark.deep
@settings(max_examples=examples(300), deadline=None)
@given(TEXTS)
def test_every_span_slices_the_original(text: str) -> None:
    v = views(text)
    n = len(text)
    for mapped in (v.normalized, v.kana, v.decoded):
        assert len(mapped.starts) == len(mapped.ends) == len(mapped.text)
        assert all(0 <= s <= e <= n for s, e in zip(mapped.starts, mapped.ends, strict=True))
    for token in v.tokens + v.decoded_tokens:
        assert 0 <= token.start < token.end <= n
        assert text[token.start : token.end].strip()
    for d in v.decodings:
        assert 0 <= d.start < d.end <= n
    for s, e in v.wildcards:
        assert 0 <= s < e <= n


@pytest.mark.deep
@settings(max_examples=examples(200), deadline=None)
@given(st.text(alphabet="あいうえおかきくけこさしすせそ漢字猫犬abcdef ", max_size=40))
def test_plain_tokens_are_the_original_characters(text: str) -> None:
    for token in views(text).tokens:
        assert text[token.start : token.end] == token.surface


def test_token_views() -> None:
    v = views("桜井をころしてやる")
    verb = next(t for t in v.tokens if t.lemma == "殺す")
    assert (verb.surface, verb.reading, verb.base, verb.pos[0]) == (
        "ころし",
        "ころし",
        "ころす",
        "動詞",
    )
    assert v.kana.text == "桜井をころしてやる"
    assert views("コロス").kana.text == "ころす"


def test_half_width_kana_maps_back_to_both_characters() -> None:
    v = views("ｶﾞｽ")
    assert v.normalized.text == "ガス"
    assert v.normalized.span(0, 1) == (0, 2)


def test_spaces_are_kept_between_words_and_spaced_letters_are_decoded() -> None:
    text = "桜井 こ ろ す　大塚ーーー"
    v = views(text)
    assert v.normalized.text == "桜井 こ ろ す 大塚ー"
    verb = next(t for t in v.decoded_tokens if t.lemma == "殺す")
    assert text[verb.start : verb.end] == "こ ろ す"
    assert verb.decoded == ("separator",)


def test_realign_falls_back_to_alignment_for_replacements() -> None:
    source = Mapped.identity("a~b")
    out = realign(source, "a-b")
    assert out.text == "a-b" and out.span(1, 2) == (1, 2)


def test_long_text_is_tokenised_in_chunks() -> None:
    text = "桜井をころす。" * 3000
    v = views(text)
    assert sum(1 for t in v.tokens if t.lemma == "殺す") == 3000
    assert v.tokens[-1].end <= len(text)


def test_romaji_is_strict() -> None:
    assert romaji_to_hiragana("korosu") == "ころす"
    assert romaji_to_hiragana("konnichiha") == "こんにちは"
    assert romaji_to_hiragana("kill") is None
    assert romaji_to_hiragana("hello") is None
