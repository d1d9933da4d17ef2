"""Offset-keeping normalisation: NFKC, invisible-mark removal, neologdn, kana folding.

NFKC is applied per grapheme-ish cluster (a character and the combining or half-width
voicing marks after it) rather than to the whole string, so that each output character knows
its source: half-width ｶﾞ becomes ガ and still points at both original characters. Format
characters (zero-width space and joiner, BOM, soft hyphen, bidi controls, tag characters) and
combining marks NFKC could not compose (strike-through ̶, enclosing ⃝, a stray ゙, variation
selectors) are then dropped: they change nothing a reader sees and exist in a post only to
split a word for a filter (こ\u200bろ\u200bす, k̶i̶l̶l̶). neologdn (Japanese-aware cleanup:
long-vowel marks, tildes, spaces between Japanese words) keeps no offsets, so its output is
realigned onto ours.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import neologdn  # type: ignore[import-not-found]  # ships no type information

from kizashi.text.mapped import Builder, Mapped, realign

__all__ = [
    "drop_elongation",
    "drop_stretch",
    "fold_kana",
    "fold_spelling",
    "is_kana",
    "is_kanji",
    "latin_lookalikes",
    "normalize",
    "stretch_spans",
    "strip_invisible",
    "to_hiragana",
    "without_surrogates",
]

# A small vowel kana right after a kanji is a spoken lengthening, never spelling (Kansai and
# casual 火ぃつけたる, 手ぇ出す, 目ぇ): standard writing puts small vowels after kana only
# (ティ, ふぁ). Dropped, so the word is the dictionary's (火をつける's 火, 手).
_ELONGATION = re.compile(r"(?<=[\u4e00-\u9fff\u3400-\u4dbf々])[ぁぃぅぇぉァィゥェォ]+")


def drop_elongation(text: str) -> str:
    """``text`` without the small vowels that lengthen a kanji (火ぃ → 火); no offsets kept."""
    return text if text.isascii() else _ELONGATION.sub("", text)


_STRETCH_HINT = re.compile("[あいうえおぁぃぅぇぉアイウエオァィゥェォー]{2}|ー[ぁ-ゖ]ー")


@cache
def _stretch_pattern() -> re.Pattern[str]:
    """A letter's vowel drawn out inside a word, the way chat stretches a word so a filter
    misses it (ころおおおす, コロおおおす, こーろーす): two or more vowel letters (or long-vowel
    marks) repeating the vowel of the kana before them, or long-vowel marks between hiragana
    in a row of them. One repeated vowel is spelling (こおり, とおい), so it is left alone."""
    rows = {
        "a": "あかさたなはまやらわがざだばぱぁゃゎ",
        "i": "いきしちにひみりぎじぢびぴぃ",
        "u": "うくすつぬふむゆるぐずづぶぷぅゅっ",
        "e": "えけせてねへめれげぜでべぺぇ",
        "o": "おこそとのほもよろをごぞどぼぽぉょ",
    }
    vowel_letter = {"a": "あぁ", "i": "いぃ", "u": "うぅ", "e": "えぇ", "o": "おぉ"}
    parts = []
    for vowel, letters in rows.items():
        kana = letters + _to_katakana(letters)
        stretch = vowel_letter[vowel] + _to_katakana(vowel_letter[vowel]) + "ー"
        parts.append(f"(?<=[{kana}])[{stretch}]{{2,}}")
    # A long-vowel mark between hiragana only where the next or the previous letter is drawn
    # out too (こーろーす): one alone is chat spelling (どーする, そーなんだ), and dropping it
    # would make words (どーすんの → どすんの, and どす is a dagger).
    parts.append("(?<=[ぁ-ゖ])ー(?=[ぁ-ゖ]ー[ぁ-ゖ])|(?<=[ぁ-ゖ]ー[ぁ-ゖ])ー(?=[ぁ-ゖ])")
    return re.compile("|".join(parts))


def _to_katakana(letters: str) -> str:
    """The katakana of hiragana ``letters`` (ゎ, ゐ, ゑ included)."""
    return "".join(chr(ord(ch) + _HIRA_OFFSET) for ch in letters)


def stretch_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` that only draw out the vowel before them (see ``_stretch_pattern``)."""
    # Most text has no two vowel letters or long-vowel marks in a row: one plain character
    # class rules it out before the pattern's look-behinds are tried at every position.
    if _STRETCH_HINT.search(text) is None:
        return []
    return [m.span() for m in _stretch_pattern().finditer(text)]


def drop_stretch(text: str) -> str:
    """``text`` without drawn-out vowels (ころおおおす → ころす); no offsets kept."""
    spans = stretch_spans(text)
    if not spans:
        return text
    out, last = [], 0
    for i, j in spans:
        out.append(text[last:i])
        last = j
    out.append(text[last:])
    return "".join(out)


