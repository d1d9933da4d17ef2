"""Training on a store's own data: what a level the data cannot estimate is worth."""

from __future__ import annotations

from typing import Any

import hypothesis
import pyarrow as pa  # type: ignore[import-untyped]
import pytest
from hypothesis import strategies as st

from kizashi.resolve.default_model import default_model
from kizashi.resolve.frame import RecordTable
from kizashi.resolve.link import link_rows
from kizashi.resolve.linker import Model
from kizashi.resolve.model import LinkConfig
from kizashi.resolve.records import feature_rows
from kizashi.resolve.training import (
    _ranked_ids,
    fit,
    postcodes_beside_address,
    predict,
    tf_frames,
    tf_tables,
)
from tests.depth import examples

SURNAMES = ["Tanaka", "Suzuki", "Takahashi", "Watanabe", "Ito", "Yamamoto", "Nakamura", "Kobayashi"]
GIVEN = [
    "Ichiro", "Kenji", "Hiroshi", "Makoto", "Satoshi", "Yuki", "Akira",
    "Takeshi", "Daisuke", "Shota", "Ryota", "Naoki", "Kazuya",
]  # fmt: skip
# 104 people: more numbers than SPARSE, so phone is trained, not given fixed priors.


def _records() -> list[dict[str, Any]]:
    """Each person twice, the mobile number on one record only: no pair that shares a name
    has two numbers, so EM (blocked on the name) can never see what a shared number is worth."""
    out = []
    for i, (surname, given) in enumerate((s, g) for s in SURNAMES for g in GIVEN):
        name = f"{given} {surname}"
        out.append({"id": f"{i}a", "name": name, "phone": f"090-{1000 + i:04d}-{5000 + i:04d}"})
        out.append({"id": f"{i}b", "name": name.upper()})
        out.append(
            {
                "id": f"{i}c",
                "name": f"{surname} {given}",
                "address": f"東京都豊島区南池袋{i % 4 + 1}-{i}-1",
            }
        )
    return out


def _same_phone(model: Model) -> dict[str, Any]:
    return next(lv for lv in model.levels["phone"] if lv["label"] == "same phone number")


def test_a_level_em_never_saw_keeps_the_shipped_models_m() -> None:
    table = RecordTable.from_rows(feature_rows(_records()))
    trained = fit(table, LinkConfig(), prior=default_model())
    assert _same_phone(trained)["m"] == _same_phone(default_model())["m"]
    assert _same_phone(trained)["m"] > 100 * _same_phone(trained)["u"]  # strong evidence


def test_without_a_prior_such_a_level_is_no_evidence() -> None:
    table = RecordTable.from_rows(feature_rows(_records()))
    trained = fit(table, LinkConfig(), prior=None)
    assert _same_phone(trained)["m"] == _same_phone(trained)["u"]


@pytest.mark.deep
@hypothesis.settings(max_examples=examples(300), deadline=None)
@hypothesis.given(ids=st.lists(st.text(min_size=1, max_size=4), max_size=30))
def test_ranked_ids_keep_the_order_and_equality_of_the_ids(ids: list[str]) -> None:
    ranks, ranked, at = _ranked_ids(pa.array(ids, pa.string()))
    order = ranks.to_pylist()
    assert ranked.take(ranks).to_pylist() == ids  # the ids come back
    # per rank, the id's last position: what RecordTable.position maps it to
    assert at.to_pylist() == [
        max(i for i, v in enumerate(ids) if v == r) for r in ranked.to_pylist()
    ]
    for i, a in enumerate(ids):
        for j, b in enumerate(ids):
            # DuckDB compares strings by their UTF-8 bytes
            assert (order[i] < order[j]) == (a.encode() < b.encode())
            assert (order[i] == order[j]) == (a == b)


