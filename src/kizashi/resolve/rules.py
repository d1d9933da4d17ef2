"""Identity rules: links that need no model, because the identifier is one person's.

- the same account handle, or the same e-mail address: a handle or mailbox belongs to one
  person (a shared family mailbox is the exception an analyst corrects with "not the same");
- the same *mobile* number with at least one name part in common (a landline is shared by a
  household, so it stays with the model).

Rule edges carry the rule as their reason and sit above every model edge; an analyst's
"not the same" still splits them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from itertools import combinations, pairwise
from typing import Any

__all__ = ["RULE_WEIGHT", "rule_edges"]

RULE_WEIGHT = 50.0
_MAX_GROUP = 200  # a key shared by more records than this is a placeholder, not an identity


def _tokens(row: Mapping[str, Any]) -> set[str]:
    return {t for t in (row.get("tok_a"), row.get("tok_b")) if t}


def rule_edges(rows: Iterable[Mapping[str, Any]]) -> list[tuple[str, str, str]]:
    """(left id, right id, rule) for every pair an identity rule links (a chain per key)."""
    groups: dict[tuple[str, str], list[Mapping[str, Any]]] = defaultdict(list)
    for row in rows:
        for field in ("account", "email"):
            if row.get(field):
                groups[(field, str(row[field]))].append(row)
        if row.get("phone") and row.get("phone_kind") == "mobile":
            groups[("mobile", str(row["phone"]))].append(row)
    out: list[tuple[str, str, str]] = []
    for (field, _key), members in groups.items():
        if len(members) < 2 or len(members) > _MAX_GROUP:
            continue
        members = sorted(members, key=lambda r: str(r["unique_id"]))
        if field in ("account", "email"):
            rule = "same account handle" if field == "account" else "same e-mail address"
            out.extend(
                (str(a["unique_id"]), str(b["unique_id"]), rule) for a, b in pairwise(members)
            )
            continue
        for a, b in combinations(members, 2):
            if _tokens(a) & _tokens(b):
                out.append(
                    (
                        str(a["unique_id"]),
                        str(b["unique_id"]),
                        "same mobile number and a name part in common",
                    )
                )
    return out
