"""Spelling variants: the kana and mixed kana-kanji spellings the dictionary knows for a word."""

from __future__ import annotations

import pytest

from kizashi.text import spelling_variants


@pytest.mark.parametrize(
    ("word", "variant"),
    [
        ("薬莢", "薬きょう"),  # how marketplaces write spent casings
        ("拳銃", "けん銃"),  # the Firearms Act's own spelling
        ("爆弾", "ばくだん"),
        ("包丁", "包ちょう"),
        ("道連れ", "みちづれ"),
    ],
)
def test_a_word_has_the_spellings_the_dictionary_reads_as_it(word: str, variant: str) -> None:
    assert variant in spelling_variants(word)


def test_a_candidate_read_as_another_word_is_no_variant() -> None:
    # さす is a spelling of 刺す in speech, but the dictionary reads it as 差す/指す: as a
    # variant it would make every さす a stabbing.
    assert "さす" not in spelling_variants("刺す")
    assert spelling_variants("後悔") == {"こうかい", "後かい"}


@pytest.mark.parametrize("word", ["ころす", "kill", "殺してやる", ""])
def test_kana_latin_and_multi_word_input_has_no_variants(word: str) -> None:
    assert spelling_variants(word) == frozenset()
