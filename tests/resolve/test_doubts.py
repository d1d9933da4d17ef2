"""An entity kept whole that may be two people is flagged (issue 22): a father and his son of
one name at one home, each with his own mobile, not both dated."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import pytest

from kizashi.resolve.decision import Edge
from kizashi.resolve.doubts import KIND, two_people_flags
from kizashi.resolve.frame import RecordTable
from kizashi.resolve.link import cluster
from kizashi.resolve.linker import shipped_model
from kizashi.resolve.records import feature_row

HOUSE = "埼玉県坂戸市鶴舞3丁目4番15号"
LINE = "049-214-7843"
ANCHORS = ("birth_date", "account", "email", "phone:mobile")
PLACES = ("addr_block", "phone:other", "x_自宅電話")


def _rows(records: Sequence[Mapping[str, str]]) -> dict[str, dict[str, Any]]:
    return {str(r["id"]): dict(feature_row({"address": HOUSE, **r})) for r in records}


def _flags(rows: Mapping[str, Mapping[str, Any]], anchors: Sequence[str] = ANCHORS) -> list[Any]:
    return two_people_flags([sorted(rows)], lambda ids: [rows[i] for i in ids], anchors, PLACES)


FATHER_AND_SON = [
    {"id": "f1", "name": "平間 達二", "phone": "090-7422-1285"},
    {"id": "f2", "name": "HIRAMA TATSUJI", "phone": "09074221285", "自宅電話": LINE},
    {"id": "s1", "name": "平間達二", "phone": "070-4529-5111", "自宅電話": LINE},
    {"id": "s2", "name": "ヒラマ タツジ", "phone": "070 4529 5111"},
]


def test_two_mobiles_at_one_home_with_no_birth_date_are_flagged() -> None:
    flags = _flags(_rows(FATHER_AND_SON))
    assert len(flags) == 1
    flag = flags[0]
    assert flag["kind"] == KIND
    assert {flag["left"][0], flag["right"][0]} == {"f", "s"}  # one record of each man
    assert flag["conflicts"][0]["values"] == ["07045295111", "09074221285"]


def test_one_side_dated_is_still_flagged_both_dated_is_not() -> None:
    """A date on the son's records says nothing about the undated records of the other
    mobile (the father's, or the son's second phone); a date on both sides would have told
    them apart or shown one man."""
    one = [dict(r) for r in FATHER_AND_SON]
    one[2]["birth_date"] = "1976-05-12"
    assert len(_flags(_rows(one))) == 1
    both = [dict(r) for r in one]
    both[0]["birth_date"] = "1976-05-12"
    assert _flags(_rows(both)) == []


def test_two_mobiles_tied_by_an_email_are_one_man() -> None:
    """A work phone and a private one, both beside his own mailbox: one person, no flag."""
    records = [dict(r) for r in FATHER_AND_SON]
    records[0]["email"] = records[3]["email"] = "tatsuji.hirama@example.jp"
    assert _flags(_rows(records)) == []


def test_no_flag_without_a_shared_place_or_where_mobiles_are_a_familys() -> None:
    apart = [{**r, "address": f"大阪府堺市堺区{i}丁目1番1号"} for i, r in enumerate(FATHER_AND_SON)]
    apart = [{k: v for k, v in r.items() if k != "自宅電話"} for r in apart]
    rows = {str(r["id"]): dict(feature_row(r)) for r in apart}
    assert _flags(rows) == []
    assert _flags(_rows(FATHER_AND_SON), anchors=("birth_date", "account", "email")) == []


@pytest.mark.parametrize("as_table", [False, True])
def test_the_one_clustering_flags_it_from_rows_and_from_a_table(as_table: bool) -> None:
    """`kizashi link` clusters a table, the live path stored rows: both give the flag, and the
    cluster is kept whole (a flag, not a split: one man may carry two mobiles)."""
    rows = _rows([{**r, "自宅電話": LINE} for r in FATHER_AND_SON])
    shipped = shipped_model()  # cached: a copy, never changed in place for the next test
    model = replace(shipped, personal={**shipped.personal, "x_自宅電話": False})
    why: tuple[dict[str, Any], ...] = ()
    edges = [
        Edge("f1", "f2", 1.0, 20.0, why),
        Edge("s1", "s2", 1.0, 20.0, why),
        Edge("f1", "s1", 1.0, 9.0, why),
    ]
    given: Any = RecordTable.from_rows([{**r, "unique_id": i} for i, r in rows.items()])
    found = cluster(given if as_table else rows, edges, model)
    assert len(set(found.clusters.values())) == 1
    flagged = [f for f in found.flags if f.get("kind") == KIND]
    assert len(flagged) == 1
    assert {flagged[0]["left"][0], flagged[0]["right"][0]} == {"f", "s"}


def _clustered(
    extra: Sequence[Mapping[str, str]] = (),
    same: Sequence[tuple[str, str]] = (),
    cannot: Sequence[tuple[str, str]] = (),
) -> Any:
    """The clustering recluster_components computes: the model, the edges, and the analysts'
    judgements as ``same`` / ``cannot`` pairs (the landline taught as a household's)."""
    rows = _rows([{**r, "自宅電話": LINE} for r in [*FATHER_AND_SON, *extra]])
    shipped = shipped_model()
    model = replace(shipped, personal={**shipped.personal, "x_自宅電話": False})
    why = ({"field": "judgement", "comparison": "analyst a: same", "weight": None},)
    edges = [
        Edge("f1", "f2", 1.0, 20.0, ()),
        Edge("s1", "s2", 1.0, 20.0, ()),
        Edge("f1", "s1", 1.0, 9.0, ()),
        *(Edge(str(r["id"]), "f1", 1.0, 20.0, ()) for r in extra),
    ]
    judged = [(a, b, why) for a, b in same]
    return cluster(rows, edges, model, same=judged, cannot=cannot)


def _mobiles(found: Any) -> list[tuple[str, str]]:
    return [(f["left"], f["right"]) for f in found.flags if f.get("kind") == KIND]


@pytest.mark.parametrize("pair", [("f1", "s1"), ("f2", "s2"), ("s2", "f1")])
def test_an_analysts_same_between_the_two_groups_settles_the_flag(pair: tuple[str, str]) -> None:
    """ "Same" on any record of each group ties the groups as a shared mobile would: no flag,
    whichever pair the analyst judged (not only the pair the flag named)."""
    assert _mobiles(_clustered()) == [("f1", "s1")]
    found = _clustered(same=[pair])
    assert len(set(found.clusters.values())) == 1
    assert _mobiles(found) == []


def test_a_new_record_does_not_raise_a_judged_flag_again() -> None:
    """A record of the father's mobile whose id sorts first would name his group; the
    analyst's earlier "same" still ties the groups, so no unjudged flag comes back."""
    newcomer = [{"id": "a0", "name": "平間 達二", "phone": "090-7422-1285"}]
    assert _mobiles(_clustered(newcomer)) == [("a0", "s1")]
    assert _mobiles(_clustered(newcomer, same=[("f1", "s1")])) == []


def test_not_the_same_splits_the_cluster_and_leaves_no_flag() -> None:
    found = _clustered(cannot=[("f2", "s1")])
    assert found.clusters["f1"] != found.clusters["s1"]
    assert _mobiles(found) == []


def test_a_generic_label_shared_by_strangers_is_no_home() -> None:
    """Namesakes at two street blocks of one town, each with his own mobile, whose reports
    came from one source: the source's label is not a home, so no flag (the street block
    and the landline are)."""
    town = "静岡県浜松市中区富塚町"
    records = [
        {"id": "a1", "name": "高橋 隆", "phone": "090-1111-2222", "source": "通報記録"},
        {"id": "a2", "name": "高橋隆", "phone": "090-1111-2222", "source": "相談受理"},
        {"id": "b1", "name": "たかはし たかし", "phone": "080-3333-4444", "source": "通報記録"},
    ]
    homes = {"a1": "1丁目2番3号", "a2": "1丁目2番3号", "b1": "4丁目9番1号"}
    rows = {
        str(r["id"]): dict(feature_row({**r, "address": town + homes[r["id"]]})) for r in records
    }
    assert rows["a1"]["x_source"] == rows["b1"]["x_source"]
    ids = sorted(rows)

    def flags(places: Sequence[str]) -> list[Any]:
        return two_people_flags([ids], lambda i: [rows[k] for k in i], ANCHORS, places)

    assert flags(["addr_block", "x_source"]) == []
    rows["b1"]["addr_block"] = rows["a1"]["addr_block"]
    assert len(flags(["addr_block", "x_source"])) == 1  # the one street block is a home


@pytest.mark.parametrize("as_table", [False, True])
def test_a_cluster_dated_on_every_record_of_its_two_mobiles_is_not_read(as_table: bool) -> None:
    """Both mobiles' records dated (one date: one man with two phones, as the linker joined
    them): neither the row path nor the table path flags it."""
    records = [{**r, "birth_date": "1976-05-12", "自宅電話": LINE} for r in FATHER_AND_SON]
    rows = _rows(records)
    shipped = shipped_model()
    model = replace(shipped, personal={**shipped.personal, "x_自宅電話": False})
    edges = [
        Edge("f1", "f2", 1.0, 20.0, ()),
        Edge("s1", "s2", 1.0, 20.0, ()),
        Edge("f1", "s1", 1.0, 20.0, ()),
    ]
    given: Any = RecordTable.from_rows([{**r, "unique_id": i} for i, r in rows.items()])
    found = cluster(given if as_table else rows, edges, model)
    assert len(set(found.clusters.values())) == 1
    assert _mobiles(found) == []
    undated = cluster(_rows([{**r, "自宅電話": LINE} for r in FATHER_AND_SON]), edges, model)
    assert len(_mobiles(undated)) == 1  # the same cluster undated is read and flagged
