"""Slots kizashi adds by itself: same-meaning wordings found in a text's fixed parts.

An author marks a few slots; a leak of three lines carries too few of them to name anyone.
Most official prose also contains words with interchangeable spellings (及び/および,
取扱い/取り扱い, organise/organize) and counters (12名/12人). Each such word found outside the
author's slots becomes a slot over its group (``data/variants.yaml``), so a line carries a
few more bits without anybody rewriting the text. In Japanese a form is only taken where it
stands as a word: not glued to a kanji before a kanji-initial form (変更に is not 更に) or
after a kanji-final one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from kizashi.errors import SchemaError
from kizashi.trace.text_normal import normalise

VARIANTS_FILE = Path(__file__).parent / "data" / "variants.yaml"
_KANJI = re.compile(r"[\u4e00-\u9fff\u3005]")


@dataclass(frozen=True)
class Group:
    id: str
    lang: str
    forms: tuple[str, ...]
    after_digit: bool = False
    inside_words: bool = False  # conjunctions between nouns (捜索及び差押) need no boundary


@lru_cache(maxsize=1)
def groups() -> tuple[Group, ...]:
    try:
        data = yaml.safe_load(VARIANTS_FILE.read_text("utf-8"))
        found = tuple(
            Group(
                str(g["id"]),
                str(g["lang"]),
                tuple(str(f) for f in g["forms"]),
                bool(g.get("after_digit", False)),
                bool(g.get("inside_words", False)),
            )
            for g in data["groups"]
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise SchemaError(f"{VARIANTS_FILE}: bad variant groups: {exc}") from exc
    for group in found:
        if len({normalise(f) for f in group.forms}) != len(group.forms):
            raise SchemaError(f"{VARIANTS_FILE}: {group.id}: forms equal once retyped")
    return found


@lru_cache(maxsize=2)
def _pattern(lang: str) -> tuple[re.Pattern[str], dict[str, Group]]:
    chosen = [g for g in groups() if g.lang == lang]
    by_form = {form: g for g in chosen for form in g.forms}
    forms = sorted(by_form, key=len, reverse=True)  # the longest form wins at a position
    if lang == "en":
        body = "|".join(re.escape(f) for f in forms)
        return re.compile(rf"(?<![\w'])(?:{body})(?![\w'])", re.IGNORECASE), by_form
    return re.compile("|".join(re.escape(f) for f in forms)), by_form


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    group: Group
    written: str


def _stands(text: str, start: int, end: int, group: Group, lang: str) -> bool:
    written = text[start:end]
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if group.after_digit:
        return before.isdigit()
    if lang != "ja" or group.inside_words:
        return True
    return not (
        (_KANJI.match(written[0]) and _KANJI.match(before))
        or (_KANJI.match(written[-1]) and _KANJI.match(after))
    )


def find(text: str, lang: str) -> list[Found]:
    """Non-overlapping group forms in `text` that stand as words (leftmost, then longest).

    Every position is tried (a lookahead), so a form rejected as part of a longer word
    (更に in 変更について) does not hide the form that follows it (について)."""
    pattern, by_form = _pattern(lang)
    lookahead = re.compile(f"(?=({pattern.pattern}))", pattern.flags)
    found: list[Found] = []
    position = 0
    for match in lookahead.finditer(text):
        start = match.start()
        if start < position:
            continue
        written = match.group(1)
        # The alternation prefers the longest form at a position; shorter ones may stand.
        for end in range(start + len(written), start, -1):
            piece = text[start:end]
            group = by_form.get(piece) or by_form.get(piece.lower())
            if group is not None and _stands(text, start, end, group, lang):
                found.append(Found(start, end, group, piece))
                position = end
                break
    return found


def variants_of(found: Found) -> tuple[str, ...]:
    """The group's forms, the one written first, keeping an English capital."""
    forms = [found.written, *(f for f in found.group.forms if f != found.written.lower())]
    if found.written[:1].isupper():
        forms = [f[:1].upper() + f[1:] for f in forms]
    return tuple(dict.fromkeys(forms))
