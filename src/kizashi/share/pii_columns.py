"""Cells of a table or a CSV under a header that says what they hold (pii19).

A roster written as a table (| 氏名 | 年齢 | … |) or as CSV lines (受付番号,氏名,年齢,電話)
puts a person's age, name, handle or badge number in a cell where nothing beside the value
says what it is: | 58 | is an age only because its column says 年齢, and G-5521 is a badge
only under "badge". This reads the header of each block of lines split the same way (by
``|``, a tab or a comma, two cells or more, every row the header's number of cells) and takes
each non-empty cell under a header listed in ``data/pii_columns.yaml`` as that kind, with
the shape that kind needs (an age is one to three digits, a phone has six digits or more,
a name has no digit). A key-value table (| 区分 | 内容 |) has no such header and is the
label rules' (``pii._cells``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

import yaml

WORDS_FILE = Path(__file__).parent / "data" / "pii_columns.yaml"
Span = tuple[int, int, str, str]

_EMPTY = re.compile(r"[\s\-–—ー－/]*|なし|無し|不明|N/?A|n/?a|none|None|-")
_SHAPES: dict[str, re.Pattern[str]] = {
    "age": re.compile(r"\d{1,3}(?:歳|才)?"),
    "person": re.compile(r"[^\d@]{1,40}"),
    "account": re.compile(r"\S{2,80}"),
    "id_number": re.compile(r"[^\s]*\d[^\s]*"),
    "phone": re.compile(r"(?:\D*\d){6,}\D*"),
    "birth_date": re.compile(r".*\d.*"),
}


@cache
def _headers() -> dict[str, str]:
    data = yaml.safe_load(WORDS_FILE.read_text("utf-8"))
    return {str(h).lower(): kind for kind, heads in data.items() for h in heads}


def _split(line: str, sep: str) -> list[tuple[int, int]]:
    """The cells of `line` as (start, end) offsets inside it, spaces around a cell trimmed."""
    body_start, body_end = 0, len(line)
    if sep == "|":
        body_start = line.index("|") + 1
        body_end = line.rindex("|")
    cells, start = [], body_start
    for i in range(body_start, body_end + 1):
        if i == body_end or line[i] == sep:
            s, e = start, i
            while s < e and line[s] in " \u3000":
                s += 1
            while e > s and line[e - 1] in " \u3000":
                e -= 1
            cells.append((s, e))
            start = i + 1
    return cells


def _separator(line: str) -> str:
    stripped = line.strip()
    if stripped.startswith("|") and stripped.endswith("|") and stripped.count("|") >= 3:
        return "|"
    if "\t" in line:
        return "\t"
    if line.count(",") >= 1:
        return ","
    return ""


def columns(folded: str, is_common: Callable[[str], bool]) -> list[Span]:
    """(start, end, kind, rule) of every cell under a header that says what it holds;
    `is_common` tells an ordinary word (a cell under 被害者 that says 店舗 is no name)."""
    heads = _headers()
    lines, offset = [], 0
    for line in folded.split("\n"):
        lines.append((offset, line))
        offset += len(line) + 1
    found: list[Span] = []
    i = 0
    while i < len(lines):
        header = lines[i][1]
        sep = _separator(header)
        cells = _split(header, sep) if sep else []
        kinds = [heads.get(header[s:e].strip().lower(), "") for s, e in cells]
        if len(cells) < 2 or not any(kinds):
            i += 1
            continue
        j = i + 1
        while j < len(lines) and _separator(lines[j][1]) == sep:
            at, row = lines[j]
            if sep == "|" and re.fullmatch(r"[\s|:\-]*", row):
                j += 1
                continue  # the row under the header (|---|:--|)
            row_cells = _split(row, sep)
            if len(row_cells) != len(cells):
                break
            for kind, (s, e) in zip(kinds, row_cells, strict=True):
                value = row[s:e]
                if not kind or _EMPTY.fullmatch(value) or not _SHAPES[kind].fullmatch(value):
                    continue
                if kind == "person" and is_common(value):
                    continue
                found.append((at + s, at + e, kind, "PII-COLUMN"))
            j += 1
        i = max(j, i + 1)
    return found
