"""Person names across kanji, katakana, hiragana and romaji, as comparable keys.

A name becomes a :class:`NameKey`:

- ``written``: the name as written, NFKC, case-folded, variant kanji folded (髙→高, 齋→斎),
  spaces and middle dots removed — equal only for the same spelling in the same script;
- ``tokens``: one *phonetic key* per name part (family, given), in written order. The key
  is ASCII: kanji are read from the public name tables (Sudachi for what they lack), kana are romanised, romaji is respelled, and every
  spelling of one sound is folded (ou/oo/ō → o, shi/si, tsu/tu, chi/ti, fu/hu, ji/zi,
  m/n before b/p, Satoh → sato), so 山田太郎, ヤマダ タロウ, やまだ たろう and "Taro Yamada"
  all give the tokens {yamada, taro};
- ``sorted``: the tokens sorted and joined: equal whatever the family/given order;
- ``family`` / ``given``: which token is the surname, when the script or the name tables
  (:mod:`kizashi.resolve.name_parts`) tell; ``given_keys`` every reading of the given name
  and ``alternatives`` the other readings of the whole name (淳 is あつし or じゅん);
- ``generation`` (Jr., II, 二世) and ``age`` (山田太郎(45)) written after the name, which tell
  a father from his son.

Names that are not Japanese (FEBRL's "Julia Smith") go through the same ASCII folding, which
is harmless: both sides of a comparison are folded the same way.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from kizashi.resolve.name_parts import is_kana, order_by_priors, part, split_kana, split_kanji
from kizashi.resolve.reference import kanji_fold_table, name_readings
from kizashi.resolve.spelling import kana_lookalikes, phonetic, romaji_key
from kizashi.text.normalize import is_kanji

__all__ = ["NameKey", "fold_written", "name_key", "name_key_parts", "phonetic", "romaji_key"]

_SEPARATORS = re.compile(r"[\s・･,、.·/]+")
# Two capitalised romaji words run together (MioOkamura, KiyomiIshii: a sign-up form that
# joins its two name boxes): cut at the capital. One word of exactly two such parts only
# (SATO, Sato Taro are left as written), and never after a prefix of a Western surname that
# Hepburn never begins a Japanese name with (McDonald, MacArthur, DeLuca, LaToya, DuPont).
_CAMEL = re.compile(r"^(?!(?:Mc|Mac|De|Di|La|Le|Du)[A-Z])([A-Z][a-z]+)([A-Z][a-z]+)$")


@dataclass(frozen=True, slots=True)
class NameKey:
    written: str
    tokens: tuple[str, ...]
    family: str = ""  # the surname's phonetic key, when it is known which part it is
    given: str = ""
    alternatives: tuple[str, ...] = ()  # other readings of the whole name, sorted tokens
    generation: str = ""  # "1" senior, "2" junior / II / 二世, "3" III / 三世 …
    age: int | None = None  # an age written beside the name: 山田太郎(45), 45歳
    given_keys: tuple[str, ...] = ()  # every reading of the given name, the primary first
    given_written: str = ""  # the given name as written (folded), when its part is known

    @property
    def sorted(self) -> str:
        return " ".join(sorted(self.tokens))

    @property
    def joined(self) -> str:
        return "".join(self.tokens)


def fold_written(name: str) -> str:
    """NFKC, case-folded, variant kanji folded, separators removed."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = text.translate(kanji_fold_table())
    return _SEPARATORS.sub("", text)


_GENERATION = re.compile(
    r"(?:[\s,.]+(jr|jnr|junior|sr|snr|senior|II|III|IV)\.?|\s*(二世|三世|四世|ジュニア))\s*$",
    re.IGNORECASE,
)
_GENERATIONS = {"jr": "2", "jnr": "2", "junior": "2", "ii": "2", "二世": "2", "ジュニア": "2",
                "sr": "1", "snr": "1", "senior": "1", "iii": "3", "三世": "3", "iv": "4",
                "四世": "4"}  # fmt: skip
_AGE = re.compile(r"\s*(?:[(（]\s*(\d{1,3})\s*(?:歳|才)?\s*[)）]|(\d{1,3})\s*(?:歳|才))\s*$")


def _suffixes(text: str) -> tuple[str, str, int | None]:
    """The name without a trailing age or generational suffix, the suffix, the age."""
    age: int | None = None
    generation = ""
    for _ in range(2):  # either order: 山田太郎 Jr. (45) / 山田太郎(45) ジュニア
        if m := _AGE.search(text):
            age, text = int(m.group(1) or m.group(2)), text[: m.start()]
        m = _GENERATION.search(text)
        before = text[: m.start()] if m else ""
        if m and before.strip():
            word = (m.group(1) or m.group(2)).casefold()
            # A Latin suffix follows a whole name (Taro Yamada Jr.; 山田太郎 Jr.), so that a
            # one-word name such as "Senior" or "Ii" (井伊, a surname) stays a name; only
            # an upper-case "II" is a numeral.
            whole = len(before.split()) >= 2 or not _latin(before)
            if m.group(1) and (
                not whole or (word in ("ii", "iii", "iv") and not m.group(1).isupper())
            ):
                continue
            generation, text = _GENERATIONS[word], before
    return text.strip(), generation, age


# Kanji (is_kanji's ranges) or kana: one regex search, not a Python call per character.
_NOT_LATIN = re.compile("[\u3041-\u30ff\u3400-\u4dbf\u4e00-\u9fff々〆]")


