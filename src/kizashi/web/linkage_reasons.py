"""The linker's reasons in the page's language (``linkage_reasons.yaml``).

A member of an entity carries why it joined as resolve stored it: ``field``, an English
``comparison`` label and a ``weight`` (none for a rule's, an identical record's, a co-mention's
or an analyst's link). The entity page shows them to an analyst who decides whether two
records are one person, so they must read as sentences in the page's language, and a link
without an evidence weight must not show one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from kizashi.errors import SchemaError

__all__ = ["reason_text"]


@dataclass(frozen=True)
class _Pattern:
    match: re.Pattern[str]
    words: dict[str, str]


@dataclass(frozen=True)
class _Table:
    fields: dict[str, dict[str, str]]
    labels: dict[str, dict[str, str]]
    patterns: tuple[_Pattern, ...]


def _words(entry: Any, where: str) -> dict[str, str]:
    if not isinstance(entry, dict) or not entry.get("ja") or not entry.get("en"):
        raise SchemaError(f"web/linkage_reasons.yaml: {where} needs ja and en")
    return {"ja": str(entry["ja"]), "en": str(entry["en"])}


@cache
def _table() -> _Table:
    text = resources.files("kizashi.web").joinpath("linkage_reasons.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or data.get("version") != 1:
        raise SchemaError("web/linkage_reasons.yaml: expected a mapping with version: 1")
    fields = {str(k): _words(v, f"field {k!r}") for k, v in data.get("fields", {}).items()}
    labels = {str(k): _words(v, f"label {k!r}") for k, v in data.get("labels", {}).items()}
    patterns = tuple(
        _Pattern(re.compile(str(p["match"])), _words(p, f"pattern {p.get('match')!r}"))
        for p in data.get("patterns", [])
    )
    return _Table(fields, labels, patterns)


def field_name(field: str, lang: str, kinds: Callable[[str], str | None]) -> str:
    """A reason's field in `lang`: an entity kind's own word, else this table's, else as is."""
    return kinds(field) or _table().fields.get(field, {}).get(lang) or field


def _comparison(label: str, lang: str, kinds: Callable[[str], str | None]) -> str:
    table = _table()
    if label in table.labels:
        return table.labels[label][lang]
    for pattern in table.patterns:
        found = pattern.match.match(label)
        if found:
            parts = dict(found.groupdict())
            if "field" in parts:
                parts["field"] = field_name(parts["field"], lang, kinds)
            return pattern.words[lang].format(**parts)
    return label


def reason_text(why: Mapping[str, Any], lang: str, kinds: Callable[[str], str | None]) -> str:
    """One reason as the page says it: 「氏名: 表記が同じ (+6.3)」; no weight when it has none.

    `kinds` gives an entity kind's word in `lang` (kind_* messages), or None for a field that
    is no entity kind."""
    field = field_name(str(why.get("field") or ""), lang, kinds)
    text = f"{field}: {_comparison(str(why.get('comparison') or ''), lang, kinds)}"
    weight = why.get("weight")
    if isinstance(weight, int | float):
        text += f" ({weight:+.1f})"
    return text
