"""Evidence for a flag that no rule explains: the character n-grams that pushed it over.

The trained scorer can flag a paraphrase no rule lists ("put a bullet in", 荷物を届けるだけ).
An analyst must still see *why*, so such a flag carries evidence of its own: the spans of the
text whose character n-grams have the largest positive weight for the flagged category in
the head that flagged it, merged where they touch, at most :data:`MAX_SPANS`. Each is an
evidence entry like a rule's, with ``rule`` = ``model:<category>`` and ``view`` =
``model:ngram``; offsets index the original text, like every other evidence span.
"""

from __future__ import annotations

from kizashi.detect.lexicon import CATEGORIES
from kizashi.detect.model import ScorerModel
from kizashi.detect.ngram_hash import ngram_columns
from kizashi.text import views

__all__ = ["MAX_SPANS", "model_evidence"]

MAX_SPANS = 3
_MIN_N = 2  # single characters are too weak to show an analyst


def model_evidence(
    text: str, category: str, model: ScorerModel, *, head: str = "full"
) -> list[dict[str, object]]:
    """Up to :data:`MAX_SPANS` evidence entries for ``category`` from the n-gram weights."""
    weights = (model.full if head == "full" else model.light).weights
    k = CATEGORIES.index(category)
    normalized = views(text).normalized
    source = normalized.text.lower()
    scored: list[tuple[float, int, int]] = []
    spans_of = [
        (i, i + n)
        for n in (3, 2)
        for i in range(len(source) - n + 1)
        if source[i : i + n].strip() == source[i : i + n]
    ]
    columns = ngram_columns([source[i:j] for i, j in spans_of])
    for (i, j), column in zip(spans_of, columns, strict=True):
        weight = float(weights[column, k])
        if weight > 0:
            scored.append((weight, i, j))
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