def _latin(part: str) -> bool:
    """No kanji or kana: romaji, or another Latin-script name (é, ō)."""
    return _NOT_LATIN.search(part) is None


def _ascii_parts(words: list[str]) -> tuple[list[str], str, str]:
    keys = [k for w in words if (k := romaji_key(w))]
    if len(keys) == 2:
        first_is_family = order_by_priors(keys[0], keys[1])
        if first_is_family is True:
            return keys, keys[0], keys[1]
        if first_is_family is False:
            return keys, keys[1], keys[0]
    return keys, "", ""


def _sudachi_groups(part: str) -> tuple[str, ...]:
    """Readings of a name part via Sudachi, split where it marks a given name."""
    from kizashi.text import tokenize
    from kizashi.text.mapped import Mapped

    groups: list[list[str]] = [[]]
    for token in tokenize(Mapped.identity(part)):
        reading = token.reading if not token.is_latin else token.lower
        if len(token.pos) > 3 and token.pos[3] == "名" and groups[-1]:
            groups.append([])
        groups[-1].append(reading)
    return tuple(key for group in groups if (key := phonetic("".join(group))))


def _roles(parts: list[str]) -> tuple[Any, Any] | None:
    """(surname, given name) Parts of a CJK name, or None if the tables cannot tell."""
    if len(parts) == 2:
        first, second = parts
        if all(is_kana(ch) for ch in first + second):
            # Kana is written family first, but a reversed order is caught when the tables
            # are clear about it (タロウ ヤマダ).
            swap = order_by_priors(phonetic(first), phonetic(second)) is False
        else:
            # Kanji likewise (颯太 佐藤): swapped when only the reverse is in the tables.
            swap = not name_readings("s", first) and bool(
                name_readings("g", first) and name_readings("s", second)
            )
        if swap:
            first, second = second, first
        return part("s", first), part("g", second)
    if len(parts) != 1:
        return None
    text = parts[0]
    if all(is_kana(ch) or ch == "ー" for ch in text):
        return split_kana(text) if len(text) >= 4 else None
    return split_kanji(text)


def _keys(readings: tuple[str, ...]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for reading in readings:
        if key := phonetic(reading):
            seen.setdefault(key, None)
    return tuple(seen)


@lru_cache(maxsize=262_144)
def name_key(name: str) -> NameKey:
    """The comparison keys of a person's name written in any script."""
    text, generation, age = _suffixes(unicodedata.normalize("NFKC", name).strip())
    text = _CAMEL.sub(r"\1 \2", text)
    text = kana_lookalikes(text)
    folded = text.casefold().translate(kanji_fold_table())
    parts = [p for p in _SEPARATORS.split(folded) if p]
    key = NameKey(fold_written(text), (), generation=generation, age=age)
    if not parts:
        return key
    if all(_latin(p) for p in parts):
        keys, family, given = _ascii_parts(parts)
        given_keys = (given,) if given else ()
        given_written = next((w for w in parts if romaji_key(w) == given), "") if given else ""
        return replace(
            key,
            tokens=tuple(keys),
            family=family,
            given=given,
            given_keys=given_keys,
            given_written=given_written,
        )
    roles = _roles(parts)
    if roles is not None:
        families, givens = _keys(roles[0].readings), _keys(roles[1].readings)
        if families and givens:
            primary = " ".join(sorted((families[0], givens[0])))
            alternatives = {" ".join(sorted((f, g))) for f in families[:3] for g in givens[:3]}
            return replace(
                key,
                given_written=roles[1].written,
                tokens=(families[0], givens[0]),
                family=families[0],
                given=givens[0],
                alternatives=tuple(sorted(alternatives - {primary})),
                given_keys=givens,
            )
    tokens: list[str] = []
    for word in parts:
        if _latin(word):
            tokens.extend(k for k in (romaji_key(word),) if k)
        elif any(is_kanji(ch) for ch in word) or (len(parts) == 1 and len(word) > 4):
            tokens.extend(_sudachi_groups(word))
        else:
            tokens.extend(k for k in (phonetic(word),) if k)
    key = replace(key, tokens=tuple(tokens))
    if len(tokens) == 2 and any(is_kanji(ch) for ch in folded):
        # Sudachi split a kanji name at the given name: the first group is the surname.
        key = replace(key, family=tokens[0], given=tokens[1], given_keys=(tokens[1],))
    return key


@lru_cache(maxsize=262_144)
def name_key_parts(family: str, given: str) -> NameKey:
    """The keys of a name whose surname and given name come in separate fields."""
    whole = name_key(f"{family} {given}".strip())
    if not family.strip() or not given.strip():
        return whole
    text_family = unicodedata.normalize("NFKC", family).strip().casefold()
    text_given = unicodedata.normalize("NFKC", given).strip().casefold()
    families: tuple[str, ...]
    givens: tuple[str, ...]
    if _latin(text_family) and _latin(text_given):
        families, givens = (romaji_key(text_family),), (romaji_key(text_given),)
    else:
        families = _keys(part("s", fold_written(text_family)).readings)
        givens = _keys(part("g", fold_written(text_given)).readings)
    if not families or not givens or not families[0] or not givens[0]:
        return whole
    return replace(
        whole,
        tokens=(families[0], givens[0]),
        family=families[0],
        given=givens[0],
        given_keys=givens,
        given_written=fold_written(text_given),
    )
