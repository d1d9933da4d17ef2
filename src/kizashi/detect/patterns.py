"""Token patterns: the small language rules and guards are written in.

A pattern is a sequence of token matchers. A matcher tests one token on any of

    surface / lemma / reading / base   one string or a list (Latin compared case-insensitively);
           ``lemma`` is Sudachi's normalised form or, failing that, the dictionary form as
           written (人混み is normalised to 人込み, 元カレ to 元彼)
    verb   verbs in dictionary form (殺す, 刺す, 仕留める, ころす): the token's normalised
           form is one of them, or its surface is one of their conjugated stems — Sudachi
           reads Kansai 殺したる as the noun 殺し + たる, しばいたる as 芝居 + たる, so the
           stems (殺さ 殺し 殺せ 殺そ 殺っ, 仕留め) are matched as written
    pos    part-of-speech prefix, levels joined by "-" ("動詞", "名詞-固有名詞")
    form   conjugation-form prefix (the last POS level: "命令形", "未然形")
    number {min, max}: a numeral whose Sudachi normalised value is in range (5万 = 50000)
    decoded  true: the token must come from a decoding (56す, 〇す, k0rosu); false: must not
    regex  a regular expression the whole surface must match
    end    true: the token ends its clause — nothing follows it, or punctuation, a symbol or
           a space does (明日お前を殺す。, 殺す、 — the plain form said, not 殺すと書いた)
    final  true: the token ends a sentence — nothing follows it, or punctuation or a symbol
           does, never a space alone: for English, whose words are all spaced, "will be his
           last." and "… his last" at the end, not "his last speech" (pass 11)

A ``surface`` entry of several words ("not okay", "i am") matches that many tokens in a row,
each compared as one word (case-insensitively), when the pattern is compiled with
``phrases=True`` (guards are; rules are not yet: their multi-word entries still compare
against one token and so never match, as before). Such a matcher may carry no key but
``surface``, ``optional`` and ``anchor``.

and three structural keys: ``gap: N`` (up to N tokens of anything), ``optional: true``, and
``anchor`` (true: this matcher's words are what the cascade's gate looks for; a string or a
list: those literals instead, for a matcher whose words are too common; default: the first
required matcher with words — never a context slot such as the object of a verb).
Every key present must hold; lists are alternatives (a list may hold lists: YAML aliases of
word lists, flattened).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from kizashi.text import Token

__all__ = [
    "MATCHER_KEYS",
    "Matcher",
    "Pattern",
    "TokenIndex",
    "anchor_of",
    "compile_pattern",
    "conjugated_stems",
    "ends_clause",
    "find_all",
]

MATCHER_KEYS = frozenset(
    {
        "surface",
        "lemma",
        "reading",
        "base",
        "pos",
        "form",
        "number",
        "decoded",
        "regex",
        "gap",
        "optional",
        "verb",
        "anchor",
        "end",
        "final",
    }
)


@dataclass(frozen=True)
class Matcher:
    surface: frozenset[str] | None = None
    lemma: frozenset[str] | None = None
    reading: frozenset[str] | None = None
    base: frozenset[str] | None = None
    pos: tuple[str, ...] = ()
    form: tuple[str, ...] = ()
    number: tuple[float, float] | None = None
    decoded: bool | None = None
    regex: re.Pattern[str] | None = None
    gap: int = 0
    optional: bool = False
    verb: frozenset[str] | None = None  # dictionary forms
    verb_forms: frozenset[str] = frozenset()  # their conjugated stems, as written
    anchor: bool = False
    # Literals the gate looks for instead of the matcher's own words, when those are too
    # common to filter anything (生きて帰 for 生きる, "your back" for watch).
    anchor_words: frozenset[str] = frozenset()
    # Multi-word surface entries, as word sequences ("not okay" -> ("not", "okay")).
    phrases: tuple[tuple[str, ...], ...] = ()
    end: bool = False  # the token must end its clause (:func:`ends_clause`)
    final: bool = False  # the token must end its sentence (:func:`ends_sentence`)

    def gate_words(self) -> frozenset[str]:
        return self.anchor_words or self.words()

    def words(self) -> frozenset[str]:
        """Every literal word this matcher can require (for the gate and the prefilter)."""
        found: set[str] = set()
        for values in (self.surface, self.lemma, self.base, self.reading, self.verb):
            found |= values or set()
        found |= {" ".join(p) for p in self.phrases}
        return frozenset(found | self.verb_forms)

    def starts(self, token: Token) -> bool:
        """Whether a match of this matcher can begin at ``token``."""
        return self.test(token) or any(p[0] == token.lower for p in self.phrases)

    def ends(self, tokens: Sequence[Token], i: int) -> list[int]:
        """End indices of this (non-gap) matcher's matches starting at ``tokens[i]``."""
        out = [i + 1] if i < len(tokens) and self.test(tokens[i]) else []
        for phrase in self.phrases:
            j = i + len(phrase)
            if j <= len(tokens) and all(tokens[i + n].lower == w for n, w in enumerate(phrase)):
                out.append(j)
        return out

    def test(self, token: Token) -> bool:
        if self.surface is not None and token.lower not in self.surface:
            return False
        if self.verb is not None and not (
            token.lemma in self.verb or token.base in self.verb or token.lower in self.verb_forms
        ):
            return False
        # A word is written in a lexicon as people write it (人混み, 元カレ, 子ども), while
        # Sudachi's normalised form may be another spelling (人込み, 元彼, 子供): either counts.
        if (
            self.lemma is not None
            and token.lemma.lower() not in self.lemma
            and token.base.lower() not in self.lemma
        ):
            return False
        if self.reading is not None and token.reading not in self.reading:
            return False
        if self.base is not None and token.base.lower() not in self.base:
            return False
        if self.pos and not "-".join(token.pos).startswith(self.pos):
            return False
        if self.form and not token.pos[-1].startswith(self.form):
            return False
        if self.decoded is not None and bool(token.decoded) != self.decoded:
            return False
        if self.regex is not None and not self.regex.fullmatch(token.surface):
            return False
        return self.number is None or _in_range(token, self.number)


