"""The decoded view: undo the tricks people use to get words past filters.

Steps run in order over the normalised text, each recording what it changed:

0. emoji verbs — a weapon pictograph written as a verb stem (🔪す → 殺す, 💣する → 爆破する,
   candidate; ``decode.yaml``), before step 1 would drop it as a pictograph inside a word;
0b. stretch — a vowel drawn out inside a word (ころおおおす, こーろーす) is dropped;
1. separators — こ・ろ・す, k-o-r-o-s-u: three or more single letters joined by one
   repeated separator are glued; ordinary English words are never single letters, so
   "I am a boy" stays as it is;
2. visual — タヒ → 死, 氏ね → 死ね (candidate), ｺﾛｽ → ころす (``decode.yaml``);
3. masks — every run of 〇○●×□* is a wildcard; a single mask in a telling context is filled
   (〇す → 殺す, candidate);
4. goroawase — 56す → ころす, 4ね → しね, guarded so that prices, dates, times, phone numbers,
   counts and bare numbers (4649, 5656) are never read as words;
5. leet and romaji — k1ll → kill, k0rosu → korosu → ころす; in a post written wholly in
   romaji every word is read (omae no ie moyasu → おまえ の いえ もやす).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from kizashi.text.mapped import Builder, Mapped
from kizashi.text.normalize import is_kana, is_kanji, stretch_spans
from kizashi.text.romaji import romaji_to_hiragana
from kizashi.text.tables import HARM_HINT, ContextRule, Tables

__all__ = [
    "EMOJI",
    "MASK_SHAPES",
    "Decoding",
    "Lookup",
    "decode",
    "harm_reading",
    "read_harm_spellings",
]

# ー is a letter of a katakana word (シ\nリ\nー\nズ is one run, シリーズ), not a separator.
_LETTER = "ぁ-ゖァ-ヺー一-龯a-zA-Z"
# A separator is a short run of anything that is not a letter, digit or mask: spaces and line
# breaks (one character per line), punctuation (こ・ろ・す, こ、ろ、す), symbols and emoji
# (こ🔪ろ🔪す, k💀i💀l💀l). Masks are left to the mask step (こ〇す is a masked word, not a
# separated one).
_SEP = r"[^\w〇○●×□*＊]{1,3}"
_SEPARATED = re.compile(
    rf"(?<![{_LETTER}0-9])[{_LETTER}](?:{_SEP}[{_LETTER}]){{2,}}(?![{_LETTER}0-9])"
)
# Spaced kana need no word boundary around them: Japanese has no spaces between words, so
# the spaced run is glued onto whatever it touches — a particle before it (住人をこ ろ す), a
# kanji or an ending after it (こ ろ す準備, こ ろ すぞ). Latin runs keep the boundaries above,
# since "a b c" inside English words would glue ordinary text.
# The run may start at a single kanji, the stem of a verb spaced out with its ending (刺・し・て,
# 殺 し た い): only the letters after it must be kana, and no kanji may precede it (the 井 of
# 桜井 こ ろ す is the end of a name).
_SEPARATED_KANA = re.compile(
    rf"(?:(?<![0-9])[ぁ-ヿ]|(?<![0-9一-龯々])[一-龯々])(?:{_SEP}[ぁ-ヿ]){{2,}}"
)
_SEP_CHARS = re.compile(_SEP)
# Pictographs dropped inside a word (殺🔪す, ころ💀す, k💀ill): a letter on both sides.
EMOJI = "\u2190-\u21ff\u2300-\u23ff\u2460-\u27bf\u2900-\u2bff\U0001f000-\U0001faff"
# The geometric shapes among them that stand for a masked letter (こ○す, ぶっこ●す) are the
# mask step's, not pictographs: dropped here, こ●す would read こす.
MASK_SHAPES = "○●◯□■"
_PICTOGRAPH = rf"(?:(?![{MASK_SHAPES}])[{EMOJI}])"
_INLINE_EMOJI = re.compile(rf"(?<=[{_LETTER}]){_PICTOGRAPH}{{1,3}}(?=[{_LETTER}])")
# Goroawase is written in ASCII digits (56す), full-width digits (５６す, NFKC makes them
# ASCII) and kanji numerals (五六す, 四ね); 〇 is left to the mask step.
_KANJI_DIGITS = "零一二三四五六七八九"
_DIGITS = re.compile(rf"[0-9]+|[{_KANJI_DIGITS}]+")
_TO_ASCII = str.maketrans(_KANJI_DIGITS, "0123456789")
# A kanji numeral run right after one of these is part of a bigger number (十五六, 第五).
_KANJI_NUMBER_GLUE = frozenset("〇十百千万億兆第")
# A lone katakana letter between hiragana (こロす) or closing a kanji (殺ス, 死ネ) is a
# mixed-script spelling; a katakana word is two or more letters.
_LONE_KATAKANA = re.compile(
    r"(?<=[ぁ-ゖ一-龯々])[ァ-ヶ](?![ァ-ヺー])|(?<![ァ-ヺー])[ァ-ヶ](?=[ぁ-ゖ])"
)
# A digit run right after one of these is part of a bigger number, price, date or code.
_NUMBER_GLUE = frozenset(",.:/-\\¥$#+%~'")
# ! and | stand for letters only inside a word (k!ll, ki||), never at its edges (kill!).
_WORD = re.compile(r"[A-Za-z0-9@$]+(?:[!|]+[A-Za-z0-9@$]+)*")
# Shorter joined or leet words are initials (U.S.A.) or slang, not hidden romaji.
_MIN_CODED_ROMAJI = 4
# In a post written wholly in romaji (every word of three or more parses), words this long.
_MIN_POST_ROMAJI = 2


@dataclass(frozen=True, slots=True)
class Decoding:
    """One change made by the decoded view, with the original span it covers."""

    kind: str  # stretch | separator | visual | mask | goroawase | leet | romaji | spelling
    id: str  # table entry id, or the kind for rule-less steps
    start: int
    end: int
    source: str  # the text as it stood before this step
    target: str
    candidate: bool = False


Edit = tuple[int, int, str, str, bool]  # (i, j, replacement, id, candidate)


@dataclass(frozen=True)
class Lookup:
    """Dictionary questions the decoder asks: a kanji's readings (hiragana) and whether the
    character at a position is a word of its own."""

    readings: Callable[[str], frozenset[str]]
    standalone: Callable[[str, int], bool]
    # Whether a dictionary word of the text runs across the boundary before position i.
    joins: Callable[[str, int], bool] | None = None


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


# What may follow a cut-off word at the end of a sentence: spaces, punctuation, laughter
# (w, 笑, 草), pictographs and SNS markup (#tags, @handles, links) — no further word.
_CUT_OFF = re.compile(
    rf"(?:https?://\S+|[#＃@＠]\w+|[^\w]|[wWｗ笑草]|[{EMOJI}])*(?:[。！!？?\n]|$)"
)


def _context_ok(rule: ContextRule, text: str, i: int, j: int) -> bool:
    rest = text[j:]
    cut_off = rule.at_end and _CUT_OFF.match(rest) is not None
    if rule.before and not rest.startswith(rule.before) and not cut_off:
        return False
    if rest.startswith(rule.not_before) if rule.not_before else False:
        return False
    if rule.after and not text[:i].endswith(rule.after):
        return False
    if rule.not_after and text[:i].endswith(rule.not_after):
        return False
    return not (i > 0 and _char_class(text[i - 1]) in rule.not_after_class)


def _separators(
    source: Mapped, out: list[Decoding], harm_words: frozenset[str] = frozenset()
) -> Mapped:
    matches = [*_SEPARATED.finditer(source.text), *_SEPARATED_KANA.finditer(source.text)]
    # Where a kana-only run and a run that goes on into kanji start together, the longer one
    # is the spaced-out text (こ ろ こ ろ 転 が る is ころころ転がる, not ころころ + 転 が る):
    # gluing only its kana part leaves a fragment the model reads as a coded word.
    longest: dict[int, re.Match[str]] = {}
    for m in matches:
        if m.start() not in longest or m.end() > longest[m.start()].end():
            longest[m.start()] = m
    edits = [
        (
            m.start(),
            _dotted_end(source.text, m, harm_words),
            _SEP_CHARS.sub("", m.group(0)),
            "separator",
            False,
        )
        for m in sorted(longest.values(), key=lambda m: m.start())
    ]
    edits += [
        (m.start(), m.end(), "", "separator", False) for m in _INLINE_EMOJI.finditer(source.text)
    ]
    return _apply(source, "separator", edits, out) if edits else source


def _dotted_end(text: str, m: re.Match[str], harm_words: frozenset[str]) -> int:
    """Where a dotted run ends: ``k.i.l.l.`` closes with the dot after its last letter, which
    is the spelling's, not a full stop (det47: the dot left behind cut the harm word off from
    its object). Only a run whose separators are all dots and which glues into a harm word
    takes that dot; ``U.S.A.`` and ``e.g.`` keep theirs."""
    end = m.end()
    if text[end : end + 1] != "." or set(_SEP_CHARS.findall(m.group(0))) != {"."}:
        return end
    return end + 1 if _SEP_CHARS.sub("", m.group(0)).lower() in harm_words else end


# One separator inside a word at a kanji (殺 す, 殺・す, 爆/破する, 殺\n す, 刺♡す): too short a
# run for the rule above (two letters, or a kanji before a glued kana run: 殺 したい). Glued
# only where the dictionary reads one word across the gap (``Lookup.joins``), so 東京 から,
# 田中 さん and 今日 は stay apart; sentence punctuation (、。!?) never joins.
# The gate drops every such gap (recall-first, no dictionary) with this same pattern, so the
# two readings cannot drift apart (det37's half-width ﾞ/ﾟ defect was such a drift).
_GAP_SEP = rf"(?:[ \n・･./|｜\-_~〜]|{_PICTOGRAPH}){{1,3}}"
WORD_GAP = re.compile(
    rf"(?<=[一-龯々])({_GAP_SEP})(?=[ぁ-ゖァ-ヺ一-龯])|(?<=[ぁ-ゖァ-ヺ])({_GAP_SEP})(?=[一-龯])"
)


def _word_gaps(source: Mapped, lookup: Lookup, out: list[Decoding]) -> Mapped:
    joins = lookup.joins
    text = source.text
    if joins is None or WORD_GAP.search(text) is None:
        return source
    edits = []
    for m in WORD_GAP.finditer(text):
        i, j = m.span()
        k = max(0, i - 5)  # joins_word reads five characters before the gap and four after
        if joins(text[k:i] + text[j : j + 4], i - k):
            edits.append((i, j, "", "separator-gap", False))
    return _apply(source, "separator", edits, out) if edits else source


def _stretched(source: Mapped, out: list[Decoding]) -> Mapped:
    edits = [(i, j, "", "stretch", False) for i, j in stretch_spans(source.text)]
    return _apply(source, "stretch", edits, out) if edits else source


def _is_katakana(ch: str) -> bool:
    return "\u30a1" <= ch <= "\u30fa" or ch == "ー"


def inside_katakana_run(text: str, i: int, j: int) -> bool:
    """Is ``text[i:j]`` part of a longer katakana run? A middle dot between katakana joins a
    compound loanword (シネ・リーブル, a cinema chain: not シネ said alone). A ``whole_run``
    spelling (シネ → 死ね) is read only outside one, by the decoded view and the gate alike."""
    before = i > 0 and (
        _is_katakana(text[i - 1]) or (text[i - 1] == "・" and i > 1 and _is_katakana(text[i - 2]))
    )
    after = j < len(text) and (
        _is_katakana(text[j])
        or (text[j] == "・" and j + 1 < len(text) and _is_katakana(text[j + 1]))
    )
    return before or after


def _visual(source: Mapped, rules: tuple[ContextRule, ...], out: list[Decoding]) -> Mapped:
    text, edits = source.text, []
    for rule in rules:
        if rule.source not in text:
            continue
        for m in re.finditer(re.escape(rule.source), text):
            i, j = m.start(), m.end()
            if not _context_ok(rule, text, i, j):
                continue
            if rule.whole_run and inside_katakana_run(text, i, j):
                continue
            target = rule.target
            if rule.fold_run:
                while j < len(text) and _is_katakana(text[j]) and text[j] != "ー":
                    target += chr(ord(text[j]) - 0x60)
                    j += 1
            edits.append((i, j, target, rule.id, rule.candidate))
    return _apply(source, "visual", edits, out) if edits else source


def _mixed_script(source: Mapped, out: list[Decoding]) -> Mapped:
    text = source.text
    edits = [
        (m.start(), m.end(), _unmixed(text, m.start(), m.group(0)), "mixed-script", False)
        for m in _LONE_KATAKANA.finditer(text)
    ]
    return _apply(source, "visual", edits, out) if edits else source


def _unmixed(text: str, i: int, ch: str) -> str:
    """The hiragana of a lone katakana; a lone シ before ね is the 死 of 死ね (部長シねよ:
    folded to し, Sudachi may read 長し as 長い and lose the curse)."""
    if ch == "シ" and text.startswith("ね", i + 1):
        return "死"
    return chr(ord(ch) - 0x60)


def _homophones(
    source: Mapped, rules: tuple[ContextRule, ...], lookup: Lookup, out: list[Decoding]
) -> Mapped:
    """誌ね, 氏んで, 殺巣: a kanji standing for its sound where a harm word needs that sound.

    The kanji's readings come from the dictionary (``lookup.readings``), so every
    same-reading substitute is caught, not a list of the ones seen so far; and it must be a
    word of its own there (``lookup.standalone``): 雑誌ね, 弁護士ね, 横浜市ね and the honorific
    of 田中氏ね are words, not disguises.
    """
    text, edits = source.text, []
    for i, ch in enumerate(text):
        if not is_kanji(ch):
            continue
        for rule in rules:
            if ch == rule.target or not _context_ok(rule, text, i, i + 1):
                continue
            if ch in rule.honorifics and _honorific(text, i, rule.not_names):
                continue  # 田中氏ね: "Mr Tanaka, ..." is far commoner than a disguise
            if rule.source in lookup.readings(ch) and lookup.standalone(text, i):
                edits.append((i, i + 1, rule.target, rule.id, rule.candidate))
                break
    return _apply(source, "visual", edits, out) if edits else source


def _honorific(text: str, i: int, not_names: tuple[str, ...] = ()) -> bool:
    """``text[i]`` follows a name and only ね follows it (田中氏ね, not 桜井氏んで, 氏ねよ).
    A word in ``not_names`` before it (全員氏ね) is no name, so no honorific either."""
    if any(text.endswith(word, 0, i) for word in not_names):
        return False
    after_name = i > 0 and _char_class(text[i - 1]) in ("kanji", "katakana")
    return after_name and text[i + 1 : i + 2] == "ね" and text[i + 2 : i + 3] not in ("よ", "や")


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
        digits = m.group(0).translate(_TO_ASCII)
        if digits != m.group(0) and (before in _KANJI_NUMBER_GLUE or text[j : j + 1] in "十百千万"):
            continue
        for rule in rules:
            if digits == rule.source and _context_ok(rule, text, i, j):
                edits.append((i, j, rule.target, rule.id, rule.candidate))
                break
    return _apply(source, "goroawase", edits, out) if edits else source


def _leet_word(word: str, leet: dict[str, str]) -> str | None:
    """``k1ll`` → ``kill``: only words that start and end with a letter, have at least three
    letters and a substitute inside them (mp3, 3D, win10, covid19 and 4649 are left alone).
    A word may also end in a run of ones after at least two letters (ki11, wi11: double l),
    which a version number (win10, ios17) does not."""
    letters = sum(ch.isalpha() for ch in word)
    double_l = len(word) >= 4 and word.endswith("11") and word[:-2].isalpha()
    if not double_l and (letters < 3 or not (word[0].isalpha() and word[-1].isalpha())):
        return None
    if not any(ch in leet for ch in word):
        return None
    chars = list(word)
    for k, ch in enumerate(word):
        if ch in leet:
            # A run of ones (or bars) is a run of l's (ki11); a lone one is an i (k1ll, k|ll).
            ones = ch in "1|" and ch in word[max(k - 1, 0) : k] + word[k + 1 : k + 2]
            chars[k] = "l" if ones else leet[ch]
    return "".join(chars).lower()


# A Latin word is tried as a squeezed harm word only when its doubling is no English
# spelling: a letter three times (kiiill), a doubled first letter (kkill), a doubled a, i or u
# (staab, kiill), or two doubled letters (kkiill; coffee and address are tried and are no
# harm word). One doubled letter elsewhere (kill, good, shoot, Gunn) is spelling.
_SQUEEZE_HINT = re.compile(
    r"([A-Za-z])\1\1|^([A-Za-z])\2|([aiuAIU])\3|([A-Za-z])\4[A-Za-z]*([A-Za-z])\5"
)
_DOUBLED = re.compile(r"([A-Za-z])\1+")
# A word of letters and leet digits, or a doubling :func:`_squeezed` tries, or (second,
# ``Tables.misspelt_hint``) a misspelt harm word: the gate's quick test, so most posts are
# not split into words at all.
_HARM_HINT = re.compile(HARM_HINT)
_MAX_CANDIDATES = 64


def _squeezed(word: str) -> list[str]:
    """``word`` with each run of a doubled letter as one or two letters (staaabb → stab,
    stabb, staab, staabb), the shortest change first; [] when its doubling is spelling."""
    if _SQUEEZE_HINT.search(word) is None:
        return []
    parts = re.split(r"(([A-Za-z])\2+)", word)
    # re.split with two groups: text, run, letter, text, run, letter, ...
    options: list[list[str]] = []
    for n in range(0, len(parts), 3):
        options.append([parts[n]])
        if n + 1 < len(parts):
            run, letter = parts[n + 1], parts[n + 2]
            options.append(list(dict.fromkeys((letter * 2, letter) if len(run) > 1 else (letter,))))
    out = [""]
    for choices in options:
        out = [o + c for o in out for c in choices][:_MAX_CANDIDATES]
    return out


def _unleeted(word: str, leet: tuple[tuple[str, str], ...]) -> list[str]:
    """``word`` with every digit or symbol read as a letter, a 1 or | as i or as l."""
    table = dict(leet)
    out = [""]
    for ch in word:
        choices = ["i", "l"] if ch in "1|" else [table.get(ch, ch)]
        out = [o + c for o in out for c in choices][:_MAX_CANDIDATES]
    return out


def _skeleton(word: str) -> str:
    """``word`` with every run of one letter as one letter (staaabb → stab, kill → kil)."""
    return _DOUBLED.sub(r"\1", word)


@cache
def _harm_shapes(words: frozenset[str]) -> tuple[frozenset[str], int]:
    """The skeletons of the harm words and the longest word's length: a word whose skeleton is none
    of these can be no harm word however it is squeezed, so nothing is enumerated for it (a
    crafted post of long doubled words cost a second a post in the det37 review)."""
    return frozenset(_skeleton(w) for w in words), max((len(w) for w in words), default=0)


def harm_reading(word: str, tables: Tables) -> str | None:
    """The harm word of ``tables`` a Latin word spells once its leet digits are read as
    letters (5h007 → shoot, b0m8 → bomb) or its drawn-out letters squeezed (kiiill → kill),
    or ``None``. A word needs a letter (4, 56 and 2024 are numbers) and must not be a harm
    word already; only a word that becomes one of the table's words is read."""
    if not tables.harm_words or not any("a" <= ch <= "z" for ch in word.lower()):
        return None
    lowered = word.lower()
    misspelt = tables.harm_misspelt.get(lowered)
    if misspelt is not None:
        return misspelt
    # det47: a capital I inside a lower-case word is a lookalike of l (kiII, kiIIing), which
    # lowercasing would read as i. Only a word that becomes a harm word is read.
    if "I" in word[1:] and any(ch.islower() for ch in word):
        lookalike = (word[0] + word[1:].replace("I", "l")).lower()
        if lookalike != lowered and lookalike in tables.harm_words:
            return lookalike
    if lowered in tables.harm_words or (
        lowered.isalpha() and _SQUEEZE_HINT.search(lowered) is None
    ):
        return None
    skeletons, longest = _harm_shapes(tables.harm_words)
    if len(lowered) > 4 * longest:
        return None  # no drawing-out or leet makes a harm word four times its length
    candidates = [lowered] if lowered.isalpha() else _unleeted(lowered, tables.harm_leet)
    for candidate in candidates:
        if candidate in tables.harm_words:
            return candidate
        if _skeleton(candidate) not in skeletons:
            continue
        for squeezed in _squeezed(candidate):
            if squeezed in tables.harm_words:
                return squeezed
    return None


