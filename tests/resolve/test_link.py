"""The identity rules' decisions in ``link_rows``: from the columns, as from the rows; identical
records found by DuckDB as by the rows."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kizashi.resolve.blocking import BlockRule
from kizashi.resolve.frame import RecordTable
from kizashi.resolve.link import (
    _distinct,
    _rule_decisions,
    _rule_decisions_by_rows,
    identical_groups,
)
from kizashi.resolve.linker import Model
from tests.depth import examples

_RULES = [BlockRule("account", ("account",)), BlockRule("email", ("email",)),
          BlockRule("phone", ("phone",))]  # fmt: skip

_row = st.fixed_dictionaries(
    {
        "account": st.sampled_from([None, "@a", "@b"]),
        "email": st.sampled_from([None, "x@example.jp", "y@example.jp"]),
        "phone": st.sampled_from([None, "09011112222", "0312345678"]),
        "phone_kind": st.sampled_from([None, "mobile", "landline"]),
        "tok_a": st.sampled_from([None, "tanaka", "suzuki"]),
        "tok_b": st.sampled_from([None, "taro", "hanako", "ichiro"]),
        "name_family": st.sampled_from([None, "tanaka", "suzuki"]),
        "name_given": st.sampled_from([None, "taro", "hanako", "ichiro"]),
        "name_givens": st.sampled_from([None, "|taro|", "|hanako|tarou|"]),
        "name_given_written": st.sampled_from([None, "太郎", "花子"]),
        "name_generation": st.sampled_from([None, "jr", "ii"]),
        "birth_date": st.sampled_from([None, "1980-01-02", "1980-02-01", "1999-09-09"]),
        "birth_year": st.sampled_from([None, "1980-1980", "1960-1961"]),
        "x_passport": st.sampled_from([None, "TK1234567", "TK1234568", "XZ9999999"]),
    }
).map(lambda row: _as_built(row))


def _as_built(row: dict[str, Any]) -> dict[str, Any]:
    """A row as the feature builder makes it: a given name's readings (``name_givens``) are
    there whenever the name is, and hold it — the columnar pre-test (``may_conflict``) may
    then skip a pair whose given names are equal (an impossible row, with the readings of
    another name, made the two paths differ)."""
    given, readings = row["name_given"], row["name_givens"]
    if given is None:
        return {**row, "name_givens": None}
    if readings is None or f"|{given}|" not in readings:
        return {**row, "name_givens": f"{readings or '|'}{given}|"}
    return row


def _key(found: tuple[list[Any], list[Any]]) -> tuple[list[Any], list[Any]]:
    edges, vetoes = found
    return (
        [(e.left, e.right, e.probability, e.weight, e.reasons) for e in edges],
        [(v.left, v.right, v.probability, v.conflicts) for v in vetoes],
    )


@pytest.mark.deep
@settings(max_examples=examples(300), deadline=None)
@given(
    rows=st.lists(_row, max_size=10),
    personal=st.dictionaries(
        st.sampled_from(["account", "email", "phone:mobile", "phone:other", "x_passport"]),
        st.booleans(),
    ),
    stops=st.sets(st.sampled_from(["0:@a", "1:y@example.jp", "2:09011112222"])),
    families=st.booleans(),
    hard=st.booleans(),
)
def test_rule_decisions_from_the_columns_are_those_from_the_rows(
    rows: list[dict[str, Any]],
    personal: dict[str, bool],
    stops: set[str],
    families: bool,
    hard: bool,
) -> None:
    records = [{"unique_id": f"p{(7 * i) % 11}", **row} for i, row in enumerate(rows)]
    model = Model(prior=0.0, levels={}, threshold=0.9, rules=list(_RULES), stops=stops,
                  personal=personal, families=families,
                  hard_ids=["x_passport"] if hard else [])  # fmt: skip
    table = RecordTable.from_rows(records)
    assert _key(_rule_decisions(table, model)) == _key(_rule_decisions_by_rows(table, model))


def test_a_conflicting_rule_pair_is_a_veto_unless_a_personal_id_is_shared() -> None:
    base = {"email": "x@example.jp", "name_family": "tanaka"}
    table = RecordTable.from_rows(
        [
            {"unique_id": "a", **base, "birth_date": "1950-01-01"},
            {"unique_id": "b", **base, "birth_date": "1956-06-06"},
        ]
    )
    family_mail = Model(prior=0.0, levels={}, threshold=0.9, rules=list(_RULES),
                        personal={}, families=True)  # fmt: skip
    edges, vetoes = _rule_decisions(table, family_mail)
    assert edges == [] and [(v.left, v.right) for v in vetoes] == [("a", "b")]
    own_mail = Model(prior=0.0, levels={}, threshold=0.9, rules=list(_RULES),
                     personal={"email": True}, families=True)  # fmt: skip
    edges, vetoes = _rule_decisions(table, own_mail)
    # link40: a birth date no slip explains is decisive against an e-mail, even one's own
    assert edges == [] and [(v.left, v.right) for v in vetoes] == [("a", "b")]
    numbered = RecordTable.from_rows(
        [{**r, "x_passport": "TK1234567"} for r in table.rows(range(len(table)))]
    )
    passport = Model(prior=0.0, levels={}, threshold=0.9, rules=list(_RULES), families=True,
                     personal={"email": True, "x_passport": True}, hard_ids=["x_passport"])  # fmt: skip
    edges, vetoes = _rule_decisions(numbered, passport)
    assert [(e.left, e.right) for e in edges] == [("a", "b")] and vetoes == []
    # Birth dates a generation apart: an e-mail, even one's own, does not make them one.
    apart = RecordTable.from_rows(
        [
            {"unique_id": "a", **base, "birth_date": "1950-01-01"},
            {"unique_id": "b", **base, "birth_date": "1980-06-06"},
        ]
    )
    edges, vetoes = _rule_decisions(apart, own_mail)
    assert edges == [] and [(v.left, v.right) for v in vetoes] == [("a", "b")]


@pytest.mark.deep
@settings(max_examples=examples(200), deadline=None)
@given(rows=st.lists(_row, max_size=14), copies=st.lists(st.integers(0, 13), max_size=8))
def test_identical_records_by_duckdb_are_those_by_the_rows(
    rows: list[dict[str, Any]], copies: list[int]
) -> None:
    # Repeats planted among the drawn rows (NULLs in the same places and in different ones),
    # so the hashed first step and the grouping by every column both have work.
    rows = rows + [rows[i] for i in copies if i < len(rows)]
    records = [{"unique_id": f"r{i:02d}", **row} for i, row in enumerate(rows)]
    table = RecordTable.from_rows(records)
    kept, repeats = _distinct(table)
    unique, expected = identical_groups(records)
    assert repeats == sorted(expected, key=lambda pair: pair[0])
    assert kept.table.column("unique_id").to_pylist() == [r["unique_id"] for r in unique]


def test_records_with_no_name_and_no_identifier_are_not_identical_repeats() -> None:
    """link40: two empty rows, or two holding one birth date alone, were grouped as one
    person's repeats (by DuckDB and by the rows alike)."""
    from kizashi.resolve.link import _distinct, identical_groups

    rows = [
        {"unique_id": "a"},
        {"unique_id": "b"},
        {"unique_id": "c", "birth_date": "1970-04-03"},
        {"unique_id": "d", "birth_date": "1970-04-03"},
        {"unique_id": "e", "name_sorted": "yamada taro", "birth_date": "1970-04-03"},
        {"unique_id": "f", "name_sorted": "yamada taro", "birth_date": "1970-04-03"},
    ]
    unique, repeats = identical_groups(rows)
    assert repeats == [("f", "e")] and len(unique) == 5
    table, pairs = _distinct(RecordTable.from_rows(rows))
    assert pairs == [("f", "e")] and len(table) == 5


