"""Training on a store's own data: what a level the data cannot estimate is worth."""

from __future__ import annotations

from typing import Any

import hypothesis
import pyarrow as pa  # type: ignore[import-untyped]
import pytest
from hypothesis import strategies as st

from kizashi.resolve.default_model import default_model
from kizashi.resolve.frame import RecordTable
from kizashi.resolve.linker import Model
from kizashi.resolve.model import LinkConfig
from kizashi.resolve.records import feature_rows
from kizashi.resolve.training import _ranked_ids, fit, predict
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
    batches = list(predict(table, model, frozen=False))
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