def read_harm_spellings(text: str, tables: Tables) -> str:
    """``text`` with every Latin word :func:`harm_reading` reads replaced by its harm word
    (lowercase; no offsets kept) — the gate's reading of what the decoded view reads. An
    inflection is replaced by its verb (k1lling → kill, where the view reads killing): the
    verb is a gate anchor and the form need not be, so a disguised form passes the gate
    whatever its ending."""
    if _HARM_HINT.search(text) is None and (
        tables.misspelt_hint is None or tables.misspelt_hint.search(text) is None
    ):
        return text

    def read(word: re.Match[str]) -> str:
        harm = harm_reading(word.group(0), tables)
        return word.group(0) if harm is None else tables.harm_verbs.get(harm, harm)

    return _WORD.sub(read, text)


def _romaji_post(text: str) -> bool:
    """A post written in Japanese with Latin letters (``korosu zo omae``): three or more
    words, every one of them a whole Hepburn/kunrei parse. English sentences almost never
    parse whole ("I am a boy" does not); the romaji reading still needs its usual length
    and the English-word list."""
    words = _WORD.findall(text)
    if len(words) < 3 or not all(w.isalpha() and w.isascii() for w in words):
        return False
    return all(romaji_to_hiragana(w.lower()) is not None for w in words)


_KINDS = {
    "leet": "leet",
    "leet-harm": "leet",
    "stretch-latin": "stretch",
    "misspelt-harm": "spelling",
    "sms": "spelling",
}


