"""Evidence for a flag that no rule explains: the character n-grams that pushed it over.

The trained scorer can flag a paraphrase no rule lists ("put a bullet in", 荷物を届けるだけ).
An analyst must still see *why*, so such a flag carries evidence of its own: the spans of the
text whose character n-grams have the largest positive weight for the flagged category in
the head that flagged it, merged where they touch, at most :data:`MAX_SPANS`. Each is an
evidence entry like a rule's, with ``rule`` = ``model:<category>`` and ``view`` =
``model:ngram``; offsets index the original text, like every other evidence span.
"""

from __future__ import annotations

from sklearn.utils import murmurhash3_32  # type: ignore[import-untyped]  # no type information

from kizashi.detect.features import NGRAM_FEATURES
from kizashi.detect.lexicon import CATEGORIES
from kizashi.detect.model import ScorerModel
from kizashi.text import views

__all__ = ["MAX_SPANS", "model_evidence"]

MAX_SPANS = 3
_MIN_N = 2  # single characters are too weak to show an analyst


def _column(gram: str) -> int:
    # sklearn's HashingVectorizer: signed murmurhash3, absolute value, modulo width.
    return abs(int(murmurhash3_32(gram, seed=0))) % NGRAM_FEATURES


def model_evidence(
    text: str, category: str, model: ScorerModel, *, head: str = "full"
) -> list[dict[str, object]]:
    """Up to :data:`MAX_SPANS` evidence entries for ``category`` from the n-gram weights."""
    weights = (model.full if head == "full" else model.light).weights
    k = CATEGORIES.index(category)
    normalized = views(text).normalized
    source = normalized.text.lower()
    scored: list[tuple[float, int, int]] = []
    for n in (3, 2):
        for i in range(len(source) - n + 1):
            gram = source[i : i + n]
            if gram.strip() != gram:
                continue
            weight = float(weights[_column(gram), k])
            if weight > 0:
                scored.append((weight, i, i + n))
    scored.sort(key=lambda s: (-s[0], s[1]))
    spans: list[list[int]] = []
    # The strongest few n-grams; overlapping ones grow one span (…殺す準… not 殺す, す準).
    for _, i, j in scored[: 4 * MAX_SPANS]:
        for span in spans:
            if i <= span[1] and j >= span[0]:
                span[0], span[1] = min(span[0], i), max(span[1], j)
                break
        else:
            if len(spans) < MAX_SPANS:
                spans.append([i, j])
    out: list[dict[str, object]] = []
    for i, j in sorted(spans):
        start, end = normalized.span(i, j)
        out.append(
            {
                "rule": f"model:{category}",
                "start": start,
                "end": end,
                "text": text[start:end],
                "view": "model:ngram",
            }
        )
    return out
