"""Clusters from decided edges and analyst judgements, never joining two people.

Edges are joined strongest first (union-find). Two clusters are joined only if every pair of
their members may be one person (:func:`kizashi.resolve.decision.compatible`: no decisive
disagreement, or a personal identifier in common): a record without a birth date tied to
both a father and his son by something they share (a family mobile) joins one of them, and
the other stays apart — the skipped join is kept as a *review flag* naming both sides and the
conflict. One tied to both by only their name and home joins neither, flagged against each
(:func:`ambiguous_edges`).

An analyst's "same" is an edge above every other and joins even conflicting members (the
analyst decided; the conflict is still flagged). "Not the same" forbids any join that would put
the two records in one cluster.

A cluster depends only on the edges of its connected component, so re-clustering the
components a change touches gives the same result as re-clustering everything — which is
what lets a judgement or a new report touch only its neighbourhood.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from kizashi.resolve.cluster_whole import split_components
from kizashi.resolve.conflicts import Conflict, shared_identifiers

__all__ = ["JUDGED", "Clustering", "constrained_clusters", "greedy_clusters", "profile_key"]

JUDGED = 1e6  # the weight of an analyst's "same": above every model edge

Row = Mapping[str, Any]
EdgeTuple = tuple[str, str, float, tuple[dict[str, Any], ...]]


def profile_key(row: Row) -> tuple[Any, ...]:
    """Records alike in every field need one compatibility test (200 posts of one account)."""
    return tuple(sorted((k, str(v)) for k, v in row.items() if k != "unique_id" and v))


@dataclass
class Clustering:
    clusters: dict[str, str]  # record → cluster label (its smallest member)
    flags: list[dict[str, Any]] = field(default_factory=list)  # joins a conflict stopped


def constrained_clusters(
    ids: Iterable[str],
    edges: Sequence[EdgeTuple],
    cannot: Iterable[tuple[str, str]] = (),
    *,
    rows: Callable[[Sequence[str]], Sequence[Row]] | None = None,
    compatible: Callable[[Row, Row], tuple[bool, list[Conflict]]] | None = None,
    signature: Callable[[str], Sequence[int]] | None = None,
    hashes: Any = None,
    whole_from: int = 1000,
    anchors: Sequence[str] = (),
    places: Sequence[str] = (),
) -> Clustering:
    """What :func:`greedy_clusters` gives, with the components where no join can be refused
    joined whole by NumPy (``cluster_whole.py`` says why that is the same); only the others
    are walked in Python. ``hashes``: ``signature``'s values for every record, one row each
    in the order of ``ids`` (used only with ``signature``). Under ``whole_from`` edges the
    walk alone is cheaper than building the arrays. ``anchors``: the columns whose equal
    value ties two records beyond their name and place, ``places`` those a household shares
    (:func:`ambiguous_edges`)."""
    order = ids if isinstance(ids, Sequence | Mapping) else list(ids)
    cannot = list(cannot)

    def walk(
        some: Iterable[str],
        their: Sequence[EdgeTuple],
        fetch: Callable[[Sequence[str]], Sequence[Row]] | None = rows,
    ) -> Clustering:
        torn: list[dict[str, Any]] = []
        if anchors and fetch is not None and compatible is not None:
            dropped, torn = ambiguous_edges(their, fetch, compatible, anchors, places)
            if dropped:
                their = [e for k, e in enumerate(their) if k not in dropped]
        found = greedy_clusters(
            some, their, cannot, rows=fetch, compatible=compatible, signature=signature
        )
        found.flags[:0] = torn
        return found

    if len(edges) < whole_from:
        return walk(order, edges)
    split = split_components(
        list(order),
        edges,
        cannot,
        conflict_test=rows is not None and compatible is not None,
        hashes=hashes if signature is not None else None,
        judged=JUDGED,
    )
    if split is None:
        return walk(order, edges)
    fetch = rows
    if rows is not None and compatible is not None and split.slow_ids:
        # The walked records read in one call, not one call per tested join (a table take
        # each: two thirds of the clustering's time at 200,000 records before).
        fetched = dict(zip(split.slow_ids, rows(split.slow_ids), strict=True))

        def fetch(some: Sequence[str]) -> Sequence[Row]:
            return [fetched[i] for i in some]

    walked = walk(split.slow_ids, split.slow_edges, fetch)
    clusters: dict[str, str] = {i: i for i in order}
    clusters.update(split.labels)
    clusters.update(walked.clusters)
    return Clustering(clusters, walked.flags)


def _shared(column: str, left: Row, right: Row) -> bool:
    """Do the rows agree on the anchor (``phone:mobile``: on a phone of that kind)?"""
    return bool(shared_identifiers(left, right, (column,)))


def ambiguous_edges(
    edges: Sequence[EdgeTuple],
    rows: Callable[[Sequence[str]], Sequence[Row]],
    compatible: Callable[[Row, Row], tuple[bool, list[Conflict]]],
    anchors: Sequence[str],
    places: Sequence[str] = (),
) -> tuple[set[int], list[dict[str, Any]]]:
    """The positions of the edges to leave out because they attach a record to one of two
    people who cannot be one, and a review flag per such record. A *loose* edge is one whose
    two records share no anchor (a birth date, an account, an identifier one person carries)
    and are not the same record again: only their name, their town or their household
    (``places``: the street block, a landline, a family mailbox — a father and his son of one
    name share them). Records joined by the other edges form groups; a record whose loose
    edges reach two groups with a pair in conflict — two namesakes of one postcode with
    different birth dates, a father and his son at one home told apart by their birth dates
    — that conflicts with neither and has no value for the field the two conflict on (no
    birth date between two men told apart by their birth dates, no given name between two
    told apart by their given names) could be either person: its loose edges are dropped
    and it stays apart rather than be given to whichever edge sorts first, with an
    ``ambiguous`` flag against each side naming both candidates (``candidates`` in each
    conflict) and the conflict between them. A record that states the field (a dated record
    beside two undated ones that differ only by a reading) is not ambiguous: the ordinary
    clustering decides (link44 review). A group it shares a place with is a better candidate than
    one it shares only a name and a town with (the namesake of its street block, not the one
    across town), so only the groups of its best tie are weighed."""
    loose: list[int] = []
    touched = sorted({x for e in edges if e[2] < JUDGED for x in e[:2]})
    if not touched:
        return set(), []
    row_of = dict(zip(touched, rows(touched), strict=True))
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    for k, (a, b, weight, _why) in enumerate(edges):
        if weight < JUDGED:
            ra, rb = row_of[a], row_of[b]
            if profile_key(ra) != profile_key(rb) and not any(_shared(c, ra, rb) for c in anchors):
                loose.append(k)
                continue
        x, y = find(a), find(b)
        if x != y:
            parent[max(x, y)] = min(x, y)
    reach: dict[str, dict[str, tuple[int, float, str]]] = {}
    for k in loose:
        a, b, weight = edges[k][:3]
        tie = int(any(_shared(c, row_of[a], row_of[b]) for c in places))
        for x, y in ((a, b), (b, a)):
            strongest = reach.setdefault(x, {})
            group = find(y)
            if group not in strongest or (tie, weight) > strongest[group][:2]:
                strongest[group] = (tie, weight, y)
    groups: dict[str, list[str]] = {}
    for x in row_of:
        groups.setdefault(find(x), []).append(x)
    verdicts: dict[tuple[str, str, tuple[str, ...]], list[Conflict]] = {}

    def apart(g: str, h: str, known: tuple[str, ...]) -> list[Conflict]:
        """The conflict that keeps the two groups apart on a field the record weighed has no
        value for (``known``: those it has; empty: no such conflict)."""
        key = (min(g, h), max(g, h), known)
        if key not in verdicts:
            verdicts[key] = next(
                (
                    found
                    for p in groups.get(g, [g])[:50]
                    for q in groups.get(h, [h])[:50]
                    for ok, found in (compatible(row_of[p], row_of[q]),)
                    if not ok and any(c["field"] not in known for c in found)
                ),
                [],
            )
        return verdicts[key]

    def refuses(x: str, g: str) -> bool:
        """Does record ``x`` itself conflict with a member of group ``g``? Then ``g`` is no
        candidate for it (the link36 review: a record whose birth date rules one namesake out
        was torn between the two)."""
        return any(not compatible(row_of[x], row_of[p])[0] for p in groups.get(g, [g])[:50])

    torn: set[str] = set()
    flags: list[dict[str, Any]] = []
    for x in sorted(reach):
        reached = reach[x]
        others = sorted(set(reached) - {find(x)})
        if len(others) > 1:
            others = [g for g in others if not refuses(x, g)]
        if len(others) > 1:
            best = max(reached[g][0] for g in others)
            others = [g for g in others if reached[g][0] == best]
        if not 1 < len(others) <= 10:
            continue
        known = _known_fields(row_of[x])
        split = next(
            (
                (g, h, c)
                for i, g in enumerate(others)
                for h in others[i + 1 :]
                if (c := apart(g, h, known))
            ),
            None,
        )
        if split is None:
            continue
        torn.add(x)
        candidates = [reached[g][2] for g in split[:2]]
        for g in split[:2]:
            _tie, weight, y = reached[g]
            flags.append(
                {
                    "left": x,
                    "right": y,
                    "weight": weight,
                    "kind": "ambiguous",
                    "conflicts": [{**c, "candidates": candidates} for c in split[2]],
                }
            )
    return {k for k in loose if edges[k][0] in torn or edges[k][1] in torn}, flags


# A conflict's field → the feature columns a record must lack to be "either person" on it.
_FIELD_COLUMNS = {
    "birth_date": ("birth_date",),
    "age": ("birth_date", "birth_year"),
    "given_name": ("name_given", "name_givens", "name_given_written"),
    "generation": ("name_generation",),
}


def _known_fields(row: Row) -> tuple[str, ...]:
    """The conflict fields a record has a value for: a birth date, an age, a given name, a
    generation mark, an ID column (conflicts name those ``field`` without their ``x_``). Only
    a conflict on another field makes it truly either of two people."""
    out = [f for f, columns in _FIELD_COLUMNS.items() if any(row.get(c) for c in columns)]
    out += [k[2:] for k, v in row.items() if k.startswith("x_") and v not in (None, "")]
    return tuple(sorted(out))


def greedy_clusters(
    ids: Iterable[str],
    edges: Sequence[EdgeTuple],
    cannot: Iterable[tuple[str, str]] = (),
    *,
    rows: Callable[[Sequence[str]], Sequence[Row]] | None = None,
    compatible: Callable[[Row, Row], tuple[bool, list[Conflict]]] | None = None,
    signature: Callable[[str], Sequence[int]] | None = None,
) -> Clustering:
    """Cluster labels per record; ``rows`` (ids → their rows, in bulk) and ``compatible``
    enable the conflict test. Two single records joined by their own edge were decided as a
    pair already (the edge exists only if they may be one person), so only joins of larger
    clusters are tested. ``signature`` (optional) gives a record's conflict fields in short,
    one hash per field (0: empty): where no field holds two different values across both
    clusters, they cannot disagree and are joined without fetching a row."""
    # Only records an edge touches get an entry: at a million records, most stand alone.
    order = ids if isinstance(ids, Sequence | Mapping) else list(ids)
    known = order if isinstance(order, Mapping) else set(order)
    parent: dict[str, str] = {}
    members: dict[str, set[str]] = {}
    profiles: dict[str, dict[tuple[Any, ...], Row]] = {}
    forbidden: dict[str, set[str]] = {}
    for a, b in cannot:
        forbidden.setdefault(a, set()).add(b)
        forbidden.setdefault(b, set()).add(a)
    verdicts: dict[frozenset[tuple[Any, ...]], tuple[bool, list[Conflict]]] = {}
    signatures: dict[str, list[set[int]]] = {}

    def signatures_of(root: str) -> list[set[int]]:
        fields = signatures.get(root)
        if fields is None:
            group = members_of(root)
            if len(group) == 1 and signature is not None:
                fields = [{v} if v else set() for v in signature(root)]
            else:
                fields = []
                for member in group:
                    for index, value in enumerate(signature(member) if signature else ()):
                        if index == len(fields):
                            fields.append(set())
                        if value:
                            fields[index].add(value)
            signatures[root] = fields
        return fields

    def members_of(root: str) -> set[str]:
        group = members.get(root)
        if group is None:
            group = members[root] = {root}
        return group

    def single(root: str) -> Sequence[int] | None:
        """A lone record's hashes as they are (no sets built), else None."""
        if signature is None or root in signatures or len(members_of(root)) > 1:
            return None
        return signature(root)

    def one_value_each(a: str, b: str) -> bool:
        """No field holds two different values across both (0: empty)."""
        one_a, one_b = single(a), single(b)
        if one_a is not None and one_b is not None:
            return all(not x or not y or x == y for x, y in zip(one_a, one_b, strict=False))
        if one_a is not None or one_b is not None:
            one, group = (one_a, b) if one_a is not None else (one_b, a)
            return all(
                len(y) <= 1 if not x else not y or (len(y) == 1 and x in y)
                for x, y in zip(one or (), signatures_of(group), strict=False)
            )
        return all(
            len(x | y) <= 1 for x, y in zip(signatures_of(a), signatures_of(b), strict=False)
        )

    flags: list[dict[str, Any]] = []

    def find(x: str) -> str:
        root = x
        while (up := parent.get(root, root)) != root:
            root = up
        while x != root:  # path compression
            parent[x], x = root, parent[x]
        return root

    def profiles_of(root: str) -> dict[tuple[Any, ...], Row]:
        if root not in profiles:
            found: dict[tuple[Any, ...], Row] = {}
            for row in rows(sorted(members_of(root))) if rows else ():
                found.setdefault(profile_key(row), row)
            profiles[root] = found
        return profiles[root]

    def conflict(small: str, large: str) -> list[Conflict] | None:
        if rows is None or compatible is None:
            return None
        mine, theirs = profiles_of(small), profiles_of(large)
        for key_a, row_a in mine.items():
            for key_b, row_b in theirs.items():
                pair = frozenset((key_a, key_b))
                if pair not in verdicts:
                    verdicts[pair] = compatible(row_a, row_b)
                ok, found = verdicts[pair]
                if not ok:
                    return found
        return None

    for left, right, weight, _reasons in sorted(edges, key=lambda e: (-e[2], e[0], e[1])):
        if left not in known or right not in known:
            continue
        ra, rb = find(left), find(right)
        if ra == rb:
            continue
        small, large = sorted((ra, rb), key=lambda r: (len(members_of(r)), r))
        if forbidden and any(forbidden.get(m, set()) & members[large] for m in members[small]):
            continue  # an analyst said some pair across these two is not the same
        pair_decided = len(members[small]) == len(members[large]) == 1 and weight < JUDGED
        alike = signature is not None and one_value_each(small, large)
        found = None if pair_decided or alike else conflict(small, large)
        if found is not None:
            if weight < JUDGED:
                flags.append({"left": left, "right": right, "weight": weight, "conflicts": found})
                continue
            flags.append(
                {"left": left, "right": right, "weight": weight, "conflicts": found, "joined": True}
            )
        if large in profiles or small in profiles:
            merged = {**profiles_of(large), **profiles_of(small)}
            profiles[large] = merged
            profiles.pop(small, None)
        if signature is not None and (large in signatures or small in signatures):
            merged_fields = signatures_of(large)  # merged in place: no new sets per join
            for x, y in zip(merged_fields, signatures_of(small), strict=False):
                x |= y
            signatures.pop(small, None)
        parent[small] = large
        members[large] |= members.pop(small)
    clusters: dict[str, str] = {i: i for i in order}  # a record no edge joined stands alone
    for group in members.values():
        if len(group) > 1:
            label = min(group)
            for member in group:
                clusters[member] = label
    return Clustering(clusters, flags)
