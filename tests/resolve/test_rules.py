"""Identity rules in bulk: ``rule_edges`` links exactly the pairs ``rule_for`` links."""

from __future__ import annotations

from itertools import combinations
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kizashi.resolve.blocking import BlockRule
from kizashi.resolve.linker import Model
from kizashi.resolve.rules import rule_edges, rule_for
from tests.depth import examples

_RULES = [BlockRule("account", ("account",)), BlockRule("email", ("email",)),
          BlockRule("phone", ("phone",))]  # fmt: skip

_row = st.fixed_dictionaries(
    {
        "account": st.sampled_from([None, "@a", "@b"]),
        "email": st.sampled_from([None, "x@example.jp", "y@example.jp"]),
        "phone": st.sampled_from([None, "09011112222", "0312345678"]),
        "phone_kind": st.sampled_from([None, "mobile", "landline"]),
        # "tanakataro": a run-together name (a handle) holding the parts of another
        "tok_a": st.sampled_from([None, "tanaka", "suzuki", "tanakataro"]),
        "tok_b": st.sampled_from([None, "taro", "hanako"]),
        "name_given_written": st.sampled_from([None, "加寿美", "太郎"]),
        "name_given": st.sampled_from([None, "taro", "kazumi"]),
        "birth_date": st.sampled_from([None, "1980-05-04", "1981-02-03"]),
    }
)
_rows = st.lists(_row, max_size=9)


def _model(personal: dict[str, bool], stops: set[str]) -> Model:
    return Model(prior=0.0, levels={}, threshold=0.9, rules=list(_RULES), stops=stops,
                 personal=personal)  # fmt: skip


@pytest.mark.deep
@settings(max_examples=examples(300), deadline=None)
@given(
    rows=_rows,
    shared=st.sets(st.sampled_from(["account", "email", "phone:mobile"])),
    stops=st.sets(st.sampled_from(["0:@a", "1:x@example.jp", "2:09011112222"])),
)
def test_rule_edges_are_the_pairs_rule_for_links(
    rows: list[dict[str, Any]], shared: set[str], stops: set[str]
) -> None:
    records = [{"unique_id": f"r{i:02d}", **row} for i, row in enumerate(rows)]
    model = _model({column: False for column in shared}, stops)
    expected = {
        (a["unique_id"], b["unique_id"], rule)
        for a, b in combinations(records, 2)
        if (rule := rule_for(a, b, model, records)) is not None
    }
    found = rule_edges(records, model)
    assert len(found) == len(set(found))  # each pair once
    assert set(found) == expected


def test_a_shared_mobile_links_only_with_a_name_part_in_common() -> None:
    model = _model({}, set())
    rows = [
        {"unique_id": "a", "phone": "09011112222", "phone_kind": "mobile", "tok_a": "tanaka"},
        {"unique_id": "b", "phone": "09011112222", "phone_kind": "mobile", "tok_b": "tanaka"},
        {"unique_id": "c", "phone": "09011112222", "phone_kind": "mobile", "tok_a": "suzuki"},
    ]
    assert rule_edges(rows, model) == [("a", "b", "same mobile number and a name part in common")]


_MOBILE = {"phone": "08046804432", "phone_kind": "mobile"}
_LINKED = "same mobile number and a name part in common"


def _person(uid: str, family: str, given: str, born: str | None = None) -> dict[str, Any]:
    """A registry record's name features (as ``name_features`` gives them) on the mobile."""
    row = {"unique_id": uid, **_MOBILE, "tok_a": min(family, given), "tok_b": max(family, given)}
    row |= {"name_family": family, "name_given": given, "name_givens": f"|{given}|"}
    return row | ({"birth_date": born} if born else {})


def _handle(uid: str, token: str, born: str | None = None) -> dict[str, Any]:
    return {"unique_id": uid, **_MOBILE, "tok_a": token} | ({"birth_date": born} if born else {})


def _linked_every_way(rows: list[dict[str, Any]]) -> set[tuple[str, str]]:
    """The pairs with the last record (the handle) the rule links, asserted the same by ``rule_edges``, ``rule_pairs`` (the
    batch run) and ``rule_for`` among the others (one record at a time)."""
    from kizashi.resolve.frame import RecordTable
    from kizashi.resolve.rules import rule_pairs

    model = _model({}, set())
    by_edges = {(a, b) for a, b, rule in rule_edges(rows, model) if rule == _LINKED}
    table = RecordTable.from_rows(rows)
    found = rule_pairs(table, model)
    assert found is not None
    by_pairs = {(table.ids[a], table.ids[b]) for a, b in zip(*found[:2], strict=True)}
    one_by_one = {
        (a["unique_id"], b["unique_id"])
        for a, b in combinations(rows, 2)
        if rule_for(a, b, model, rows) == _LINKED
    }
    assert by_edges == by_pairs == one_by_one
    return {pair for pair in by_edges if rows[-1]["unique_id"] in pair}


