"""Blocking keys as integer codes block exactly the pairs their strings block."""

from __future__ import annotations

from collections import Counter

import hypothesis
import pyarrow as pa  # type: ignore[import-untyped]
import pytest
from hypothesis import strategies as st

from kizashi.resolve.blocking import _coded, _stop_keys, key_codes
from kizashi.resolve.frame import RecordTable
from tests.depth import examples

_KEY = st.sampled_from(["a", "b", "ab", "佐藤", "\x1fa", ""]) | st.text(max_size=3)


def _pairs(values: list[object]) -> set[tuple[int, int]]:
    """Pairs of positions that share a key (a scalar key, or any key of two lists).

    Read through the positions of each key, not by comparing every two values: the same set,
    without the 50 million comparisons of 10,000 records (75 s of the default run)."""
    holders: dict[object, list[int]] = {}
    for position, value in enumerate(values):
        if value is None:
            continue
        for key in set(value) if isinstance(value, list) else {value}:
            holders.setdefault(key, []).append(position)
    return {
        (i, j)
        for positions in holders.values()
        for k, i in enumerate(positions)
        for j in positions[k + 1 :]
    }


@pytest.mark.deep
@hypothesis.settings(max_examples=examples(300), deadline=None)
@hypothesis.given(keys=st.lists(st.none() | _KEY, max_size=25), start=st.integers(0, 5))
def test_scalar_codes_block_the_pairs_the_keys_block(keys: list[str | None], start: int) -> None:
    column = pa.array(keys, pa.string()).slice(min(start, len(keys)))
    codes = key_codes(column)
    assert pa.types.is_integer(codes.type)
    assert codes.is_null().to_pylist() == column.is_null().to_pylist()
    assert _pairs(codes.to_pylist()) == _pairs(column.to_pylist())


@pytest.mark.deep
@hypothesis.settings(max_examples=examples(300), deadline=None)
@hypothesis.given(
    keys=st.lists(st.none() | st.lists(_KEY, max_size=4), max_size=20),
    start=st.integers(0, 5),
    chunked=st.booleans(),
)
def test_list_codes_block_the_pairs_the_keys_block(
    keys: list[list[str] | None], start: int, chunked: bool
) -> None:
    column = pa.array(keys, pa.list_(pa.string())).slice(min(start, len(keys)))
    given = pa.chunked_array([column], column.type) if chunked else column
    codes = key_codes(given)
    assert pa.types.is_list(codes.type) and pa.types.is_integer(codes.type.value_type)
    assert codes.is_null().to_pylist() == column.is_null().to_pylist()
    # Each record keeps as many keys as it had, and the pairs sharing one are the same.
    assert [None if v is None else len(v) for v in codes.to_pylist()] == [
        None if v is None else len(v) for v in column.to_pylist()
    ]
    assert _pairs(codes.to_pylist()) == _pairs(column.to_pylist())


@pytest.mark.deep
@hypothesis.settings(max_examples=examples(300), deadline=None)
@hypothesis.given(
    keys=st.lists(st.none() | st.lists(st.none() | _KEY, max_size=4), max_size=20),
    hidden=st.lists(st.booleans(), max_size=20),
    listed=st.booleans(),
    limit=st.integers(0, 3),
)
def test_stop_keys_are_the_keys_on_more_records_than_the_limit(
    keys: list[list[str | None] | None], hidden: list[bool], listed: bool, limit: int
) -> None:
    if listed:
        # Some lists null over slots that still hold keys (Arrow allows it): never counted.
        built = pa.array([k or [] for k in keys], pa.list_(pa.string()))
        mask = [k is None or (i < len(hidden) and hidden[i]) for i, k in enumerate(keys)]
        column = pa.ListArray.from_arrays(
            built.offsets, built.values, mask=pa.array(mask, pa.bool_())
        )
        counted = [v for row in column.to_pylist() if row is not None for v in row]
    else:
        column = pa.array([k[0] if k else None for k in keys], pa.string())
        counted = column.to_pylist()
    counts = Counter(v for v in counted if v is not None)
    codes, distinct = _coded(column)
    assert _stop_keys("3", codes, distinct, limit) == {
        f"3:{v}" for v, n in counts.items() if n > limit
    }


_PART = st.none() | _KEY | st.sampled_from(["1961-04-02", "ｱ", "é", "\U0001f600", "Z"])


