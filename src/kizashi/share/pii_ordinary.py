"""Ordinary words the name rules took, judged once more after every rule has run (pii18).

The name rules each look at a word and its frame; some ordinary uses only show in what
stands after the word, or in what the dictionary says of that very occurrence. A person
finding is dropped when:

- it is the head of a place: the word and a place suffix after it are a listed prefecture
  or municipality (千葉 in 千葉県, 石川 in 石川県金沢市, 福島 in 福島県) — a name found once
  (千葉 聡美) was taken wherever it recurred, the prefecture included;
- a one-kanji name found elsewhere recurs where the dictionary reads that occurrence as an
  ordinary noun and no honorific or title follows (森さん … 森の中の遊歩道: the second 森 is
  a forest);
- it is a character or a mascot, not a person: the word with its honorific is followed by
  the goods or the shape it stands for (ピーポくんの着ぐるみ, きのこさん型の置物,
  …くんのキーホルダー), or it is called a character (…さんって呼ばれてるキャラクター);
- a label's value or an @mention that is nothing but ordinary nouns, none of them a name to
  the dictionary too (相談者：不動産管理会社の担当者, 担当：地域課 巡査部長, @全員; not
  会員船子龍鳳: 船子 is also a surname).

The word lists are data (``data/pii_ordinary.yaml``), so an installation adds its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import yaml

from kizashi.share.pii_base import Finding, Tables, municipality_prefixes
from kizashi.share.pii_token_spans import token_exactly, tokens_inside
from kizashi.text.tokens import Token, word_pos

WORDS_FILE = Path(__file__).parent / "data" / "pii_ordinary.yaml"


@cache
def _words() -> dict[str, tuple[str, ...]]:
    data = yaml.safe_load(WORDS_FILE.read_text("utf-8"))
    return {key: tuple(str(w) for w in value) for key, value in data.items()}


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    w = _words()
    honorific = "|".join(map(re.escape, w["honorifics"]))
    goods = "|".join(map(re.escape, sorted(w["character_goods"], key=len, reverse=True)))
    called = "|".join(map(re.escape, w["called_a_character"]))
    # the goods or the shape a character is sold as, right after its honorific
    character = re.compile(rf"(?:{honorific})(?:の?(?:{goods})|型|柄)")
    named_character = re.compile(rf"(?:{honorific})(?:{called})")
    after_name = re.compile(rf"[ \u3000]?(?:{honorific}|{'|'.join(map(re.escape, w['titles']))})")
    return character, named_character, after_name


def a_character(folded: str, end: int) -> bool:
    """The word ending at `end` is a character or a mascot by what follows it: its honorific
    and the goods or the shape it is made into (ピーポくんの着ぐるみ, きのこさん型), or its
    being called a character (…さんって呼ばれてるキャラクター)."""
    character, named_character, _ = _patterns()
    tail = folded[end : end + 16]
    return bool(character.match(tail) or named_character.match(tail))


def _token_at(tokens: Sequence[Token], start: int, end: int) -> Token | None:
    return token_exactly(tokens, start, end)


def _common_noun(tok: Token | None) -> bool:
    """Sudachi reads the token as an ordinary noun it knows (an unknown word is tagged a
    common noun too: トゥアン, 樒田 are no ordinary words)."""
    return tok is not None and tok.pos[:2] == ("名詞", "普通名詞") and bool(word_pos(tok.surface))


def _no_name(tok: Token) -> bool:
    return not any(p[2] == "人名" for p in word_pos(tok.surface))


def _place_head(folded: str, f: Finding, t: Tables) -> bool:
    rest = folded[f.end : f.end + 12]
    head = folded[f.start : f.end]
    if rest[:1] in ("県", "府", "都", "道"):
        return head + rest[:1] in t.prefectures
    if rest[:1] in ("市", "区", "町", "村", "郡"):
        place = head + rest[:1]
        return place in municipality_prefixes()
    return False


def _only_common(folded: str, start: int, end: int, tokens: Sequence[Token], rule: str) -> bool:
    """Sudachi reads the span as ordinary nouns it knows (and suffixes), nothing else: two
    of two characters or more (不動産|管理|会社, 近隣|住民 — not 鶚|川, a rare surname cut in
    two), one for a mention (@全員), or, before a rank, a unit ending in its suffix (地域課)."""
    inside = [
        tok for tok in tokens_inside(tokens, start, end) if tok.pos[0] not in ("補助記号", "空白")
    ]
    letters = len(re.sub(r"[\s\u3000@＠]", "", folded[start:end]))
    if not inside or sum(tok.end - tok.start for tok in inside) < letters:
        return False
    if not all((_common_noun(tok) and _no_name(tok)) or tok.pos[0] == "接尾辞" for tok in inside):
        return False  # 船子|龍鳳: 船子 is a surname to the dictionary too
    long_words = sum(_common_noun(tok) and tok.end - tok.start >= 2 for tok in inside)
    if rule == "PII-MENTION":
        return long_words >= 1
    if rule in ("PII-NAME-ROLE", "PII-NAME-CONTEXT-HONORIFIC"):
        return long_words >= 1 and bool(_UNIT.search(folded[start:end]))
    return long_words >= 2


# a unit of an organisation: before a rank it is the officer's desk, not a name
_UNIT = re.compile(r"(?:課|係|署|班|隊|室|局|部|センター)$")
# rules that take whatever follows a label, a title's place or an @: their value is no name
# when it is nothing but ordinary nouns
_VALUE_RULES = frozenset(
    {
        "PII-MENTION",
        "PII-NAME-LABEL",
        "PII-NAME-ROLE",
        "PII-NAME-BRACKETED",
        "PII-NAME-CONTEXT-HONORIFIC",
    }
)


def ordinary(
    folded: str, people: Sequence[Finding], tokens: Sequence[Token], t: Tables
) -> set[tuple[int, int, str]]:
    """The (start, end, rule) of person findings that are ordinary words (the module's
    list); by rule too, so that a recurrence dropped does not take the first finding with it."""
    return {
        (f.start, f.end, f.rule)
        for f in people
        if f.kind == "person" and f.end > f.start and _is_ordinary(folded, f, tokens, t)
    }


def _a_shop(folded: str, f: Finding, t: Tables) -> bool:
    """A surname with a shop's ending, in the finding or right after it (中村屋, 中村|屋)."""
    for ending in _words()["shop_endings"]:
        # (土屋, 古屋, 大屋: a listed surname that ends like a shop is the surname)
        head = f.text[: -len(ending)]
        if f.text.endswith(ending) and head in t.surnames and f.text not in t.surnames:
            return True
        if folded.startswith(ending, f.end) and f.text in t.surnames:
            return not folded.startswith("々", f.end + len(ending))  # 佐藤堂々と: no shop
    return False


def _is_ordinary(folded: str, f: Finding, tokens: Sequence[Token], t: Tables) -> bool:
    named = bool(_patterns()[2].match(folded, f.end))  # an honorific or a title follows
    if _place_head(folded, f, t) or a_character(folded, f.end) or _a_shop(folded, f, t):
        return True
    if f.rule == "PII-NAME-AGAIN" and not named and len(f.text) == 1:
        # one kanji (森, 林) is the word as often as the name; a longer name found elsewhere
        # in the text (染地, also a noun) is the name wherever it recurs
        return _common_noun(_token_at(tokens, f.start, f.end))
    return f.rule in _VALUE_RULES and _only_common(folded, f.start, f.end, tokens, f.rule)
