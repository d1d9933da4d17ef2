"""Constrained clustering: strongest edges first; "not the same" and conflicts never crossed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from kizashi.resolve.cluster import JUDGED, constrained_clusters
from kizashi.resolve.evaluate import pairwise


def test_cannot_link_splits_a_chain() -> None:
    edges = [("a", "b", 10.0, ()), ("b", "c", 5.0, ()), ("c", "d", 8.0, ())]
    plain = constrained_clusters("abcd", edges).clusters
    assert len(set(plain.values())) == 1
    split = constrained_clusters("abcd", edges, [("a", "d")]).clusters
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
    clusters = constrained_clusters("abcdefgh", edges, cannot).clusters
    assert set(clusters) == set("abcdefgh")
    for a, b in cannot:
        assert clusters[a] != clusters[b]


# Records by birth year: records of different years conflict (a father and his son).
YEARS = {"father": 1960, "son": 1988, "a": None, "b": 1960}


def _compatible(left: Mapping[str, Any], right: Mapping[str, Any]) -> tuple[bool, list[Any]]:
    a, b = left["year"], right["year"]
    ok = a is None or b is None or a == b
    return ok, [] if ok else [{"field": "birth_date", "conflict": f"{a} / {b}"}]


def test_a_chain_never_joins_conflicting_records_and_the_stopped_join_is_flagged() -> None:
    rows = {k: {"unique_id": k, "year": v} for k, v in YEARS.items()}
    # "a" (no birth date) matches the son a little better than the father.
    edges = [("a", "son", 20.0, ()), ("a", "father", 19.0, ()), ("b", "father", 30.0, ())]
    result = constrained_clusters(
        rows, edges, rows=lambda ids: [rows[i] for i in ids], compatible=_compatible
    )
    assert result.clusters["a"] == result.clusters["son"]
    assert result.clusters["father"] == result.clusters["b"] != result.clusters["son"]
    assert len(result.flags) == 1 and result.flags[0]["conflicts"][0]["field"] == "birth_date"


def test_an_analysts_same_joins_conflicting_records_but_stays_flagged() -> None:
    rows = {k: {"unique_id": k, "year": v} for k, v in YEARS.items()}
    edges = [("father", "son", JUDGED, ())]
    result = constrained_clusters(
        rows, edges, rows=lambda ids: [rows[i] for i in ids], compatible=_compatible
    )
    assert result.clusters["father"] == result.clusters["son"]
    assert result.flags and result.flags[0].get("joined") is True


def test_pairwise_scores() -> None:
    truth = {"1": "x", "2": "x", "3": "x", "4": "y"}
    assert pairwise(truth, truth).f1 == 1.0
    split = pairwise({"1": "a", "2": "a", "3": "b", "4": "c"}, truth)
    assert split.precision == 1.0 and abs(split.recall - 1 / 3) < 1e-9


def test_records_no_edge_touches_stand_alone_in_input_order() -> None:
    edges = [("b", "c", 10.0, ()), ("c", "zz", 20.0, ())]  # zz is no record: ignored
    clusters = constrained_clusters(iter("dcba"), edges).clusters
    assert list(clusters) == list("dcba")
    assert clusters == {"d": "d", "c": "b", "b": "b", "a": "a"}
