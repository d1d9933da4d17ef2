"""A string that remembers, for every character, which characters of the original it came from.

Every view of a post (normalised, kana-folded, decoded) is a :class:`Mapped`. Evidence spans
must point at what the analyst actually sees, so each transformation builds its output through
a :class:`Builder` that records the original span behind every character it emits; chaining
transformations composes the spans, and the final spans still index the untouched original.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

__all__ = ["Builder", "Mapped", "realign"]


@dataclass(frozen=True, slots=True)
class Mapped:
    """``text[i]`` came from ``original[starts[i]:ends[i]]``."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @classmethod
    def identity(cls, text: str) -> Mapped:
        n = len(text)
        return cls(text, tuple(range(n)), tuple(range(1, n + 1)))

    def span(self, i: int, j: int) -> tuple[int, int]:
        """Original span of ``text[i:j]``; an empty slice maps to an empty span where it sits."""
        if j <= i:
            if i < len(self.text):
                return self.starts[i], self.starts[i]
            end = self.ends[-1] if self.ends else 0
            return end, end
        return min(self.starts[i:j]), max(self.ends[i:j])


class Builder:
    """Accumulates output characters, each with the original span it stands for."""

    __slots__ = ("_chars", "_ends", "_starts")

    def __init__(self) -> None:
        self._chars: list[str] = []
        self._starts: list[int] = []
        self._ends: list[int] = []

    def add(self, chars: str, start: int, end: int) -> None:
        for ch in chars:
            self._chars.append(ch)
            self._starts.append(start)
            self._ends.append(end)

    def copy(self, source: Mapped, i: int, j: int) -> None:
        """Append ``source.text[i:j]`` keeping its own spans."""
        self._chars.extend(source.text[i:j])
        self._starts.extend(source.starts[i:j])
        self._ends.extend(source.ends[i:j])

    def build(self) -> Mapped:
        return Mapped("".join(self._chars), tuple(self._starts), tuple(self._ends))


def realign(source: Mapped, new_text: str) -> Mapped:
    """Map ``new_text``, produced from ``source.text`` by a library that keeps no offsets
    (neologdn), back onto the original by aligning the two strings.

    Equal stretches keep their spans; a replaced stretch spreads over the span of what it
    replaced; inserted characters borrow the span of their left neighbour.
    """
    if new_text == source.text:
        return source
    deleted = _deletions_only(source, new_text)
    if deleted is not None:
        return deleted
    out = Builder()
    matcher = difflib.SequenceMatcher(None, source.text, new_text, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.copy(source, i1, i2)
        elif tag in ("replace", "insert"):
            if i2 > i1:
                start, end = source.span(i1, i2)
            else:
                start, end = source.span(max(i1 - 1, 0), i1) if i1 else source.span(0, 0)
            out.add(new_text[j1:j2], start, end)
        # "delete": the characters are gone, and so are their spans.
    return out.build()


def _deletions_only(source: Mapped, new_text: str) -> Mapped | None:
    """The fast path: neologdn mostly deletes (spaces, tildes, repeated ー); when ``new_text``
    is a subsequence of the source, keep the spans of the characters that survived."""
    keep: list[int] = []
    i, old = 0, source.text
    for ch in new_text:
        i = old.find(ch, i)
        if i < 0:
            return None
        keep.append(i)
        i += 1
    return Mapped(
        new_text,
        tuple(source.starts[k] for k in keep),
        tuple(source.ends[k] for k in keep),
    )
