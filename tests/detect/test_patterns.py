"""Token patterns: a lexicon word matches however Sudachi normalises its spelling."""

from __future__ import annotations

import pytest

from kizashi.detect.patterns import TokenIndex, compile_pattern, find_all
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