def test_an_undated_record_at_the_home_of_a_father_and_son_of_one_name_joins_neither() -> None:
    """link44's probe (issue 22): a son with his father's full name, home and landline, their
    birth dates on their other records, and a record with the name and the home alone. The
    street block counted as a tie beyond the name, so the record joined whichever edge was
    strongest — the father, then the son's undated records with it. The home and the
    landline are a household's: in the one clustering every path calls (`kizashi link`,
    batch resolve, the live path), it stays apart, flagged against both men; a record with
    the son's mobile joins the son."""
    from kizashi.resolve.decision import Edge
    from kizashi.resolve.link import cluster
    from kizashi.resolve.linker import shipped_model
    from kizashi.resolve.records import feature_row

    house, line = "東京都練馬区石神井町3丁目2番1号", "03-3990-1234"
    records = [
        ("f1", "佐藤 一郎", "1958-03-01", "090-1111-0001", house),
        ("f2", "サトウ イチロウ", "昭和33年3月1日", "", house),
        ("s1", "佐藤 一郎", "1986-09-09", "080-2222-0002", house),
        ("x", "佐藤 一郎", "", "", house),
        ("m", "Ichiro Sato", "", "080-2222-0002", house),
    ]
    rows = {
        i: feature_row({"id": i, "name": n, "birth_date": b, "phone": p, "address": a,
                        "自宅電話": line})
        for i, n, b, p, a in records
    }  # fmt: skip
    shipped = shipped_model()  # cached: a copy, never changed in place for the next test
    model = replace(shipped, personal={**shipped.personal, "addr_block": True, "x_自宅電話": False})
    why: tuple[dict[str, Any], ...] = ()
    edges = [
        Edge("f1", "f2", 1.0, 20.0, why),
        Edge("x", "s1", 1.0, 13.4, why),
        Edge("x", "f1", 1.0, 13.3, why),
        Edge("x", "f2", 1.0, 12.0, why),
        Edge("m", "s1", 1.0, 18.0, why),
        Edge("m", "f1", 1.0, 9.0, why),
    ]
    found = cluster(rows, edges, model)
    clusters = found.clusters
    assert clusters["x"] == "x"
    assert clusters["f1"] == clusters["f2"] != clusters["s1"] == clusters["m"]
    torn = [f for f in found.flags if f["left"] == "x"]
    assert {f["right"] for f in torn} == {"f1", "s1"}
    assert {f["kind"] for f in torn} == {"ambiguous"}