Pattern = tuple[Matcher, ...]

_CLOSERS = ("補助記号", "記号", "空白")


def ends_sentence(tokens: Sequence[Token], i: int) -> bool:
    """Whether ``tokens[i]`` is the last token, or punctuation or a symbol follows it (a
    space alone does not end an English sentence)."""
    if i + 1 >= len(tokens):
        return True
    return tokens[i + 1].pos[0] in _CLOSERS[:2]


def ends_clause(tokens: Sequence[Token], i: int) -> bool:
    """Whether ``tokens[i]`` ends its clause: it is the last token, or the next one is
    punctuation, a symbol or a space, or a space the view dropped lies between them."""
    if i + 1 >= len(tokens):
        return True
    after = tokens[i + 1]
    return after.pos[0] in _CLOSERS or after.start > tokens[i].end


def _in_range(token: Token, bounds: tuple[float, float]) -> bool:
    if token.pos[:2] != ("名詞", "数詞"):
        return False
    try:
        value = float(token.lemma.replace(",", ""))
    except ValueError:
        return False
    return bounds[0] <= value <= bounds[1]


# Godan endings and the kana of their rows: a, i, e, o stems plus the euphonic stem.
_GODAN = {
    "う": "わいえおっ", "く": "かきけこい", "ぐ": "がぎげごい", "す": "さしせそし",
    "つ": "たちてとっ", "ぬ": "なにねのん", "ぶ": "ばびべぼん", "む": "まみめもん",
    "る": "らりれろっ",
}  # fmt: skip


def conjugated_stems(verb: str) -> frozenset[str]:
    """Written stems of a verb in dictionary form: 殺す → 殺さ 殺し 殺せ 殺そ; 仕留める →
    仕留め (an -eru/-iru verb is treated as ichidan too, since its stem is what Sudachi
    leaves when it misreads a dialect ending). する verbs (始末する) give the noun (始末)."""
    if verb.endswith("する"):
        return frozenset({verb[:-2]})
    stems: set[str] = set()
    head, last = verb[:-1], verb[-1:]
    if last in _GODAN:
        stems |= {head + kana for kana in _GODAN[last]}
    if last == "る" and len(verb) >= 2:
        stems.add(head)  # ichidan stem: 仕留め, 見せ
    return frozenset(s for s in stems if len(s) >= 2)


def _strings(value: Any, where: str, key: str) -> frozenset[str]:
    values = value if isinstance(value, list) else [value]
    # A list may hold lists (YAML aliases of word lists: verb: [*kill, *harm, 燃やす]).
    values = [v for item in values for v in (item if isinstance(item, list) else [item])]
    if not values or not all(isinstance(v, str) and v for v in values):
        raise ValueError(f"{where}: '{key}' must be a string or a list of strings")
    return frozenset(v.lower() for v in values)


_PHRASE_KEYS = frozenset({"surface", "optional", "anchor"})  # "end" is for single tokens


