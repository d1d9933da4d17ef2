"""Person names across kanji, katakana, hiragana and romaji, as comparable keys.

A name becomes a :class:`NameKey`:

- ``written``: the name as written, NFKC, case-folded, variant kanji folded (髙→高, 齋→斎),
  spaces and middle dots removed — equal only for the same spelling in the same script;
- ``tokens``: one *phonetic key* per name part (family, given), in written order. The key
  is ASCII: kanji are read with Sudachi, kana are romanised, romaji is respelled, and every
  spelling of one sound is folded (ou/oo/ō → o, shi/si, tsu/tu, chi/ti, fu/hu, ji/zi,
  m/n before b/p, Satoh → sato), so 山田太郎, ヤマダ タロウ, やまだ たろう and "Taro Yamada"
  all give the tokens {yamada, taro};
- ``sorted``: the tokens sorted and joined: equal whatever the family/given order.

Names that are not Japanese (FEBRL's "Julia Smith") go through the same ASCII folding, which
is harmless: both sides of a comparison are folded the same way.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import jaconv

from kizashi.resolve.tables import romaji_rules, variant_kanji
from kizashi.text.normalize import is_kanji, to_hiragana

__all__ = ["NameKey", "fold_written", "name_key", "phonetic", "romaji_key"]

_SEPARATORS = re.compile(r"[\s・･,、.·/]+")
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


@dataclass(frozen=True, slots=True)
class NameKey:
    written: str
    tokens: tuple[str, ...]

    @property
    def sorted(self) -> str:
        return " ".join(sorted(self.tokens))

    @property
    def joined(self) -> str:
        return "".join(self.tokens)


def fold_written(name: str) -> str:
    """NFKC, case-folded, variant kanji folded, separators removed."""
    text = unicodedata.normalize("NFKC", name).casefold()
    table = variant_kanji()
    text = "".join(table.get(ch, ch) for ch in text)
    return _SEPARATORS.sub("", text)


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


def _is_kana(ch: str) -> bool:
    return "\u3041" <= ch <= "\u30ff"


def _read_kanji(part: str) -> tuple[str, ...]:
    """Readings of a kanji (or mixed) name part via Sudachi, split at family/given."""
    from kizashi.text import tokenize
    from kizashi.text.mapped import Mapped

    tokens = tokenize(Mapped.identity(part))
    if not tokens:
        return ()
    groups: list[list[str]] = [[]]
    for token in tokens:
        reading = token.reading if not token.is_latin else token.lower
        # A new group starts where Sudachi marks a given name after a family name.
        if len(token.pos) > 3 and token.pos[3] == "名" and groups[-1]:
            groups.append([])
        groups[-1].append(reading)
    return tuple(key for group in groups if (key := phonetic("".join(group))))


def _part_tokens(part: str, alone: bool) -> tuple[str, ...]:
    if not part:
        return ()
    if part.isascii():
        key = romaji_key(part)
        return (key,) if key else ()
    if all(_is_kana(ch) for ch in part):
        # Kana written without any space may hold family+given: let Sudachi split it. A part
        # of a name that was already split (ヤマダ タロウ) is one name: no need to ask.
        readings = _read_kanji(part) if alone and len(part) > 4 else ()
        if readings:
            return readings
        key = phonetic(part)
        return (key,) if key else ()
    if any(is_kanji(ch) or _is_kana(ch) for ch in part):
        return _read_kanji(part)
    key = romaji_key(part)
    return (key,) if key else ()


@lru_cache(maxsize=262_144)
def name_key(name: str) -> NameKey:
    """The comparison keys of a person's name written in any script."""
    text = unicodedata.normalize("NFKC", name).casefold()
    table = variant_kanji()
    text = "".join(table.get(ch, ch) for ch in text)
    tokens: list[str] = []
    parts = [p for p in _SEPARATORS.split(text) if p]
    for part in parts:
        tokens.extend(_part_tokens(part, alone=len(parts) == 1))
    return NameKey(written=fold_written(name), tokens=tuple(t for t in tokens if t))
