"""Names of things that are no person (pii20): fictional characters and mascots, car models,
games and apps (``data/pii_works.yaml``).

Sudachi tags some of them as a person's name (鬼太郎, コナン) and the residual sweep takes
the rest as unknown words (アルファード, ルフィ, モンスト, Alphard). A tear-line that writes
白の［人名?］ for 白のアルファード removes the one thing a partner needs (the vehicle) and no
person. :func:`a_work` says a finding's whole text is such a name; the tear-line drops such
findings of a person or of the sweep. A longer span that holds the word (江戸川コナン太郎,
アルファード佐藤) is not one.

piifix: some of these are also given names (カツオ, ミラ, アトム, アクア, ナルト), so a word
with an honorific after it (近所のカツオくん, 友人のミラさん) is a person, in the span or
right after it (:func:`a_work_at`) — unless the listed name holds the honorific
itself (サザエさん, キティちゃん, せんとくん).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

WORDS_FILE = Path(__file__).parent / "data" / "pii_works.yaml"
_HONORIFIC = re.compile(r"[ \u3000]?(?:さん|くん|ちゃん|君|様|さま|氏|殿)")


@cache
def works() -> frozenset[str]:
    data = yaml.safe_load(WORDS_FILE.read_text("utf-8"))
    return frozenset(str(w).casefold() for words in data.values() for w in words)


def a_work(text: str) -> bool:
    """`text` is a character's, a car model's, a game's or an app's name (folded or not)."""
    return text.strip(" \u3000").casefold() in works()


def a_work_at(text: str, start: int, end: int) -> bool:
    """`text[start:end]` is a listed name and no honorific follows it (カツオ|くん is a
    person), or the name with the honorific after it is itself listed (サザエ|さん,
    キティ|ちゃん)."""
    word = text[start:end]
    honorific = _HONORIFIC.match(text, end)
    if honorific is None:
        return a_work(word)
    return a_work(word + honorific.group())
