"""Clauses: where what a writer says in one breath ends, so context words reach only so far."""

from __future__ import annotations

import pytest

from kizashi.text import clause_of, clause_starts, views


def _clauses(text: str) -> list[str]:
    v = views(text)
    starts = clause_starts(v.tokens, text)
    return [text[a:b].strip() for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]


@pytest.mark.parametrize(
    ("text", "clauses"),
    [
        # a comma after a predicate that ends a clause cuts it; sentence ends always do
        ("警察に言っても無駄だ、明日お前を殺す", ["警察に言っても無駄だ、", "明日お前を殺す"]),
        ("通報乙。来週行く", ["通報乙。", "来週行く"]),
        ("今日は雨\n明日は晴れ", ["今日は雨", "明日は晴れ"]),
        # a comma after a topic or a noun, or before a quotative particle, does not
        ("容疑者は、明日お前を殺すとメールを送った", ["容疑者は、明日お前を殺すとメールを送った"]),
        (
            "殺すとか簡単に書く人、普通に通報案件だから",
            ["殺すとか簡単に書く人、普通に通報案件だから"],
        ),
        ("警察によると、男は逃げた", ["警察によると、男は逃げた"]),
        # English: commas cut, unless reporting words govern the clause
        (
            "Call the police if you want, I will kill you.",
            ["Call the police if you want,", "I will kill you."],
        ),
        (
            "He was going to kill his manager, investigators said.",
            ["He was going to kill his manager, investigators said."],
        ),
        ("According to police, he planned it.", ["According to police, he planned it."]),
        # a conjunction with a subject of its own opens a clause
        ("I reported it but I will still go", ["I reported it", "but I will still go"]),
    ],
)
def test_clauses_end_where_one_thing_said_ends(text: str, clauses: list[str]) -> None:
    assert _clauses(text) == clauses


def test_clause_of_maps_an_offset_to_its_clause() -> None:
    starts = (0, 11)
    assert [clause_of(starts, n) for n in (0, 10, 11, 30)] == [0, 0, 1, 1]
    assert clause_starts((), "") == (0,)
