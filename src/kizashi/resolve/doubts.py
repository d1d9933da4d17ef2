"""Review flags on clusters that are kept whole but may be two people (issue 22).

A father and his son of one full name at one home, each with his own mobile, and no birth
date on any record: nothing the linker reads tells them apart, so their records join (the
name and the home outweigh two mobiles, for one person's records do carry two). Splitting
on two mobiles alone would tear apart the man with a work phone and a private one; keeping
the cluster silently hides that it may be two men. So the cluster is kept and flagged
``mobiles``: its records fall into two or more groups that share no personal identifier
(a mobile, an e-mail, an account, an ID column), each group with a mobile of its own, the
groups tied only by a place a household shares (the home's street block, the landline, a
family mailbox) — and at most one of the two groups states a birth date or a birth year
(two dates would have told a father from his son, :mod:`kizashi.resolve.conflicts`, or
shown one man; one date says nothing about the undated group: the son dated 1976 beside
undated records of the father's mobile, an age the file gives no date for).

The flag names one record of each group and the two mobiles; an analyst settles it with
"same" or "not the same". "Not the same" splits the cluster; "same" on any two records of
the two groups ties them (as a shared mobile would), so the flag is gone for good — a new
record that changes which record names a group cannot raise it again unjudged. It is a clustering's flag like ``split`` and ``ambiguous``: the
batch run, ``kizashi link`` and the live path's re-clustering all compute it from the same
rows (:func:`kizashi.resolve.link.cluster`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from kizashi.resolve.conflicts import shared_identifiers
from kizashi.resolve.contacts import phone_key

__all__ = ["DATED", "KIND", "two_people_flags"]

KIND = "mobiles"
# The feature columns that state when a person was born: any of them on a record of a group,
# and the group is dated.
DATED = ("birth_date", "birth_year")
_MAX_GROUPS = 4  # a cluster of more such groups is a crowd, not a father and a son

Row = Mapping[str, Any]


def _mobile(row: Row) -> str | None:
    value = row.get("phone")
    return str(value) if value and row.get("phone_kind") == "mobile" else None


def two_people_flags(
    clusters: Iterable[Sequence[str]],
    rows: Callable[[Sequence[str]], Sequence[Row]],
    anchors: Sequence[str],
    places: Sequence[str],
    same: Iterable[tuple[str, str]] = (),
) -> list[dict[str, Any]]:
    """A ``mobiles`` flag for each pair of groups of a cluster that may be two people (the
    module says when); ``anchors`` and ``places`` as :func:`kizashi.resolve.link.cluster`
    derives them from the data (only a mobile this data shows to be one person's counts);
    ``same``: the pairs of records an analyst judged one person (they tie their groups)."""
    if "phone:mobile" not in anchors:
        return []
    homes = [c for c in places if _home(c, c not in anchors)]
    judged: dict[str, set[str]] = {}
    for a, b in same:
        judged.setdefault(str(a), set()).add(str(b))
        judged.setdefault(str(b), set()).add(str(a))
    flags: list[dict[str, Any]] = []
    for members in clusters:
        if len(members) < 2:
            continue
        ids = sorted(members)
        found = rows(ids)
        groups = _tied(ids, _groups(ids, found, anchors), judged)
        with_mobile = [g for g in groups if any(_mobile(found[k]) for k in g)]
        dated = [any(found[k].get(c) for k in g for c in DATED) for g in with_mobile]
        if not 1 < len(with_mobile) <= _MAX_GROUPS:
            continue
        for i, g in enumerate(with_mobile):
            for j in range(i + 1, len(with_mobile)):
                if dated[i] and dated[j]:
                    continue  # both dated alike (else they would not be one cluster)
                flag = _flag(ids, found, g, with_mobile[j], homes)
                if flag is not None:
                    flags.append(flag)
    return flags


def _home(column: str, mailbox: bool) -> bool:
    """A column whose shared value may be a home: the street block, the phone, a generic
    column (its value then read: a landline number, or a mailbox column's address) — not what
    a mere label is (a report source is shared by strangers). ``mailbox``: a mailbox this data
    shows to be a family's, not one person's."""
    if column in ("addr_block", "phone:other"):
        return True
    return (mailbox and column == "email") or column.startswith("x_")


def _mail(column: str) -> bool:
    name = column.casefold()
    return "mail" in name or "メール" in name


_PHONE_TEXT = re.compile(r"[0-9０-９+＋()（）\-－ー‐ 　]+")


def _landline(value: Any) -> bool:
    """A generic column's value written as a landline number (a home's, however the column
    is named: 自宅TEL, 固定電話, home)."""
    text = str(value)
    return bool(_PHONE_TEXT.fullmatch(text)) and phone_key(text).kind == "landline"


def _homes(row: Row, other: Row, homes: Sequence[str]) -> bool:
    """The two records share a home: a place column, or a generic column holding the same
    landline number or the same family mailbox."""
    for column in shared_identifiers(row, other, homes):
        if not column.startswith("x_") or _mail(column) or _landline(row[column]):
            return True
    return False


def _tied(
    ids: Sequence[str], groups: list[list[int]], judged: Mapping[str, set[str]]
) -> list[list[int]]:
    """The groups with those an analyst's "same" joins merged into one."""
    if not judged:
        return groups
    owner = {ids[k]: n for n, g in enumerate(groups) for k in g}
    ties = [
        (owner[record_id], owner[other])
        for record_id, others in judged.items()
        if record_id in owner
        for other in others
        if other in owner
    ]
    return [sorted(k for n in part for k in groups[n]) for part in _parts(len(groups), ties)]


def _parts(count: int, ties: Iterable[tuple[int, int]]) -> list[list[int]]:
    """The positions ``0 … count-1`` joined by ``ties`` (union-find), each part in order of
    its smallest position, the positions of a part in order."""
    parent = list(range(count))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in ties:
        ra, rb = find(a), find(b)
        parent[max(ra, rb)] = min(ra, rb)
    out: dict[int, list[int]] = {}
    for k in range(count):
        out.setdefault(find(k), []).append(k)
    return list(out.values())


def _groups(ids: Sequence[str], found: Sequence[Row], anchors: Sequence[str]) -> list[list[int]]:
    """The cluster's records (positions) joined by a personal identifier they share."""
    first: dict[tuple[str, str], int] = {}
    ties: list[tuple[int, int]] = []
    for k, row in enumerate(found):
        for column in anchors:
            field, _, kind = column.partition(":")
            if field in DATED or not row.get(field):
                continue
            if kind and not shared_identifiers(row, row, (column,)):
                continue  # a phone of the other kind
            ties.append((first.setdefault((column, str(row[field])), k), k))
    return _parts(len(ids), ties)


def _flag(
    ids: Sequence[str],
    found: Sequence[Row],
    g: Sequence[int],
    h: Sequence[int],
    places: Sequence[str],
) -> dict[str, Any] | None:
    """The flag between two groups tied by a place they share; None if no place ties them
    (then something else joined them: the name alone, a town — not the case this reads)."""
    if not any(_homes(found[p], found[q], places) for p in g for q in h):
        return None
    left = next(p for p in g if _mobile(found[p]))
    right = next(q for q in h if _mobile(found[q]))
    values = sorted((str(_mobile(found[left])), str(_mobile(found[right]))))
    return {
        "left": ids[left],
        "right": ids[right],
        "weight": None,
        "kind": KIND,
        "conflicts": [
            {
                "field": KIND,
                "conflict": f"mobiles {values[0]} / {values[1]}, one home, no birth date: "
                "may be two people",
                "values": values,
            }
        ],
    }
