"""A work's title in the residual sweep: a word that is the whole of 『…』, or stands in 「…」
after a word for a work or a part in one (主役「ハムレット」, 映画「…」) — a title, not a person
(a person's alias in quotes is the recogniser's, after a ring's roles: pii_aliases). Since
pii22; the brackets are found by bisection in an index of the text (searching the text from
each word made a long line quadratic)."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

_TITLE_BEFORE = re.compile(
    r"(?:役|作品|映画|舞台|演目|劇|戯曲|曲|小説|漫画|マンガ|アニメ|ゲーム|番組|絵本|童話|歌|オペラ|"
    r"ミュージカル|ドラマ|シリーズ)「$"
)
_NOT_SPACE = re.compile(r"\S")  # \s is str.isspace: what str.strip() removes


@dataclass(frozen=True)
class Marks:
    """Where each bracket and each line break stands in one text, in order."""

    positions: dict[str, list[int]]

    def last_before(self, mark: str, at: int) -> int:
        """The last `mark` before `at`, or -1."""
        found = self.positions[mark]
        i = bisect_left(found, at)
        return found[i - 1] if i else -1

    def first_from(self, mark: str, at: int) -> int:
        """The first `mark` at or after `at`, or -1."""
        found = self.positions[mark]
        i = bisect_left(found, at)
        return found[i] if i < len(found) else -1

    def within(self, mark: str, start: int, end: int) -> bool:
        """A `mark` stands in [start, end)."""
        at = self.first_from(mark, start)
        return 0 <= at < end


def bracket_marks(folded: str) -> Marks:
    """The index of one text, built once by the caller for all its words (never cached
    here: a draft's text is personal data, and a server must not keep it)."""
    positions: dict[str, list[int]] = {mark: [] for mark in "『』「」\n"}
    for i, ch in enumerate(folded):
        if ch in positions:
            positions[ch].append(i)
    return Marks(positions)


def _blank(folded: str, start: int, end: int) -> bool:
    return start >= end or not _NOT_SPACE.search(folded, start, end)


def a_title(folded: str, start: int, end: int, marks: Marks | None = None) -> bool:
    marks = marks or bracket_marks(folded)
    opened = marks.last_before("『", start)
    closed = marks.first_from("』", end)
    if opened >= 0 and closed >= 0 and not marks.within("』", opened, start):
        # 『』 is also the quotation inside a quotation (母は『マイケルに会った』と話した): a
        # title when the word is the whole of it, or when what closes it is not reported
        # speech (と, って after 』) — review of pii22
        if marks.within("\n", opened, closed):
            return False
        whole = _blank(folded, opened + 1, start) and _blank(folded, end, closed)
        quoted = folded.startswith(("と", "って", "っと"), closed + 1)
        return whole or not quoted
    quote = marks.last_before("「", start)
    if quote < 0 or marks.within("」", quote, start) or marks.within("\n", quote, start):
        return False
    shut = marks.first_from("」", end)
    return (
        shut >= 0
        and not marks.within("\n", end, shut)
        and bool(_TITLE_BEFORE.search(folded, max(0, quote - 8), quote + 1))
    )
