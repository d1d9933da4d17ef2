"""Token patterns: a lexicon word matches however Sudachi normalises its spelling."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kizashi.detect.patterns import TokenIndex, any_near, compile_pattern, find_all
from kizashi.text import views


@pytest.mark.parametrize(
    ("word", "text"),
    [
        # Sudachi normalises 人混み and 人ごみ to 人込み, 元カレ to 元彼, 子ども to 子供: a
        # lexicon written the way people write still matches (it never did before).
        ("人混み", "駅前の人混みに行く"),
        ("元カレ", "元カレに会った"),
        ("子ども", "子どもが遊ぶ"),
        # and the normalised spelling matches every way of writing it
        ("人込み", "駅前の人ごみに行く"),
    ],
)
def test_lemma_matches_the_normalised_or_the_dictionary_form(word: str, text: str) -> None:
    pattern = compile_pattern({"lemma": word}, "test")
    tokens = views(text).tokens
    assert find_all(pattern, tokens, TokenIndex.of(tokens))


def test_lemma_does_not_match_a_different_word() -> None:
    pattern = compile_pattern({"lemma": "人混み"}, "test")
    tokens = views("人間が混んでいる").tokens
    assert not find_all(pattern, tokens, TokenIndex.of(tokens))


def _spans(pattern_spec: object, text: str, *, phrases: bool) -> list[str]:
    pattern = compile_pattern(pattern_spec, "t", phrases=phrases)
    tokens = views(text).tokens
    found = find_all(pattern, tokens, TokenIndex.of(tokens))
    return [" ".join(t.lower for t in tokens[i:j]) for i, j in found]


def test_a_multi_word_surface_entry_matches_those_tokens_in_a_row() -> None:
    spec = [{"surface": ["vile", "not okay"]}]
    assert _spans(spec, "That is NOT okay.", phrases=True) == ["not okay"]
    assert _spans(spec, "That is vile.", phrases=True) == ["vile"]
    # only the whole sequence, in order, next to each other
    for text in ("I'm okay", "not ok", "okay, not", "not really okay", "not"):
        assert _spans(spec, text, phrases=True) == [], text
    # a phrase inside a longer pattern, and after a gap
    assert _spans([{"surface": "i am"}, {"surface": "serious"}], "i am serious", phrases=True)
    # compiled without phrases, an entry is compared with one token only
    assert _spans(spec, "That is not okay.", phrases=False) == []
    # a phrase Sudachi keeps as one token ("bus stop") matches that token as well
    assert _spans({"surface": ["bus stop"]}, "at the bus stop", phrases=True) == ["bus stop"]


def test_a_multi_word_entry_takes_no_other_token_keys() -> None:
    with pytest.raises(ValueError, match="multi-word 'surface' entry"):
        compile_pattern([{"surface": "not okay", "pos": "名詞"}], "t", phrases=True)


def test_end_matches_only_a_token_that_closes_its_clause() -> None:
    spec = [{"verb": "殺す", "form": ["終止形", "連体形"], "end": True}]
    for text in ("明日お前を殺す", "明日お前を殺す。", "明日お前を殺す、覚えとけ", "殺す 明日"):
        assert _spans(spec, text, phrases=False) == ["殺す"], text
    # followed by a quotative, a nominaliser or a noun: the plain form is not said, it is named
    for text in ("殺すと書いた", "殺すなんて言うな", "殺すつもりはない"):
        assert _spans(spec, text, phrases=False) == [], text
    with pytest.raises(ValueError, match="'end' is true or false"):
        compile_pattern([{"surface": "x", "end": "yes"}], "t")


@settings(max_examples=60, deadline=None)
@given(
    words=st.lists(st.sampled_from(["お前", "を", "殺す", "。", "明日", "駅", "で"]), max_size=40),
    lo=st.integers(-5, 45),
    width=st.integers(0, 12),
)
def test_a_match_near_a_window_is_found_as_a_scan_of_every_match_finds_it(
    words: list[str], lo: int, width: int
) -> None:
    """`any_near` (bisection over the cached matches) answers what a scan over all of them
    answered, for a one-word and a two-word pattern with a gap."""
    tokens = views("".join(words)).tokens
    index = TokenIndex.of(tokens)
    hi = lo + width
    for spec in ({"lemma": "殺す"}, [{"surface": "お前"}, {"gap": 3}, {"lemma": "殺す"}]):
        pattern = compile_pattern(spec, "test")
        found = find_all(pattern, tokens, index)
        assert list(found) == find_all(pattern, tokens)  # the cache holds the scan's answer
        assert any_near(pattern, tokens, index, lo, hi) == any(a < hi and b > lo for a, b in found)
