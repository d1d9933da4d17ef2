"""Training on a store's own data: what a level the data cannot estimate is worth."""

from __future__ import annotations

from typing import Any

from kizashi.resolve.default_model import default_model
from kizashi.resolve.frame import RecordTable
from kizashi.resolve.linker import Model
from kizashi.resolve.model import LinkConfig
from kizashi.resolve.records import feature_rows
from kizashi.resolve.training import fit

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