@pytest.mark.deep
@hypothesis.settings(max_examples=examples(300), deadline=None)
@hypothesis.given(
    rows=st.lists(st.tuples(_PART, _PART, _PART, _PART, _PART, _PART, _PART), max_size=25),
    start=st.integers(0, 5),
)
def test_two_value_keys_by_arrow_are_duckdbs(
    rows: list[tuple[str | None, ...]], start: int
) -> None:
    # The Arrow form of the two-value rules gives DuckDB's lists exactly (the same values in
    # the same order, NULL and '' left out, NULL for none), so the same codes.
    from kizashi.resolve.blocking import BlockRule, _arrow_keys, _duckdb_keys, _scalar_keys
    from kizashi.resolve.frame import RecordTable

    names = ["name_joined", "name_alt", "birth_date", "tok_a", "tok_b", "addr_block", "addr_room"]
    table = RecordTable(
        pa.table(
            {
                "unique_id": pa.array([str(i) for i in range(len(rows))], pa.string()),
                **{
                    name: pa.array([r[k] for r in rows], pa.string())
                    for k, name in enumerate(names)
                },
            }
        ).slice(min(start, len(rows)))
    )
    for columns in (("joined",), ("birth_date", "tokens"), ("addr_block", "tokens")):
        rule = BlockRule("x", columns)
        by_arrow, by_duckdb = _arrow_keys(table, rule), _duckdb_keys(table, rule)
        assert by_arrow is not None and by_duckdb is not None
        assert by_arrow.to_pylist() == by_duckdb.to_pylist()
        assert by_arrow.type == by_duckdb.type
        codes_arrow, keys_arrow = _coded(by_arrow)
        codes_duckdb, keys_duckdb = _coded(by_duckdb)
        assert codes_arrow.to_pylist() == codes_duckdb.to_pylist()
        assert keys_arrow.to_pylist() == keys_duckdb.to_pylist()
    # The block with the room, a key of two single values: the batch column (Arrow) holds
    # the key the live path computes per record (BlockRule.keys), none where either is empty.
    room = BlockRule("address block + room", ("addr_block", "addr_room"))
    assert [[k] if k is not None else [] for k in _scalar_keys(table, room).to_pylist()] == [
        room.keys(row) for row in table.table.to_pylist()
    ]


def _street(people: int, blocks: int) -> RecordTable:
    """Two records of each person (two spellings of the given name, one address); the
    people spread over ``blocks`` address blocks, every surname their own."""
    rows = [
        {
            "unique_id": f"{p}-{copy}",
            "tok_a": f"family{p}",
            "tok_b": f"given{p}{copy}",
            "addr_block": f"豊島区南大塚|1-{p % blocks}-1",
        }
        for p in range(people)
        for copy in range(2)
    ]
    return RecordTable(pa.Table.from_pylist(rows))


def test_crowded_address_blocks_block_with_a_name_part() -> None:
    # 5,000 people in 100 blocks: a block alone would compare ~50 strangers per record; with
    # a name part, each record meets its own other record only. One person a block: the
    # block alone is cheap and stays.
    from kizashi.resolve.blocking import BlockRule, block_columns, derive_rules, record_keys

    crowded = _street(5000, 100)
    columns = crowded.columns
    rules = derive_rules(crowded, columns, [])
    assert BlockRule("address block + name part", ("addr_block", "tokens")) in rules
    assert not any(r.columns == ("addr_block",) for r in rules)
    quiet = _street(5000, 5000)
    assert BlockRule("address block", ("addr_block",)) in derive_rules(quiet, columns, [])
    # The batch path's key columns hold the keys the live path computes per record.
    rule = next(r for r in rules if r.columns == ("addr_block", "tokens"))
    index = rules.index(rule)
    assert block_columns(crowded, rules) == set()
    coded = crowded.table.column(f"bk_{index}").to_pylist()
    rows = crowded.table.to_pylist()
    pairs = _pairs(coded)
    assert pairs == {(2 * p, 2 * p + 1) for p in range(5000)}
    keyed = [[k for k in record_keys(r, rules) if k.startswith(f"{index}:")] for r in rows]
    assert _pairs(keyed) == pairs


def _building(residents: int) -> RecordTable:
    """One apartment building (one address block): two records a room, the second with the
    name typed differently (no name part in common); one family name a room."""
    rows = [
        {
            "unique_id": f"{r}-{copy}",
            "tok_a": f"family{r}" if copy == 0 else f"famlly{r}",
            "tok_b": f"given{r}" if copy == 0 else f"glven{r}",
            "addr_block": "豊島区南大塚|2-14-7",
            "addr_room": str(100 + r),
        }
        for r in range(residents // 2)
        for copy in range(2)
    ]
    return RecordTable(pa.Table.from_pylist(rows))


@pytest.mark.parametrize("residents", [200, 400])
def test_a_crowded_building_keeps_the_records_of_one_room_together(residents: int) -> None:
    # 200 residents in one block: ~20,000 pairs against a budget of 10,000; 400: the block
    # is a stop key (compared by no address at all on main). Either way the block beside a
    # name part and the block beside the room: same-room records typed differently meet.
    from kizashi.resolve.blocking import block_columns, derive_rules, record_keys

    building = _building(residents)
    rules = derive_rules(building, building.columns, [])
    names = [r.name for r in rules]
    assert "address block + name part" in names and "address block + room" in names
    assert not any(r.columns == ("addr_block",) for r in rules)
    index = names.index("address block + room")
    assert block_columns(building, rules) == set()
    pairs = {(2 * r, 2 * r + 1) for r in range(residents // 2)}
    assert _pairs(building.table.column(f"bk_{index}").to_pylist()) == pairs
    # The live path (keys from the model's rules, record by record) pairs the same records.
    keyed = [record_keys(row, rules) for row in building.table.to_pylist()]
    assert _pairs(keyed) == pairs
