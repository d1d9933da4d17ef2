"""Small-count suppression for published tables (the transparency report, docs/oversight.md).

A count of one to four people, reports or alerts in a published table can point at someone:
"one insider alert confirmed on the Toshima desk in November". Such a count is shown as
``"<5"`` (primary suppression). Hiding it is not enough when the table also publishes a
total: the total less the other cells of its row gives the hidden count back. So every
*line* — a set of cells that must add up to a published total, the total itself among them —
is checked, and where exactly one member of a line is hidden, one more is withheld (shown as
``"x"``: secondary suppression): the smallest non-zero count of the line, else the total,
else a zero. That runs until no line has exactly one hidden member. Lines may span tables (a
cell published twice, such as the partner reports of the channel table and the total of the
partner-type table, is one cell), so hiding it in one table hides it in the other too.

Zeros are shown: a zero says nobody, and points at nobody. A withheld cell is marked apart
from a small one, so a reader never takes a withheld count of fifty for a count under five.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import TypeVar

THRESHOLD = 5
SMALL = f"<{THRESHOLD}"
WITHHELD = "x"

Key = TypeVar("Key", bound=Hashable)


def suppress(
    values: Mapping[Key, int],
    lines: Sequence[Sequence[Key]],
    threshold: int = THRESHOLD,
) -> dict[Key, int | str]:
    """Each cell's published value: its count, ``"<threshold"`` or ``"x"`` (withheld)."""
    if threshold < 1:
        raise ValueError("the suppression threshold must be at least 1")
    for line in lines:
        for key in line:
            if key not in values:
                raise KeyError(f"a line names a cell with no count: {key!r}")
    small = {key for key, value in values.items() if 0 < value < threshold}
    hidden: set[Key] = set(small)
    changed = True
    while changed:
        changed = False
        for line in lines:
            members = list(dict.fromkeys(line))
            if len(members) < 2 or sum(key in hidden for key in members) != 1:
                continue
            shown = [key for key in members if key not in hidden]
            # The smallest non-zero count costs the reader least; a zero hides nothing
            # unless nothing else is left. Ties go by key, so the result is repeatable.
            pick = min(shown, key=lambda key: (values[key] == 0, values[key], str(key)))
            hidden.add(pick)
            changed = True
    return {
        key: f"<{threshold}" if key in small else WITHHELD if key in hidden else value
        for key, value in values.items()
    }
