"""The functional suite's builder and the evaluation arithmetic."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

import pytest

from kizashi.detect.dataset import functional_items
from kizashi.detect.reviews import histogram, psi
from kizashi.detect.scorer import Scored
from kizashi.detect.suite_eval import evaluate_background, evaluate_suite, format_suite, wilson


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


# The frozen test split is read only as counts: no example text of it may reach the output.
_TEST_TEXT, _DEV_TEXT = "test-split sentence nobody may read", "dev-split sentence to read"


def _background_rows() -> list[dict[str, Any]]:
    return [
        {"text": t, "label": None, "functionality": "bg-src", "lang": "en", "split": split}
        for t, split in ((_TEST_TEXT, "test"), (_DEV_TEXT, "dev"), ("no split given", None))
    ]


def test_background_report_lists_dev_examples_and_only_counts_the_test_split() -> None:
    rows = _background_rows()
    report = evaluate_background(rows, [_scored("threat")] * len(rows))
    row = report["bg-src"]
    assert row["flagged"] == 3 and row["n"] == 3
    assert row["flagged_examples"] == [_DEV_TEXT]
    text = json.dumps(report) + "\n".join(format_suite(evaluate_suite([], []), report))
    assert _TEST_TEXT not in text and "no split given" not in text
    only_test = evaluate_background(rows[:1], [_scored("threat")])
    assert only_test["bg-src"]["flagged"] == 1 and "flagged_examples" not in only_test["bg-src"]


def test_detect_eval_prints_no_test_split_text(monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from kizashi.cli.main import app
    from kizashi.detect import dataset

    threat = "11/1 大塚で桜井を56す"
    functional = [
        {"text": threat, "label": "threat", "functionality": "f", "lang": "ja", "family": "f/1",
         "split": "test"},
    ]  # fmt: skip
    background = [
        {"text": threat + t, "label": None, "functionality": "bg-src", "lang": "ja", "split": s}
        for t, s in (("。テスト", "test"), ("。開発", "dev"))
    ]
    monkeypatch.setattr(
        dataset,
        "evaluation_items",
        lambda split: {"functional": functional, "background": background},
    )
    for args in (["--json"], []):
        result = CliRunner().invoke(app, ["detect", "eval", *args])
        assert result.exit_code == 0, result.output
        assert "テスト" not in result.output
        if args:
            assert json.loads(result.output)["background"]["bg-src"]["flagged"] == 2
            assert threat + "。開発" in result.output
