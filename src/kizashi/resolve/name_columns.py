"""The name columns of the commonest name shapes, by Arrow over the column.

:func:`kizashi.resolve.records.name_features` reads one distinct name at a time; at a
million records nearly every full name is distinct (a surname and a given name meet once),
while the *parts* repeat: a few tens of thousands of surnames and given names make up a
million names. For the two shapes that are most of real and benchmark data — a name in
**two romaji words** (``Taro YAMADA``) or **two kana words** (``ヤマダ タロウ``), with no
other name field — every column is a plain function of the two parts' keys and of which
one is the surname (:func:`kizashi.resolve.name_parts.order_by_priors`, two table lookups
and a comparison). So each distinct *part* is keyed once in Python, with the per-record
path's own functions (``romaji_key``, ``phonetic``, ``part``), and the columns are built by
Arrow (joins, comparisons) and NumPy (the prior sums, the same float64 additions). Every
other name goes through ``name_features``; the property tests of
``tests/resolve/test_columns.py`` hold both paths to the same rows.

Why these shapes give ``name_key``'s result (``names.py``), step by step:

- no suffix is read off: an age needs a digit or 歳/才; a Latin generation word (Jr., II)
  is only taken after a name of two words, and these have two in all; a kana name ending
  in ジュニア is left to ``name_features``;
- ``casefold`` is ASCII lower-casing here and the identity on kana, NFKC leaves both as
  they are, and the variant-kanji fold touches neither; the only separator is the one space;
- romaji: the two words' ``romaji_key`` (tokens in written order), the surname by the
  priors (or none when they are unclear), the given name as written is the first word
  whose key is the given name's;
- kana: the parts swap when the priors say the second is the surname; each part's one
  reading (its hiragana) gives its key, the part's ``phonetic`` key; the tokens are surname
  then given name.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import reduce

import numpy as np
import numpy.typing as npt
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from kizashi.resolve.name_parts import _CLEAR, _UNKNOWN, _romaji_priors
from kizashi.resolve.spelling import phonetic, romaji_key

__all__ = ["fast_name_columns"]

_ROMAJI = "^[A-Za-z]+ [A-Za-z]+$"
_KANA_WORD = "[\u3041-\u3096\u30a1-\u30fa\u30fc]+"
_KANA = f"^{_KANA_WORD} {_KANA_WORD}$"
_NULL = pa.scalar(None, pa.string())


def _per_part(
    first: pa.Array, second: pa.Array, compute: Callable[[str], str]
) -> tuple[pa.Array, pa.Array]:
    """``compute`` once per distinct part (a word is often both a surname and a given
    name), taken back to the rows of both columns ("" as null)."""
    both = pa.concat_arrays([first, second])
    encoded = pc.dictionary_encode(both)
    values = pa.array([compute(v) for v in encoded.dictionary.to_pylist()], pa.string())
    out = values.take(encoded.indices)
    out = pc.if_else(pc.equal(out, ""), _NULL, out)
    return out.slice(0, len(first)), out.slice(len(first))


def _priors(keys: pa.Array) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """The romaji prior of each key as a surname and as a given name (one dictionary of the
    column for both); a null key's value does not matter (its row is left to
    ``name_features``)."""
    priors = _romaji_priors()
    encoded = pc.dictionary_encode(pc.fill_null(keys, ""))
    distinct = encoded.dictionary.to_pylist()
    indices = encoded.indices.to_numpy(zero_copy_only=False)
    taken = []
    for kind in ("s", "g"):
        values: npt.NDArray[np.float64] = np.array(
            [priors.get((kind, v), _UNKNOWN) for v in distinct], np.float64
        )
        taken.append(values[indices])
    return taken[0], taken[1]


def _order(first: pa.Array, second: pa.Array) -> tuple[pa.Array, pa.Array]:
    """``order_by_priors(first, second)`` of every row as two masks: True, and False (the
    same float64 sums and differences as the Python function's)."""
    first_s, first_g = _priors(first)
    second_s, second_g = _priors(second)
    as_written = first_s + second_g
    swapped = second_s + first_g
    return pa.array(as_written - swapped >= _CLEAR), pa.array(swapped - as_written >= _CLEAR)


def _sorted(a: pa.Array, b: pa.Array) -> tuple[pa.Array, pa.Array]:
    less = pc.less_equal(a, b)  # UTF-8 bytes order as code points, as Python sorts str
    return pc.if_else(less, a, b), pc.if_else(less, b, a)


def _columns(written: pa.Array, first: pa.Array, second: pa.Array) -> dict[str, pa.Array]:
    """The name columns made of the written key and the two tokens (in ``NameKey.tokens``'
    order)."""
    low, high = _sorted(first, second)
    return {
        "name_written": written,
        "name_sorted": pc.binary_join_element_wise(low, high, " "),
        "name_joined": pc.binary_join_element_wise(first, second, ""),
        "name_alt": pc.binary_join_element_wise(second, first, ""),
        "tok_a": low,
        "tok_b": high,
    }


def _romaji(names: pa.Array) -> tuple[pa.Array, dict[str, pa.Array]]:
    words = pc.split_pattern(pc.ascii_lower(names), " ")
    first, second = pc.list_element(words, 0), pc.list_element(words, 1)
    key_first, key_second = _per_part(first, second, romaji_key)
    ok = pc.and_(pc.is_valid(key_first), pc.is_valid(key_second))
    is_first, is_second = _order(key_first, key_second)
    known = pc.or_(is_first, is_second)
    family = pc.if_else(is_first, key_first, key_second)
    given = pc.if_else(is_first, key_second, key_first)
    given_written = pc.if_else(pc.equal(key_first, given), first, second)
    columns = _columns(pc.binary_join_element_wise(first, second, ""), key_first, key_second)
    columns["name_family"] = pc.if_else(known, family, _NULL)
    columns["name_given"] = pc.if_else(known, given, _NULL)
    columns["name_given_written"] = pc.if_else(known, given_written, _NULL)
    return ok, columns


def _kana(names: pa.Array) -> tuple[pa.Array, dict[str, pa.Array]]:
    words = pc.split_pattern(names, " ")
    first, second = pc.list_element(words, 0), pc.list_element(words, 1)
    # A kana part's one reading is its hiragana (``part``), whose key is the part's own
    # ``phonetic`` key (NFKC and to_hiragana leave these characters' hiragana as they are):
    # one key per part serves the order and both roles.
    key_first, key_second = _per_part(first, second, phonetic)
    _, swap = _order(key_first, key_second)
    given_part = pc.if_else(swap, first, second)
    family = pc.if_else(swap, key_second, key_first)
    given = pc.if_else(swap, key_first, key_second)
    ok = pc.and_(pc.is_valid(family), pc.is_valid(given))
    columns = _columns(pc.binary_join_element_wise(first, second, ""), family, given)
    columns["name_family"] = family
    columns["name_given"] = given
    columns["name_given_written"] = given_part
    return ok, columns


def fast_name_columns(
    written: pa.Array, others: list[pa.Array]
) -> tuple[pa.Array, dict[str, pa.Array]] | None:
    """Which rows have a name of the two shapes (and no other name field), and their name
    columns (``name_features``' columns and ``kz_age``; valid only on those rows); None if
    no row has."""
    alone = reduce(pc.and_, [pc.is_null(o) for o in others]) if others else None
    romaji = pc.fill_null(pc.match_substring_regex(written, _ROMAJI), False)
    kana = pc.and_(
        pc.fill_null(pc.match_substring_regex(written, _KANA), False),
        pc.invert(pc.fill_null(pc.ends_with(written, "ジュニア"), False)),
    )
    if alone is not None:
        romaji, kana = pc.and_(romaji, alone), pc.and_(kana, alone)
    if not (pc.any(romaji).as_py() or pc.any(kana).as_py()):
        return None
    length = len(written)
    rows = pc.or_(romaji, kana)
    out: dict[str, pa.Array] = {}
    for mask, compute in ((romaji, _romaji), (kana, _kana)):
        if not pc.any(mask).as_py():
            continue
        selected = pc.if_else(mask, written, _NULL)  # the other rows as null: one distinct
        ok, columns = compute(selected)
        good = pc.fill_null(pc.and_(mask, ok), False)
        rows = pc.if_else(pc.and_(mask, pc.invert(good)), False, rows)
        for name, values in columns.items():
            before = out.get(name, pa.nulls(length, pa.string()))
            out[name] = pc.if_else(good, values, before)
    given = out["name_given"]
    out["name_givens"] = pc.binary_join_element_wise("|", given, "|", "")
    out["name_alts"] = out["name_generation"] = out["kz_age"] = pa.nulls(length, pa.string())
    return rows, out
