"""Detectors over text: rules and lexicons as versioned data, explained hits, watch-lists.

Other rooms read text with the same engine through ``parse_lexicon(files, categories=...)``
(their own rule files, checked by the same loader) and ``run_rules(views, lexicon)``: outreach
reads approach reports into stages that way. ``detect_rules(text)`` runs every rule in ``detect/rules/*.yaml`` over the views of
:mod:`kizashi.text` and returns a :class:`RuleResult`: the hits (rule id, category, original
span and text, the view that matched), the hits that guards suppressed and why, the
watch-list ids a threat names, and a 0–1 rule score per category.

The trained scorer builds on it: ``scan(records)`` yields the output contract of
``kizashi scan`` (score, category, per-category scores, flagged, evidence, protected) from a
calibrated model over n-grams, rule hits and multilingual sentence embeddings (see
docs/detection.md). Every name is imported on first use, so importing this package (to
register its commands, or for the rules alone) loads neither Sudachi nor scikit-learn until
they are needed. (The function ``scan`` lives in the module ``scanner``: a submodule named
``scan`` would replace the function on the package once imported.)

A composed threat rule's evidence entry carries ``components`` — harm_intent, means, target,
time, place, event, each with its rule id and span, and the protected_person watch-list ids —
which is what triage's urgent rules read (see docs/detection.md, "The threat's parts").
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kizashi.detect.background import shared_data_dir
    from kizashi.detect.lexicon import (
        CATEGORIES,
        COMPONENTS,
        Lexicon,
        LexiconError,
        load_lexicon,
        parse_lexicon,
        read_lexicon_files,
    )
    from kizashi.detect.model import ScorerModel, load_model, shipped_model
    from kizashi.detect.result import RuleResult, detect_rules, detect_views
    from kizashi.detect.rules import RuleHit, SuppressedHit, run_rules
    from kizashi.detect.scanner import scan, scan_texts
    from kizashi.detect.scorer import Scored, Scorer
    from kizashi.detect.store import (
        SignalSummary,
        model_version,
        score_reports,
        store_signals,
    )
    from kizashi.detect.train import train_model
    from kizashi.detect.watchlist import WatchList, load_watchlist
    from kizashi.detect.watchlist_labels import protected_labels

_LAZY = {
    "CATEGORIES": "kizashi.detect.lexicon",
    "COMPONENTS": "kizashi.detect.lexicon",
    "LexiconError": "kizashi.detect.lexicon",
    "load_lexicon": "kizashi.detect.lexicon",
    "Lexicon": "kizashi.detect.lexicon",
    "parse_lexicon": "kizashi.detect.lexicon",
    "read_lexicon_files": "kizashi.detect.lexicon",
    "run_rules": "kizashi.detect.rules",
    "shared_data_dir": "kizashi.detect.background",
    "RuleResult": "kizashi.detect.result",
    "detect_rules": "kizashi.detect.result",
    "detect_views": "kizashi.detect.result",
    "RuleHit": "kizashi.detect.rules",
    "SuppressedHit": "kizashi.detect.rules",
    "WatchList": "kizashi.detect.watchlist",
    "load_watchlist": "kizashi.detect.watchlist",
    "protected_labels": "kizashi.detect.watchlist_labels",
    "Scored": "kizashi.detect.scorer",
    "Scorer": "kizashi.detect.scorer",
    "ScorerModel": "kizashi.detect.model",
    "load_model": "kizashi.detect.model",
    "scan": "kizashi.detect.scanner",
    "scan_texts": "kizashi.detect.scanner",
    "shipped_model": "kizashi.detect.model",
    "SignalSummary": "kizashi.detect.store",
    "model_version": "kizashi.detect.store",
    "store_signals": "kizashi.detect.store",
    "score_reports": "kizashi.detect.store",
    "train_model": "kizashi.detect.train",
}

__all__ = [
    "CATEGORIES",
    "COMPONENTS",
    "Lexicon",
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
    "parse_lexicon",
    "protected_labels",
    "read_lexicon_files",
    "run_rules",
    "scan",
    "scan_texts",
    "score_reports",
    "shared_data_dir",
    "shipped_model",
    "store_signals",
    "train_model",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'kizashi.detect' has no attribute {name!r}")
