"""Which part of a Japanese name is the surname, and how each part is read.

The public name tables (``reference.name_readings`` / ``name_prior``, built from the surname
population table, the given-name table and IPAdic) come first; Sudachi only reads what they do
not know:

- a kanji name without a space (``山田太郎``) is cut where a known surname meets a known given
  name, the commonest such cut winning;
- kana run together (``ヨシダジュンイチ``) is cut the same way, scored by how common each half
  is as a surname and as a given name;
- romaji gives no order (``Taro Yamada`` / ``YAMADA Taro``): the order whose halves are the
  more common surname and given name is taken, when the tables are clear about it;
- a given name's readings are the table's, best first (颯太 → そうた, ふうた; 淳 → あつし,
  じゅん …): a kana record of the same person may use any of them.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

import jaconv

from kizashi.resolve.reference import _priors, name_prior, name_readings
from kizashi.resolve.spelling import long_vowels, phonetic
from kizashi.text.normalize import is_kanji, to_hiragana

__all__ = [
    "Part",
    "is_kana",
    "known_given_key",
    "order_by_priors",
    "part",
    "romanise",
    "split_kana",
    "split_kanji",
]

_UNKNOWN = -1.0  # the log10 commonness of a reading the tables do not know
_CLEAR = 1.0  # how much likelier one order must be to be taken (log10: ten times)


@dataclass(frozen=True, slots=True)
class Part:
    """One part of a name: how it is written and its readings (hiragana, best first)."""

    written: str
    readings: tuple[str, ...]


def is_kana(ch: str) -> bool:
    return "\u3041" <= ch <= "\u30ff"


def _prior(kind: str, reading: str) -> float:
    score = name_prior(kind, reading)
    return _UNKNOWN if score is None else score


@cache
def _romaji_priors() -> dict[tuple[str, str], float]:
    """(kind, phonetic key) → the best prior of any reading with that key (for romaji)."""
    out: dict[tuple[str, str], float] = {}
    for (kind, reading), score in _priors().items():
        key = (kind, phonetic(reading))
        out[key] = max(out.get(key, _UNKNOWN), score)
    return out


def known_given_key(key: str) -> bool:
    """Is the phonetic key (``yuma``) that of a given name the tables know?"""
    return ("g", key) in _romaji_priors()


def order_by_priors(first: str, second: str) -> bool | None:
    """Is ``first`` the surname (True), ``second`` (False), or unclear (None)?

    Both are phonetic keys (romaji or read kana)."""
    priors = _romaji_priors()
    as_written = priors.get(("s", first), _UNKNOWN) + priors.get(("g", second), _UNKNOWN)
    swapped = priors.get(("s", second), _UNKNOWN) + priors.get(("g", first), _UNKNOWN)
    if as_written - swapped >= _CLEAR:
        return True
    if swapped - as_written >= _CLEAR:
        return False
    return None


# Kana that differ only by a voicing mark (か/が, は/ば/ぱ): a typist's commonest slip in kana.
_VOICED = ("かが", "きぎ", "くぐ", "けげ", "こご", "さざ", "しじ", "すず", "せぜ", "そぞ", "ただ",
           "ちぢ", "つづ", "てで", "とど", "はばぱ", "ひびぴ", "ふぶぷ", "へべぺ", "ほぼぽ")  # fmt: skip
_VOICING = {ch: group for group in _VOICED for ch in group}


def _prior_or_voiced(kind: str, reading: str) -> tuple[float | None, bool]:
    """The prior of a reading, or of the known reading one voicing mark away from it
    (せづこ → せつこ), and whether the reading itself is known."""
    score = name_prior(kind, reading)
    if score is not None:
        return score, True
    best: float | None = None
    for i, ch in enumerate(reading):
        for other in _VOICING.get(ch, ""):
            if other != ch:
                found = name_prior(kind, reading[:i] + other + reading[i + 1 :])
                if found is not None and (best is None or found > best):
                    best = found
    return best, False


@lru_cache(maxsize=65_536)
def split_kana(kana: str) -> tuple[Part, Part] | None:
    """A run-together kana name cut into surname and given name, or None if no cut is known.

    Every cut is scored by how common its halves are (log10 priors): ヨシダ|ジュンイチ
    beats ヨシダジュ|ンイチ because only the first gives two known names. When no cut gives
    two known names, a cut where one half is a known name with a voicing mark lost or added
    is taken (サトウ|セヅコ for サトウ|セツコ), each half keeping its own reading; a
    long-vowel mark is read as the vowel it stands for (イトー|エージ is いとう|えいじ).
    Only when no cut family-first is known (not even with a voicing slip) is the name read
    given name first (タカノリ|カツタ, ひでみ|ながさき, as a form filled in Western order
    gives them), and then only where both halves are known as written and the would-be
    surname is plainly one: likelier a surname than a given name by
    :data:`GIVEN_FIRST_MARGIN` (チグササヤ stays uncut, as さや is both; link44)."""
    written = unicodedata.normalize("NFKC", kana)
    hira = long_vowels(to_hiragana(written))
    best = _best_cut(hira, given_first=False)
    if best is None:
        swapped = _best_cut(hira, given_first=True)
        if swapped is not None and swapped[0] == 2 and _plainly_a_surname(hira[swapped[2] :]):
            cut = swapped[2]
            return (
                Part(written[cut:], (hira[cut:].replace("ー", ""),)),
                Part(written[:cut], (hira[:cut].replace("ー", ""),)),
            )
        return None
    cut = best[2]
    return (
        Part(written[:cut], (hira[:cut].replace("ー", ""),)),
        Part(written[cut:], (hira[cut:].replace("ー", ""),)),
    )


# How much likelier (log10) the second half of a run-together name must be as a surname than
# as a given name before the name is read given name first: チグササヤ is not ちぐさ|さや's
# Western order, for さや is a given name as often as a surname (link44 review; かつた of
# タカノリカツタ is 0.9 likelier a surname).
GIVEN_FIRST_MARGIN = 0.75


def _plainly_a_surname(reading: str) -> bool:
    """Is the reading (hiragana) a surname by a margin over its being a given name?"""
    reading = reading.replace("ー", "")
    surname, given = name_prior("s", reading), name_prior("g", reading)
    return surname is not None and (given is None or surname - given >= GIVEN_FIRST_MARGIN)


def _best_cut(hira: str, *, given_first: bool) -> tuple[int, float, int] | None:
    """(halves known as written, score, cut) of the best cut of a hiragana name."""
    best: tuple[int, float, int] | None = None
    for cut in range(2, len(hira) - 1):
        first, second = hira[:cut].replace("ー", ""), hira[cut:].replace("ー", "")
        if second[:1] in ("", *"ゃゅょぁぃぅぇぉっんー"):
            continue  # no name starts with a small kana, ん or a long-vowel mark
        family, given = (second, first) if given_first else (first, second)
        score_family, exact_family = _prior_or_voiced("s", family)
        score_given, exact_given = _prior_or_voiced("g", given)
        if score_family is None or score_given is None:
            continue
        exact = exact_family + exact_given
        if exact == 0:
            continue  # a voicing slip in one half, not in both
        if best is None or (exact, score_family + score_given) > best[:2]:
            best = (exact, score_family + score_given, cut)
    return best


def _kanji_readings(kind: str, written: str) -> tuple[str, ...]:
    if all(is_kana(ch) or ch == "ー" for ch in written):
        return (long_vowels(to_hiragana(written)).replace("ー", ""),)
    readings = name_readings(kind, written)
    if readings:
        return readings
    sudachi = _sudachi(written)
    return (sudachi,) if sudachi else ()


@lru_cache(maxsize=65_536)
def _sudachi(written: str) -> str:
    """Sudachi's reading (hiragana) of a name part the tables do not know."""
    from kizashi.text import tokenize
    from kizashi.text.mapped import Mapped

    tokens = tokenize(Mapped.identity(written))
    return to_hiragana("".join(t.reading if not t.is_latin else t.lower for t in tokens))


