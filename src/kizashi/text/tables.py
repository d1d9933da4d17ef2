"""Loading and validating ``data/decode.yaml``: the visual, emoji-verb, mask, goroawase and
leet tables.

A table that is wrong stops the import with a :class:`DecodeTableError` naming the entry id
and the field, because a silently skipped entry is a detector that silently misses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from kizashi.errors import SchemaError
from kizashi.text.inflect import inflections

__all__ = ["CHAR_CLASSES", "ContextRule", "DecodeTableError", "Tables", "load_tables"]

CHAR_CLASSES = frozenset({"kanji", "katakana", "hiragana", "latin", "digit"})
_FILE = "decode.yaml"


class DecodeTableError(SchemaError, ValueError):
    """``decode.yaml`` is malformed; the message names the entry and the field."""


@dataclass(frozen=True)
class ContextRule:
    """One decoding: replace ``source`` by ``target`` where the context allows it."""

    id: str
    kind: str  # visual | mask | goroawase
    source: str  # the string matched (a digit run, a visual form; "" for a mask)
    target: str
    before: tuple[str, ...] = ()
    not_before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    not_after_class: frozenset[str] = frozenset()
    not_after: tuple[str, ...] = ()
    # Homophones only: kanji that after a name are honorifics (田中氏ね = "Mr Tanaka, ..."),
    # decoded there only before a longer ending than ね (桜井氏んで).
    honorifics: frozenset[str] = frozenset()
    # ... but never after a word that is no name: a group or an insult (全員氏ね, お前ら全員,
    # 奴ら, クズ共) takes no honorific, so the disguise is read there (pass 27).
    not_names: tuple[str, ...] = ()
    whole_run: bool = False
    fold_run: bool = False
    candidate: bool = False
    # The end of the text (or of the sentence: only spaces, punctuation, w/笑 or pictographs
    # left) also satisfies ``before``: cut-off slang (課長を56…, ぶっころ).
    at_end: bool = False


# A Latin word that may be a disguised harm word: a letter beside a digit or a symbol, a
# letter three times, a doubled first letter or vowel, two doubled letters (:func:`kizashi.
# text.read_harm_spellings` reads only texts this, or a misspelt harm word, finds).
HARM_HINT = (
    r"[A-Za-z][0-9@$!|]|[0-9@$!|][A-Za-z]|([A-Za-z])\1\1|\b([A-Za-z])\2|([aiuAIU])\3"
    r"|([A-Za-z])\4[A-Za-z]*([A-Za-z])\5"
)


def _misspelt_hint(misspelt: dict[str, str]) -> re.Pattern[str] | None:
    """The misspelt harm words as whole words, case-insensitively. Searched after
    :data:`HARM_HINT` fails, not folded into it: one alternation of both was slower than the
    two searches on ordinary English (det41 fix round, measured on 6,000 posts)."""
    if not misspelt:
        return None
    first = "".join(sorted({w[0] for w in misspelt}))
    return re.compile(rf"\b(?=[{first}{first.upper()}])(?i:{_trie(sorted(misspelt))})\b")


def _trie(words: list[str]) -> str:
    """``words`` as one regular expression sharing their prefixes (kil, kild, kiling →
    ki(?:l(?:d|ing)?)…): a flat alternation of fifty words is tried word by word at every
    position, and cost the gate a tenth of its speed (det41 review)."""
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:
            return "(?:" + body + ")?"
        return body

    return build(root)


@dataclass(frozen=True)
class Tables:
    version: int
    visual: tuple[ContextRule, ...]
    emoji_verbs: tuple[ContextRule, ...]
    homophones: tuple[ContextRule, ...]
    mask_chars: frozenset[str]
    mask_fills: tuple[ContextRule, ...]
    goroawase: tuple[ContextRule, ...]
    leet: dict[str, str]
    romaji_min_length: int
    english_words: frozenset[str]
    harm_words: frozenset[str] = frozenset()
    harm_leet: tuple[tuple[str, str], ...] = ()
    # Each derived inflection of a harm verb → the verb (killing → kill): the gate reads a
    # disguised form as its verb, a gate anchor, where the inflection is none.
    harm_verbs: dict[str, str] = field(default_factory=dict)
    # det41: a harm word misspelt the way posts misspell it — a doubled letter written once
    # (kil, stabed, kiling, masacre) or the -ed written -d (killd, murderd) — → the word it
    # spells. Only spellings that are no English word (``not_misspellings``: shots, shoted).
    harm_misspelt: dict[str, str] = field(default_factory=dict)
    # det41: SMS spellings of frame words (gona → gonna, wil → will, nxt → next), read only in
    # the decoded view, so a rule's hit on them needs the decoded token.
    sms_words: dict[str, str] = field(default_factory=dict)
    # The gate's quick test for a misspelt harm word, compiled once with the tables (det41
    # review: rebuilding it per post cost a tenth of the gate's throughput); None: none known.
    misspelt_hint: re.Pattern[str] | None = None


def _strings(entry: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise DecodeTableError(f"{where}: '{key}' must be a list of non-empty strings")
    return tuple(value)


def _rule(entry: Any, kind: str, source_key: str | None, target_key: str) -> ContextRule:
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
        raise DecodeTableError(f"{_FILE}: every {kind} entry needs an 'id'")
    where = f"{_FILE}: {kind} entry {entry['id']!r}"
    source = "" if source_key is None else entry.get(source_key)
    target = entry.get(target_key)
    if not isinstance(source, str) or (source_key is not None and not source):
        raise DecodeTableError(f"{where}: '{source_key}' must be a non-empty string")
    if not isinstance(target, str) or not target:
        raise DecodeTableError(f"{where}: '{target_key}' must be a non-empty string")
    classes = frozenset(_strings(entry, "not_after_class", where))
    if classes - CHAR_CLASSES:
        raise DecodeTableError(f"{where}: unknown class in 'not_after_class': {sorted(classes)}")
    return ContextRule(
        id=entry["id"],
        kind=kind,
        source=source,
        target=target,
        before=_strings(entry, "before", where),
        not_before=_strings(entry, "not_before", where),
        after=_strings(entry, "after", where),
        not_after_class=classes,
        not_after=_strings(entry, "not_after", where),
        honorifics=frozenset("".join(_strings(entry, "honorifics", where))),
        not_names=_strings(entry, "not_names", where),
        whole_run=bool(entry.get("whole_run", False)),
        fold_run=bool(entry.get("fold_run", False)),
        candidate=bool(entry.get("candidate", False)),
        at_end=bool(entry.get("at_end", False)),
    )


def parse_tables(data: Any) -> Tables:
    """Validate the parsed YAML of a decode table."""
    if not isinstance(data, dict) or not isinstance(data.get("version"), int):
        raise DecodeTableError(f"{_FILE}: needs an integer 'version'")
    masks = data.get("masks") or {}
    goro = [_rule(e, "goroawase", "digits", "kana") for e in data.get("goroawase") or []]
    for rule in goro:
        if not rule.source.isdigit() or not rule.before:
            raise DecodeTableError(
                f"{_FILE}: goroawase entry {rule.id!r}: needs digits and a 'before' list"
            )
    homophones = [_rule(e, "homophone", "reading", "to") for e in data.get("homophones") or []]
    for rule in homophones:
        if not (rule.before or rule.after):
            raise DecodeTableError(
                f"{_FILE}: homophone entry {rule.id!r}: needs a 'before' or an 'after' list"
            )
    # A pictograph read as a verb stem needs the ending that makes it one (🔪す, 💣する).
    emoji_verbs = [_rule(e, "visual", "from", "to") for e in data.get("emoji_verbs") or []]
    for rule in emoji_verbs:
        if not rule.before:
            raise DecodeTableError(f"{_FILE}: emoji_verbs entry {rule.id!r}: needs a 'before' list")
    keys = ("visual", "emoji_verbs", "goroawase", "homophones")
    ids = [e.get("id") for key in keys for e in data.get(key) or []]
    ids += [e.get("id") for e in masks.get("fills") or []]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise DecodeTableError(f"{_FILE}: duplicate ids {duplicates}")
    leet = {str(k): str(v) for k, v in (data.get("leet") or {}).items()}
    romaji = data.get("romaji") or {}
    harm = data.get("harm_words") or {}
    extra = {str(k): str(v) for k, v in (harm.get("extra_leet") or {}).items()}
    verbs = [str(verb).lower() for verb in harm.get("verbs") or []]
    harm_verbs = {form: verb for verb in verbs for form in inflections(verb) if form != verb}
    words = frozenset(str(w).lower() for w in harm.get("words") or []) | {
        form for verb in verbs for form in inflections(verb)
    }
    not_misspelt = frozenset(str(w).lower() for w in harm.get("not_misspellings") or [])
    harm_misspelt = {
        spelling: form
        for form in sorted(words)
        for spelling in _misspellings(form)
        if spelling not in words and spelling not in not_misspelt
    }
    return Tables(
        version=data["version"],
        visual=tuple(_rule(e, "visual", "from", "to") for e in data.get("visual") or []),
        emoji_verbs=tuple(emoji_verbs),
        homophones=tuple(homophones),
        mask_chars=frozenset(str(masks.get("chars", ""))),
        mask_fills=tuple(_rule(e, "mask", None, "fill") for e in masks.get("fills") or []),
        goroawase=tuple(goro),
        leet=leet,
        romaji_min_length=int(romaji.get("min_length", 5)),
        english_words=frozenset(str(w).lower() for w in romaji.get("english_words") or []),
        harm_words=frozenset(str(w).lower() for w in harm.get("words") or [])
        | {form for verb in verbs for form in inflections(verb)},
        harm_leet=tuple(sorted({**leet, **extra}.items())),
        harm_verbs=harm_verbs,
        harm_misspelt=harm_misspelt,
        misspelt_hint=_misspelt_hint(harm_misspelt),
        sms_words={str(k).lower(): str(v).lower() for k, v in (data.get("sms") or {}).items()},
    )


def _misspellings(form: str) -> set[str]:
    """How posts misspell a harm word: each doubled letter written once (kill → kil, stabbed →
    stabed, massacre → masacre) and the -ed ending written -d (killed → killd, kild)."""
    out = {re.sub(r"([a-z])\1+", r"\1", form)}
    if form.endswith("ed") and len(form) > 4:
        short = form[:-2] + "d"
        out |= {short, re.sub(r"([a-z])\1+", r"\1", short)}
    # det49: eye-dialect and learners' spellings, by class, never by listed word: a stop
    # consonant doubled at the end (stab → stabb, shoot → shoott), -er said as -a (murder →
    # murda, butcher → butcha) and -le written -el (strangle → strangel).
    if form[-1] in "bdgkpt" and form[-2:] != form[-1] * 2 and not form.endswith(("ed", "ing")):
        out.add(form + form[-1])
    if form.endswith("er") and len(form) > 4:
        out |= {form[:-2] + "a", form[:-2] + "ah"}
    if form.endswith("le") and len(form) > 4:
        out.add(form[:-2] + "el")
    out.discard(form)
    return out


@cache
def load_tables() -> Tables:
    """The shipped tables, parsed once per process."""
    text = resources.files("kizashi.text").joinpath("data").joinpath(_FILE).read_text("utf-8")
    return parse_tables(yaml.safe_load(text))
