"""The versioned data tables the normalisers read (variant kanji, romaji spelling rules)."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

import yaml

from kizashi.errors import KizashiError

__all__ = ["ResolveDataError", "romaji_rules", "variant_kanji"]


class ResolveDataError(KizashiError):
    """A data table of the resolver is malformed (names the file, entry and reason)."""


def _load(name: str) -> dict[str, Any]:
    text = resources.files("kizashi.resolve").joinpath(f"data/{name}").read_text("utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or "version" not in data:
        raise ResolveDataError(f"{name}: expected a mapping with a version")
    return data


@cache
def variant_kanji() -> dict[str, str]:
    """Variant → canonical kanji (e.g. 髙 → 高)."""
    table: dict[str, str] = {}
    seen: set[str] = set()
    for entry in _load("variant_kanji.yaml")["variants"]:
        ident = entry.get("id")
        if not ident or ident in seen:
            raise ResolveDataError(f"variant_kanji.yaml: missing or repeated id {ident!r}")
        seen.add(ident)
        target = str(entry["to"])
        for variant in entry["from"]:
            if variant != target:
                table[str(variant)] = target
    return table


@cache
def romaji_rules() -> tuple[tuple[str, re.Pattern[str], str], ...]:
    """(id, pattern, replacement) rewrites of romaji spelling variants, in order."""
    rules = []
    for entry in _load("romaji_variants.yaml")["rules"]:
        try:
            pattern = re.compile(entry["pattern"])
        except re.error as exc:
            raise ResolveDataError(f"romaji_variants.yaml: {entry.get('id')}: {exc}") from exc
        rules.append((str(entry["id"]), pattern, str(entry["to"])))
    return tuple(rules)
