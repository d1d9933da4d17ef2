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


def _prefixes(model: Model) -> dict[str, str]:
    """Per identity key, the prefix its blocking rule gives its stop keys ("<index>:")."""
    index = {rule.name: i for i, rule in enumerate(model.rules)}
    return {field: f"{index.get(rule, -1)}:" for field, rule in _RULE_OF.items()}


def _keys(
    row: Row, model: Model, prefixes: Mapping[str, str] | None = None
) -> list[tuple[str, str]]:
    """The row's identity keys that are personal in this data and not placeholders
    (``prefixes``: :func:`_prefixes` of the model, computed once by a caller asking often)."""
    out = []
    for field in ("account", "email"):
        if row.get(field) and model.personal.get(field, True):
            out.append((field, str(row[field])))
    mobile = row.get("phone_kind") == "mobile" and model.personal.get("phone:mobile", True)
    if row.get("phone") and mobile:
        out.append(("mobile", str(row["phone"])))
    prefixes = prefixes if prefixes is not None else _prefixes(model)
    return [(field, value) for field, value in out if prefixes[field] + value not in model.stops]


def rule_for(left: Row, right: Row, model: Model) -> str | None:
    """The identity rule that links two records, if one does."""
    return _rule(left, right, _keys(left, model), _keys(right, model))


def _rule(
    left: Row, right: Row, left_keys: list[tuple[str, str]], right_keys: list[tuple[str, str]]
) -> str | None:
    theirs = dict(right_keys)
    for field, value in left_keys:
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
    """(left id, right id, rule) for every pair an identity rule links (each row's keys
    found once, not again for every pair it is in)."""
    prefixes = _prefixes(model)
    groups: dict[tuple[str, str], list[tuple[Row, list[tuple[str, str]]]]] = defaultdict(list)
    for row in rows:
        keys = _keys(row, model, prefixes)
        for key in keys:
            groups[key].append((row, keys))
    seen: set[tuple[str, str]] = set()
    out: list[tuple[str, str, str]] = []
    for members in groups.values():
        if len(members) < 2:
            continue
        ordered = sorted(members, key=lambda m: str(m[0]["unique_id"]))
        for (a, a_keys), (b, b_keys) in combinations(ordered, 2):
            pair = (str(a["unique_id"]), str(b["unique_id"]))
            if pair in seen:
                continue
            rule = _rule(a, b, a_keys, b_keys)
            if rule is not None:
                seen.add(pair)
                out.append((*pair, rule))
    return out
