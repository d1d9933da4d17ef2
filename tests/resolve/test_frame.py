"""Normalising into a table: the same rows whichever process normalised a chunk."""

from __future__ import annotations

from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]
import pytest

from kizashi.resolve.frame import RecordTable, feature_table
from kizashi.resolve.link import link_rows
from kizashi.resolve.records import RecordError, feature_rows


def _records(n: int) -> list[dict[str, Any]]:
    names = ["ヤマダ タロウ", "Taro YAMADA", "山田太郎", "スズキ ハナコ", "Hanako Suzuki"]
    return [
        {
            "id": f"r{i}",
            "name": names[i % len(names)],
            "birth_date": f"19{60 + i % 30}-0{1 + i % 9}-1{i % 10}",
            "phone": f"090-{1000 + i % 17:04d}-{2000 + i:04d}",
        }
        for i in range(n)
    ]


def test_in_process_and_with_a_worker_give_the_same_rows() -> None:
    records = _records(60)
    alone = feature_table(records, "id", workers=1, chunk_size=5)
    shared = feature_table(pa.Table.from_pylist(records), "id", workers=2, chunk_size=5)
    assert alone.table.equals(shared.table)
    assert alone.ids == [f"r{i}" for i in range(60)]
    assert list(alone.all_rows()) == [
        {k: v for k, v in row.items() if v is not None} for row in feature_rows(records, "id")
    ]


def test_a_bad_row_is_named_by_its_number_in_the_input() -> None:
    records = _records(60)
    records[47]["id"] = ""
    with pytest.raises(RecordError, match="row 48"):
        feature_table(records, "id", workers=2, chunk_size=5)
    with pytest.raises(RecordError, match="row 48"):
        feature_table(records, "id", workers=1, chunk_size=5)


def test_rows_take_the_asked_columns_and_keep_extra_ones() -> None:
    table = RecordTable.from_rows(
        [{"unique_id": "a", "name_family": "yamada", "x_postcode": "1700005"}]
    )
    assert table.rows([0], ["name_family"]) == [
        {"unique_id": "a", "name_family": "yamada", "x_postcode": "1700005"}
    ]
    assert "x_postcode" in table.columns
    table.with_column("x_town", pa.array(["ikebukuro"], pa.string()))
    assert table.rows([0], ["x_town"]) == [
        {"unique_id": "a", "x_town": "ikebukuro", "x_postcode": "1700005"}
    ]


def test_repeated_records_are_linked_to_their_first() -> None:
    records = [
        {"id": "a", "name": "ヤマダ タロウ", "birth_date": "1980-01-02"},
        {"id": "b", "name": "スズキ ハナコ", "birth_date": "1990-03-04"},
        {"id": "c", "name": "ヤマダ タロウ", "birth_date": "1980-01-02"},
        {"id": "d", "name": "ヤマダ タロウ", "birth_date": "1980-01-02"},
    ]
    result = link_rows(feature_table(records, "id"))
    assert result.clusters["a"] == result.clusters["c"] == result.clusters["d"]
    assert result.clusters["b"] != result.clusters["a"]
    identical = {(e.left, e.right) for e in result.edges if e.reasons[0]["field"] == "record"}
    assert identical == {("c", "a"), ("d", "a")}


def test_an_empty_value_is_stored_as_missing() -> None:
    table = RecordTable.from_rows(
        [{"unique_id": "a", "name_family": "", "x_town": ""}, {"unique_id": "b", "phone": "0"}]
    )
    assert table.rows([0, 1]) == [{"unique_id": "a"}, {"unique_id": "b", "phone": "0"}]
    assert table.filled() == {"phone": 1}


def test_a_spilled_table_reads_back_the_same() -> None:
    table = feature_table(_records(30), "id")
    before, ids = table.table, table.ids
    table.spill()
    assert len(table) == 30 and table.table.num_columns == 0
    table.restore()
    assert table.table.equals(before) and table.ids == ids
    table.restore()  # nothing to do
    assert table.table.equals(before)


def test_spilling_the_records_during_linkage_changes_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    records = _records(40) + [{**r, "id": f"{r['id']}-again"} for r in _records(10)]
    kept = link_rows(feature_table(records, "id"))
    monkeypatch.setattr("kizashi.resolve.link._SPILL_FROM", 0)
    table = feature_table(records, "id")
    spilled = link_rows(table)
    assert spilled.clusters == kept.clusters
    assert {(e.left, e.right) for e in spilled.edges} == {(e.left, e.right) for e in kept.edges}
    assert len(table) == len(records) and table.table.num_rows == len(records)  # read back


def test_a_batch_empties_the_value_caches_and_a_large_one_the_reference_tables(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The per-value caches grow with the input and are emptied after every batch; the
    reference tables are a fixed size and kept by a small batch (the next link in the same
    process would read them again), dropped by a large one (docs/linkage.md's 1M memory)."""
    from kizashi.resolve import frame
    from kizashi.resolve.addresses import address_key
    from kizashi.resolve.contacts import phone_key
    from kizashi.resolve.reference import _names

    records = [dict(record, address="東京都豊島区南大塚3-12-5") for record in _records(12)]
    feature_table(records, "id", workers=1)
    assert address_key.cache_info().currsize == phone_key.cache_info().currsize == 0
    assert _names.cache_info().currsize == 1  # kept: 12 records are not a large batch

    monkeypatch.setattr(frame, "_FORGET_TABLES_FROM", len(records))
    feature_table(records, "id", workers=1)
    assert address_key.cache_info().currsize == phone_key.cache_info().currsize == 0
    assert _names.cache_info().currsize == 0
