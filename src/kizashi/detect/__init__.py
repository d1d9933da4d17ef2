"""Detectors over text: rules and lexicons as versioned data, explained hits, watch-lists.

``detect_rules(text)`` runs every rule in ``detect/rules/*.yaml`` over the views of
:mod:`kizashi.text` and returns a :class:`RuleResult`: the hits (rule id, category, original
span and text, the view that matched), the hits that guards suppressed and why, the
watch-list ids a threat names, and a 0–1 rule score per category.

The trained scorer builds on it: ``scan(records)`` yields the output contract of
``kizashi scan`` (score, category, per-category scores, flagged, evidence, protected) from a
calibrated model over n-grams, rule hits and multilingual sentence embeddings (see
docs/detection.md). The scorer's names are imported on first use, so importing this package
for the rules alone does not load scikit-learn.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from kizashi.detect.lexicon import CATEGORIES, LexiconError, load_lexicon
from kizashi.detect.result import RuleResult, detect_rules, detect_views
from kizashi.detect.rules import RuleHit, SuppressedHit
from kizashi.detect.watchlist import WatchList, load_watchlist

if TYPE_CHECKING:
    from kizashi.detect.model import ScorerModel, load_model, shipped_model
    from kizashi.detect.scan import scan, scan_texts
    from kizashi.detect.scorer import Scored, Scorer
    from kizashi.detect.store import SignalSummary, model_version, store_signals
    from kizashi.detect.train import train_model

_LAZY = {
    "Scored": "kizashi.detect.scorer",
    "Scorer": "kizashi.detect.scorer",
    "ScorerModel": "kizashi.detect.model",
    "load_model": "kizashi.detect.model",
    "scan": "kizashi.detect.scan",
    "scan_texts": "kizashi.detect.scan",
    "shipped_model": "kizashi.detect.model",
    "SignalSummary": "kizashi.detect.store",
    "model_version": "kizashi.detect.store",
    "store_signals": "kizashi.detect.store",
    "train_model": "kizashi.detect.train",
}

__all__ = [
    "CATEGORIES",
    "LexiconError",
    "RuleHit",
    "RuleResult",
    "Scored",
    "Scorer",
    "ScorerModel",
    "SignalSummary",
    "SuppressedHit",
    "WatchList",
    "detect_rules",
    "detect_views",
    "load_lexicon",
    "load_model",
    "load_watchlist",
    "model_version",
    "scan",
    "scan_texts",
    "shipped_model",
    "store_signals",
    "train_model",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'kizashi.detect' has no attribute {name!r}")