def test_a_shared_mobile_links_a_run_together_name_the_other_name_accounts_for() -> None:
    """link38's probe: a marketplace or SNS display name (one token) beside a registry record
    with the same mobile was left to the model, which has no name to compare. The given name
    with the surname or an initial, digits and separators, is the person's handle."""
    pairs = [
        (_person("a1", "tukahara", "takehiro"), _handle("b1", "takehirot")),  # takehiro_t
        (_person("a2", "simizu", "maiko"), _handle("b2", "maikosimizu")),  # maiko_shimizu
        (_person("a3", "kanda", "hideharu"), _handle("b3", "kandahideharu")),  # ..._hideharu77
    ]
    for person, handle in pairs:
        assert _linked_every_way([person, handle]) == {(person["unique_id"], handle["unique_id"])}


def test_a_shared_mobile_does_not_link_a_parents_or_a_familys_handle() -> None:
    """The link38 review: 〇〇ママ is "〇〇's mother", a family's handle carries the surname,
    and ``ken`` inside a handle is chance: none is the person whose name it holds."""
    son = _person("a", "sato", "takehiro", "2005-04-12")
    for token in ("takehiromama", "satosipapa", "daikinohaha", "kenmama"):
        assert _linked_every_way([son, _handle("b", token)]) == set()
    ichiro = _person("a", "yamamoto", "itiro", "1955-06-06")
    assert _linked_every_way([ichiro, _handle("b", "yamamotofamily")]) == set()
    assert _linked_every_way([ichiro, _handle("b", "yamamotok")]) == set()  # a surname alone


def test_a_shared_mobile_does_not_link_a_longer_name_holding_a_shorter_one() -> None:
    """KENTAROU (1970) and KENTA SUZUKI (2001) on one mobile: a father and his son; and
    TANAKAHANAKO beside 田中 太郎 is his wife."""
    kenta = _person("a", "suzuki", "kenta", "2001-03-03")
    assert _linked_every_way([kenta, _handle("b", "kentaro", "1970-07-07")]) == set()
    taro = _person("a", "tanaka", "taro", "1960-01-01")
    assert _linked_every_way([taro, _handle("b", "tanakahanako", "1962-02-02")]) == set()


def test_a_run_together_name_links_the_father_it_spells_not_his_son() -> None:
    """``suzukikentarou`` on the mobile of 鈴木 健太郎 and his son 鈴木 健太: the father's."""
    son = _person("a", "suzuki", "kenta", "2000-01-01")
    father = _person("b", "suzuki", "kentaro", "1968-01-01")
    assert _linked_every_way([son, father, _handle("c", "suzukikentaro")]) == {("b", "c")}


def test_a_run_together_name_two_people_account_for_links_to_neither() -> None:
    """A father and his son of one name (佐藤 武宏 Sr. and Jr.) on one mobile: their handle
    ``satotakehiro`` is either's, so the rule links it to neither (the model may)."""
    father = _person("a", "sato", "takehiro", "1975-01-01")
    son = _person("b", "sato", "takehiro", "2005-03-03")
    assert _linked_every_way([father, son, _handle("c", "satotakehiro")]) == set()
    twice = _person("b", "sato", "takehiro", "1975-01-01")  # one man's two records
    assert _linked_every_way([father, twice, _handle("c", "satotakehiro")]) == {
        ("a", "c"),
        ("b", "c"),
    }


def test_a_run_together_name_does_not_link_across_another_birth_date() -> None:
    """A shared mobile overrules one conflicting field in ``compatible``, and a one-token name
    has no given name to conflict too: the rule itself stops at another full birth date."""
    father = _person("a", "suzuki", "kentaro", "1968-01-01")
    assert _linked_every_way([father, _handle("b", "suzukikentaro", "1998-01-01")]) == set()
    assert _linked_every_way([father, _handle("b", "suzukikentaro", "1968-01-01")]) == {("a", "b")}


def test_a_shared_mobile_links_a_given_name_written_alike_whatever_its_reading() -> None:
    # 加寿美 read かずみ by the tables and カスミ on the form, under her maiden and married
    # surnames: no reading in common, but the same given name as written.
    model = _model({}, set())
    common = {"phone": "09011112222", "phone_kind": "mobile"}
    rows = [
        {"unique_id": "a", **common, "tok_a": "simizu", "tok_b": "kazumi",
         "name_given_written": "加寿美"},
        {"unique_id": "b", **common, "tok_a": "morita", "tok_b": "kasumi",
         "name_given_written": "加寿美"},
        {"unique_id": "c", **common, "tok_a": "tanaka", "tok_b": "kaori",
         "name_given_written": "香織"},
    ]  # fmt: skip
    assert rule_edges(rows, model) == [("a", "b", "same mobile number and a name part in common")]


