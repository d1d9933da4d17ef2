"""Clusters from scored edges and analyst judgements.

Edges are joined strongest first (union-find); an analyst's "same" is an edge stronger than
any model edge, and "not the same" forbids any join that would put the two records in one
cluster — the join is skipped and the records stay apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

__all__ = ["JUDGED", "constrained_clusters"]

JUDGED = 1e6  # the weight of an analyst's "same": above every model edge


def constrained_clusters(
    ids: Iterable[str],
    edges: Sequence[tuple[str, str, float, tuple[dict[str, Any], ...]]],
    cannot: Iterable[tuple[str, str]] = (),
) -> dict[str, str]:
    """Cluster id (the smallest member id) per record."""
    parent: dict[str, str] = {i: i for i in ids}
    members: dict[str, set[str]] = {i: {i} for i in parent}
    forbidden: dict[str, set[str]] = {}
    for a, b in cannot:
        forbidden.setdefault(a, set()).add(b)
        forbidden.setdefault(b, set()).add(a)

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for left, right, _weight, _reasons in sorted(edges, key=lambda e: (-e[2], e[0], e[1])):
        if left not in parent or right not in parent:
            continue
        ra, rb = find(left), find(right)
        if ra == rb:
            continue
        small, large = sorted((ra, rb), key=lambda r: len(members[r]))
        if any(forbidden.get(m, set()) & members[large] for m in members[small]):
            continue  # an analyst said some pair across these two is not the same
        parent[small] = large
        members[large] |= members.pop(small)
    clusters: dict[str, str] = {}
    for group in members.values():
        label = min(group)
        for member in group:
            clusters[member] = label
    return clusters
