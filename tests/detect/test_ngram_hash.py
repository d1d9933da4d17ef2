"""The scorer's n-gram features without scikit-learn: the same matrix, bit for bit."""

from __future__ import annotations

import random

import numpy as np
import pytest
from sklearn.utils import murmurhash3_32 as sklearn_murmurhash3_32

from kizashi.detect.features import ngram_vectorizer
from kizashi.detect.ngram_hash import hashed_ngrams, murmurhash3_32, ngram_columns

TEXTS = [
    "明日あいつを殺す",
    "11/1 大塚で桜井を56す",
    "ｺﾛｽ  ＡＢＣ\tｱｲｳ",
    "I will KILL you at the rally tomorrow!!",
    "こ ろ す\n\n\n 🔪す😀😀",
    "",
    " ",
    "a",
    "Straße İstanbul ﬁ",
    "x" * 200,
]


def _random_texts(count: int) -> list[str]:
    rng = random.Random(21)
    blocks = [(0x20, 0x7E), (0x80, 0x7FF), (0x3040, 0x30FF), (0x4E00, 0x9FFF), (0x1F300, 0x1F6FF)]
    return [
        "".join(chr(rng.randint(*rng.choice(blocks))) for _ in range(rng.randrange(0, 60)))
        for _ in range(count)
    ]


def test_the_matrix_is_scikit_learns_bit_for_bit() -> None:
    texts = TEXTS + _random_texts(400)
    expected = ngram_vectorizer().transform(texts)
    got = hashed_ngrams(texts)
    assert type(got) is type(expected) and got.shape == expected.shape
    for name in ("indptr", "indices", "data"):
        mine, theirs = getattr(got, name), getattr(expected, name)
        assert mine.dtype == theirs.dtype, name
        assert mine.tobytes() == theirs.tobytes(), name


@pytest.mark.parametrize("key", ["", "a", "ab", "abc", "abcd", "abcde", "殺す", "🔪す", "x" * 13])
def test_murmurhash_is_the_reference(key: str) -> None:
    expected = sklearn_murmurhash3_32(key.encode("utf-8"), seed=0)
    assert murmurhash3_32([key.encode("utf-8")])[0] == expected


def test_columns_are_the_vectorizers() -> None:
    grams = ["殺", "殺す", "ころす", "56す", "kil", "  "]
    expected = [abs(int(sklearn_murmurhash3_32(g, seed=0))) % 2**17 for g in grams]
    assert ngram_columns(grams) == expected


def test_an_empty_batch_is_an_empty_matrix() -> None:
    assert hashed_ngrams([]).shape == (0, 2**17)
    assert murmurhash3_32([]).shape == (0,)
    assert np.array_equal(hashed_ngrams([""]).toarray(), np.zeros((1, 2**17), np.float32))
