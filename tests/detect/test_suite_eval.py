"""The functional suite's builder and the evaluation arithmetic."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pytest

from kizashi.detect.dataset import functional_items
from kizashi.detect.reviews import histogram, psi
from kizashi.detect.scorer import Scored
from kizashi.detect.suite_eval import evaluate_suite, wilson


def test_splits_never_share_a_family_or_a_text() -> None:
    splits: dict[str, set[str]] = defaultdict(set)
    texts: dict[str, set[str]] = defaultdict(set)
    for item in functional_items():
        splits[item["family"]].add(item["split"])
        texts[item["split"]].add(item["text"])
    assert all(len(s) == 1 for s in splits.values())
    assert not texts["train"] & texts["test"]
    assert not texts["dev"] & texts["test"]


def test_every_functionality_has_test_items_in_two_families() -> None:
    families: dict[str, set[str]] = defaultdict(set)
    for item in functional_items():
        if item["split"] == "test":
            families[item["functionality"]].add(item["family"])
    assert len(families) >= 50
    assert all(len(f) >= 2 for f in families.values())


def test_wilson_interval() -> None:
    low, high = wilson(8, 10)
    assert low == pytest.approx(0.4902, abs=1e-3) and high == pytest.approx(0.9433, abs=1e-3)
    assert wilson(0, 0) == (0.0, 1.0)


def _scored(category: str | None) -> Scored:
    scores = {"threat": 0.9 if category else 0.0}
    return Scored(scores, category, "full", None)


def test_pass_means_right_category_or_left_alone() -> None:
    items: list[dict[str, Any]] = [
        {"functionality": "a", "label": "threat", "lang": "ja", "family": "a/1"},
        {"functionality": "a", "label": "threat", "lang": "ja", "family": "a/2"},
        {"functionality": "n", "label": None, "lang": "en", "family": "n/1"},
    ]
    report = evaluate_suite(items, [_scored("threat"), _scored(None), _scored("threat")])
    assert report["functionality"]["a"]["pass"] == 0.5
    assert report["functionality"]["n"]["pass"] == 0.0
    assert report["overall"]["recall"] == 0.5 and report["overall"]["fpr"] == 1.0


def test_psi_is_zero_for_the_same_distribution_and_grows_with_a_shift() -> None:
    base = histogram([0.0] * 90 + [0.5] * 10)
    assert psi(base, base) == 0.0
    assert psi(base, histogram([0.0] * 50 + [0.5] * 50)) > 0.2