def part(kind: str, written: str) -> Part:
    """A part whose role is known (``s`` surname, ``g`` given name), with its readings."""
    return Part(written, _kanji_readings(kind, written))


@lru_cache(maxsize=65_536)
def split_kanji(name: str) -> tuple[Part, Part] | None:
    """A kanji name without a space cut where a known surname meets a known given name.

    Among the cuts whose halves are both in the tables, the one whose best readings are the
    most common wins; a known surname followed by something the tables do not know is cut
    there too (the given name is then read by Sudachi). None: no known surname starts it."""
    best: tuple[float, int] | None = None
    fallback: int | None = None
    for cut in range(1, len(name)):
        family, given = name[:cut], name[cut:]
        surnames = name_readings("s", family)
        if not surnames:
            continue
        givens = name_readings("g", given) or (
            (to_hiragana(given),) if all(is_kana(ch) for ch in given) else ()
        )
        if not givens:
            fallback = cut  # the longest known surname, if no cut knows both halves
            continue
        score = _prior("s", surnames[0]) + _prior("g", givens[0]) + 0.5 * cut
        if best is None or score > best[0]:
            best = (score, cut)
    chosen = best[1] if best is not None else fallback
    if chosen is None or not any(is_kanji(ch) for ch in name[:chosen]):
        return None
    return part("s", name[:chosen]), part("g", name[chosen:])


def romanise(reading: str) -> str:
    """Hiragana → romaji (Hepburn as jaconv writes it), for phonetic keys."""
    return str(jaconv.kana2alphabet(reading))
