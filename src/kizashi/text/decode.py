"""The decoded view: undo the tricks people use to get words past filters.

Steps run in order over the normalised text, each recording what it changed:

1. separators — こ・ろ・す, k-o-r-o-s-u: three or more single letters joined by one
   repeated separator are glued; ordinary English words are never single letters, so
   "I am a boy" stays as it is;
2. visual — タヒ → 死, 氏ね → 死ね (candidate), ｺﾛｽ → ころす (``decode.yaml``);
3. masks — every run of 〇○●×□* is a wildcard; a single mask in a telling context is filled
   (〇す → 殺す, candidate);
4. goroawase — 56す → ころす, 4ね → しね, guarded so that prices, dates, times, phone numbers,
   counts and bare numbers (4649, 5656) are never read as words;
5. leet and romaji — k1ll → kill, k0rosu → korosu → ころす.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from kizashi.text.mapped import Builder, Mapped
from kizashi.text.normalize import is_kana, is_kanji
from kizashi.text.romaji import romaji_to_hiragana
from kizashi.text.tables import ContextRule, Tables

__all__ = ["Decoding", "decode"]

_LETTER = "ぁ-ゖァ-ヺ一-龯a-zA-Z"
_SEPARATED = re.compile(
    rf"(?<![{_LETTER}0-9])[{_LETTER}]([ ・.\-_/|])[{_LETTER}](?:\1[{_LETTER}])+(?![{_LETTER}0-9])"
)
# Spaced kana need no word boundary around them: Japanese has no spaces between words, so
# the spaced run is glued onto whatever it touches — a particle before it (住人をこ ろ す), a
# kanji or an ending after it (こ ろ す準備, こ ろ すぞ). Latin runs keep the boundaries above,
# since "a b c" inside English words would glue ordinary text.
_SEPARATED_KANA = re.compile(r"(?<![0-9])[ぁ-ヿ]([ ・.\-_/|])[ぁ-ヿ](?:\1[ぁ-ヿ])+")
_DIGITS = re.compile(r"[0-9]+")
# A digit run right after one of these is part of a bigger number, price, date or code.
_NUMBER_GLUE = frozenset(",.:/-\\¥$#+%~'")
_WORD = re.compile(r"[A-Za-z0-9@$]+")
# Shorter joined or leet words are initials (U.S.A.) or slang, not hidden romaji.
_MIN_CODED_ROMAJI = 4


@dataclass(frozen=True, slots=True)
class Decoding:
    """One change made by the decoded view, with the original span it covers."""

    kind: str  # separator | visual | mask | goroawase | leet | romaji
    id: str  # table entry id, or the kind for rule-less steps
    start: int
    end: int
    source: str  # the text as it stood before this step
    target: str
    candidate: bool = False


Edit = tuple[int, int, str, str, bool]  # (i, j, replacement, id, candidate)


def _apply(source: Mapped, kind: str, edits: Iterable[Edit], out: list[Decoding]) -> Mapped:
    builder, last = Builder(), 0
    for i, j, replacement, entry_id, candidate in sorted(edits):
        if i < last:
            continue  # overlapping edits: the first one wins
        builder.copy(source, last, i)
        start, end = source.span(i, j)
        builder.add(replacement, start, end)
        out.append(Decoding(kind, entry_id, start, end, source.text[i:j], replacement, candidate))
        last = j
    builder.copy(source, last, len(source.text))
    return builder.build()


def _char_class(ch: str) -> str:
    if is_kanji(ch):
        return "kanji"
    if "\u30a0" <= ch <= "\u30ff":
        return "katakana"
    if is_kana(ch):
        return "hiragana"
    if ch.isascii() and ch.isalpha():
        return "latin"
    return "digit" if ch.isdigit() else "other"


def _context_ok(rule: ContextRule, text: str, i: int, j: int) -> bool:
    rest = text[j:]
    if rule.before and not rest.startswith(rule.before):
        return False
    if rest.startswith(rule.not_before) if rule.not_before else False:
        return False
    if rule.after and not text[:i].endswith(rule.after):
        return False
    return not (i > 0 and _char_class(text[i - 1]) in rule.not_after_class)


def _separators(source: Mapped, out: list[Decoding]) -> Mapped:
    matches = [*_SEPARATED.finditer(source.text), *_SEPARATED_KANA.finditer(source.text)]
    edits = [
        (m.start(), m.end(), m.group(0).replace(m.group(1), ""), "separator", False)
        for m in sorted(matches, key=lambda m: m.start())
    ]
    return _apply(source, "separator", edits, out) if edits else source


def _is_katakana(ch: str) -> bool:
    return "\u30a1" <= ch <= "\u30fa" or ch == "ー"


def _visual(source: Mapped, rules: tuple[ContextRule, ...], out: list[Decoding]) -> Mapped:
    text, edits = source.text, []
    for rule in rules:
        if rule.source not in text:
            continue
        for m in re.finditer(re.escape(rule.source), text):
            i, j = m.start(), m.end()
            if not _context_ok(rule, text, i, j):
                continue
            if rule.whole_run and (
                (i > 0 and _is_katakana(text[i - 1])) or (j < len(text) and _is_katakana(text[j]))
            ):
                continue
            target = rule.target
            if rule.fold_run:
                while j < len(text) and _is_katakana(text[j]) and text[j] != "ー":
                    target += chr(ord(text[j]) - 0x60)
                    j += 1
            edits.append((i, j, target, rule.id, rule.candidate))
    return _apply(source, "visual", edits, out) if edits else source


def _masks(
    source: Mapped, tables: Tables, out: list[Decoding], wildcards: list[tuple[int, int]]
) -> Mapped:
    text, edits = source.text, []
    i = 0
    while i < len(text):
        if text[i] not in tables.mask_chars:
            i += 1
            continue
        j = i
        while j < len(text) and text[j] in tables.mask_chars:
            j += 1
        wildcards.append(source.span(i, j))
        # A run of two or more (〇〇さん) is a placeholder for "so-and-so", not a hidden word.
        if j - i == 1 and not (i > 0 and text[i - 1].isdigit()):
            for rule in tables.mask_fills:
                if _context_ok(rule, text, i, j):
                    edits.append((i, j, rule.target, rule.id, True))
                    break
        i = j
    return _apply(source, "mask", edits, out) if edits else source


def _goroawase(source: Mapped, rules: tuple[ContextRule, ...], out: list[Decoding]) -> Mapped:
    text, edits = source.text, []
    for m in _DIGITS.finditer(text):
        i, j = m.start(), m.end()
        before = text[i - 1] if i else ""
        if before and (before in _NUMBER_GLUE or (before.isascii() and before.isalpha())):
            continue
        for rule in rules:
            if m.group(0) == rule.source and _context_ok(rule, text, i, j):
                edits.append((i, j, rule.target, rule.id, rule.candidate))
                break
    return _apply(source, "goroawase", edits, out) if edits else source


def _leet_word(word: str, leet: dict[str, str]) -> str | None:
    """``k1ll`` → ``kill``: only words that start and end with a letter, have at least three
    letters and a substitute inside them (mp3, 3D, win10, covid19 and 4649 are left alone)."""
    letters = sum(ch.isalpha() for ch in word)
    if letters < 3 or not (word[0].isalpha() and word[-1].isalpha()):
        return None
    if not any(ch in leet for ch in word):
        return None
    chars = list(word)
    for k, ch in enumerate(word):
        if ch in leet:
            # A run of ones is a run of l's (ki11); a lone one is an i (k1ll).
            ones = "1" in word[max(k - 1, 0) : k] + word[k + 1 : k + 2]
            chars[k] = "l" if ch == "1" and ones else leet[ch]
    return "".join(chars).lower()


def _latin(source: Mapped, tables: Tables, japanese: bool, out: list[Decoding]) -> Mapped:
    text, edits = source.text, []
    joined = [(d.start, d.end) for d in out if d.kind == "separator"]
    for m in _WORD.finditer(text):
        i, j = m.start(), m.end()
        word = m.group(0)
        plain = _leet_word(word, tables.leet)
        if plain is None and not word.isalpha():
            continue
        start, end = source.span(i, j)
        coded = plain is not None or any(s < end and start < e for s, e in joined)
        kana = None
        candidate = (plain or word).lower()
        if (coded and len(candidate) >= _MIN_CODED_ROMAJI) or (
            japanese
            and len(candidate) >= tables.romaji_min_length
            and candidate not in tables.english_words
        ):
            kana = romaji_to_hiragana(candidate)
        if kana is not None:
            entry = "leet+romaji" if plain is not None else "romaji"
            edits.append((i, j, kana, entry, False))
        elif plain is not None:
            edits.append((i, j, plain, "leet", False))
    if not edits:
        return source
    decoded: list[Decoding] = []
    view = _apply(source, "leet", edits, decoded)
    # The kind names the last step that changed the word, which is what an analyst reads.
    out.extend(
        Decoding("leet" if d.id == "leet" else "romaji", d.id, d.start, d.end, d.source, d.target)
        for d in decoded
    )
    return view


def decode(
    normalized: Mapped, tables: Tables
) -> tuple[Mapped, tuple[Decoding, ...], tuple[tuple[int, int], ...]]:
    """The decoded view of ``normalized``, what was decoded, and the wildcard spans."""
    found: list[Decoding] = []
    wildcards: list[tuple[int, int]] = []
    japanese = any(is_kana(ch) or is_kanji(ch) for ch in normalized.text)
    view = _separators(normalized, found)
    view = _visual(view, tables.visual, found)
    view = _masks(view, tables, found, wildcards)
    view = _goroawase(view, tables.goroawase, found)
    view = _latin(view, tables, japanese, found)
    return view, tuple(found), tuple(wildcards)
