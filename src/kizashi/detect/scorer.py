"""Scoring texts with the trained model: a three-stage cascade.

1. **Gate** (every text, :mod:`kizashi.detect.gate`): one regex over the NFKC text with every
   rule word and the disguise shapes. A text that matches nothing gets zero scores.
2. **Light** (texts through the gate): text views, every rule and guard, n-grams of the
   normalised and decoded views, through the calibrated light head. A text whose best light
   score is under the model's ``band`` and that no signal rule hit stops here, with its rule
   evidence; it is not flagged.
3. **Full** (the rest): the same features plus the sentence embedding, through the calibrated
   full head. Only this stage flags, at the per-category thresholds chosen on dev.

The embedding costs ~4 ms a post against ~0.6 ms for everything else, so it is spent only
where the cheaper stages cannot clear a post. ``Scorer(cascade=False)`` runs every text
through the full head (the baseline the benchmark compares with).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from kizashi.detect.gate import passes_gate
from kizashi.detect.lexicon import CATEGORIES

if TYPE_CHECKING:
    import numpy as np

    from kizashi.detect.model import ScorerModel
    from kizashi.detect.result import RuleResult

# numpy, scipy, scikit-learn (which imports scipy.stats and pandas), the model and Sudachi are
# imported by the stages that use them, not here: a batch the gate clears needs none of them,
# and `kizashi scan` starts by importing this module.

__all__ = [
    "CACHE_SIZE",
    "NO_RULE_BAR",
    "ZERO",
    "Scored",
    "Scorer",
    "full_features",
    "light_features",
]

ZERO = dict.fromkeys(CATEGORIES, 0.0)
CACHE_SIZE = 20_000  # distinct texts remembered per Scorer (a few tens of MB)
# A threat that no threat signal rule names is flagged only from this probability up (and
# its threshold): the learned inputs alone read dates, places, persons and hostile talk as
# threats ("前の職場のメンバーと飲みに行きます" 0.63; 19 of 26 English flags on the dev split of
# the ordinary text had no rule hit, at 0.25–0.73), so without an anchor the model must be
# sure. Coded threats no rule reads (one kana a line, 564てやる) score ≥ 0.8 on the suite.
NO_RULE_BAR = 0.75


@dataclass(frozen=True)
class Scored:
    scores: dict[str, float]
    category: str | None  # the best category that reached its threshold (full stage only)
    stage: str  # "gate", "light" or "full": where the cascade stopped
    result: RuleResult | None  # rule verdict; None when the gate stopped the text
    row: Any = None  # the feature row, kept for explanations

    @property
    def score(self) -> float:
        return max(self.scores.values())

    @property
    def flagged(self) -> bool:
        return self.category is not None


def _light(texts: Sequence[str]) -> tuple[Any, list[RuleResult], list[str]]:
    """n-grams | rule features, rule results, and the text each post's embedding reads: the
    post itself, or the glued sentence when its spacing was a style (``spacing_only``)."""
    import numpy as np
    from scipy import sparse  # type: ignore[import-untyped]  # no type information

    from kizashi.detect.features import (
        feature_layout,
        ngram_text,
        rule_row,
        spacing_only,
        stretch_only,
    )
    from kizashi.detect.ngram_hash import hashed_ngrams
    from kizashi.detect.result import detect_views
    from kizashi.text import model_decoded_text, views

    all_views = [views(t) for t in texts]
    results = [detect_views(v) for v in all_views]
    ngrams = hashed_ngrams([ngram_text(v, r) for v, r in zip(all_views, results, strict=True)])
    width = len(feature_layout().rule_names)
    rules = (
        np.vstack([rule_row(r, v) for r, v in zip(results, all_views, strict=True)])
        if texts
        else np.zeros((0, width), np.float32)
    )
    readable = [
        model_decoded_text(v) if spacing_only(r, v) or stretch_only(v) else t
        for t, v, r in zip(texts, all_views, results, strict=True)
    ]
    return sparse.hstack([ngrams, sparse.csr_matrix(rules)], format="csr"), results, readable


def light_features(texts: Sequence[str]) -> tuple[Any, list[RuleResult]]:
    """n-grams | rule features for ``texts``, and their rule results."""
    light, results, _ = _light(texts)
    return light, results


def _with_embedding(light: Any, texts: Sequence[str]) -> Any:
    from scipy import sparse

    from kizashi.detect.features import embed

    return sparse.hstack([light, sparse.csr_matrix(embed(texts))], format="csr")


def full_features(texts: Sequence[str]) -> tuple[Any, list[RuleResult]]:
    light, results, readable = _light(texts)
    return _with_embedding(light, readable), results


@cache
def _unfitted_rule_ids() -> frozenset[str]:
    """Signal rules added after the shipped weights (``feature: false``, pass 11)."""
    from kizashi.detect.lexicon import load_lexicon

    return frozenset(r.id for r in load_lexicon().rules if not r.feature and r.role == "signal")


def _unfitted_signals(result: RuleResult) -> set[str]:
    """Categories named by a signal rule the model was never fitted on (pass 11: English
    weapon conversions, marketplace sale wording). Such a rule is read as the compositional
    threat reading is: its category is lifted to its threshold, since the model has no column
    for it and cannot weigh it. Guards have already removed the hits they stand down."""
    unfitted = _unfitted_rule_ids()
    return {h.category for h in result.hits if h.role == "signal" and h.rule in unfitted}


def _rounded(probs: np.ndarray) -> dict[str, float]:
    return {c: round(float(probs[k]), 4) for k, c in enumerate(CATEGORIES)}


class Scorer:
    """Scores batches of texts with one :class:`ScorerModel` (the shipped one by default)."""

    def __init__(
        self,
        model: ScorerModel | None = None,
        *,
        cascade: bool = True,
        cache_size: int = CACHE_SIZE,
    ) -> None:
        # The shipped model is loaded on first use, not here: a scan whose posts the gate
        # clears never reads the weights (and ``kizashi scan`` holds one Scorer per process,
        # so they are read once).
        self._model = model
        self.cascade = cascade
        self.cache_size = cache_size
        self._cache: OrderedDict[str, Scored] = OrderedDict()
        self._lock = threading.Lock()  # the API scores from several threads

    @property
    def model(self) -> ScorerModel:
        if self._model is None:
            from kizashi.detect.model import shipped_model

            self._model = shipped_model()
        return self._model

    def _category(
        self, probs: np.ndarray, result: RuleResult, lifted: set[str] | frozenset[str] = frozenset()
    ) -> str | None:
        """The best category over its bar: its threshold, and for a threat :data:`NO_RULE_BAR`
        too when no threat signal rule fired. A compositional threat reading (``result.reading``) is a
        threat at the threshold whatever the model's score (its score is lifted to it), and it
        outranks the other categories: a pipe bomb said to be placed at a school is a threat,
        not a weapon listing. A category lifted by a rule the model was never fitted on
        (``lifted``) outranks the categories no signal rule names, in the same way: 実包を
        手渡しで譲ります is a listing, whatever the model makes of 手渡し."""
        if result.reading:
            return "threat"
        signalled = {h.category for h in result.hits if h.role == "signal"}
        # A category that only a benign rule names (a legal replica listing: 発射不可, 無可動,
        # SMG刻印) is not flagged on the model's reading alone: the model learnt the listing's
        # vocabulary (モデルガン, 刻印, 真鍮), the benign rule says which kind it is. Threats
        # keep their own bar (NO_RULE_BAR): an idiom beside a coded threat must not clear it.
        cleared = {h.category for h in result.hits if h.role == "benign"} - signalled - {"threat"}
        # A category whose every signal hit a guard stood down (a weapon built, said in a news
        # report: 捜査関係者によると、男は…拳銃を作ろうとしていた) is not flagged on the model's
        # reading alone either: the guard read the sense the model's n-grams cannot (pass 19).
        cleared |= (
            {s.hit.category for s in result.suppressed if s.hit.role == "signal"}
            - signalled
            - {"threat"}
        )
        ratios = []
        for i, c in enumerate(CATEGORIES):
            if c in cleared or (lifted and c not in lifted | signalled):
                continue
            bar = self.model.thresholds[c]
            if c == "threat" and c not in signalled:
                bar = max(bar, NO_RULE_BAR)
            ratios.append((probs[i] / bar, c))
        best_ratio, best = max(ratios)
        return best if best_ratio >= 1.0 else None

    def score(self, texts: Sequence[str], *, keep_rows: bool = False) -> list[Scored]:
        """Score ``texts``; a text seen recently (the same post again) is not scored twice.

        Feeds repeat themselves — reposts, copypasta, bot campaigns, template job ads — so
        each distinct text is scored once per batch, and the last :data:`CACHE_SIZE`
        distinct texts are remembered. Scoring is a pure function of the text and the model,
        so a remembered result is the result. ``keep_rows`` (explanations) bypasses it.
        """
        texts = list(texts)
        if keep_rows or not self.cache_size:
            return self._score(texts, keep_rows=keep_rows)
        found: list[Scored | None] = [None] * len(texts)
        missing: dict[str, list[int]] = {}
        with self._lock:
            for i, text in enumerate(texts):
                hit = self._cache.get(text)
                if hit is None:
                    missing.setdefault(text, []).append(i)
                else:
                    self._cache.move_to_end(text)
                    found[i] = hit
        if missing:
            distinct = list(missing)
            scored = self._score(distinct, keep_rows=False)
            with self._lock:
                for text, result in zip(distinct, scored, strict=True):
                    for i in missing[text]:
                        found[i] = result
                    self._cache[text] = result
                while len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
        return [s for s in found if s is not None]

    def _score(self, texts: list[str], *, keep_rows: bool) -> list[Scored]:
        out: list[Scored] = [Scored(dict(ZERO), None, "gate", None) for _ in texts]
        passed = [i for i, t in enumerate(texts) if not self.cascade or passes_gate(t)]
        if not passed:
            return out
        from kizashi.detect.model import languages_of

        light, results, readable = _light([texts[i] for i in passed])
        langs = languages_of([texts[i] for i in passed])
        light_probs = self.model.light.predict(light, langs)
        # A text goes on to the embedding when the light head is unsure, or when a signal rule
        # fired: a rule hit is the analyst's reason to look, so the light head's low opinion
        # of an unseen frame (an app name and a price) must not end it before the full head.
        deep = [
            n for n in range(len(passed))
            if not self.cascade
            or light_probs[n].max() >= self.model.band
            or any(h.role == "signal" for h in results[n].hits)
            or results[n].reading
        ]  # fmt: skip
        for n, i in enumerate(passed):
            row = light[n] if keep_rows else None
            out[i] = Scored(_rounded(light_probs[n]), None, "light", results[n], row)
        if deep:
            matrix = _with_embedding(light[deep], [readable[n] for n in deep])
            probs = self.model.full.predict(matrix, langs[deep])
            for m, n in enumerate(deep):
                row = matrix[m] if keep_rows else None
                if results[n].reading:
                    k = CATEGORIES.index("threat")
                    probs[m, k] = max(probs[m, k], self.model.thresholds["threat"])
                lifted = _unfitted_signals(results[n])
                for c in lifted:
                    k = CATEGORIES.index(c)
                    probs[m, k] = max(probs[m, k], self.model.thresholds[c])
                category = self._category(probs[m], results[n], lifted)
                out[passed[n]] = Scored(_rounded(probs[m]), category, "full", results[n], row)
        return out