def _matcher(spec: Any, where: str, phrases: bool = False) -> Matcher:
    if not isinstance(spec, dict) or not spec:
        raise ValueError(f"{where}: a token matcher must be a non-empty mapping")
    unknown = sorted(set(spec) - MATCHER_KEYS)
    if unknown:
        raise ValueError(f"{where}: unknown matcher keys {unknown}")
    if "gap" in spec:
        gap = spec["gap"]
        if len(spec) != 1 or not isinstance(gap, int) or gap < 1:
            raise ValueError(f"{where}: 'gap' stands alone and is a positive integer")
        return Matcher(gap=gap)
    number = spec.get("number")
    bounds = None
    if number is not None:
        if not isinstance(number, dict) or set(number) - {"min", "max"}:
            raise ValueError(f"{where}: 'number' takes min and/or max")
        bounds = (float(number.get("min", float("-inf"))), float(number.get("max", float("inf"))))

    def words(key: str) -> frozenset[str] | None:
        return _strings(spec[key], where, key) if key in spec else None

    try:
        regex = re.compile(spec["regex"]) if "regex" in spec else None
    except re.error as exc:
        raise ValueError(f"{where}: bad regex: {exc}") from None
    verbs = words("verb")
    stems = frozenset(x for v in verbs or () for x in conjugated_stems(v))
    surface = words("surface")
    sequences: tuple[tuple[str, ...], ...] = ()
    if phrases and surface is not None and any(len(w.split()) > 1 for w in surface):
        if set(spec) - _PHRASE_KEYS:
            raise ValueError(
                f"{where}: a multi-word 'surface' entry allows no other keys than "
                f"{', '.join(sorted(_PHRASE_KEYS))}"
            )
        # Kept whole in ``surface`` too: Sudachi holds some as one token ("bus stop").
        sequences = tuple(sorted(tuple(w.split()) for w in surface if len(w.split()) > 1))
    anchor = spec.get("anchor", False)
    literals: frozenset[str] = frozenset()
    if not isinstance(anchor, bool):
        literals = _strings(anchor, where, "anchor")
    return Matcher(
        verb=verbs,
        verb_forms=stems,
        anchor=anchor is not False,
        anchor_words=literals,
        surface=surface,
        phrases=sequences,
        lemma=words("lemma"),
        reading=words("reading"),
        base=words("base"),
        pos=tuple(sorted(_strings(spec["pos"], where, "pos"))) if "pos" in spec else (),
        form=tuple(sorted(_strings(spec["form"], where, "form"))) if "form" in spec else (),
        number=bounds,
        decoded=spec.get("decoded"),
        regex=regex,
        optional=bool(spec.get("optional", False)),
        end=_flag(spec, "end", where),
        final=_flag(spec, "final", where),
    )


def _flag(spec: dict[str, Any], key: str, where: str) -> bool:
    value = spec.get(key, False)
    if not isinstance(value, bool):
        raise ValueError(f"{where}: '{key}' is true or false")
    return value


def compile_pattern(spec: Any, where: str, *, phrases: bool = False) -> Pattern:
    """A pattern from YAML: a list of matchers, or one matcher as shorthand. ``phrases``:
    multi-word ``surface`` entries match as token sequences (see the module docstring)."""
    items = spec if isinstance(spec, list) else [spec]
    pattern = tuple(_matcher(item, f"{where}[{n}]", phrases) for n, item in enumerate(items))
    if all(m.gap or m.optional for m in pattern):
        raise ValueError(f"{where}: a pattern needs at least one required token")
    return pattern


def _match_at(pattern: Pattern, tokens: Sequence[Token], k: int, i: int) -> int | None:
    """End index of a match of ``pattern[k:]`` starting at token ``i``, else None."""
    if k == len(pattern):
        return i
    matcher = pattern[k]
    if matcher.gap:
        for skip in range(matcher.gap + 1):
            if i + skip > len(tokens):
                break
            end = _match_at(pattern, tokens, k + 1, i + skip)
            if end is not None:
                return end
        return None
    if not matcher.phrases:  # the common case, kept free of the phrase bookkeeping
        if (
            i < len(tokens)
            and matcher.test(tokens[i])
            and (not matcher.end or ends_clause(tokens, i))
            and (not matcher.final or ends_sentence(tokens, i))
        ):
            end = _match_at(pattern, tokens, k + 1, i + 1)
            if end is not None:
                return end
    else:
        for j in matcher.ends(tokens, i):
            end = _match_at(pattern, tokens, k + 1, j)
            if end is not None:
                return end
    return _match_at(pattern, tokens, k + 1, i) if matcher.optional else None


