"""Cheaper DuckDB conditions for some comparison levels, equal to the ones they replace.

Prediction evaluates every level's condition on every blocked pair that reaches it (5.3M
pairs at 1M records, most of them falling through to the last levels). A few of the
conditions splink and :mod:`kizashi.resolve.levels` write are costly per pair for what they
test:

- ``x LIKE concat('%|', y, '|%')`` and ``x LIKE concat(y, '-%')`` build a pattern per pair
  and match it; ``contains`` / ``starts_with`` test the same substring directly. (They
  also read ``%`` and ``_`` inside a value literally, as the Python predicates of the
  incremental path do; the derived keys here hold neither.)
- ``levenshtein(a, b) <= 1`` is true for equal strings and, for other strings of one
  length, ``hamming(a, b) <= 1`` (one
  edit that keeps the length is one substitution), false when the lengths differ by two
  or more, and Levenshtein only when they differ by one; ``levenshtein(a, b) <= 2`` is
  false when the lengths differ by more than two. Both count characters, not bytes.

:func:`faster` rewrites a model's settings for DuckDB's prediction; :func:`swap_levels`
does the same to the linker training samples u and runs EM with (2M random pairs for u:
the same conditions, the same counts). The stored model keeps splink's own SQL (Spark runs
it too), and a condition not listed is left as it is.
"""

from __future__ import annotations

import copy
from typing import Any

__all__ = ["REWRITES", "SPLINK_OWN", "faster", "swap_levels"]


def _one_edit(column: str) -> str:
    a, b = f'"{column}_l"', f'"{column}_r"'
    return (
        # Equal strings first: DuckDB's hamming refuses two empty strings.
        f"(CASE WHEN {a} = {b} THEN true "
        f"WHEN length({a}) = length({b}) THEN hamming({a}, {b}) <= 1 "
        f"WHEN abs(length({a}) - length({b})) = 1 THEN levenshtein({a}, {b}) <= 1 "
        "ELSE false END)"
    )


def _two_edits(column: str) -> str:
    a, b = f'"{column}_l"', f'"{column}_r"'
    return (
        f"(CASE WHEN abs(length({a}) - length({b})) <= 2 THEN levenshtein({a}, {b}) <= 2 "
        "ELSE false END)"
    )


def _levenshtein(column: str, distance: int) -> str:
    return f'levenshtein("{column}_l", "{column}_r") <= {distance}'


REWRITES: dict[str, str] = {
    # levels.another_reading
    "(name_alts_l LIKE concat('%|', name_sorted_r, '|%') "
    "OR name_alts_r LIKE concat('%|', name_sorted_l, '|%'))": (
        "(contains(name_alts_l, concat('|', name_sorted_r, '|')) "
        "OR contains(name_alts_r, concat('|', name_sorted_l, '|')))"
    ),
    # levels.prefix("addr_block", …)
    "(addr_block_l LIKE concat(addr_block_r, '-%') OR addr_block_r LIKE concat(addr_block_l, '-%'))": (
        "(starts_with(addr_block_l, concat(addr_block_r, '-')) "
        "OR starts_with(addr_block_r, concat(addr_block_l, '-')))"
    ),
    # levels.lev: birth date one / two digits off, phone one digit off
    _levenshtein("birth_date", 1): _one_edit("birth_date"),
    _levenshtein("birth_date", 2): _two_edits("birth_date"),
    _levenshtein("phone", 1): _one_edit("phone"),
}


def faster(settings: dict[str, Any]) -> dict[str, Any]:
    """A copy of splink ``settings`` with each listed level condition replaced by its
    cheaper equal; levels, labels and m/u untouched."""
    out = copy.deepcopy(settings)
    for comparison in out.get("comparisons", []):
        for level in comparison.get("comparison_levels", []):
            condition = level.get("sql_condition")
            if isinstance(condition, str) and condition in REWRITES:
                level["sql_condition"] = REWRITES[condition]
    return out


SPLINK_OWN = {new: old for old, new in REWRITES.items()}  # back to splink's own SQL


def swap_levels(settings: Any, conditions: dict[str, str]) -> None:
    """Each level of a splink settings object (``Linker._settings_obj``) whose condition is
    a key of ``conditions`` takes its value: :data:`REWRITES` before training on DuckDB,
    :data:`SPLINK_OWN` before the model is saved."""
    for comparison in settings.comparisons:
        for level in comparison.comparison_levels:
            condition = level._sql_condition
            if condition in conditions:
                level._sql_condition = conditions[condition]
