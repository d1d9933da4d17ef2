"""An edge's reasons read from the batch's columns once: those read a scalar at a time."""

from __future__ import annotations

from typing import Any

import hypothesis
import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]
import pytest
from hypothesis import strategies as st

from kizashi.resolve.decision import _explainer, _label
from kizashi.resolve.default_model import default_model
from kizashi.resolve.linker import Model, level_weight
from tests.depth import examples

MODEL = default_model()
NAMES = list(MODEL.levels)


def _reference(
    model: Model,
    names: list[str],
    batch: Any,
    weights: dict[str, Any],
    shared_cols: dict[str, Any],
    index: int,
) -> tuple[dict[str, Any], ...]:
    """The reasons as ``decide_batch`` built them before: an Arrow scalar per comparison."""
    found_reasons = []
    for name in names:
        w = float(weights[name][index])
        level = float(batch.column(f"mw_{name}")[index].as_py())
        if level != 0.0:
            reason: dict[str, Any] = {
                "field": name,
                "comparison": _label(model, name, level),
                "weight": round(w, 3),
            }
            if shared_cols[name][index]:
                reason["household"] = True
            found_reasons.append(reason)
    return tuple(sorted(found_reasons, key=lambda r: -abs(float(r["weight"]))))


def _levels(name: str) -> list[float]:
    return [w for w in (level_weight(lv) for lv in MODEL.levels[name]) if w is not None]


# Per pair and comparison: a level's own weight, none (0), or a weight between levels;
# the total adds a term-frequency adjustment; the household flag either way.
CELL = st.tuples(
    st.one_of(
        st.just(0.0),
        st.integers(0, 20),
        st.floats(-50, 50, allow_nan=False),
    ),
    st.floats(-5, 5, allow_nan=False),
    st.booleans(),
)


@hypothesis.given(
    st.lists(st.lists(CELL, min_size=len(NAMES), max_size=len(NAMES)), min_size=1, max_size=12),
    st.data(),
)
@pytest.mark.deep
@hypothesis.settings(max_examples=examples(200), deadline=None)
def test_reasons_from_the_columns_are_those_from_scalars(
    rows: list[list[tuple[Any, float, bool]]], data: st.DataObject
) -> None:
    columns: dict[str, list[float]] = {}
    weights: dict[str, Any] = {}
    shared_cols: dict[str, Any] = {}
    for j, name in enumerate(NAMES):
        known = _levels(name)
        levels = [
            (known[cell[0] % len(known)] if isinstance(cell[0], int) else cell[0])
            for cell in (row[j] for row in rows)
        ]
        columns[f"mw_{name}"] = levels
        weights[name] = np.array([lv + row[j][1] for lv, row in zip(levels, rows, strict=True)])
        shared_cols[name] = np.array([row[j][2] for row in rows])
    batch = pa.RecordBatch.from_pydict({k: pa.array(v, pa.float64()) for k, v in columns.items()})
    passing = np.array(
        data.draw(st.lists(st.integers(0, len(rows) - 1), unique=True).map(sorted)), dtype=np.int64
    )
    reasons = _explainer(MODEL, NAMES, batch, weights, shared_cols, passing)
    for k, index in enumerate(passing.tolist()):
        assert reasons(k) == _reference(MODEL, NAMES, batch, weights, shared_cols, index)
