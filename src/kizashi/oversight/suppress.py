"""Small-count suppression for published tables (the transparency report, docs/oversight.md).

A count of one to four people, reports or alerts in a published table can point at someone:
"one insider alert confirmed on the Toshima desk in November". Such a count is shown as
``"<5"`` (primary suppression). Hiding it is not enough when the table also publishes
totals: the total less the other cells of its row gives a lone hidden count back, and three
hidden counts of a line whose total leaves 3 for them are 1, 1 and 1. So the tables are read
as a reader would attack them. Each *line* is a set of cells that add up to a published
total (the line's last cell); every hidden count gets the range a reader can know — 1 to 4
for a small count, at least 5 (or 0) for a withheld one — and the ranges are narrowed
through every line until nothing changes. Where a hidden count is pinned to one value, one
more count of a line through it is withheld (``"x"``: secondary suppression): the smallest
non-zero count, else the total, else a zero; then the reading starts again. Lines may span
tables (a cell published twice, such as the partner reports of the channel table and the
total of the partner-type table, is one cell), so hiding it in one table hides it in both.

Zeros are shown: a zero says nobody, and points at nobody. A withheld cell is marked apart
from a small one, so a reader never takes a withheld count of fifty for a count under five.
What this does not defend against: a reader who holds another publication of the same
counts cut differently (tables published apart are not read together here).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from typing import TypeVar

THRESHOLD = 5
SMALL = f"<{THRESHOLD}"
WITHHELD = "x"

Key = TypeVar("Key", bound=Hashable)
Range = tuple[float, float]


def _ranges(
    values: Mapping[Key, int],
    small: set[Key],
    hidden: set[Key],
    lines: Sequence[Sequence[Key]],
    threshold: int,
) -> dict[Key, Range]:
    """What a reader can know of each cell, narrowed through the lines to a fixed point."""
    known: dict[Key, Range] = {}
    for key, value in values.items():
        if key not in hidden:
            known[key] = (value, value)
        elif key in small:
            known[key] = (1, threshold - 1)
        else:
            known[key] = (threshold if value >= threshold else 0, math.inf)
    for _ in range(len(values) + 1):
        changed = False
        for line in lines:
            *parts, total = line
            low = sum(known[k][0] for k in parts)
            high = sum(known[k][1] for k in parts)
            narrowed = {total: (max(known[total][0], low), min(known[total][1], high))}
            for key in parts:
                lo, hi = known[key]
                narrowed[key] = (
                    max(lo, known[total][0] - (high - hi)),
                    min(hi, known[total][1] - (low - lo)),
                )
            for key, bounds in narrowed.items():
                if key in hidden and bounds != known[key]:
                    known[key] = bounds
                    changed = True
        if not changed:
            break
    return known


def suppress(
    values: Mapping[Key, int],
    lines: Sequence[Sequence[Key]],
    threshold: int = THRESHOLD,
) -> dict[Key, int | str]:
    """Each cell's published value: its count, ``"<threshold"`` or ``"x"`` (withheld).

    ``lines``: each names cells whose counts add up to the count of its last cell."""
    if threshold < 1:
        raise ValueError("the suppression threshold must be at least 1")
    for line in lines:
        for key in line:
            if key not in values:
                raise KeyError(f"a line names a cell with no count: {key!r}")
    useful = [list(line) for line in lines if len(set(line)) == len(line) >= 2]
    small = {key for key, value in values.items() if 0 < value < threshold}
    hidden: set[Key] = set(small)
    while True:
        known = _ranges(values, small, hidden, useful, threshold)
        pinned = sorted((k for k in hidden if known[k][0] == known[k][1]), key=str)
        pick = None
        for key in pinned:
            # The line through it with the fewest hidden counts is the likeliest to pin it.
            through = [line for line in useful if key in line and not hidden.issuperset(line)]
            if not through:
                continue
            line = min(through, key=lambda line: sum(k in hidden for k in line))
            shown = [k for k in line if k not in hidden]
            # The smallest non-zero count costs the reader least; a zero hides nothing
            # unless nothing else is left. Ties go by key (repeatable).
            pick = min(shown, key=lambda k: (values[k] == 0, values[k], str(k)))
            break
        if pick is None:
            break
        hidden.add(pick)
    return {
        key: f"<{threshold}" if key in small else WITHHELD if key in hidden else value
        for key, value in values.items()
    }
