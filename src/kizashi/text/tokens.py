"""Token views from SudachiPy with sudachidict-core, mapped back to original offsets.

Split mode C (the longest units) is used: it keeps named entities and established compounds
whole (大塚駅, 闇バイト, 金属音, 出し子, ぶっ殺す), so a lexicon entry for one of them is a
single token and cannot match half of a longer word; where mode C splits a term
(ホワイト|案件, 空|薬莢) the rules spell it as a token sequence, which matches in every mode.

One dictionary is loaded per process (it is read-only and ~70 MB mapped); tokenizers are
cheap and not documented as thread-safe, so each thread gets its own.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cache
from typing import Any

# sudachipy ships .pyi stubs but no py.typed marker, so mypy cannot see them.
from sudachipy import Dictionary, SplitMode  # type: ignore[import-untyped]

from kizashi.text.mapped import Mapped
from kizashi.text.normalize import to_hiragana

__all__ = [
    "Token",
    "joins_word",
    "kanji_readings",
    "kanji_with_reading",
    "standalone_kanji",
    "tokenize",
]

# Sudachi refuses inputs over 49,149 bytes; 4,000 characters is at most 16,000 bytes.
_CHUNK = 4000
_BREAKS = "\n。．.!?！？ "
_local = threading.local()


@dataclass(frozen=True, slots=True)
class Token:
    """One token; ``start``/``end`` index the ORIGINAL text, the rest is the view's."""

    surface: str  # as it stands in the view (NFKC, neologdn; decoded in the decoded view)
    lower: str  # casefolded surface, for case-insensitive matching
    reading: str  # hiragana reading (the lowercased surface for Latin words)
    lemma: str  # Sudachi's normalised form: 殺す for ころす, 打ち殺す for ぶっ殺す
    base: str  # dictionary form as written: ころす
    pos: tuple[str, ...]  # 品詞 (6 levels; the last two are conjugation type and form)
    start: int
    end: int
    decoded: tuple[str, ...] = ()  # decoding kinds that touched this token

    @property
    def is_latin(self) -> bool:
        return self.surface.isascii() and any(ch.isalpha() for ch in self.surface)


@cache
def _dictionary() -> Any:
    return Dictionary(dict="core")


@cache
def kanji_readings(ch: str) -> frozenset[str]:
    """Every reading the dictionary gives ``ch`` as a word of its own, in hiragana
    (史 → ふみ, し; 巣 → す, そう): what a same-reading substitute (誌ね, 殺巣) is chosen for."""
    return frozenset(to_hiragana(m.reading_form()) for m in _dictionary().lookup(ch))


@cache
def word_pos(surface: str) -> frozenset[tuple[str, ...]]:
    """Every part of speech (four levels) the dictionary gives ``surface`` as a whole word
    (三坂 → only 人名,姓; 山田 → 人名,姓, 普通名詞, 地名): whether a word is ever ordinary."""
    return frozenset(tuple(m.part_of_speech()[:4]) for m in _dictionary().lookup(surface))


@cache
def spelling_variants(word: str) -> frozenset[str]:
    """Other spellings the dictionary knows for ``word`` as one word: its kana form and the
    mixed kana-kanji forms (交ぜ書き) — 薬莢 → 薬きょう, 拳銃 → けん銃 (the spelling of the
    Firearms Act and of police notices), 爆弾 → ばくだん, 包丁 → 包ちょう, ほうちょう.

    Candidates replace a leading or trailing part of the written word by a part of its
    reading; a candidate is kept when Sudachi reads it as a single word with the same
    normalised form, so the variants are the dictionary's, not guesses. Empty when ``word``
    is not one word of the dictionary or is all kana or Latin."""
    if word.isascii() or not any("\u4e00" <= ch <= "\u9fff" for ch in word):
        return frozenset()
    tokenizer = _tokenizer()
    morphemes = tokenizer.tokenize(word)
    if len(morphemes) != 1:
        return frozenset()
    normalized = morphemes[0].normalized_form()
    reading = to_hiragana(morphemes[0].reading_form())
    candidates = {reading}
    for k in range(1, len(word)):
        for j in range(1, len(reading)):
            candidates.add(word[:k] + reading[j:])
            candidates.add(reading[:j] + word[k:])
    candidates.discard(word)
    found = set()
    for candidate in candidates:
        read = tokenizer.tokenize(candidate)
        if len(read) == 1 and read[0].normalized_form() == normalized:
            found.add(candidate)
    return frozenset(found)