def test_a_mobile_families_share_links_one_given_name_and_birth_date_only() -> None:
    """link31's probe: where brothers share a handed-down mobile, mobiles are measured a
    household's and the mobile rule was off, so a married woman's maiden and married
    surnames with her own mobile stayed two people (link29: 3 of 10 linked). The same mobile,
    given name and full birth date are her; a brother, a mother with her daughter's name or a
    twin sharing the mobile differ in one of the two."""
    model = _model({"phone:mobile": False}, set())
    her = {"phone": "08046084760", "phone_kind": "mobile", "name_given": "saori",
           "birth_date": "1978-12-05"}  # fmt: skip
    rows = [
        {"unique_id": "a", **her, "tok_a": "matumoto", "tok_b": "saori"},
        {"unique_id": "b", **her, "tok_a": "suzuki", "tok_b": "saori"},
        {"unique_id": "c", **her, "tok_a": "suzuki", "birth_date": "2004-06-01"},  # daughter
        {"unique_id": "d", **her, "tok_a": "suzuki", "name_given": "kaori"},  # twin
        {"unique_id": "e", **her, "tok_a": "suzuki", "birth_date": None},  # no date: model's
    ]
    assert rule_edges(rows, model) == [("a", "b", "same mobile number, given name and birth date")]
    # Mobiles personal in the data: a name part in common is enough, as before.
    personal = rule_edges(rows, _model({}, set()))
    assert ("b", "c", "same mobile number and a name part in common") in personal


# Ids out of order, with non-ASCII ones (Python orders str by code point, Arrow by UTF-8
# bytes: the same order), so groups' members are sorted as rule_edges sorts them.
_IDS = ["r10", "r2", "R3", "r01", "ｒ5", "り6", "r\u00e97", "8", "r10a", "x", "𝔯9", "r-1"]


@pytest.mark.deep
@settings(max_examples=examples(300), deadline=None)
@given(
    rows=st.lists(_row, max_size=12),
    shared=st.sets(st.sampled_from(["account", "email", "phone:mobile"])),
    personal=st.sets(st.sampled_from(["account", "email", "phone:mobile"])),
    stops=st.sets(st.sampled_from(["0:@a", "1:x@example.jp", "2:09011112222", "1:@a"])),
    empties=st.booleans(),
)
def test_rule_pairs_are_rule_edges_in_the_same_order(
    rows: list[dict[str, Any]],
    shared: set[str],
    personal: set[str],
    stops: set[str],
    empties: bool,
) -> None:
    from kizashi.resolve.frame import RecordTable
    from kizashi.resolve.rules import RULES, rule_pairs

    records = [{"unique_id": _IDS[i], **row} for i, row in enumerate(rows)]
    if empties:  # "" is no key and no name part, as None
        records = [{k: ("" if v is None else v) for k, v in r.items()} for r in records]
    # A column left out of the model's personal columns counts as personal (the default).
    flags = {column: False for column in shared} | {c: True for c in personal - shared}
    model = _model(flags, stops)
    table = RecordTable.from_rows(records)
    found = rule_pairs(table, model)
    assert found is not None
    ids = table.ids
    pairs = [
        (ids[a], ids[b], RULES[r])
        for a, b, r in zip(found[0].tolist(), found[1].tolist(), found[2].tolist(), strict=True)
    ]
    expected = rule_edges([{k: v for k, v in r.items() if v is not None} for r in records], model)
    assert pairs == expected


def test_rule_pairs_leave_repeated_ids_to_the_rows() -> None:
    from kizashi.resolve.frame import RecordTable
    from kizashi.resolve.rules import rule_pairs

    row = {"email": "x@example.jp"}
    table = RecordTable.from_rows([{"unique_id": "a", **row}, {"unique_id": "a", **row}])
    assert rule_pairs(table, _model({}, set())) is None
    one = RecordTable.from_rows([{"unique_id": "a", **row}])
    assert [len(a) for a in rule_pairs(one, _model({}, set())) or ()] == [0, 0, 0]


def test_a_shared_mobile_does_not_link_one_kanji_read_two_ways() -> None:
    """Review of link31: 小林 翔 (ショウ) and 加藤 翔 (カケル), one birth date, one mobile, were
    linked by the written name alone; two readings of 翔 are two names."""
    model = _model({"phone:mobile": False}, set())
    common = {"phone": "09055550004", "phone_kind": "mobile", "birth_date": "1992-05-05",
              "name_given_written": "翔"}  # fmt: skip
    rows = [
        {"unique_id": "a", **common, "name_given": "shou", "tok_a": "kobayasi"},
        {"unique_id": "b", **common, "name_given": "kakeru", "tok_a": "katou"},
        {"unique_id": "c", **common, "tok_a": "katou"},  # no reading given: the written name
    ]
    assert rule_edges(rows, model) == [
        ("a", "c", "same mobile number, given name and birth date"),
        ("b", "c", "same mobile number, given name and birth date"),
    ]
