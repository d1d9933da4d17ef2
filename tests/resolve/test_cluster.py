"""Constrained clustering: strongest edges first; "not the same" is never crossed."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kizashi.resolve.cluster import constrained_clusters
from kizashi.resolve.evaluate import pairwise


def test_cannot_link_splits_a_chain() -> None:
    edges = [("a", "b", 10.0, ()), ("b", "c", 5.0, ()), ("c", "d", 8.0, ())]
    plain = constrained_clusters("abcd", edges)
    assert len(set(plain.values())) == 1
    split = constrained_clusters("abcd", edges, [("a", "d")])
    assert split["a"] == split["b"] and split["c"] == split["d"] and split["a"] != split["c"]


IDS = st.sampled_from(list("abcdefgh"))


@given(
    st.lists(st.tuples(IDS, IDS, st.floats(-10, 50)), max_size=30),
    st.lists(st.tuples(IDS, IDS), max_size=5),
)
def test_no_cluster_holds_a_forbidden_pair(
    raw: list[tuple[str, str, float]], cannot: list[tuple[str, str]]
) -> None:
    cannot = [(a, b) for a, b in cannot if a != b]
    edges = [(a, b, w, ()) for a, b, w in raw]
    clusters = constrained_clusters("abcdefgh", edges, cannot)
    assert set(clusters) == set("abcdefgh")
    for a, b in cannot:
        assert clusters[a] != clusters[b]


def test_pairwise_scores() -> None:
    truth = {"1": "x", "2": "x", "3": "x", "4": "y"}
    assert pairwise(truth, truth).f1 == 1.0
    split = pairwise({"1": "a", "2": "a", "3": "b", "4": "c"}, truth)
    assert split.precision == 1.0 and abs(split.recall - 1 / 3) < 1e-9
