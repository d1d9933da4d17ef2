"""The shipped scorer: it loads, reproduces its stored reference scores, flags what it must."""

from __future__ import annotations

import pytest

from kizashi.detect import CATEGORIES
from kizashi.detect.model import shipped_model
from kizashi.detect.scorer import Scorer


def test_shipped_model_reproduces_its_reference_scores() -> None:
    model = shipped_model()
    reference = model.metadata["reference"]
    assert len(reference) >= 10
    scored = Scorer(model).score([r["text"] for r in reference])
    for ref, got in zip(reference, scored, strict=True):
        assert got.category == ref["category"], ref["text"]
        for category in CATEGORIES:
            assert got.scores[category] == pytest.approx(ref["scores"][category], abs=1e-3)


def test_metadata_names_version_data_hash_and_thresholds() -> None:
    meta = shipped_model().metadata
    assert meta["model_version"] >= 1
    assert meta["training_data_sha256"].startswith("sha256:")
    assert set(meta["thresholds"]) == set(CATEGORIES)
    assert all(0 < t < 1 for t in meta["thresholds"].values())


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("明日の演説会で桜井を56す", "threat"),
        ("あいつマジでﾀﾋね", "threat"),
        ("I will k1ll the mayor tomorrow", "threat"),
        ("即日即金 日給8万 詳細はテレグラムで", "recruitment"),
        ("空薬莢 9mm 実物 10個セット", "prohibited_listing"),
    ],
)
def test_clear_cases_are_flagged_with_their_category(text: str, category: str) -> None:
    (scored,) = Scorer().score([text])
    assert scored.category == category
    assert scored.stage == "full"
    assert scored.result is not None and scored.result.hits


@pytest.mark.parametrize(
    "text",
    ["死ぬほど眠い", "会計は5,600円でした", "草津の硫黄の香りに癒された", "今日のランチはカレー"],
)
def test_hard_negatives_are_not_flagged(text: str) -> None:
    (scored,) = Scorer().score([text])
    assert not scored.flagged


def test_cascade_gate_stops_plain_chatter_without_running_rules() -> None:
    (scored,) = Scorer().score(["猫が膝の上で寝てて動けない"])
    assert scored.stage == "gate"
    assert scored.result is None
    assert scored.score == 0.0