def _latin(
    source: Mapped, tables: Tables, japanese: bool, romaji_post: bool, out: list[Decoding]
) -> Mapped:
    text, edits = source.text, []
    joined = [(d.start, d.end) for d in out if d.kind == "separator"]
    for m in _WORD.finditer(text):
        i, j = m.start(), m.end()
        word = m.group(0)
        plain = _leet_word(word, tables.leet)
        harm = harm_reading(word, tables) if plain is None else None
        if harm is not None:
            kind = "leet-harm" if not word.isalpha() else "stretch-latin"
            if word.lower() in tables.harm_misspelt:
                kind = "misspelt-harm"
            edits.append((i, j, harm, kind, False))
            continue
        # det41: SMS spellings of the words a threat's frame is made of (gona, wil, nxt, tmrw).
        sms = tables.sms_words.get(word.lower()) if plain is None else None
        if sms is not None:
            edits.append((i, j, sms, "sms", False))
            continue
        if plain is None and not word.isalpha():
            continue
        start, end = source.span(i, j)
        coded = plain is not None or any(s < end and start < e for s, e in joined)
        kana = None
        candidate = (plain or word).lower()
        # A post that parses whole as romaji is Japanese in Latin letters: its short words
        # (omae, ie, no) are read too, or the harm word would have no person or place beside it.
        min_length = _MIN_POST_ROMAJI if romaji_post else tables.romaji_min_length
        if (coded and len(candidate) >= _MIN_CODED_ROMAJI) or (
            japanese and len(candidate) >= min_length and candidate not in tables.english_words
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
        Decoding(_KINDS.get(d.id, "romaji"), d.id, d.start, d.end, d.source, d.target)
        for d in decoded
    )
    return view


