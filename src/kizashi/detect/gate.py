"""The cascade's first stage: a cheap, recall-first filter in front of the full scorer.

A post goes on to full scoring (views, rules, embedding) when its NFKC, lowercased,
hiragana-folded text contains any word of the shipped rules (their surface, lemma, base and
reading values) or matches a shape in ``detect/gate.yaml`` (disguises and broader harm,
money and weapon vocabulary). Everything else — the bulk of ordinary chatter — is reported
with zero scores and no evidence. It is one compiled regex: no Sudachi, no model.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from importlib import resources

import yaml

from kizashi.detect.lexicon import LexiconError, load_lexicon
from kizashi.detect.patterns import Pattern

__all__ = ["gate_regex", "gate_text", "passes_gate"]

_KATA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}


def gate_text(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower().translate(_KATA)


def _words(patterns: Iterable[Pattern]) -> set[str]:
    words: set[str] = set()
    for pattern in patterns:
        for matcher in pattern:
            for values in (matcher.surface, matcher.lemma, matcher.base, matcher.reading):
                words |= set(values or ())
    return words


def _word_regex(word: str) -> str | None:
    word = gate_text(word)
    if word.isascii():
        # Latin words must stand alone ("ud" must not fire inside "would").
        return rf"\b{re.escape(word)}\b" if len(word) >= 2 else None
    # A single kana is too common to filter anything; a single kanji is kept.
    if len(word) == 1 and not ("\u4e00" <= word <= "\u9fff"):
        return None
    return re.escape(word)


@cache
def gate_regex() -> re.Pattern[str]:
    lexicon = load_lexicon()
    words: set[str] = set()
    for rule in lexicon.rules:
        if rule.role == "signal":
            words |= _words(rule.patterns)
    alternatives = sorted({r for w in words if (r := _word_regex(w))}, key=len, reverse=True)
    data = yaml.safe_load(
        resources.files("kizashi.detect").joinpath("gate.yaml").read_text("utf-8")
    )
    for shape in data.get("shapes") or []:
        try:
            re.compile(shape["regex"])
        except (re.error, KeyError, TypeError) as exc:
            raise LexiconError(f"gate.yaml: shape {shape!r}: {exc}") from None
        alternatives.append(f"(?:{shape['regex']})")
    return re.compile("|".join(alternatives))


def passes_gate(text: str) -> bool:
    return gate_regex().search(gate_text(text)) is not None