def test_prediction_gives_the_tables_own_ids() -> None:
    # Each person three times (ids "1x", "10", "1": the reverse of their order), the same
    # name, phone and address: every pair of them is predicted, the left id the smaller.
    records = [
        {
            "id": f"{i}{suffix}",
            "name": f"{given} {surname}",
            "phone": f"090-{1000 + i:04d}-{5000 + i:04d}",
            "address": f"東京都豊島区南池袋{i % 4 + 1}-{i}-1",
        }
        for i, (surname, given) in enumerate((s, g) for s in SURNAMES for g in GIVEN)
        for suffix in ("x", "0", "")  # in the file, not in the ids' order
    ]
    table = RecordTable.from_rows(feature_rows(records))
    model = fit(table, LinkConfig(), prior=default_model())
    batches = list(predict(table, model))
    pairs = [
        (left, right)
        for batch in batches
        for left, right in zip(
            batch.column("unique_id_l").to_pylist(),
            batch.column("unique_id_r").to_pylist(),
            strict=True,
        )
    ]
    # each pair's records' positions in the table come with it
    positions = [
        (left, right)
        for batch in batches
        for left, right in zip(
            batch.column("position_l").to_pylist(),
            batch.column("position_r").to_pylist(),
            strict=True,
        )
    ]
    assert positions == [(table.position[a], table.position[b]) for a, b in pairs]
    person = {r["id"]: r["phone"] for r in records}
    expected = {
        tuple(sorted((a, b))) for a in person for b in person if a != b and person[a] == person[b]
    }
    assert expected <= set(pairs)
    assert all(left < right for left, right in pairs)


def _tf_model() -> Model:
    model = default_model()
    assert "name_sorted" in model.tf_columns
    return model


def test_term_frequencies_count_people_not_records() -> None:
    """One woman's five records and a man's one: the name is one person's of two, not five
    records' of six (link25's probe: 小林 住恵's repeated records made her name look common
    and her own records stayed apart); two people of one name (different birth years) count
    twice, and a record with nothing else to tell it by counts as one of its own."""
    rows = [
        {"id": f"k{i}", "name": "小林 住恵", "birth_date": f"1978-10-{25 + i % 2}"}
        for i in range(5)
    ] + [
        {"id": "s", "name": "鈴木 一郎", "birth_date": "1960-01-01"},
        {"id": "t1", "name": "田中 実", "birth_date": "1950-02-02"},
        {"id": "t2", "name": "田中 実", "birth_date": "1990-03-03"},
        {"id": "y1", "name": "山田 花子"},
        {"id": "y2", "name": "山田 花子"},
    ]
    table = RecordTable.from_rows(feature_rows(rows))
    tf = tf_tables(table, _tf_model())["name_sorted"]
    by_name = {
        row["name"]: feature["name_sorted"]
        for row, feature in zip(rows, feature_rows(rows), strict=True)
    }
    assert tf[by_name["小林 住恵"]] == pytest.approx(1 / 6)
    assert tf[by_name["鈴木 一郎"]] == pytest.approx(1 / 6)
    assert tf[by_name["田中 実"]] == pytest.approx(2 / 6)
    assert tf[by_name["山田 花子"]] == pytest.approx(2 / 6)


def test_a_trained_model_scores_with_the_people_counted_frequencies() -> None:
    """What predict registers for a model without frequencies of its own is tf_frames'
    (a repeated person's name weighs as a name seen once), and kept frequencies score the
    same: batch, the CLI and the live path (which reads the kept ones) agree."""
    records = _records()
    records += [{"id": f"rep{i}", "name": "Ichiro Tanaka"} for i in range(3)]
    table = RecordTable.from_rows(feature_rows(records))
    model = fit(table, LinkConfig(), prior=default_model())
    computed = tf_frames(table, model)
    assert computed  # the names at least
    own = {tuple(sorted(r.items())) for b in predict(table, model) for r in b.to_pylist()}
    model.tf = tf_tables(table, model)
    kept = {tuple(sorted(r.items())) for b in predict(table, model) for r in b.to_pylist()}
    assert own == kept


def _trained_settings(table: RecordTable, model: Model) -> dict[str, Any]:
    from kizashi.resolve.model import build_comparisons, db_api, train_linker
    from kizashi.resolve.training import splink_rules

    registered = db_api("duckdb").register(table.table)
    linker = train_linker(
        registered,
        model.filled,
        build_comparisons(model.filled),
        LinkConfig(),
        splink_rules(model),
        faster=True,
    )
    settings: dict[str, Any] = linker.misc.save_model_to_json()
    settings.pop("linker_uid")
    return settings


