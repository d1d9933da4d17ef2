"""Small-count suppression: counts of 1-4 hidden, and one more count of any line (row or
column with its total) that would otherwise give a hidden count back."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kizashi.oversight.suppress import suppress


def test_small_counts_are_hidden_and_zeros_and_large_counts_shown() -> None:
    values = {"a": 0, "b": 4, "c": 5, "d": 1, "total": 10}
    shown = suppress(values, [["a", "b", "c", "d", "total"]])
    assert shown == {"a": 0, "b": "<5", "c": 5, "d": "<5", "total": 10}


def test_one_hidden_cell_in_a_line_takes_the_smallest_other_count_with_it() -> None:
    values = {"a": 3, "b": 40, "c": 7, "total": 50}
    shown = suppress(values, [["a", "b", "c", "total"]])
    assert shown == {"a": "<5", "b": 40, "c": "x", "total": 50}


def test_the_total_goes_before_a_zero() -> None:
    # a is withheld for x's sake; in its other line only a zero and the total are left.
    values = {"x": 2, "a": 7, "t1": 9, "b": 0, "t2": 7}
    shown = suppress(values, [["x", "a", "t1"], ["a", "b", "t2"]])
    assert shown == {"x": "<5", "a": "x", "t1": 9, "b": 0, "t2": "x"}


def test_secondary_suppression_runs_across_lines_until_none_has_one_hidden() -> None:
    # rows r1, r2 by columns p, q, with row totals, column totals and a grand total.
    values = {
        ("r1", "p"): 2, ("r1", "q"): 20, ("r1", "t"): 22,
        ("r2", "p"): 9, ("r2", "q"): 11, ("r2", "t"): 20,
        ("T", "p"): 11, ("T", "q"): 31, ("T", "t"): 42,
    }  # fmt: skip
    lines = [
        [("r1", "p"), ("r1", "q"), ("r1", "t")],
        [("r2", "p"), ("r2", "q"), ("r2", "t")],
        [("r1", "p"), ("r2", "p"), ("T", "p")],
        [("r1", "q"), ("r2", "q"), ("T", "q")],
        [("T", "p"), ("T", "q"), ("T", "t")],
        [("r1", "t"), ("r2", "t"), ("T", "t")],
    ]
    shown = suppress(values, lines)
    assert shown[("r1", "p")] == "<5"
    for line in lines:
        assert sum(isinstance(shown[k], str) for k in line) != 1, line


def test_a_line_must_name_counted_cells() -> None:
    with pytest.raises(KeyError):
        suppress({"a": 1}, [["a", "b"]])


def test_hidden_counts_that_a_total_pins_down_take_another_with_them() -> None:
    # Three small counts whose total leaves exactly 3 for them: each must be 1.
    values = {"a": 1, "b": 1, "c": 1, "d": 20, "e": 30, "total": 53}
    shown = suppress(values, [["a", "b", "c", "d", "e", "total"]])
    assert [shown[k] for k in "abc"] == ["<5", "<5", "<5"]
    assert shown["d"] == "x" and shown["e"] == 30 and shown["total"] == 53


def _possible(published: int | str, cap: int) -> set[int]:
    """What a reader knows a published cell may be (a withheld one: 0, or 5 and more)."""
    if isinstance(published, int):
        return {published}
    if published == "<5":
        return set(range(1, 5))
    return {0, *range(5, cap + 1)}


@given(st.lists(st.integers(min_value=0, max_value=12), min_size=1, max_size=5))
def test_no_hidden_count_of_a_line_is_pinned_down(counts: list[int]) -> None:
    keys = [f"c{i}" for i in range(len(counts))]
    values = dict(zip(keys, counts, strict=True)) | {"total": sum(counts)}
    shown = suppress(values, [[*keys, "total"]])
    cap = sum(counts)
    for key in keys:
        if not isinstance(shown[key], str) or isinstance(shown["total"], str):
            continue
        # Every value the others may take together, then what is left for this one.
        sums = {0}
        for other in keys:
            if other != key:
                sums = {s + v for s in sums for v in _possible(shown[other], cap) if s + v <= cap}
        left = {int(shown["total"]) - s for s in sums} & _possible(shown[key], cap)
        assert values[key] in left and len(left) >= 2, (counts, shown)