def decode(
    normalized: Mapped, tables: Tables, lookup: Lookup
) -> tuple[Mapped, tuple[Decoding, ...], tuple[tuple[int, int], ...]]:
    """The decoded view of ``normalized``, what was decoded, and the wildcard spans.

    ``lookup`` answers dictionary questions for the homophone step (the package's Sudachi
    dictionary in :func:`kizashi.text.views`).
    """
    found: list[Decoding] = []
    wildcards: list[tuple[int, int]] = []
    kana_or_kanji = any(is_kana(ch) or is_kanji(ch) for ch in normalized.text)
    romaji_post = not kana_or_kanji and _romaji_post(normalized.text)
    japanese = kana_or_kanji or romaji_post
    # Recorded as "visual": the pictograph is read for what it looks like.
    view = _visual(normalized, tables.emoji_verbs, found)
    view = _stretched(view, found)
    view = _separators(view, found, tables.harm_words)
    view = _word_gaps(view, lookup, found)
    view = _mixed_script(view, found)
    view = _visual(view, tables.visual, found)
    view = _homophones(view, tables.homophones, lookup, found)
    view = _masks(view, tables, found, wildcards)
    view = _goroawase(view, tables.goroawase, found)
    view = _latin(view, tables, japanese, romaji_post, found)
    return view, tuple(found), tuple(wildcards)
