"""Names of things that are no person (pii20): fictional characters and mascots, car models,
games and apps (``data/pii_works.yaml``).

Sudachi tags some of them as a person's name (鬼太郎, コナン) and the residual sweep takes
the rest as unknown words (アルファード, ルフィ, モンスト, Alphard). A tear-line that writes
白の［人名?］ for 白のアルファード removes the one thing a partner needs (the vehicle) and no
person. :func:`a_work` says a finding's whole text is such a name, with an honorific after it
or not (サザエさん, コナンくん); the tear-line drops such findings of a person or of the
sweep. A longer span that holds the word (江戸川コナン太郎, アルファード佐藤) is not one.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

WORDS_FILE = Path(__file__).parent / "data" / "pii_works.yaml"
_HONORIFIC = re.compile(r"[ \u3000]?(?:さん|くん|ちゃん|君|様)$")


@cache
def works() -> frozenset[str]:
    data = yaml.safe_load(WORDS_FILE.read_text("utf-8"))
    return frozenset(str(w).casefold() for words in data.values() for w in words)


def a_work(text: str) -> bool:
    """`text` is a character's, a car model's, a game's or an app's name (folded or not)."""
    word = text.strip(" \u3000")
    if word.casefold() in works():
        return True
    bare = _HONORIFIC.sub("", word)
    return bare != word and bare.casefold() in works()
