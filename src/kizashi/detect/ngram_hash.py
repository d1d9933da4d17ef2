"""Hashed character n-grams, column for column what scikit-learn's ``HashingVectorizer`` gives.

The scorer's n-gram features were defined (and the shipped weights fitted) with
``HashingVectorizer(analyzer="char", ngram_range=(1, 3), n_features=2**17,
alternate_sign=False, norm="l2", lowercase=True, dtype=float32)``. Importing scikit-learn
costs about a CPU-second (``sklearn.utils`` imports scipy.stats and pandas), more than
``kizashi scan`` spends on 5,000 posts, for one hash function. So the same features are built
here with numpy and scipy.sparse alone: the same n-grams (whitespace runs folded, lowercased),
the same signed 32-bit MurmurHash3 (x86, seed 0) of their UTF-8 bytes, column ``|h| mod 2**17``,
counts summed per column, rows scaled to unit length in double precision and stored as
float32 — the same arrays, bit for bit (``tests/detect/test_ngram_hash.py`` compares them
with scikit-learn's on every kind of text).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import chain
from typing import Any

import numpy as np

__all__ = ["NGRAM_FEATURES", "hashed_ngrams", "murmurhash3_32", "ngram_columns", "ngrams"]

NGRAM_FEATURES = 2**17
_MIN_N, _MAX_N = 1, 3
_WHITE_SPACES = re.compile(r"\s\s+")  # HashingVectorizer folds runs of two or more

_C1, _C2 = np.uint32(0xCC9E2D51), np.uint32(0x1B873593)


def _rotl(x: np.ndarray, r: int) -> np.ndarray:
    out: np.ndarray = (x << np.uint32(r)) | (x >> np.uint32(32 - r))
    return out


def _mix(k: np.ndarray) -> np.ndarray:
    return _rotl(k * _C1, 15) * _C2


def murmurhash3_32(keys: Sequence[bytes]) -> np.ndarray:
    """Signed 32-bit MurmurHash3 (x86, seed 0) of each key, as int64 (what
    ``sklearn.utils.murmurhash3_32(key, seed=0)`` returns), vectorised over the keys."""
    if not keys:
        return np.zeros(0, np.int64)
    lengths = np.fromiter(map(len, keys), np.int64, len(keys))
    # One row per key, zero-padded to whole 32-bit words plus one more: the word after the
    # last full block then holds exactly the tail bytes (little-endian), or 0 when there are
    # none — and mixing a zero tail leaves the hash unchanged, as the reference skips it.
    width = 4 * (int(lengths.max()) // 4 + 1)
    buffer = b"".join(key.ljust(width, b"\0") for key in keys)
    words = np.frombuffer(buffer, "<u4").reshape(len(keys), width // 4)
    blocks = lengths // 4
    h = np.zeros(len(keys), np.uint32)
    with np.errstate(over="ignore"):
        for b in range(words.shape[1] - 1):
            live = blocks > b
            if not live.any():
                break
            mixed = _rotl(h ^ _mix(words[:, b]), 13) * np.uint32(5) + np.uint32(0xE6546B64)
            h = np.where(live, mixed, h)
        h ^= _mix(words[np.arange(len(keys)), blocks])
        h ^= lengths.astype(np.uint32)
        h ^= h >> np.uint32(16)
        h *= np.uint32(0x85EBCA6B)
        h ^= h >> np.uint32(13)
        h *= np.uint32(0xC2B2AE35)
        h ^= h >> np.uint32(16)
    return h.view(np.int32).astype(np.int64)


def ngram_columns(grams: Sequence[str]) -> list[int]:
    """The column of each n-gram (explanations name the n-grams behind a score)."""
    hashes = murmurhash3_32([g.encode("utf-8") for g in grams])
    columns: list[int] = (np.abs(hashes) % NGRAM_FEATURES).tolist()
    return columns


def ngrams(text: str) -> list[str]:
    """The character 1–3-grams ``HashingVectorizer(analyzer="char", lowercase=True)`` reads,
    in its order."""
    text = _WHITE_SPACES.sub(" ", text.lower())
    grams = list(text)
    size = len(text)
    for n in range(_MIN_N + 1, min(_MAX_N + 1, size + 1)):
        grams.extend(text[i : i + n] for i in range(size - n + 1))
    return grams


def hashed_ngrams(texts: Sequence[str]) -> Any:
    """One l2-normalised float32 CSR row of n-gram counts per text (2**17 columns)."""
    from scipy import sparse  # type: ignore[import-untyped]  # no type information

    per_text = [ngrams(t) for t in texts]
    indptr = np.zeros(len(texts) + 1, np.int32)
    indptr[1:] = np.cumsum([len(g) for g in per_text])
    flat = list(chain.from_iterable(per_text))
    # Each distinct n-gram of the batch is hashed once (posts share most of their n-grams);
    # the dictionary and the lookups run at C speed, not a Python loop per n-gram.
    distinct = list(dict.fromkeys(flat))
    hashes = murmurhash3_32([g.encode("utf-8") for g in distinct])
    column_of = dict(zip(distinct, (np.abs(hashes) % NGRAM_FEATURES).tolist(), strict=True))
    order = np.fromiter(map(column_of.__getitem__, flat), np.int32, len(flat))
    data = np.ones(len(order), np.float32)
    matrix = sparse.csr_matrix(
        (data, order, indptr), shape=(len(texts), NGRAM_FEATURES), dtype=np.float32
    )
    matrix.sum_duplicates()  # also sorts each row's columns, as scikit-learn's does
    # l2 as scikit-learn's inplace_csr_row_normalize_l2: squares summed in double, each
    # float32 value divided by the double norm and stored back as float32.
    values = matrix.data.astype(np.float64)
    rows = np.repeat(np.arange(len(texts)), np.diff(matrix.indptr))
    norms = np.sqrt(np.bincount(rows, weights=values * values, minlength=len(texts)))
    scale = norms[rows]
    matrix.data = np.where(scale > 0, values / np.where(scale > 0, scale, 1.0), values).astype(
        np.float32
    )
    return matrix