# Half-width voiced and semi-voiced sound marks: they combine with the kana before them.
_HALFWIDTH_MARKS = frozenset("\uff9e\uff9f")
_KATA_FIRST, _KATA_LAST = 0x30A1, 0x30F6  # ァ … ヶ; ー and ・ are not folded
_HIRA_OFFSET = 0x60
_SEGMENTS = re.compile(r"\s+|\S+")


def _is_mark(ch: str) -> bool:
    return ch in _HALFWIDTH_MARKS or unicodedata.combining(ch) != 0


# Format characters and combining marks left over after NFKC: nothing a reader sees; and lone
# surrogates (Cs: JSON may carry "\\ud800"), which no encoder takes — one in a threat sent the
# post to the dead-letter list instead of the queue.
_INVISIBLE_CATEGORIES = frozenset(("Cf", "Mn", "Me", "Cs"))


@cache
def _invisible_classes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The categories as character classes (built once), so the common case — a text with
    none of them — costs a regex search instead of a loop over its characters. Two classes,
    the Basic Multilingual Plane's and the planes above it: re tests a class of BMP ranges
    with one table lookup a character, but a class that also holds higher code points with
    a walk over its ~400 ranges — fifty times slower on every character of every post; the
    higher planes' class is tried only on a text that has such characters (emoji)."""
    spans: list[tuple[int, int]] = []
    start = -1
    # The categories of all 196,608 code points in one C-level pass.
    categories = map(unicodedata.category, map(chr, range(0x30000)))
    for code, category in enumerate(categories):
        if category in _INVISIBLE_CATEGORIES:
            if start < 0:
                start = code
        elif start >= 0:
            spans.append((start, code - 1))
            start = -1
    spans += [(0xE0000, 0xE007F), (0xE0100, 0xE01EF)]
    bmp = [(a, min(b, 0xFFFF)) for a, b in spans if a <= 0xFFFF]
    astral = [(max(a, 0x10000), b) for a, b in spans if b > 0xFFFF]
    return tuple(  # type: ignore[return-value]  # a pair, by construction
        re.compile("[" + "".join(_range(a, b) for a, b in part) + "]") for part in (bmp, astral)
    )


# One range: a quick test whether the (slow) class of the higher planes need be tried at all.
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _has_invisible(text: str) -> bool:
    bmp, astral = _invisible_classes()
    if bmp.search(text) is not None:
        return True
    return _ASTRAL.search(text) is not None and astral.search(text) is not None


def _range(first: int, last: int) -> str:
    a, b = re.escape(chr(first)), re.escape(chr(last))
    return a if first == last else f"{a}-{b}"


def strip_invisible(text: str) -> str:
    """``text`` without format characters and combining marks (no offsets kept)."""
    bmp, astral = _invisible_classes()
    text = bmp.sub("", text)
    return astral.sub("", text) if _ASTRAL.search(text) else text


# A lone surrogate ("\ud800" in a post's or a draft's JSON) is no character: no encoder or
# tokenizer takes one. Each reader decides what stands in its place (nothing, or U+FFFD where
# offsets must be kept); intake's API finds them with this one pattern too, to name the field.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(text: str, replacement: str = "") -> str:
    """``text`` with every lone surrogate replaced by ``replacement`` (dropped by default)."""
    return LONE_SURROGATE.sub(replacement, text)


# Spellings NFKC leaves (or leaves half-done) that a reader reads as plain letters (det35):
# accented Latin letters (kíll, ḱ̈í̈ĺ̈ĺ̈: an ASCII letter under marks), enclosed digits and
# letters NFKC keeps or turns into "(5)", "5." (⑸⑹す, ❺❻す, ⒌), and the small katakana of the
# phonetic extensions (ころㇲ, ㇱね), which are Ainu spelling and never ordinary Japanese.
_FOLD_HINT = re.compile(
    "[\u00c0-\u024f\u1e00-\u1eff\u2474-\u24b5\u24eb-\u24ff\u2776-\u2793\u31f0-\u31ff]"
)
_ENCLOSED = re.compile(r"^\((\w+)\)$|^(\w+)\.$")
_FOLDED = {
    **{0x2776 + k: str(k + 1) for k in range(10)},  # ❶ … ❿
    **{0x2780 + k: str(k + 1) for k in range(10)},  # ➀ … ➉
    **{0x278A + k: str(k + 1) for k in range(10)},  # ➊ … ➓
    **{0x24EB + k: str(k + 11) for k in range(10)},  # ⓫ … ⓴
    **{0x24F5 + k: str(k + 1) for k in range(10)},  # ⓵ … ⓾
    0x24FF: "0",  # ⓿
    **dict(zip(range(0x31F0, 0x3200), "クシストヌハヒフヘホムラリルレロ", strict=True)),
}


