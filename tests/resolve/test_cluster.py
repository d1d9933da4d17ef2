"""Constrained clustering: strongest edges first; "not the same" and conflicts never crossed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kizashi.resolve.cluster import JUDGED, constrained_clusters
from kizashi.resolve.evaluate import pairwise
from tests.depth import examples


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


def test_a_record_that_could_be_either_of_two_namesakes_joins_neither() -> None:
    """Found by link36's probe: two namesakes of one postcode, each with a birth date and a
    street, and a marketplace record with the name and the postcode alone. Its edges to
    both share no anchor (only the name and the town); it used to join whichever sorted
    first. Now it stays apart, while a record sharing an e-mail with one of them still joins."""
    rows = {
        "p1": {"unique_id": "p1", "year": 1967, "email": None, "addr_block": "横浜市新港|3-14-19"},
        "p2": {"unique_id": "p2", "year": 1996, "email": None, "addr_block": "横浜市新港|2-15-6"},
        "p2b": {
            "unique_id": "p2b",
            "year": None,
            "email": "ak@x.jp",
            "addr_block": "横浜市新港|2-15-6",
        },
        "web": {"unique_id": "web", "year": None, "email": None, "addr_block": None},
        "mail": {"unique_id": "mail", "year": None, "email": "ak@x.jp", "addr_block": None},
    }
    edges = [
        ("web", "p2", 5.2, ()),
        ("web", "p1", 3.9, ()),
        ("p2", "p2b", 5.9, ()),
        ("mail", "p2b", 9.0, ()),
    ]

    def run(anchors: tuple[str, ...]) -> dict[str, str]:
        return constrained_clusters(
            rows,
            edges,
            rows=lambda ids: [rows[i] for i in ids],
            compatible=_compatible,
            anchors=anchors,
        ).clusters

    before = run(())
    assert before["web"] == before["p2"]  # the first edge wins without anchors
    after = run(("email", "addr_block"))
    assert after["web"] == "web" and after["p1"] == "p1"
    assert after["p2"] == after["p2b"] == after["mail"]


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


# The components joined whole (cluster_whole.py) against the greedy walk alone, on small
# random graphs: ties, analysts' "same", edges to no record, self-loops, "not the same" pairs,
# signatures with and without a second value, and a compatibility test that may or may not
# agree with the signatures (the walk asks it only where the signatures differ).
POOL = [*"abcdefghij", "é", "日本", "B", "a1"]


@st.composite
def _graphs(draw: st.DrawFn) -> dict[str, Any]:
    ids = draw(st.permutations(POOL))[: draw(st.integers(1, len(POOL)))]
    ends = st.sampled_from([*ids, "zz"])
    weight = st.sampled_from([-3.0, 0.0, 1.5, 2.0, 7.25, 20.0, JUDGED])
    edges = [
        (a, b, w, ()) for a, b, w in draw(st.lists(st.tuples(ends, ends, weight), max_size=25))
    ]
    cannot = draw(st.lists(st.tuples(ends, ends), max_size=4))
    fields = draw(st.integers(0, 3))
    values = st.lists(st.sampled_from([0, 0, 1, 2]), min_size=fields, max_size=fields)
    signatures = {i: draw(values) for i in ids}
    loyal = draw(st.booleans())  # the test agrees with the signatures, or reads a year
    years = {i: draw(st.sampled_from([None, 1960, 1988])) for i in ids}
    return {
        "ids": ids,
        "edges": edges,
        "cannot": cannot,
        "signatures": signatures,
        "loyal": loyal,
        "years": years,
        "with_test": draw(st.booleans()),
        "with_signature": draw(st.booleans()),
    }


@pytest.mark.deep
@settings(max_examples=examples(400))
@given(_graphs())
def test_whole_components_give_what_the_greedy_walk_gives(graph: dict[str, Any]) -> None:
    import numpy as np

    from kizashi.resolve.cluster import greedy_clusters

    signatures: dict[str, list[int]] = graph["signatures"]
    rows = {
        i: {"unique_id": i, "year": graph["years"][i], "sig": signatures[i]} for i in signatures
    }

    def compatible(left: Mapping[str, Any], right: Mapping[str, Any]) -> tuple[bool, list[Any]]:
        if graph["loyal"]:
            pairs = zip(left["sig"], right["sig"], strict=True)
            ok = all(not x or not y or x == y for x, y in pairs)
            return ok, [] if ok else [{"field": "sig"}]
        return _compatible(left, right)

    options: dict[str, Any] = {}
    if graph["with_test"]:
        options = {"rows": lambda ids: [rows[i] for i in ids], "compatible": compatible}
    walk_options = dict(options)
    if graph["with_signature"]:
        walk_options["signature"] = lambda i: signatures[i]
    width = len(next(iter(signatures.values())))
    hashes = np.zeros((len(graph["ids"]), width), dtype=np.uint64)
    for position, record in enumerate(graph["ids"]):
        hashes[position] = signatures[record]
    expected = greedy_clusters(graph["ids"], graph["edges"], graph["cannot"], **walk_options)
    found = constrained_clusters(
        graph["ids"],
        graph["edges"],
        graph["cannot"],
        hashes=hashes,
        whole_from=0,
        **walk_options,
    )
    assert list(found.clusters.items()) == list(expected.clusters.items())
    assert found.flags == expected.flags


@pytest.mark.deep
@settings(max_examples=examples(200), deadline=None)
@given(
    keys=st.lists(st.one_of(st.none(), st.text(max_size=3)), max_size=12),
    values=st.lists(st.lists(st.one_of(st.none(), st.text(max_size=3)), max_size=8), max_size=4),
)
def test_positions_are_index_in_with_one_hash_table(
    keys: list[str | None], values: list[list[str | None]]
) -> None:
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from kizashi.resolve.cluster_whole import positions

    key_array = pa.array(keys, pa.string())
    arrays = [pa.array(v, pa.string()) for v in values]
    found = positions(key_array, *arrays)
    assert len(found) == len(arrays)
    for array, got in zip(arrays, found, strict=True):
        expected = pc.fill_null(pc.index_in(array, value_set=key_array), -1)
        assert got.tolist() == np.asarray(expected.to_numpy(zero_copy_only=False)).tolist()


def test_a_record_that_rules_one_namesake_out_still_joins_the_other() -> None:
    """Found by link36's review: a record whose own birth year conflicts with one namesake
    could only be the other, yet it was torn between the two and joined neither. Each
    namesake here is a full record and a sparse one tied by an e-mail; the web record's loose
    edges reach both sparse ones."""
    rows = {
        "a": {"unique_id": "a", "year": 1962, "email": "a@x.jp", "addr_block": "丸の内|1-5"},
        "a2": {"unique_id": "a2", "year": None, "email": "a@x.jp", "addr_block": None},
        "b": {"unique_id": "b", "year": 1990, "email": "b@x.jp", "addr_block": "丸の内|2-8"},
        "b2": {"unique_id": "b2", "year": None, "email": "b@x.jp", "addr_block": None},
        "web": {"unique_id": "web", "year": 1962, "email": None, "addr_block": None},
    }
    edges = [
        ("a", "a2", 9.0, ()),
        ("b", "b2", 9.0, ()),
        ("web", "b2", 5.2, ()),
        ("web", "a2", 3.9, ()),
    ]
    clusters = constrained_clusters(
        rows,
        edges,
        rows=lambda ids: [rows[i] for i in ids],
        compatible=_compatible,
        anchors=("email", "addr_block"),
    ).clusters
    assert clusters["web"] == clusters["a"] == clusters["a2"]
    assert clusters["b"] == clusters["b2"] != clusters["a"]


def test_an_undated_record_at_a_home_of_two_people_of_one_name_joins_neither() -> None:
    """Found by link44's probe (issue 22): a son with his father's full name and home, and a
    record of one of them with no birth date — the name and the street block, nothing else.
    The block tied it to both, so it joined whichever edge sorted first (the father, then his
    son's other records with it). The home is a household's: the record could be either man,
    so it stays apart with a review flag naming the birth dates that tell the two apart. A
    record carrying the son's mobile still joins the son, and a namesake who shares the
    street block with only one of two people of its name joins that one."""
    rows: dict[str, dict[str, Any]] = {
        "f1": {"unique_id": "f1", "year": 1960, "phone": None, "addr_block": "B"},
        "f2": {"unique_id": "f2", "year": 1960, "phone": None, "addr_block": None},
        "s1": {"unique_id": "s1", "year": 1988, "phone": "m-son", "addr_block": "B"},
        "x": {"unique_id": "x", "year": None, "phone": None, "addr_block": "B"},
        "m": {"unique_id": "m", "year": None, "phone": "m-son", "addr_block": "B"},
        "n1": {"unique_id": "n1", "year": 1970, "phone": None, "addr_block": "C"},
        "n2": {"unique_id": "n2", "year": 1990, "phone": None, "addr_block": "D"},
        "y": {"unique_id": "y", "year": None, "phone": None, "addr_block": "C"},
    }
    edges = [
        ("f1", "f2", 20.0, ()),
        ("x", "s1", 9.0, ()),
        ("x", "f1", 8.5, ()),
        ("m", "s1", 15.0, ()),
        ("m", "f1", 8.0, ()),
        ("y", "n1", 9.0, ()),
        ("y", "n2", 6.0, ()),
    ]

    def run(anchors: tuple[str, ...], places: tuple[str, ...]) -> Any:
        return constrained_clusters(
            rows,
            edges,
            rows=lambda ids: [rows[i] for i in ids],
            compatible=_compatible,
            anchors=anchors,
            places=places,
        )

    before = run(("year", "phone", "addr_block"), ())  # the block as an anchor: main's rule
    assert before.clusters["x"] == before.clusters["s1"]
    found = run(("year", "phone"), ("addr_block",))
    clusters = found.clusters
    assert clusters["x"] == "x"
    assert clusters["f1"] == clusters["f2"] != clusters["s1"] == clusters["m"]
    assert clusters["y"] == clusters["n1"] != clusters["n2"]
    torn = [f for f in found.flags if f["left"] == "x"]
    assert {f["right"] for f in torn} == {"f1", "s1"}
    assert all(f["conflicts"][0]["field"] == "birth_date" for f in torn)
    # its own kind, naming both people it could be (link44 review: it was a "split")
    assert all(f["kind"] == "ambiguous" for f in torn)
    assert all(set(f["conflicts"][0]["candidates"]) == {"f1", "s1"} for f in torn)


def test_a_dated_record_is_not_torn_from_its_own_undated_records() -> None:
    """link44 review: a dated record tied loosely to two undated records of its own name that
    disagree only on a reading of the given name (龍維 / タツユキ) was torn from both, as if it
    were the undated one between two men. It states a given name, so it is no "either"; it
    is clustered as before the rule (with the likelier record)."""
    rows: dict[str, dict[str, Any]] = {
        "f": {"unique_id": "f", "year": 1955, "name_given": "g h", "phone": None},
        "a": {"unique_id": "a", "year": None, "name_given": "g", "phone": None},
        "b": {"unique_id": "b", "year": None, "name_given": "h", "phone": None},
    }

    def compatible(a: Mapping[str, Any], b: Mapping[str, Any]) -> tuple[bool, list[Any]]:
        if not set(a["name_given"].split()) & set(b["name_given"].split()):  # 龍維 / タツユキ
            return False, [{"field": "given_name", "conflict": "given names"}]
        return _compatible(a, b)

    found = constrained_clusters(
        rows,
        [("f", "a", 4.92, ()), ("f", "b", 3.45, ())],
        rows=lambda ids: [rows[i] for i in ids],
        compatible=compatible,
        anchors=("year",),
    )
    assert found.clusters["f"] == found.clusters["a"] != found.clusters["b"]
    assert not [f for f in found.flags if f.get("kind") == "ambiguous"]
