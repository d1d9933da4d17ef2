"""``--explain``: why the model scored a text as it did, in the terms an analyst can check.

For the best category, the head's margin (log-odds before calibration) is split into the
bias and the contribution of each feature group — character n-grams, rule features, the
sentence embedding — with the strongest rule features and n-grams named. The suppressed rule
hits and the guards that suppressed them come from the rule verdict.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kizashi.detect.features import feature_layout, ngram_text
from kizashi.detect.lexicon import CATEGORIES
from kizashi.detect.model import ScorerModel
from kizashi.detect.ngram_hash import ngram_columns
from kizashi.detect.scorer import Scored
from kizashi.text import views

__all__ = ["explain"]

_TOP = 5


def _ngram_names(text: str) -> dict[int, str]:
    """Hash column → one n-gram of ``text`` that lands in it (what the analyst can read)."""
    source = ngram_text(views(text)).lower()
    grams = [source[i : i + n] for n in (3, 2, 1) for i in range(len(source) - n + 1)]
    names: dict[int, str] = {}
    for gram, column in zip(grams, ngram_columns(grams), strict=True):
        names.setdefault(column, gram)
    return names


def explain(text: str, scored: Scored, model: ScorerModel) -> dict[str, Any]:
    result = scored.result
    out: dict[str, Any] = {
        "stage": scored.stage,
        "suppressed": result.explain()["suppressed"] if result else [],
        "counter_evidence": result.explain()["counter_evidence"] if result else [],
    }
    if scored.row is None:
        out["contributions"] = None  # the gate stopped the text: no feature matched
        return out
    head = model.full if scored.stage == "full" else model.light
    best = max(CATEGORIES, key=lambda c: scored.scores[c])
    k = CATEGORIES.index(best)
    row = scored.row.tocsr()
    columns, values = row.indices, row.data
    contrib = values * head.weights[columns, k]
    layout = feature_layout()
    groups = {"ngram": 0.0, "rules": 0.0, "embedding": 0.0}
    for column, value in zip(columns, contrib, strict=True):
        groups[layout.group(int(column))] += float(value)
    order = np.argsort(-np.abs(contrib))
    names = _ngram_names(text)
    top_rules: list[dict[str, Any]] = []
    top_ngrams: list[dict[str, Any]] = []
    for i in order:
        column, value = int(columns[i]), round(float(contrib[i]), 4)
        if layout.group(column) == "rules" and len(top_rules) < _TOP:
            top_rules.append(
                {"feature": layout.rule_names[column - layout.rule_offset], "weight": value}
            )
        elif layout.group(column) == "ngram" and len(top_ngrams) < _TOP:
            top_ngrams.append({"ngram": names.get(column, f"#{column}"), "weight": value})
    out["contributions"] = {
        "category": best,
        "head": "full" if scored.stage == "full" else "light",
        "bias": round(float(head.bias[k]), 4),
        "groups": {g: round(v, 4) for g, v in groups.items()},
        "top_rules": top_rules,
        "top_ngrams": top_ngrams,
        "threshold": model.thresholds[best],
    }
    return out
