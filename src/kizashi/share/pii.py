"""Japanese (and English) personal-data recogniser for tear-lines.

Finds names, addresses, phone numbers, e-mail addresses, My Number-like ids, account
handles, vehicle plate numbers, postal codes, dates of birth and ages in free text, each as
a :class:`Finding` with the span of ORIGINAL characters, its kind and the recogniser that
found it (so the approver sees why each piece was taken out).

How: a character-wise NFKC copy of the text (full-width digits and letters folded, one
character for one, so spans stay exact) is searched with patterns for the structured kinds;
names come from Sudachi's part of speech (名詞,固有名詞,人名,姓|名), from the shipped
tables of surnames and given names (``pii_tables.json``, built by ``pii_tables.py``),
from katakana and romaji readings of listed surnames, and from context (an honorific or
title after a word, a label such as 氏名： before it); addresses start at a prefecture or a
listed municipality and run to the last block or room number. docs/share.md reports how
well this does on a held-out set.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from kizashi.share.pii_context import (
    STOP_KANJI,
    context_names,
    everywhere,
    kana_pairs,
    kana_surnames,
)
from kizashi.share.pii_tables import TABLES_FILE
from kizashi.text import Mapped, Token, tokenize

KINDS = (
    "person",
    "address",
    "phone",
    "email",
    "my_number",
    "account",
    "plate",
    "postal_code",
    "birth_date",
    "age",
)


@dataclass(frozen=True, slots=True)
class Finding:
    start: int
    end: int
    kind: str
    rule: str
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "kind": self.kind, "rule": self.rule}


@dataclass(frozen=True)
class Tables:
    surnames: frozenset[str]
    surname_readings: frozenset[str]
    surname_romaji: frozenset[str]
    given: frozenset[str]
    given_readings: frozenset[str]
    prefectures: tuple[str, ...]
    municipalities: tuple[str, ...]


@cache
def tables() -> Tables:
    data = json.loads(TABLES_FILE.read_text("utf-8"))
    return Tables(
        frozenset(data["surnames"]),
        frozenset(data["surname_readings"]),
        frozenset(data["surname_romaji"]),
        frozenset(data["given"]),
        frozenset(data["given_readings"]),
        tuple(data["prefectures"]),
        tuple(data["municipalities"]),
    )


def fold(text: str) -> str:
    """NFKC character by character, keeping length (a character that would expand stays)."""
    out = []
    for ch in text:
        n = unicodedata.normalize("NFKC", ch)
        out.append(n if len(n) == 1 else ch)
    return "".join(out)


_DASH = r"[-‐‑–—―−ー－]"
_PATTERNS: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    ("email", "PII-EMAIL", re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")),
    (
        "account",
        "PII-URL-ACCOUNT",
        re.compile(
            r"https?://(?:www\.)?(?:x|twitter|instagram|tiktok|facebook|threads|line|t)\.(?:com|me|net)"
            r"/[A-Za-z0-9_.@/\-]+"
        ),
    ),
    (
        "account",
        "PII-HANDLE",
        re.compile(r"(?<![A-Za-z0-9._%+\-])@[A-Za-z0-9_][A-Za-z0-9_.]{1,29}"),
    ),
    ("postal_code", "PII-POSTAL", re.compile(r"〒[ \u3000]?\d{3}" + _DASH + r"?\d{4}")),
    ("my_number", "PII-MYNUMBER", re.compile(r"(?<!\d)\d{4}[ \-]?\d{4}[ \-]?\d{4}(?!\d)")),
    (
        "phone",
        "PII-PHONE",
        re.compile(
            r"(?<![\d\-])(?:\+81[ \-]?\(?0?\)?\d{1,4}|0\d{1,4}|\(0\d{1,4}\))"
            r"[ \-‐－−(（)）]?\d{1,4}[ \-‐－−)）]?\d{3,4}(?![\d\-])"
        ),
    ),
    (
        "plate",
        "PII-PLATE",
        re.compile(
            r"[一-龥]{1,4}[ \u3000]?\d{2,3}[ \u3000]?[あ-んア-ン][ \u3000]?(?:\d{1,2}"
            + _DASH
            + r"\d{2}|\d{4}|・{1,3}\d{1,3})"
        ),
    ),
    (
        "birth_date",
        "PII-BIRTH",
        re.compile(
            r"(?:生年月日|生まれ|誕生日|born|DOB|date of birth)[ \u3000:：は]*"
            r"(?:(?:昭和|平成|令和)\d{1,2}年\d{1,2}月\d{1,2}日|\d{4}[年/\-.]\d{1,2}[月/\-.]\d{1,2}日?"
            r"|\d{1,2} [A-Z][a-z]+ \d{4}|[A-Z][a-z]+ \d{1,2},? \d{4})",
            re.IGNORECASE,
        ),
    ),
)
_AGE = re.compile(
    r"[（(][ \u3000]?\d{1,3}[ \u3000]?(?:歳|才)?[ \u3000]?[)）]|\d{1,3}(?:歳|才)|aged \d{1,3}"
)
_HONORIFIC = re.compile(
    r"[ \u3000]?(?:さん|様|さま|氏|君|くん|ちゃん|容疑者|被疑者|被害者|巡査部長|巡査長|巡査|警部補|警部|"
    r"警視|課長|係長|主任|部長|社長|店長|代表|弁護士)"
)
_LABEL = re.compile(
    r"(?:氏名|名前|お名前|契約者|借主|賃借人|申込者|保証人|連帯保証人|担当者?|通報者|情報提供者|"
    r"協力者|投稿者|名義人|本名|偽名|通称|自称|Name|name|Tenant|tenant|Contact|contact)[ \u3000]?[:：は]?[ \u3000]?"
)
_NAME_CHARS = r"[一-龥々〆ヵヶ]"
_KATA_WORD = re.compile(r"[ァ-ヶー]{2,8}")
# A lookahead, so that "Tenant Kenji Watanabe" is tried at every word, not in pairs.
_ROMAJI = re.compile(r"(?=\b([A-Z][a-z]{1,14})[ \u3000]([A-Z][a-z]{1,14}|[A-Z]{2,15})\b)")
_ADDRESS_TAIL = re.compile(
    # a town's name may hold hiragana before its last kanji or its chome (みどり台,
    # 長津田みなみ台, みずき三丁目)
    r"(?:[一-龥ァ-ヶーヵヶ々0-9" + r"\-‐－−ー丁目番地号の]|[ぁ-ん]{1,5}"
    r"(?=[台町丘野原平坂浜里園森沢川山田谷]|[一二三四五六七八九十]+丁目))*?"
    r"(?:\d+(?:" + _DASH + r"\d+){0,3}(?:号室|号|番地?|丁目)?|[一-龥]+丁目|[一-龥]+町)"
    # the block and house numbers after a kanji 丁目 (南大塚三丁目18番2号): all of them
    r"(?:\d+(?:" + _DASH + r"\d+){0,3}(?:号室|号|番地?)?)*"
    r"(?:[ \u3000]?[ァ-ヶー一-龥A-Za-z]{2,20}[ \u3000]?\d{1,4}(?:号室|番区画|区画|号棟)?)?"
)


def _structured(folded: str) -> list[Finding]:
    found = []
    for kind, rule, pattern in _PATTERNS:
        for m in pattern.finditer(folded):
            digits = sum(c.isdigit() for c in m.group())
            if kind == "phone" and not 10 <= digits <= 12:
                continue
            found.append(Finding(m.start(), m.end(), kind, rule, m.group()))
    return found


@cache
def _place_pattern() -> re.Pattern[str]:
    t = tables()
    places = sorted({*t.prefectures, *t.municipalities}, key=len, reverse=True)
    return re.compile("(?:" + "|".join(map(re.escape, places)) + ")+")


def _addresses(folded: str) -> list[Finding]:
    found = []
    for m in _place_pattern().finditer(folded):
        tail = _ADDRESS_TAIL.match(folded, m.end())
        end = tail.end() if tail and tail.end() > m.end() else m.end()
        if end == m.end() and not _followed_by_town(folded, end):
            continue  # a place name alone (足立区では) is not an address
        found.append(Finding(m.start(), end, "address", "PII-ADDRESS", folded[m.start() : end]))
    return found


def _followed_by_town(folded: str, i: int) -> bool:
    return bool(re.match(r"[一-龥]{1,6}(?:\d|丁目|町)", folded[i : i + 10]))


def _names(folded: str, tokens: Sequence[Token]) -> list[Finding]:
    t = tables()
    found: list[Finding] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.pos[:3] == ("名詞", "固有名詞", "人名"):
            j = i
            while j + 1 < len(tokens) and tokens[j + 1].pos[:3] == ("名詞", "固有名詞", "人名"):
                if tokens[j + 1].start - tokens[j].end > 1:
                    break
                j += 1
            span = (tok.start, tokens[j].end)
            # A lone given name or surname that is also an ordinary word needs support.
            if j > i or _supported(folded, span, t) or tok.surface in t.surnames:
                found.append(Finding(*span, "person", "PII-NAME-SUDACHI", folded[slice(*span)]))
            i = j + 1
            continue
        i += 1
    for m in re.finditer(_NAME_CHARS + "{1,4}[ \u3000]?" + _NAME_CHARS + "{1,4}", folded):
        text = m.group().replace(" ", "").replace("\u3000", "")
        for cut in range(1, len(text)):
            if text[:cut] in t.surnames and text[cut:] in t.given:
                found.append(Finding(m.start(), m.end(), "person", "PII-NAME-TABLE", m.group()))
                break
    for m in re.finditer(_NAME_CHARS + "{1,3}(?=" + _HONORIFIC.pattern + ")", folded):
        if m.group() in STOP_KANJI:  # 奥さん, 皆さん: words, though 奥 and 皆 are surnames too
            continue
        if m.group() in t.surnames or m.group()[:2] in t.surnames:
            found.append(Finding(m.start(), m.end(), "person", "PII-NAME-HONORIFIC", m.group()))
    for m in re.finditer(r"([ァ-ヶー]{2,8})[ \u3000・]([ァ-ヶー]{2,8})", folded):
        if m.group(1) in t.surname_readings or m.group(2) in t.given_readings:
            found.append(Finding(m.start(), m.end(), "person", "PII-NAME-KANA", m.group()))
    for m in _ROMAJI.finditer(folded):
        a, b = m.group(1).lower(), m.group(2).lower()
        if _romaji_surname(a, t) or _romaji_surname(b, t):
            s, e = m.start(1), m.end(2)
            found.append(Finding(s, e, "person", "PII-NAME-ROMAJI", folded[s:e]))
    for m in _LABEL.finditer(folded):
        rest = re.match(
            r"(?:" + _NAME_CHARS + r"{1,4}[ \u3000]?" + _NAME_CHARS + r"{0,4}|[ァ-ヶー]{2,8}"
            r"(?:[ \u3000][ァ-ヶー]{2,8})?)",
            folded[m.end() :],
        )
        if rest and rest.group():
            s, e = m.end(), m.end() + len(rest.group().rstrip())
            found.append(Finding(s, e, "person", "PII-NAME-LABEL", folded[s:e]))
    return found


def _romaji_surname(word: str, t: Tables) -> bool:
    return _long_vowels_folded(word) in _romaji_index(t.surname_romaji)


def _long_vowels_folded(word: str) -> str:
    # The table spells long vowels out (satou); texts write sato, satoh, satō.
    for long, short in (("ou", "o"), ("oo", "o"), ("oh", "o"), ("uu", "u"), ("ō", "o"), ("ū", "u")):
        word = word.replace(long, short)
    return word


@cache
def _romaji_index(names: frozenset[str]) -> frozenset[str]:
    return frozenset(_long_vowels_folded(n) for n in names)


def _supported(folded: str, span: tuple[int, int], t: Tables) -> bool:
    after = folded[span[1] : span[1] + 8]
    before = folded[max(0, span[0] - 12) : span[0]]
    return (
        bool(_HONORIFIC.match(after))
        or bool(_LABEL.search(before))
        or bool(re.match(r"[（(]\d", after))
    )


def _ages(folded: str, people: Iterable[Finding]) -> list[Finding]:
    ends = {p.end for p in people}
    found = []
    for m in _AGE.finditer(folded):
        near_name = any(0 <= m.start() - e <= 2 for e in ends)
        if near_name or m.group().startswith(("(", "（")) is False:
            found.append(Finding(m.start(), m.end(), "age", "PII-AGE", m.group()))
    return found


def find_personal_data(text: str) -> list[Finding]:
    """Every personal-data span in `text`, overlaps merged (the longer, earlier wins)."""
    folded = fold(text)
    found = _structured(folded) + _addresses(folded)
    tokens = tokenize(Mapped.identity(folded))
    people = _names(folded, tokens)
    spans = context_names(folded, tokens) + kana_surnames(folded, tables().surnames)
    spans += kana_pairs(folded, {p.end for p in people} | {e for _, e, _ in spans})
    people += [Finding(s, e, "person", rule, folded[s:e]) for s, e, rule in spans]
    again = everywhere(folded, [p.text for p in people if p.rule != "PII-NAME-ROMAJI"])
    people += [Finding(s, e, "person", rule, folded[s:e]) for s, e, rule in again]
    found += people + _ages(folded, people)
    return merge(found, text)


def merge(found: Iterable[Finding], text: str) -> list[Finding]:
    """Overlapping findings become one (kind of the longest; an address absorbs a name)."""
    ordered = sorted(found, key=lambda f: (f.start, -(f.end - f.start)))
    out: list[Finding] = []
    for f in ordered:
        if out and f.start < out[-1].end:
            last = out[-1]
            if f.end > last.end:
                kind = last.kind if (last.end - last.start) >= (f.end - f.start) else f.kind
                rule = last.rule if kind == last.kind else f.rule
                out[-1] = Finding(last.start, f.end, kind, rule, text[last.start : f.end])
            continue
        out.append(Finding(f.start, f.end, f.kind, f.rule, text[f.start : f.end]))
    return out
