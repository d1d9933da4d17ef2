"""Names written in variant scripts: half-width katakana, lowercase romaji, katakana run
together, and romaji whose syllables can be cut two ways.

- Half-width katakana (``ﾔﾏﾀﾞ ﾀﾛｳ``, as bank statements and old systems print names) folds,
  character by character, to a kana and a separate voicing mark, which no katakana rule
  reads. :func:`compose_halfwidth` gives the composed text (ヤマダ タロウ) with, for each of
  its characters, the span of the original it came from, so that the recogniser runs on
  the composed text and reports spans of what the approver sees.
- Lowercase romaji (``yamada taro``, ``taro yamada``): two words, one a listed surname's
  romaji and the other a listed given name's reading, neither an English word.
- Katakana run together (``ヤマダタロウ``): a run the dictionary does not know that is a
  listed surname's reading followed by a listed given name's; and a katakana run that
  starts with a name already found in the text (ラモント, then ラモントミキオ).
- Romaji with a moraic n before a vowel (``Shinichi`` = しんいち, not しにち;
  ``Shinya`` = しんや): :func:`romaji_readings` gives every reading.

Each rule returns ``(start, end, kind, rule)`` on the folded text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

from kizashi.text import romaji_to_hiragana, word_pos

Span = tuple[int, int, str, str]

_HALF_MARKS = "\uff9e\uff9f"  # ﾞ ﾟ
_HALF_KANA = re.compile("[\uff66-\uff9d][\uff9e\uff9f]")


def compose_halfwidth(text: str) -> tuple[str, list[int], list[int]] | None:
    """The text with every half-width kana and its voicing mark composed into one full-width
    kana, and for each character the original span [start, end); None when there is none."""
    if not _HALF_KANA.search(text):
        return None
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i = 0
    while i < len(text):
        j = i + 2 if text[i + 1 : i + 2] in tuple(_HALF_MARKS) and i + 1 < len(text) else i + 1
        composed = unicodedata.normalize("NFKC", text[i:j])
        if j == i + 2 and len(composed) != 1:
            j = i + 1  # a mark after a kana that takes none (ﾝﾞ): leave both alone
            composed = text[i]
        chars.append(composed if j == i + 2 else text[i])
        starts.append(i)
        ends.append(j)
        i = j
    return "".join(chars), starts, ends


def romaji_readings(word: str) -> set[str]:
    """Every hiragana reading of a romaji word: as spelt (shinichi → しにち), and with each
    n before a vowel or y read as ん (しんいち), the way names are written without the
    apostrophe (Shin'ichi, Jun'ya)."""
    out: set[str] = set()
    whole = romaji_to_hiragana(word)
    if whole:
        out.add(whole)
    low = word.lower()
    for i, ch in enumerate(low[:-1]):
        if ch == "n" and i > 0 and low[i + 1] in "aiueoy" and low[i - 1] != "n":
            head, tail = romaji_to_hiragana(low[: i + 1]), romaji_to_hiragana(low[i + 1 :])
            if head and tail:
                out.add(head + tail)
    return out


_LOWER_PAIR = re.compile(
    r"(?=(?<![A-Za-z0-9@._/\-])([a-z]{2,14})[ \u3000]([a-z]{2,14})(?![A-Za-z0-9@]|\.[a-z]))"
)


def lowercase_romaji(
    folded: str,
    english: frozenset[str],
    is_surname: Callable[[str], bool],
    is_given: Callable[[str], bool],
) -> list[Span]:
    """``yamada taro`` or ``taro yamada``: a listed surname's romaji beside a listed given
    name's reading; not English words (an e-mail's or a URL's pieces are never cut)."""
    found = []
    for m in _LOWER_PAIR.finditer(folded):
        a, b = m.group(1), m.group(2)
        if a in english or b in english:
            continue
        if (is_surname(a) and _given(b, is_given)) or (is_surname(b) and _given(a, is_given)):
            found.append((m.start(1), m.end(2), "person", "PII-NAME-ROMAJI-LOWER"))
    return found


def _given(word: str, is_given: Callable[[str], bool]) -> bool:
    return any(is_given(r) for r in romaji_readings(word))


_KATA_RUN = re.compile(r"(?<![ァ-ヶー])[ァ-ヶ][ァ-ヶー]{3,13}(?![ァ-ヶー])")


def joined_katakana(
    folded: str,
    is_surname: Callable[[str], bool],
    given_readings: frozenset[str],
    found: Iterable[str],
    listed: frozenset[str] = frozenset(),
    popular: frozenset[str] | None = None,
) -> list[Span]:
    """A katakana full name with no space: a run the dictionary does not know as a word that
    is a surname's reading (`is_surname`: a listed one, or one shaped like it, ハセ + クラ)
    and a listed given name's run together (ハセクラミツキ), or that starts with a katakana
    name already found in the text (ラモント → ラモントミキオ). A name-frequency prior: when
    the surname's part is not a `listed` reading but only shaped like one, the given name's
    must be a `popular` reading (バナナミ + ルク is no name; ルク is a rare reading)."""
    known = {w for w in found if re.fullmatch("[ァ-ヶー]{2,}", w)}
    spans = []
    for m in _KATA_RUN.finditer(folded):
        run = m.group()
        if word_pos(run):
            continue  # a word of the dictionary (カラオケ, サトウキビ)
        # neither half an ordinary word (アジ|フライ, ホット|ミルク, キリン|レモン): a
        # compound of loanwords the dictionary does not list whole is no name
        split = any(
            run[i:] in given_readings
            and not _common(run[i:])
            and is_surname(run[:i])
            and not _common(run[:i])
            and (popular is None or run[:i] in listed or run[i:] in popular)
            for i in range(2, len(run) - 1)
        )
        grown = any(
            run.startswith(k) and 2 <= len(run) - len(k) <= 6 and not _common(run[len(k) :])
            for k in known
        )
        if split or grown:
            spans.append((m.start(), m.end(), "person", "PII-NAME-KANA-JOINED"))
    return spans


def _common(word: str) -> bool:
    """A word the dictionary lists as an ordinary noun (レモン, ランチ), whatever else."""
    return any(p[1] == "普通名詞" for p in word_pos(word))