def _fold(cluster: str, normalized: str) -> str:
    """``normalized`` (the NFKC of ``cluster``) read as the plain letters it shows."""
    first = cluster[0]
    if first.isascii():
        # A Latin letter under combining marks is the letter (NFKC composed some of them).
        return first if first.isalpha() and len(cluster) > 1 else normalized
    code = ord(first)
    if code in _FOLDED:
        return _FOLDED[code]
    if 0x2474 <= code <= 0x24B5:  # ⑴ → (1), ⒈ → 1., ⒜ → (a)
        m = _ENCLOSED.match(normalized)
        return (m.group(1) or m.group(2)) if m else normalized
    base = unicodedata.normalize("NFD", normalized)
    if base[:1].isascii() and base[:1].isalpha() and all(map(unicodedata.combining, base[1:])):
        return base[0]  # í, ḱ̈ → i, k; ß, æ stay (no decomposition)
    return normalized


# Letters of other scripts that a reader takes for Latin letters (det37): Cyrillic, Greek,
# Armenian and Cherokee lookalikes, hand-picked from the Latin targets of Unicode's
# confusables list (UTS #39, confusables.txt; only the pairs that look alike in ordinary
# fonts), plus every Latin letter NFKC leaves that Unicode names as a plain letter "with" a
# hook or stroke, or as a small capital (ɗ, ƒ, ʂ, ᴋ), found through ``unicodedata.name``.
_LOOKALIKES = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "о": "o", "р": "p", "с": "c",
    "т": "t", "у": "y", "х": "x", "ь": "b", "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "ӏ": "l",
    "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ү": "y", "ѡ": "w", "ѵ": "v",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "У": "Y", "Х": "X", "Ѕ": "S", "І": "I", "Ј": "J", "Ӏ": "l",
    "Ԛ": "Q", "Ԝ": "W", "Ү": "Y", "Һ": "h",
    # Greek
    "α": "a", "γ": "y", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t",
    "υ": "u", "χ": "x", "η": "n", "ω": "w", "ϲ": "c", "ϳ": "j",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "Ϲ": "C",
    # Armenian
    "օ": "o", "ս": "u", "ց": "g", "ո": "n", "հ": "h", "զ": "q", "ա": "w",
    "Օ": "O", "Ս": "U", "Տ": "S", "Լ": "L",
    # Cherokee (capital letters; the small letters are their lowercase, below)
    "Ꭺ": "A", "Ᏼ": "B", "Ꮯ": "C", "Ꭰ": "D", "Ꭼ": "E", "Ꮐ": "G", "Ꮋ": "H", "Ꭵ": "i",
    "Ꭻ": "J", "Ꮶ": "K", "Ꮮ": "L", "Ꮇ": "M", "Ꮲ": "P", "Ꮢ": "R", "Ꮪ": "S", "Ꮤ": "T",
    "Ꮩ": "V", "Ꮃ": "W", "Ꮓ": "Z", "Ꮍ": "y",
}  # fmt: skip
_NAMED = re.compile(
    r"^LATIN (?:(SMALL|CAPITAL) LETTER ([A-Z]) WITH .*|LETTER SMALL CAPITAL ([A-Z])"
    r"|SMALL LETTER (?:DOTLESS (I|J)|SCRIPT (G)|(ALPHA|KRA)))$"
)


@cache
def _lookalikes() -> dict[int, str]:
    table = {ord(k): v for k, v in _LOOKALIKES.items()}
    for k, v in _LOOKALIKES.items():
        if 0x13A0 <= ord(k) <= 0x13F5 and k.lower() != k:  # ꮪ, the small letter of Ꮪ
            table[ord(k.lower())] = v.lower()
    for code in (*range(0x0100, 0x02B0), *range(0x1D00, 0x1D2C), *range(0xA720, 0xA7FF)):
        ch = chr(code)
        if unicodedata.decomposition(ch):
            continue  # NFKC or the accent fold reads it already
        m = _NAMED.match(unicodedata.name(ch, ""))
        if m is None:
            continue
        small, letter = m.group(1) != "CAPITAL", next(g for g in m.groups()[1:] if g)
        letter = {"ALPHA": "A", "KRA": "K"}.get(letter, letter)
        table[code] = letter.lower() if small else letter
    return table


@cache
def _lookalike_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    chars = "".join(re.escape(chr(c)) for c in sorted(_lookalikes()))
    return re.compile(f"[{chars}]"), re.compile(f"[A-Za-z0-9{chars}]+")