def test_training_counts_no_term_frequency_and_the_model_keeps_their_columns(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # No step of training reads a term frequency: splink need not count them (a GROUP BY of
    # each term-frequency column over every record) nor join them to the records.
    from splink.internals.linker_components.table_management import LinkerTableManagement

    import kizashi.resolve.model as model_module

    table = RecordTable.from_rows(feature_rows(_records()))
    model = fit(table, LinkConfig())  # its blocking rules; the blocking-key columns added
    assert model.tf_columns  # the model adjusts for term frequencies
    counted: list[str] = []
    count = LinkerTableManagement.compute_tf_table

    def counting(self: Any, column_name: str) -> Any:
        counted.append(column_name)
        return count(self, column_name)

    monkeypatch.setattr(LinkerTableManagement, "compute_tf_table", counting)
    settings = _trained_settings(table, model)
    assert counted == []
    # The levels' term-frequency columns are back in the saved model ...
    assert Model(prior=0.0, levels={}, threshold=0.5, settings=settings).tf_columns == (
        model.tf_columns
    )
    # ... and every m and u is the one training with the columns left on gives.
    monkeypatch.setattr(model_module, "_without_frequencies", lambda settings: {})
    assert _trained_settings(table, model) == settings
    assert counted  # with them on, splink counted them


FAMILY = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村"]
GIVEN_JA = [
    ("健太", "ケンタ"),
    ("直子", "ナオコ"),
    ("拓也", "タクヤ"),
    ("由美", "ユミ"),
    ("和也", "カズヤ"),
]


def _desk_file(postcode: bool) -> list[dict[str, Any]]:
    """40 people of 8 surnames in two towns, as link45's review wrote them: a full record
    (date, mobile, address, postcode), one with the mobile and an e-mail, and one with the
    name and the address (and its postcode) alone; a father of each fifth person at his son's
    home, with the home line. ``postcode``: with the 郵便番号 column."""
    towns = [("東京都杉並区高円寺南", "166-0003"), ("東京都練馬区豊玉北", "176-0012")]
    out: list[dict[str, Any]] = []
    for i in range(40):
        family, given = FAMILY[i % 8], GIVEN_JA[i // 8]
        town, code = towns[i % 2]
        address = f"{town}{i % 4 + 1}-{i + 1}-{i % 7 + 1}"
        mobile = f"090-{2000 + i:04d}-{7000 + i:04d}"
        full = {"name": f"{family} {given}", "birth_date": f"{1960 + i}-0{i % 9 + 1}-1{i % 9}"}
        out += [
            {"id": f"{i}a", **full, "phone": mobile, "address": address, "郵便番号": code},
            {"id": f"{i}b", "name": f"{family}　{given}", "phone": mobile, "email": f"p{i}@ex.jp"},
            {"id": f"{i}c", "name": f"{family}{given}", "address": address, "郵便番号": code},
        ]
        if i % 5 == 0:
            home = f"03-{3000 + i:04d}-{1000 + i:04d}"
            out.append(
                {
                    "id": f"{i}f",
                    "name": f"{family} {given}",
                    "birth_date": f"{1930 + i}-05-05",
                    "address": address,
                    "郵便番号": code,
                    "自宅電話": home,
                }
            )
    if not postcode:
        for row in out:
            row.pop("郵便番号", None)
    return out


def test_a_postcode_beside_the_address_changes_no_link() -> None:
    """link45's review: with a 郵便番号 column beside the address, a record of one name at
    one block with nothing else fell apart from the person's other records (the column, one
    more comparison for EM, moved the name's weight), while the file without the column
    linked it. A postcode every record gives with its address is left out of the model."""
    with_code = link_rows(feature_rows(_desk_file(postcode=True)), explain=False)
    without = link_rows(feature_rows(_desk_file(postcode=False)), explain=False)
    assert "x_郵便番号" not in with_code.model.filled
    assert with_code.clusters == without.clusters
    for i in range(40):
        # Not at the father's home: a record of the name alone there is either man's.
        if i % 5:
            assert with_code.clusters[f"{i}a"] == with_code.clusters[f"{i}c"]


def test_a_postcode_that_gives_no_town_stays_in_the_model() -> None:
    """A postcode alone that Japan Post knows gives the record its town (the address
    comparison weighs it); one it does not know is the only place the record gives."""
    rows = _desk_file(postcode=True)
    for code, left_out in (("166-0003", ["x_郵便番号"]), ("999-9999", [])):
        alone = {"id": "x", "name": "佐藤 健太", "郵便番号": code}
        table = RecordTable.from_rows(feature_rows([*rows, alone]))
        assert postcodes_beside_address(table, table.filled()) == left_out
