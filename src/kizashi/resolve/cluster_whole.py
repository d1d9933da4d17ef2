"""Connected components of the edges, and which of them the greedy clustering must walk.

The greedy clustering (:func:`kizashi.resolve.cluster.greedy_clusters`) refuses a join for
one of two reasons only: an analyst's "not the same" pair across the two sides, or a conflict
found by the compatibility test. The test is not asked where the two sides are two single
records joined by a model edge (the edge is their pair's decision), nor where no signature
field holds two different values across both sides. So in a component where

- no "not the same" pair has both records, and
- there is no compatibility test, or every signature field has at most one distinct
  non-empty value across all the component's records (any two parts of it then hold at most
  that one value each), or the component is two records whose strongest edge is a model edge,

every join the greedy walk tries succeeds, whatever the order: the cluster is the whole
component, labelled with its smallest record, and nothing is flagged. Those components are
found and labelled here by NumPy, scipy and Arrow, without a Python union-find; only the
others (the ones where a refusal is possible) go through the greedy walk, with their own
edges — a cluster depends only on its component's edges, so the result is the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]
from scipy.sparse import coo_matrix  # type: ignore[import-untyped]  # no type information
from scipy.sparse.csgraph import connected_components  # type: ignore[import-untyped]

__all__ = ["Split", "positions", "split_components"]


@dataclass
class Split:
    labels: dict[str, str]  # records of components joined whole → their smallest record
    slow_ids: list[str]  # records of the components where a join may be refused
    slow_edges: list[tuple[str, str, float, Any]]  # those components' edges, in input order


def split_components(
    names: Sequence[str],
    edges: Sequence[tuple[str, str, float, Any]],
    cannot: Sequence[tuple[str, str]],
    *,
    conflict_test: bool,
    hashes: Any,
    judged: float,
) -> Split | None:
    """The components joined whole and the rest; ``hashes`` (or None) has one row of
    signature hashes per record of ``names``, in its order (0: empty). None if the ids
    cannot be Arrow strings (the caller then walks everything)."""
    try:
        keys = pa.array(names, pa.string())
        left, right, cannot_left, cannot_right = positions(
            keys,
            pa.array([e[0] for e in edges], pa.string()),
            pa.array([e[1] for e in edges], pa.string()),
            pa.array([a for a, _ in cannot], pa.string()),
            pa.array([b for _, b in cannot], pa.string()),
        )
    except (pa.ArrowException, UnicodeEncodeError, TypeError):
        return None
    kept = np.flatnonzero((left >= 0) & (right >= 0))  # an edge to no record is ignored
    left, right = left[kept], right[kept]
    count = len(names)
    graph = coo_matrix((np.ones(len(kept), dtype=np.int8), (left, right)), shape=(count, count))
    n_components, component = connected_components(graph, directed=False)
    # The records an edge touches, in order: a mask over the records, not a sort of the edges.
    marked = np.zeros(count, dtype=bool)
    marked[left] = True
    marked[right] = True
    touched = np.flatnonzero(marked)
    where = component[touched]
    risky = np.zeros(n_components, dtype=bool)
    inside = (cannot_left >= 0) & (cannot_right >= 0) & (cannot_left != cannot_right)
    a, b = cannot_left[inside], cannot_right[inside]
    same = component[a] == component[b]
    risky[component[a[same]]] = True
    if conflict_test:
        risky |= ~_never_tested(
            component, n_components, touched, where, left, kept, edges, hashes, judged
        )
    fast = touched[~risky[where]]
    slow = touched[risky[where]]
    labels: dict[str, str] = {}
    if len(fast):
        # The smallest record per component: the records sorted by their UTF-8 bytes (the
        # order of code points, as Python's min), the first of each component taken.
        ordered = fast[pc.sort_indices(keys.take(pa.array(fast))).to_numpy()]
        groups = component[ordered]
        _, first = np.unique(groups, return_index=True)
        smallest = np.empty(n_components, dtype=np.int64)
        smallest[groups[first]] = ordered[first]
        labels = dict(
            zip(
                keys.take(pa.array(fast)).to_pylist(),
                keys.take(pa.array(smallest[component[fast]])).to_pylist(),
                strict=True,
            )
        )
    slow_edges = [edges[i] for i in kept[risky[component[left]]].tolist()]
    return Split(labels, keys.take(pa.array(slow)).to_pylist(), slow_edges)


def positions(keys: pa.Array, *values: pa.Array) -> list[Any]:
    """For each of ``values``, the positions of its values among ``keys`` (the first if
    repeated; a null finds a null key), -1 where absent — as ``pc.index_in(v,
    value_set=keys)`` gives, but with one hash table for all of them: ``index_in`` hashes
    every key again for each call, and the keys are every record's id (at a million
    records, most of clustering's indexing)."""
    count = len(keys)
    encoded = pc.dictionary_encode(pa.concat_arrays([keys, *values]), null_encoding="encode")
    codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    # The first key position of each distinct value; none (count) becomes -1.
    found = np.full(len(encoded.dictionary), count, dtype=np.int64)
    np.minimum.at(found, codes[:count], np.arange(count, dtype=np.int64))
    found[found == count] = -1
    out, start = [], count
    for array in values:
        out.append(found[codes[start : start + len(array)]])
        start += len(array)
    return out


def _never_tested(
    component: Any,
    n_components: int,
    touched: Any,
    where: Any,
    left: Any,
    kept: Any,
    edges: Sequence[tuple[str, str, float, Any]],
    hashes: Any,
    judged: float,
) -> Any:
    """Per component, whether no join in it would ask the compatibility test."""
    size = np.bincount(where, minlength=n_components)
    weights = np.fromiter((edges[i][2] for i in kept.tolist()), dtype=np.float64, count=len(kept))
    strongest = np.full(n_components, -np.inf)
    np.maximum.at(strongest, component[left], weights)  # NaN stays NaN: not < judged
    never = (size == 2) & (strongest < judged)  # two records joined by their pair's edge
    if hashes is not None:
        uniform = np.ones(n_components, dtype=bool)
        rows = np.asarray(hashes)[touched]
        for field in range(rows.shape[1] if rows.ndim == 2 else 0):
            values = rows[:, field]
            filled = values != 0
            groups, values = where[filled], values[filled]
            one = np.zeros(n_components, dtype=values.dtype)
            one[groups] = values  # one value per component (the last written)
            uniform[groups[values != one[groups]]] = False  # a second, different value
        never |= uniform
    return never