def test_a_dated_record_between_its_own_undated_records_is_not_torn_from_them() -> None:
    """link44 review: 五十嵐 龍維 with a birth date and a mobile, and two undated records at his
    home — 五十嵐 龍維 with the landline, イガラシ タツユキ alone — that conflict only because the
    tables do not read 龍維 たつゆき. The dated record was torn from both as if it could be
    either of two people; it states the given name the two differ on, so it joins the
    likelier one as before ({f, a}, {b})."""
    from kizashi.resolve.decision import Edge
    from kizashi.resolve.link import cluster
    from kizashi.resolve.linker import shipped_model
    from kizashi.resolve.records import feature_row

    house = "東京都江戸川区小岩2丁目7番8号"
    records = [
        {"id": "f", "name": "五十嵐 龍維", "name_kana": "イガラシ タツユキ",
         "birth_date": "1955-10-03", "phone": "080-8291-1803", "address": house},
        {"id": "a", "name": "五十嵐 龍維", "phone": "03-4420-3683", "address": house},
        {"id": "b", "name": "イガラシ タツユキ", "address": house},
    ]  # fmt: skip
    rows = {r["id"]: feature_row(r) for r in records}
    edges = [Edge("f", "a", 0.968, 4.92, ()), Edge("f", "b", 0.916, 3.45, ())]
    found = cluster(rows, edges, shipped_model())
    assert found.clusters["f"] == found.clusters["a"] != found.clusters["b"]
    assert not [f for f in found.flags if f.get("kind") == "ambiguous"]
