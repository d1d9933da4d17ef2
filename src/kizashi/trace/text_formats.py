"""Variants of marked dates, times and numbers, from ``data/formats.yaml``."""

from __future__ import annotations

import calendar
import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from kizashi.errors import SchemaError
from kizashi.trace.text_normal import normalise

FORMATS_FILE = Path(__file__).parent / "data" / "formats.yaml"
_KANJI = "〇一二三四五六七八九"
_EN = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


@lru_cache(maxsize=1)
def formats() -> dict[tuple[str, str], list[str]]:
    try:
        data = yaml.safe_load(FORMATS_FILE.read_text("utf-8"))
        table: dict[tuple[str, str], list[str]] = {}
        for entry in data["formats"]:
            table[(str(entry["kind"]), str(entry["lang"]))] = [str(v) for v in entry["variants"]]
        return table
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise SchemaError(f"{FORMATS_FILE}: bad variant formats: {exc}") from exc


def kanji_number(n: int) -> str:
    if n == 0:
        return _KANJI[0]
    out = ""
    for value, sign in ((1000, "千"), (100, "百"), (10, "十")):
        digit, n = divmod(n, value)
        if digit:
            out += ("" if digit == 1 else _KANJI[digit]) + sign
    return out + (_KANJI[n] if n else "")


def english_number(n: int) -> str:
    if n < 20:
        return _EN[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens - 2] + ("-" + _EN[ones] if ones else "")
    hundreds, rest = divmod(n, 100)
    return f"{_EN[hundreds]} hundred" + (f" and {english_number(rest)}" if rest else "")


def _fill(pattern: str, values: dict[str, Any]) -> str:
    return pattern.format(**values)


def _afternoon(text: str, hour: int) -> str:
    if hour < 12:
        return text
    later = "夜" if hour >= 18 else "昼"
    evening = "in the evening" if hour >= 18 else "in the afternoon"
    return (
        text.replace("午前", "午後")
        .replace("朝", later)
        .replace(" am", " pm")
        .replace("in the morning", evening)
    )


def variants_for(kind: str, value: str, lang: str, where: str) -> list[str]:
    """The distinct variants of a marked value; SchemaError names the slot if it is bad."""
    if kind == "time":
        match = re.fullmatch(r"(\d{1,2}):(\d{2})", value.strip())
        if not match or int(match[1]) > 23 or int(match[2]) > 59:
            raise SchemaError(f"{where}: time must be HH:MM, got {value!r}")
        hour, minute = int(match[1]), int(match[2])
        key = "time_hour" if minute == 0 else "time"
        values: dict[str, Any] = {"h": hour, "h12": (hour - 1) % 12 + 1, "m": f"{minute:02d}"}
        raw = [_afternoon(_fill(p, values), hour) for p in formats()[(key, lang)]]
    elif kind == "date":
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            raise SchemaError(f"{where}: date must be YYYY-MM-DD, got {value!r}") from None
        values = {"mo": day.month, "d": day.day, "month": calendar.month_name[day.month]}
        raw = [_fill(p, values) for p in formats()[("date", lang)]]
    elif kind == "num":
        if not value.strip().isdigit() or int(value) > 9999:
            raise SchemaError(f"{where}: num must be a whole number below 10000, got {value!r}")
        n = int(value)
        values = {"n": n, "n_ja": kanji_number(n), "n_en": english_number(n) if n < 1000 else n}
        raw = [_fill(p, values) for p in formats()[("number", lang)]]
    else:
        raise SchemaError(f"{where}: unknown value kind {kind!r} (time, date, num)")
    seen: set[str] = set()
    distinct = []
    for text in raw:
        if normalise(text) not in seen:
            seen.add(normalise(text))
            distinct.append(text)
    return distinct
