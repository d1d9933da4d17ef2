"""One phonetic key per spelling of a sound: romaji and kana words as comparable ASCII.

Hepburn, Kunrei and passport spellings of one name fold to one key (shi/si, tsu/tu, ou/oo/ō →
o, m/n before b/p, Satoh → sato, by the versioned rules in ``romaji_variants.yaml``); kana is
romanised first. Both the name parser (:mod:`kizashi.resolve.names`) and the name-part priors
(:mod:`kizashi.resolve.name_parts`) key by it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import jaconv

from kizashi.resolve.tables import romaji_rules
from kizashi.text.normalize import to_hiragana

__all__ = ["phonetic", "romaji_key"]

_LONG = (("ou", "o"), ("oo", "o"), ("uu", "u"), ("aa", "a"), ("ii", "i"), ("ee", "e"))
# Hepburn → one spelling per sound (kunrei-like), longest first.
_SOUNDS = (
    ("tch", "tt"),
    ("shi", "si"),
    ("sh", "sy"),
    ("chi", "ti"),
    ("ch", "ty"),
    ("tsu", "tu"),
    ("dzu", "zu"),
    ("du", "zu"),
    ("di", "zi"),
    ("fu", "hu"),
    ("ji", "zi"),
    ("j", "zy"),
    ("wo", "o"),
)


def _strip_marks(text: str) -> str:
    # ō → oo before the long-vowel fold; other diacritics (é) just lose their mark.
    text = text.replace("ō", "ou").replace("ū", "uu").replace("â", "aa").replace("ô", "ou")
    text = text.replace("ô", "ou").replace("ā", "aa").replace("ē", "ee").replace("ī", "ii")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=262_144)
def romaji_key(word: str) -> str:
    """The phonetic key of one romaji (or other Latin-script) word."""
    text = _strip_marks(word.casefold())
    text = re.sub(r"[^a-z']", "", text)
    for _id, pattern, replacement in romaji_rules():
        text = pattern.sub(replacement, text)
    text = text.replace("'", "")
    for old, new in _SOUNDS:
        text = text.replace(old, new)
    text = text.replace("nn", "n")
    for _ in range(2):  # ooo and ouu fold in two steps
        for old, new in _LONG:
            text = text.replace(old, new)
    return text


@lru_cache(maxsize=262_144)
def phonetic(kana: str) -> str:
    """The phonetic key of a kana word (katakana or hiragana)."""
    hira = to_hiragana(unicodedata.normalize("NFKC", kana)).replace("ー", "")
    hira = hira.replace("ゐ", "い").replace("ゑ", "え").replace("を", "お")
    return romaji_key(str(jaconv.kana2alphabet(hira)))
