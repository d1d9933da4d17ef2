"""Detectors over text: rules and lexicons as versioned data, explained hits, watch-lists.

``detect_rules(text)`` runs every rule in ``detect/rules/*.yaml`` over the views of
:mod:`kizashi.text` and returns a :class:`RuleResult`: the hits (rule id, category, original
span and text, the view that matched), the hits that guards suppressed and why, the
watch-list ids a threat names, and a 0–1 rule score per category. The trained scorer,
``kizashi scan`` and the evaluation set build on this.
"""

from kizashi.detect.lexicon import CATEGORIES, LexiconError, load_lexicon
from kizashi.detect.result import RuleResult, detect_rules, detect_views
from kizashi.detect.rules import RuleHit, SuppressedHit
from kizashi.detect.watchlist import WatchList, load_watchlist

__all__ = [
    "CATEGORIES",
    "LexiconError",
    "RuleHit",
    "RuleResult",
    "SuppressedHit",
    "WatchList",
    "detect_rules",
    "detect_views",
    "load_lexicon",
    "load_watchlist",
]
