"""Identity rules: links that need no model, because the identifier is one person's.

- the same account handle, or the same e-mail address: a handle or mailbox belongs to one
  person — unless this data shows the column shared by families (a family mailbox, see
  :mod:`kizashi.resolve.households`), in which case it is left to the model;
- the same *mobile* number with at least one name part in common (a landline is shared by a
  household, so it stays with the model).

A key that is a blocking stop key (on hundreds of records) is a placeholder, not an identity. Rule
edges carry the rule as their reason and sit above every model edge; an analyst's "not the
same" still splits them. The batch run finds them by grouping, the incremental path through
the blocking keys; both ask :func:`rule_for` about each pair.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from itertools import combinations
from typing import Any

from kizashi.resolve.linker import Model

__all__ = ["RULE_WEIGHT", "rule_edges", "rule_for"]

RULE_WEIGHT = 50.0
_RULE_OF = {"account": "account", "email": "email", "mobile": "phone"}  # key → blocking rule

Row = Mapping[str, Any]


def _tokens(row: Row) -> set[str]:
    return {t for t in (row.get("tok_a"), row.get("tok_b")) if t}


def _keys(row: Row, model: Model) -> list[tuple[str, str]]:
    """The row's identity keys that are personal in this data and not placeholders."""
    out = []
    for field in ("account", "email"):
        if row.get(field) and model.personal.get(field, True):
            out.append((field, str(row[field])))
    mobile = row.get("phone_kind") == "mobile" and model.personal.get("phone:mobile", True)
    if row.get("phone") and mobile:
        out.append(("mobile", str(row["phone"])))
    index = {rule.name: i for i, rule in enumerate(model.rules)}
    return [
        (field, value)
        for field, value in out
        if f"{index.get(_RULE_OF[field], -1)}:{value}" not in model.stops
    ]


def rule_for(left: Row, right: Row, model: Model) -> str | None:
    """The identity rule that links two records, if one does."""
    theirs = dict(_keys(right, model))
    for field, value in _keys(left, model):
        if theirs.get(field) != value:
            continue
        if field == "account":
            return "same account handle"
        if field == "email":
            return "same e-mail address"
        if _tokens(left) & _tokens(right):
            return "same mobile number and a name part in common"
    return None


def rule_edges(rows: Iterable[Row], model: Model) -> list[tuple[str, str, str]]:
    """(left id, right id, rule) for every pair an identity rule links."""
    groups: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for row in rows:
        for key in _keys(row, model):
            groups[key].append(row)
    seen: set[tuple[str, str]] = set()
    out: list[tuple[str, str, str]] = []
    for members in groups.values():
        if len(members) < 2:
            continue
        for a, b in combinations(sorted(members, key=lambda r: str(r["unique_id"])), 2):
            pair = (str(a["unique_id"]), str(b["unique_id"]))
            if pair in seen:
                continue
            rule = rule_for(a, b, model)
            if rule is not None:
                seen.add(pair)
                out.append((*pair, rule))
    return out
