"""Tokens by position (`pii_token_spans`): each look-up returns what a scan over every token
returned, on the tokens of real Japanese, English and mixed text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kizashi.share.pii_token_spans import (
    covered_by_longer,
    token_exactly,
    tokens_inside,
    tokens_overlapping,
)
from kizashi.text import Mapped, tokenize

_ALPHABET = "東京都田中様さん、。は山川アイウエオ・ー Smith can't 12-3 \n「」様子氏名たくさん"


@settings(max_examples=60, deadline=None)
@given(text=st.text(alphabet=_ALPHABET, max_size=40), s=st.integers(0, 42), n=st.integers(0, 8))
def test_each_look_up_is_the_scan_over_every_token(text: str, s: int, n: int) -> None:
    tokens = tokenize(Mapped.identity(text))
    e = s + n
    assert tokens_inside(tokens, s, e) == [t for t in tokens if s <= t.start and t.end <= e]
    assert tokens_overlapping(tokens, s, e) == [t for t in tokens if t.end > s and t.start < e]
    exact = [t for t in tokens if t.start == s and t.end == e]
    assert token_exactly(tokens, s, e) == (exact[0] if exact else None)
    if e > s:
        assert covered_by_longer(tokens, s, e) == any(
            t.start <= s and e <= t.end and (t.start, t.end) != (s, e) for t in tokens
        )


def test_a_contraction_is_one_token_the_look_ups_see_whole() -> None:
    text = "I can't go"
    tokens = tokenize(Mapped.identity(text))
    at = text.index("can't")
    assert [t.surface for t in tokens_inside(tokens, at, at + 5)] == ["can't"]
    assert covered_by_longer(tokens, at, at + 3)
    assert not covered_by_longer(tokens, at, at + 5)
