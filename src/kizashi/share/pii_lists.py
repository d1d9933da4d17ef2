"""Names beside names, and a writer's own name after a greeting (twelfth round; developed on
the spent AA–AB's listed misses, the brief's leads and ordinary text, never on the held-out
AC–AD). :mod:`kizashi.share.pii` calls :func:`list_partners` once the other rules have run
and :func:`greeted_self` with them.

A rota or a roster joins people with ・, 、 or ／ and no role before each (第2週 尾西・蒲公英さん,
第1週 喜安・ウッド): once one of the pair is a name found by another rule, the word on the other
side of the joiner is one of the same list. A neighbour's message opens with a greeting and
the writer's own name (こんばんは。珠江です。).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from kizashi.share.pii_base import tables
from kizashi.share.pii_context import KANJI, STOP_KANJI, STOP_KATA
from kizashi.text import word_pos

Span3 = tuple[int, int, str]
Span4 = tuple[int, int, str, str]

_K = f"[{KANJI}]"
KANJI_RE = re.compile(_K)
_WORD = rf"(?:{_K}{{2,4}}|[ァ-ヶー]{{2,8}})"
# the word after a found name and a joiner, ending where a list's item ends
_NEXT = re.compile(rf"[・、／/][ \u3000]?(?P<v>{_WORD})(?=[ \u3000\n、・／/（(）)]|さん|様|$)")
# the word before a joiner and a found name, starting where a list's item starts
_PREV = re.compile(rf"(?:^|(?<=[ \u3000\n、・／/：:]))(?P<v>{_WORD})[ \u3000]?[・、／/][ \u3000]?$")


def _is_list_name(word: str, is_common: Callable[[str], bool]) -> bool:
    """A surname's shape the list's neighbour gives a person: a name to the tables or the
    dictionary and no ordinary word, a kanji word the dictionary does not know, or a place
    to it (a surname as often); katakana only a name or a word it does not know. Never an
    ordinary word (尾西・会議室 stays), a role, a stop-word."""
    if word in STOP_KANJI or word in STOP_KATA or is_common(word):
        return False
    pos = word_pos(word)
    if re.fullmatch("[ァ-ヶー]+", word):
        return not pos or all(p[2] == "人名" for p in pos)
    if not pos:
        return len(word) <= 3
    return word in tables().surnames or all(p[1] == "固有名詞" for p in pos)


def list_partners(
    folded: str, people: Iterable[tuple[int, int]], is_common: Callable[[str], bool]
) -> list[Span3]:
    """The words joined by ・, 、 or ／ to a name found, on either side, one step at a time
    until the list ends (a word that is not a name's shape, a line's end)."""
    spans: list[Span3] = []
    todo = sorted(set(people))
    seen = set(todo)
    while todo:
        start, end = todo.pop()
        steps = []
        m = _NEXT.match(folded, end)
        if m:
            steps.append((m.start("v"), m.end("v")))
        b = _PREV.search(folded, max(0, start - 12), start)
        if b:
            steps.append((b.start("v"), b.end("v")))
        for s, e in steps:
            if (s, e) in seen or not _is_list_name(folded[s:e], is_common):
                continue
            seen.add((s, e))
            todo.append((s, e))
            spans.append((s, e, "PII-NAME-LIST-PARTNER"))
    return spans


# a greeting, then the writer's name and です (こんばんは。珠江です。, はじめまして、八束と申します)
_GREETED_SELF = re.compile(
    r"(?:(?:こんばんは|こんにちは|おはようございます|おはよう|はじめまして|初めまして|"
    r"夜分に失礼します|夜分遅くにすみません)[。、！!][ \u3000\n]*"
    # pii19: a role's holder introducing themself at a line's or a sentence's start
    # (町会長の能登谷です。, 担当の鈴木でございます): the role, の, the name
    r"|(?:^|(?<=[。！!\n]))[ \u3000]*(?:[一-龥]{0,4}(?:会長|班長|部長|課長|係長|店長|主任|幹事|"
    r"委員長|理事長|支配人|管理人|世話人|事務局|代表)|担当|管理会社)の)"
    rf"(?P<v>{_K}{{1,4}}|[ァ-ヶー]{{2,6}}|[ぁ-ゖ]{{2,5}})(?:です|と申します|でございます)[。！!、\n]"
)


def greeted_self(
    folded: str, readings: frozenset[str], is_common: Callable[[str], bool]
) -> list[Span4]:
    """The writer's name after a greeting: a name to the tables or the dictionary (an
    ordinary word too: 明月 is a person here), a listed given name's reading in kana, or a
    kanji word the dictionary does not know; never an ordinary word alone (こんにちは。元気
    です。, こんばんは。雨です。 stay)."""
    found: list[Span4] = []
    for m in _GREETED_SELF.finditer(folded):
        if self_named(m.group("v"), readings, is_common):
            found.append((m.start("v"), m.end("v"), "person", "PII-NAME-GREETED-SELF"))
    return found


def self_named(word: str, readings: frozenset[str], is_common: Callable[[str], bool]) -> bool:
    """Whether `word`, said of oneself (…です), is a name: to the tables or the dictionary,
    a listed given name's reading in kana, or a kanji word the dictionary does not know;
    never an ordinary word alone (元気です)."""
    if word in STOP_KANJI or word in STOP_KATA:
        return False
    pos = word_pos(word)
    if is_common(word) and not any(p[2] == "人名" for p in pos):
        return False  # こんにちは。元気です。: 元気 is a given name in the tables, and a word
    t = tables()
    kata = "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in word)
    named = (
        word in t.surnames
        or word in t.given
        or any(p[2] == "人名" for p in pos)
        or (not re.search(KANJI_RE, word) and kata in readings)
    )
    return named or (not pos and bool(re.fullmatch(f"{_K}{{2,3}}", word)))
