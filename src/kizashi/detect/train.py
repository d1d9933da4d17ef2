"""Training the scorer from labelled JSONL (``kizashi detect train``), with a fixed seed.

Per category, one-vs-rest logistic regression (class-balanced) with Platt calibration from
3-fold cross-validation on the train split (``CalibratedClassifierCV(ensemble=False)``: one
model on all training rows, calibrated on out-of-fold scores). The per-category threshold is
chosen on the dev split, maximising F2 (recall counts twice: a missed threat costs more than
an analyst's minute). Same data + seed → identical weights.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import numpy as np

# scipy and scikit-learn ship no type information (no py.typed).
from sklearn.calibration import CalibratedClassifierCV  # type: ignore[import-untyped]
from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]
from sklearn.model_selection import StratifiedKFold  # type: ignore[import-untyped]

from kizashi import __version__
from kizashi.detect.features import feature_layout
from kizashi.detect.lexicon import CATEGORIES
from kizashi.detect.model import LinearCalibrated, ScorerModel
from kizashi.detect.scorer import Scorer, full_features

__all__ = ["SEED", "data_hash", "fit_head", "train_model"]

SEED = 20261122
MODEL_VERSION = 1
REGULARISATION = 16.0  # inverse regularisation C; chosen on dev log-loss among 0.5, 1, 4, 16


def data_hash(items: Sequence[dict[str, Any]]) -> str:
    canonical = "\n".join(json.dumps(i, ensure_ascii=False, sort_keys=True) for i in items)
    return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()


def fit_head(
    matrix: Any, labels: Sequence[str | None], seed: int = SEED, c: float = REGULARISATION
) -> LinearCalibrated:
    """One calibrated linear head, one column per category."""
    weights, bias, cal_a, cal_b = [], [], [], []
    for category in CATEGORIES:
        y = np.array([label == category for label in labels], dtype=int)
        folds = int(min(3, y.sum(), len(y) - y.sum()))
        if folds < 2:
            # Too few examples to calibrate: a column that never fires, said in metadata.
            weights.append(np.zeros(matrix.shape[1], np.float32))
            bias.append(-10.0)
            cal_a.append(-1.0)
            cal_b.append(0.0)
            continue
        base = LogisticRegression(C=c, class_weight="balanced", max_iter=5000)
        cv = StratifiedKFold(folds, shuffle=True, random_state=seed)
        model = CalibratedClassifierCV(base, method="sigmoid", cv=cv, ensemble=False)
        model.fit(matrix, y)
        fitted = model.calibrated_classifiers_[0]
        weights.append(fitted.estimator.coef_[0].astype(np.float32))
        bias.append(float(fitted.estimator.intercept_[0]))
        cal_a.append(float(fitted.calibrators[0].a_))
        cal_b.append(float(fitted.calibrators[0].b_))
    return LinearCalibrated(
        np.stack(weights, axis=1), np.array(bias), np.array(cal_a), np.array(cal_b)
    )


def _f2(truth: np.ndarray, pred: np.ndarray) -> float:
    tp = float((pred & truth).sum())
    p = tp / pred.sum() if pred.sum() else 1.0
    r = tp / truth.sum()
    return 5 * p * r / (4 * p + r) if p + r else 0.0


def _best_threshold(truth: np.ndarray, scores: np.ndarray) -> float:
    """The middle of the widest-scoring interval of thresholds that maximise F2 on dev.

    Taking the middle, not an end, keeps a margin on both sides: the highest such threshold
    sits right on the weakest dev positive and would miss a slightly weaker test positive.
    """
    if not truth.any():
        return 0.5
    grid = np.round(np.arange(0.02, 0.981, 0.005), 4)
    f = np.array([_f2(truth, scores >= t) for t in grid])
    best = grid[np.isclose(f, f.max())]
    return round(float(np.median(best)), 4)


def train_model(
    items: Sequence[dict[str, Any]], seed: int = SEED, c: float = REGULARISATION
) -> ScorerModel:
    """Fit on ``split == "train"``, choose thresholds on ``split == "dev"``."""
    train = [i for i in items if i["split"] == "train"]
    dev = [i for i in items if i["split"] == "dev"] or train
    labels = [i["label"] for i in train]
    matrix, _ = full_features([i["text"] for i in train])
    light_width = feature_layout().light_width
    light = fit_head(matrix[:, :light_width], labels, seed, c)
    full = fit_head(matrix, labels, seed, c)
    dev_matrix, _ = full_features([i["text"] for i in dev])
    dev_probs = full.predict(dev_matrix)
    thresholds = {
        c: _best_threshold(np.array([i["label"] == c for i in dev]), dev_probs[:, k])
        for k, c in enumerate(CATEGORIES)
    }
    dev_light = light.predict(dev_matrix[:, :light_width]).max(axis=1)
    positives = [g for g, i in zip(dev_light, dev, strict=True) if i["label"] is not None]
    # Half the weakest dev positive (a margin for unseen phrasings), and never above a
    # threshold: a text the full head could flag must reach the full head.
    band = 0.5 * float(min(positives)) if positives else 0.0
    band = round(min(band, *thresholds.values()), 6)
    model = ScorerModel(light, full, thresholds, band)
    metadata = {
        "model_version": MODEL_VERSION,
        "kizashi_version": __version__,
        "trained_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "seed": seed,
        "training_data_sha256": data_hash(items),
        "items": {s: sum(i["split"] == s for i in items) for s in ("train", "dev", "test")},
        "regularisation_C": c,
        "calibration": "sigmoid (Platt), 3-fold, ensemble=False",
        "threshold_rule": "middle of the interval of thresholds with the best F2 on dev",
    }
    return ScorerModel(light, full, thresholds, band, metadata | {
        "reference": _reference(model, items)})  # fmt: skip


def _reference(model: ScorerModel, items: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """A few fixed test items with their scores, so a test can check the file reproduces."""
    test = [i for i in items if i["split"] == "test"]
    picked = [next(i for i in test if i["functionality"] == f) for f in dict.fromkeys(
        i["functionality"] for i in test)][:12]  # fmt: skip
    scored = Scorer(model).score([i["text"] for i in picked])
    return [{"text": i["text"], "scores": s.scores, "category": s.category}
            for i, s in zip(picked, scored, strict=True)]  # fmt: skip