@dataclass(frozen=True)
class TokenIndex:
    """The words present in a token list, to rule out most patterns without scanning."""

    lower: frozenset[str]
    lemma: frozenset[str]
    reading: frozenset[str]
    base: frozenset[str]
    # `find_all`'s answers for this token list, by pattern's id: a rule's requirements and
    # guards were searched again for every hit, so a long post of one repeated threat cost
    # hits x tokens (10 kB of お前を殺す。: 5.7 CPU-s)
    found: dict[int, tuple[Pattern, tuple[tuple[int, int], ...]]] = field(
        default_factory=dict, compare=False, repr=False
    )
    shapes: dict[int, tuple[tuple[int, ...], int]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @classmethod
    def of(cls, tokens: Sequence[Token]) -> TokenIndex:
        return cls(
            frozenset(t.lower for t in tokens),
            frozenset(t.lemma.lower() for t in tokens),
            frozenset(t.reading for t in tokens),
            frozenset(t.base.lower() for t in tokens),
        )

    def may_match(self, pattern: Pattern) -> bool:
        """False when some required matcher wants a word the text does not contain."""
        for m in pattern:
            if m.gap or m.optional:
                continue
            if m.verb is not None and (
                m.verb.isdisjoint(self.lemma)
                and m.verb.isdisjoint(self.base)
                and m.verb_forms.isdisjoint(self.lower)
            ):
                return False
            if (
                (
                    m.surface is not None
                    and m.surface.isdisjoint(self.lower)
                    and not any(self.lower.issuperset(p) for p in m.phrases)
                )
                or (
                    m.lemma is not None
                    and m.lemma.isdisjoint(self.lemma)
                    and m.lemma.isdisjoint(self.base)
                )
                or (m.reading is not None and m.reading.isdisjoint(self.reading))
                or (m.base is not None and m.base.isdisjoint(self.base))
            ):
                return False
        return True


def find_all(
    pattern: Pattern, tokens: Sequence[Token], index: TokenIndex | None = None
) -> Sequence[tuple[int, int]]:
    """Token index ranges ``[i, j)`` where ``pattern`` matches (leftmost per start); with an
    index (built from these tokens), a pattern that can match is searched once."""
    if index is None:
        return _find_all(pattern, tokens)
    known = index.found.get(id(pattern))
    if known is not None:
        return known[1]
    if not index.may_match(pattern):
        return ()  # the common case: a set look-up, nothing kept
    matches = tuple(_find_all(pattern, tokens))
    # the pattern kept beside its matches: no other pattern can take its id while the index lives
    index.found[id(pattern)] = (pattern, matches)
    return matches


def any_near(
    pattern: Pattern, tokens: Sequence[Token], index: TokenIndex, lo: int, hi: int
) -> bool:
    """Whether some match ``[a, b)`` of ``pattern`` has a < hi and b > lo, found by bisection
    over the matches' starts (a rule's requirement within a window of its hit)."""
    matches = find_all(pattern, tokens, index)
    if not matches:
        return False
    shape = index.shapes.get(id(pattern))
    if shape is None:  # the starts in order and the longest match, once a pattern
        shape = index.shapes[id(pattern)] = (
            tuple(a for a, _ in matches),
            max(b - a for a, b in matches),
        )
    starts, longest = shape
    k = bisect_left(starts, hi)  # the matches that start before hi
    # one starting at lo or after ends after it; an earlier one only if it is long enough
    while k > 0 and starts[k - 1] > lo - longest:
        k -= 1
        if matches[k][1] > lo:
            return True
    return False


def _find_all(pattern: Pattern, tokens: Sequence[Token]) -> list[tuple[int, int]]:
    first = next(m for m in pattern if not (m.gap or m.optional))
    found = []
    for i, token in enumerate(tokens):
        # Cheap prefilter: most tokens cannot start a match of a pattern that begins with a
        # required matcher.
        if pattern[0] is first and not first.starts(token):
            continue
        end = _match_at(pattern, tokens, 0, i)
        if end is not None and end > i:
            found.append((i, end))
    return found


def anchor_of(pattern: Pattern) -> Matcher | None:
    """The matcher a text must satisfy for ``pattern`` to match, chosen for the gate: the one
    marked ``anchor``, else the first required matcher with words. None: no literal word."""
    marked = [m for m in pattern if m.anchor]
    if marked:
        return marked[0]
    return next((m for m in pattern if not (m.gap or m.optional) and m.words()), None)
