"""What a document is matched on, and what a query asks for: one folding for both (pure).

Text is folded the same way on both sides: NFKC, case-folded, katakana as hiragana, runs of
space as one space. A name is also indexed by its *reading*: resolve's phonetic keys
(:func:`kizashi.resolve.name_key`: 山田太郎, ヤマダ タロウ, やまだ たろう and "Taro Yamada" all
read {yamada, taro}), so a query in any script finds the person written in another.

A query becomes *alternatives*, each a list of terms that must all occur (substrings of the
body): the folded query as typed, without its spaces, its digits alone (a phone number
typed with hyphens or spaces), and the phonetic keys of it read as a name. The store's
trigram index (FTS5 ``trigram`` / ``pg_trgm``) finds substrings of three characters or more
from its index; a shorter term (a two-kanji surname) is checked by a scan of the candidates.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from kizashi.errors import InputError
from kizashi.text.normalize import to_hiragana

MIN_QUERY = 2
MAX_QUERY = 200
NAME_KINDS = frozenset({"person", "organisation"})

_SPACES = re.compile(r"\s+")
# Control characters and lone surrogates (a NUL ends an FTS5 string; PostgreSQL refuses it).
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_PHONE_LIKE = re.compile(r"^[\d\s\-+()（）.]+$")
_DIGITS = re.compile(r"\D")


def fold(text: str) -> str:
    """NFKC, case-folded, katakana as hiragana, spaces collapsed."""
    folded = to_hiragana(unicodedata.normalize("NFKC", _CONTROLS.sub(" ", text)).casefold())
    return _SPACES.sub(" ", folded).strip()


@lru_cache(maxsize=16_384)
def readings(name: str) -> tuple[str, ...]:
    """The phonetic keys of a name (every part, every reading), ASCII; () if none."""
    from kizashi.resolve import name_key

    try:
        key = name_key(name)
    except Exception:  # a name the readers cannot parse is still found as written
        return ()
    found = [*key.tokens, *key.given_keys]
    for alternative in key.alternatives:  # other readings of the whole name: "taro yamata"
        found.extend(str(alternative).split())
    return tuple(dict.fromkeys(t for t in found if t))


@lru_cache(maxsize=4096)
def name_tokens(name: str) -> tuple[str, ...]:
    """The phonetic keys of ``name`` read as a person's name (resolve's ``name_key``
    tokens), () when it cannot be read as one."""
    from kizashi.resolve import name_key

    try:
        return tuple(t for t in name_key(name).tokens if t)
    except Exception:  # not readable as a name: matched as typed only
        return ()


def reads_as_name(folded: str) -> bool:
    """Whether a folded query is read as a name too: no digit, no "@" (a handle's)."""
    return not any(ch.isdigit() for ch in folded) and "@" not in folded


def phone_digits(folded: str) -> str | None:
    """The digits of a phone-like text (digits, spaces, hyphens, ``+``, brackets), when
    there are at least three; None for any other text."""
    if not _PHONE_LIKE.match(folded):
        return None
    digits = _DIGITS.sub("", folded)
    return digits if len(digits) >= 3 else None


def body(parts: Iterable[tuple[str, str]]) -> str:
    """The text a document is matched on, from ``(kind, value)`` parts (a mention's kind,
    or ``text`` for free text): each value folded, without spaces too, names with their
    readings."""
    out: list[str] = []
    for kind, value in parts:
        folded = fold(value)
        if not folded:
            continue
        out.append(folded)
        if " " in folded and kind != "text":
            out.append(folded.replace(" ", ""))
        if kind == "phone":
            out.append(_DIGITS.sub("", folded))
        if kind in NAME_KINDS:
            out.extend(readings(value))
    return "\n".join(dict.fromkeys(out))


def clean_query(text: str) -> str:
    """The query as searched; InputError naming the field when it is unusable."""
    folded = fold(text)
    if len(folded) < MIN_QUERY:
        raise InputError(f"q: a search needs at least {MIN_QUERY} characters")
    if len(folded) > MAX_QUERY:
        raise InputError(f"q: a search is at most {MAX_QUERY} characters")
    return folded


def alternatives(text: str) -> list[tuple[str, ...]]:
    """What a document's body must contain for the query to match: any one alternative,
    all of its terms."""
    folded = clean_query(text)
    out: list[tuple[str, ...]] = [(folded,)]
    compact = folded.replace(" ", "")
    if compact != folded:
        out.append((compact,))
    if _PHONE_LIKE.match(folded):
        digits = phone_digits(folded)
        if digits is not None and digits != folded:
            out.append((digits,))
    elif reads_as_name(folded):
        # Read as a name: every phonetic key of each part must occur (any order).
        tokens = name_tokens(text)
        if tokens and tokens != (folded,):
            out.append(tokens)
    return list(dict.fromkeys(out))


__all__ = [
    "MAX_QUERY",
    "MIN_QUERY",
    "NAME_KINDS",
    "alternatives",
    "body",
    "clean_query",
    "fold",
    "name_tokens",
    "phone_digits",
    "readings",
    "reads_as_name",
]
