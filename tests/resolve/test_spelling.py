"""Romaji keys: a rule is skipped only where it cannot match."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from kizashi.resolve import spelling
from kizashi.resolve.tables import romaji_rules
from tests.depth import examples

_LETTERS = st.text(st.sampled_from("ohmbptcsyzjdnuwaie'ōū"), max_size=10)


@settings(max_examples=examples(300), deadline=None)
@given(_LETTERS)
def test_every_match_of_a_rule_begins_with_its_literal(text: str) -> None:
    for literal, pattern, _to in spelling._rules():
        for match in pattern.finditer(text):
            assert text.startswith(literal, match.start())


def test_the_literal_stops_at_what_may_vary() -> None:
    literal = spelling._leading_literal
    assert literal(re.compile("oh(?=[^aiueoy]|$)")) == "oh"
    assert literal(re.compile("^wo")) == "wo"
    assert literal(re.compile("ab?c")) == "a"
    assert literal(re.compile("a|b")) == ""
    assert literal(re.compile("(?i)tch")) == ""


@settings(max_examples=examples(300), deadline=None)
@given(_LETTERS)
def test_the_key_is_the_one_every_rule_gives(word: str) -> None:
    spelling.romaji_key.cache_clear()
    assert spelling.romaji_key(word) == _without_skipping(word)


def _without_skipping(word: str) -> str:
    """``romaji_key`` with every rule run."""
    text = re.sub("[^a-z']", "", spelling._strip_marks(word.casefold()))
    for _id, pattern, to in romaji_rules():
        text = pattern.sub(to, text)
    text = text.replace("'", "")
    for old, new in spelling._SOUNDS:
        text = text.replace(old, new)
    text = text.replace("nn", "n")
    for _ in range(2):
        for old, new in spelling._LONG:
            text = text.replace(old, new)
    return text


def test_a_small_tsu_that_doubles_nothing_is_a_large_one() -> None:
    """A small っ doubles the consonant after it; before a vowel, ん, ー, a small kana or the
    end of a word it is a つ typed or scanned small (link42's probe: マッイ for マツイ)."""
    for typed, meant in [
        ("マッイ", "マツイ"),
        ("ｶｯｲ", "カツイ"),
        ("まっ", "まつ"),
        ("タッー", "タツー"),
    ]:
        assert spelling.phonetic(typed) == spelling.phonetic(meant), typed
    assert spelling.small_tsu_read("まっい まっだ") == "まつい まっだ"
    # A small っ before a consonant doubles it, as it should.
    assert spelling.phonetic("ハットリ") == "hattori"
    assert spelling.phonetic("ホッタ") != spelling.phonetic("ホツタ")
