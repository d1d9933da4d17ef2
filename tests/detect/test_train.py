"""Training is deterministic: the same data and seed give the same model."""

from __future__ import annotations

import numpy as np

from kizashi.detect.evaluate import load_labelled
from kizashi.detect.scorer import Scorer
from kizashi.detect.train import train_model


def _subset() -> list[dict[str, object]]:
    """Threats in Japanese (語呂合わせ) and English and two kinds of benign text: every step of
    training runs on them — features, the bounded fit of both heads, Platt calibration (pooled:
    6 dev positives a language), thresholds, the light band, the reference scores. A fit costs
    about the same whatever the number of items (its width is the feature space's, ~131,000
    columns), so each category with positives costs two; one category takes every path that
    another would (a category without positives gets zero weights). With a recruitment
    functionality besides, a training took 11.1 CPU-s against 6.2 (speed23)."""
    items = load_labelled()
    keep = {"threat-goroawase", "threat-en", "neg-idiom", "neg-games"}
    return [i for i in items if i["functionality"] in keep and i["split"] in ("train", "dev")]


def test_training_twice_gives_identical_predictions() -> None:
    items = _subset()
    first, second = train_model(items), train_model(items)
    assert np.array_equal(first.full.weights, second.full.weights)
    assert first.thresholds == second.thresholds
    texts = ["桜井を56す", "死ぬほど眠い", "I will kill you", "日給5万 即日即金"]
    a = Scorer(first, cascade=False).score(texts)
    b = Scorer(second, cascade=False).score(texts)
    assert [s.scores for s in a] == [s.scores for s in b]
    assert first.metadata["training_data_sha256"] == second.metadata["training_data_sha256"]


def test_rule_hits_are_bounded_towards_their_category() -> None:
    from kizashi.detect.features import feature_layout
    from kizashi.detect.train import MIN_COMPOSED_WEIGHT, MIN_SIGNAL_WEIGHT, bounds_for

    layout = feature_layout()
    bounds = bounds_for("threat", layout.width)
    column = {name: layout.rule_offset + k for k, name in enumerate(layout.rule_names)}
    assert bounds[column["hit:threat-kill-en"]] == (MIN_SIGNAL_WEIGHT, None)
    # A composed threat (harm intent and a concrete part) weighs the most.
    assert bounds[column["hit:threat-composed"]] == (MIN_COMPOSED_WEIGHT, None)
    assert MIN_COMPOSED_WEIGHT > MIN_SIGNAL_WEIGHT
    assert bounds[column["hit:threat-context-imminent"]] == (0.0, None)
    assert bounds[column["hit:idiom-die-en"]] == (None, 0.0)
    # Another category's rule is free.
    assert bounds[column["hit:rec-white-job"]] == (None, None)