def _latin_word(m: re.Match[str]) -> str:
    """The run read in Latin letters when it is a word of its own: at least two letters and
    no letter of another kind touching it (борщ is Russian: щ is no lookalike, so its о and р
    stay Cyrillic; a lone α in α版 stays Greek)."""
    word, text, i, j = m.group(0), m.string, m.start(), m.end()
    if (i > 0 and text[i - 1].isalpha() and not _is_cjk(text[i - 1])) or (
        j < len(text) and text[j].isalpha() and not _is_cjk(text[j])
    ):
        return word
    if sum(ch.isalpha() for ch in word) < 2:
        return word
    return word.translate(_lookalikes())


def _is_cjk(ch: str) -> bool:
    return is_kana(ch) or is_kanji(ch)


def latin_lookalikes(text: str) -> str:
    """``text`` with Latin-lookalike letters of other scripts read as the Latin letter inside
    a Latin word (кіӏӏ, κιll, ѕһооt → kill, kill, shoot); one character for one character, so
    offsets are kept. Russian and Greek words with letters of their own are left alone."""
    hint, run = _lookalike_patterns()
    if hint.search(text) is None:
        return text
    return run.sub(_latin_word, text)


def nfkc(text: str) -> Mapped:
    fold = _FOLD_HINT.search(text) is not None
    if not fold and unicodedata.is_normalized("NFKC", text) and not _has_invisible(text):
        # the common case, and 20x faster than the loop (lookalikes keep the length)
        return Mapped.identity(latin_lookalikes(text))
    out = Builder()
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and _is_mark(text[j]):
            j += 1
        cluster = text[i:j]
        normalized = unicodedata.normalize("NFKC", cluster)
        if fold or j - i > 1:
            normalized = _fold(cluster, normalized)
        out.add(strip_invisible(normalized), i, j)
        i = j
    built = out.build()
    read = latin_lookalikes(built.text)
    return built if read == built.text else Mapped(read, built.starts, built.ends)


def fold_spelling(text: str) -> str:
    """``text`` as :func:`nfkc` reads it — NFKC, plain letters for accented Latin, enclosed
    digits and phonetic-extension small katakana, invisible marks dropped — without offsets
    (the gate's reading)."""
    if _FOLD_HINT.search(text) is None and not _has_invisible(text):
        # nothing to fold: the C routine is enough — but NFKC turns a lone half-width voicing
        # mark (ﾞ, ﾟ) into a combining one, which the views drop and so must the gate (ころﾟす)
        return latin_lookalikes(strip_invisible(unicodedata.normalize("NFKC", text)))
    return nfkc(text).text


def normalize(text: str) -> Mapped:
    """NFKC then neologdn, as a :class:`Mapped` over ``text``.

    neologdn runs on each whitespace-separated segment, and every whitespace run becomes one
    space (or one newline if it held a line break). Run on the whole text, neologdn would
    delete the spaces between Japanese words and glue 11/1 大塚 into 11/1大塚, which Sudachi
    then splits as 大|塚; spaced-out letters (こ ろ す) are the decoded view's job instead.
    """
    step = nfkc(text)
    out = Builder()
    for m in _SEGMENTS.finditer(step.text):
        i, j = m.start(), m.end()
        if m.group(0)[0].isspace():
            start, end = step.span(i, j)
            out.add("\n" if "\n" in m.group(0) else " ", start, end)
            continue
        piece = Mapped(step.text[i:j], step.starts[i:j], step.ends[i:j])
        # neologdn turns ¥ into a backslash and drops tildes; both are harmless for matching
        # and the realignment keeps the spans honest.
        cleaned: str = neologdn.normalize(piece.text)
        cleaned = drop_elongation(cleaned)
        done = realign(piece, cleaned)
        out.copy(done, 0, len(done.text))
    return out.build()


_TO_HIRAGANA = {code: code - _HIRA_OFFSET for code in range(_KATA_FIRST, _KATA_LAST + 1)}


def to_hiragana(text: str) -> str:
    """Katakana to hiragana; everything else (ー, ・, kanji, Latin) unchanged."""
    return text.translate(_TO_HIRAGANA)


def fold_kana(source: Mapped) -> Mapped:
    """Katakana to hiragana, character for character (so the spans are unchanged)."""
    return Mapped(to_hiragana(source.text), source.starts, source.ends)


def is_kana(ch: str) -> bool:
    code = ord(ch)
    return 0x3041 <= code <= 0x309F or 0x30A0 <= code <= 0x30FF


def is_kanji(ch: str) -> bool:
    code = ord(ch)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or ch in "々〆"
