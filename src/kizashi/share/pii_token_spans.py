"""Tokens by position: the tokens inside, overlapping or covering a span, found by bisection.

The recognisers ask "which tokens lie in [s, e)?" once per candidate; a scan over every token
made a long text quadratic (a 40 kB line of Japanese took 6 s to tear, a 200 kB one minutes).
The tokens are those of one `tokenize` call over an identity view (the folded text): in order,
not overlapping, so the tokens a span can touch sit between two bisections. Each function
returns what the full scan returned, in the same order (tests/share/test_pii_token_spans.py
compares them on random text).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from kizashi.text import Token


def _start(tok: Token) -> int:
    return tok.start


def tokens_inside(tokens: Sequence[Token], s: int, e: int) -> list[Token]:
    """The tokens with s <= start and end <= e."""
    out = []
    i = bisect_left(tokens, s, key=_start)
    while i < len(tokens) and tokens[i].start <= e:
        if tokens[i].end <= e:
            out.append(tokens[i])
        i += 1
    return out


def tokens_overlapping(tokens: Sequence[Token], s: int, e: int) -> list[Token]:
    """The tokens with end > s and start < e."""
    # the token starting at or before s is the only earlier one that can reach past s
    i = max(bisect_right(tokens, s, key=_start) - 1, 0)
    out = []
    while i < len(tokens) and tokens[i].start < e:
        if tokens[i].end > s:
            out.append(tokens[i])
        i += 1
    return out


def token_exactly(tokens: Sequence[Token], s: int, e: int) -> Token | None:
    """The first token spanning exactly [s, e), if any."""
    i = bisect_left(tokens, s, key=_start)
    while i < len(tokens) and tokens[i].start == s:
        if tokens[i].end == e:
            return tokens[i]
        i += 1
    return None


def covered_by_longer(tokens: Sequence[Token], s: int, e: int) -> bool:
    """Some token covers [s, e) and is not exactly it (the span is part of a longer word)."""
    # tokens do not overlap: only the last one starting at or before s can cover s
    i = bisect_right(tokens, s, key=_start) - 1
    if i < 0:
        return False
    tok = tokens[i]
    return tok.start <= s and e <= tok.end and (tok.start, tok.end) != (s, e)