@cache
def kanji_with_reading(reading: str) -> frozenset[str]:
    """Every CJK unified ideograph the dictionary reads ``reading`` (hiragana) on its own."""
    return frozenset(
        chr(code) for code in range(0x4E00, 0xA000) if reading in kanji_readings(chr(code))
    )


def standalone_kanji(text: str, i: int) -> bool:
    """Whether ``text[i]`` is a token of its own, not part of a longer word (雑誌, 弁護士,
    横浜市), judged by tokenising a few characters around it."""
    start = max(0, i - 4)
    for m in _tokenizer().tokenize(text[start : i + 3]):
        if m.begin() <= i - start < m.end():
            return bool(m.surface() == text[i])
    return False


def joins_word(text: str, i: int) -> bool:
    """Whether one dictionary word of ``text`` runs across the boundary before ``text[i]``
    (殺|す in 殺す, 爆|破 in 爆破する; not 東京|から, 田中|さん), judged by tokenising a few
    characters around it."""
    start = max(0, i - 5)
    return any(m.begin() < i - start < m.end() for m in _tokenizer().tokenize(text[start : i + 4]))


def _tokenizer() -> Any:
    tokenizer = getattr(_local, "tokenizer", None)
    if tokenizer is None:
        tokenizer = _dictionary().tokenizer(mode=SplitMode.C)
        _local.tokenizer = tokenizer
    return tokenizer


def _chunks(text: str) -> list[tuple[int, str]]:
    chunks, offset = [], 0
    while len(text) - offset > _CHUNK:
        window = text[offset : offset + _CHUNK]
        cut = max(window.rfind(ch) for ch in _BREAKS) + 1
        cut = cut if cut > _CHUNK // 2 else _CHUNK
        chunks.append((offset, window[:cut]))
        offset += cut
    chunks.append((offset, text[offset:]))
    return chunks


_CLITICS = frozenset({"t", "ll", "re", "ve", "d", "s", "m", "all", "em"})


def _join_contractions(tokens: list[Token]) -> list[Token]:
    """Sudachi splits some English contractions (won|'|t, I|'|ll, you|'|re) and not others
    (don't): make each one token, as rules and guards spell them (won't, i'll, you're)."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        a = tokens[i]
        if (
            i + 2 < len(tokens)
            and a.is_latin
            and tokens[i + 1].surface == "'"
            and tokens[i + 2].lower in _CLITICS
            and a.end == tokens[i + 1].start
            and tokens[i + 1].end == tokens[i + 2].start
        ):
            c = tokens[i + 2]
            word = f"{a.surface}'{c.surface}"
            low = word.lower()
            out.append(Token(word, low, low, low, low, a.pos, a.start, c.end, a.decoded))
            i += 3
            continue
        out.append(a)
        i += 1
    return out


def tokenize(view: Mapped) -> tuple[Token, ...]:
    """Tokens of ``view.text`` (whitespace dropped), each spanning original characters."""
    tokenizer = _tokenizer()
    out: list[Token] = []
    for offset, chunk in _chunks(view.text):
        if not chunk:
            continue
        for m in tokenizer.tokenize(chunk):
            pos = m.part_of_speech()
            if pos[0] == "空白":
                continue
            i, j = offset + m.begin(), offset + m.end()
            surface = view.text[i:j]
            if not surface.strip():
                continue
            lower = surface.lower()
            start, end = view.span(i, j)
            if surface.isascii() and any(ch.isalpha() for ch in surface):
                # Sudachi gives Latin words katakana readings (kill → キル = 切る); useless here.
                out.append(Token(surface, lower, lower, lower, lower, pos, start, end))
                continue
            reading = to_hiragana(m.reading_form())
            out.append(
                Token(
                    surface,
                    lower,
                    reading,
                    m.normalized_form(),
                    m.dictionary_form(),
                    pos,
                    start,
                    end,
                )
            )
    return tuple(_join_contractions(out) if "'" in view.text else out)
