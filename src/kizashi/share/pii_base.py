"""The recogniser's shared pieces: a finding, the shipped tables and the width fold
(:mod:`kizashi.share.pii` and its rule modules import them from here)."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

from kizashi.share.pii_tables import TABLES_FILE
from kizashi.text import without_surrogates

KINDS = (
    "person",
    "address",
    "phone",
    "email",
    "my_number",
    "id_number",
    "account",
    "plate",
    "postal_code",
    "birth_date",
    "age",
    "ip_address",
    "affiliation",
    "landmark",
)


@dataclass(frozen=True, slots=True)
class Finding:
    start: int
    end: int
    kind: str
    rule: str
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "kind": self.kind, "rule": self.rule}


@dataclass(frozen=True)
class Tables:
    surnames: frozenset[str]
    surname_readings: frozenset[str]
    surname_romaji: frozenset[str]
    given: frozenset[str]
    given_readings: frozenset[str]
    # the readings of the popular subset's given names: a name-frequency prior for shapes
    # that a rare reading would otherwise make a name (バナナミ + ルク)
    given_popular: frozenset[str]
    prefectures: tuple[str, ...]
    municipalities: tuple[str, ...]
    # katakana readings of the municipalities' stems (ネリマ): romaji places (pii18)
    municipality_readings: frozenset[str]
    # variant kanji → the standard form (髙 → 高, 邊 → 辺): read, never shown (``fold``)
    kanji_folds: dict[str, str]


@cache
def tables() -> Tables:
    data = json.loads(TABLES_FILE.read_text("utf-8"))
    return Tables(
        frozenset(data["surnames"]),
        frozenset(data["surname_readings"]),
        frozenset(data["surname_romaji"]),
        frozenset(data["given"]),
        frozenset(data["given_readings"]),
        frozenset(data["given_readings_popular"]),
        tuple(data["prefectures"]),
        tuple(data["municipalities"]),
        frozenset(data["municipality_readings"]),
        dict(data["kanji_folds"]),
    )


def fold(text: str) -> str:
    """NFKC character by character, keeping length (a character that would expand stays),
    and a variant kanji read as its standard form (髙橋 as 高橋: the tables and Sudachi
    spell names the standard way; since pii18). A lone surrogate ("\\ud800" in JSON) is read
    as U+FFFD: no tokenizer can encode it, and a tear-line must not fail on it."""
    folds = tables().kanji_folds
    out = []
    for ch in without_surrogates(text, "\ufffd"):
        n = unicodedata.normalize("NFKC", ch)
        n = n if len(n) == 1 else ch
        out.append(folds.get(n, _SUPPLEMENTARY.get(n, n)))
    return "".join(out)


# pii21: variants outside the Basic Multilingual Plane that a name is written with (𠮷野 for
# 吉野, 𡈽屋 for 土屋; the tables hold no such character, the name rules read 一-龥 only)
_SUPPLEMENTARY = {"\U00020bb7": "吉", "\U0002123d": "土"}


_DESIGNATED_WARD = re.compile(r"^(.+?市)(.+?区)$")


@cache
def _designated() -> tuple[frozenset[str], frozenset[str]]:
    """The designated cities (札幌市) and their wards' own names (中央区, 港北区), from the
    table's ward entries (札幌市中央区): Japan Post lists a designated city only by ward."""
    cities, wards = set(), set()
    for m in tables().municipalities:
        hit = _DESIGNATED_WARD.match(m)
        if hit:
            cities.add(hit.group(1))
            wards.add(hit.group(2))
    return frozenset(cities), frozenset(wards)


@cache
def municipality_prefixes() -> frozenset[str]:
    """Every beginning of a municipality's name (the whole name too): whether a text is the
    start of one is a set look-up, not a pass over the ~1,900 names."""
    return frozenset(m[:k] for m in tables().municipalities for k in range(1, len(m) + 1))


def _longest_entry(text: str, entries: frozenset[str], lengths: tuple[int, ...]) -> int:
    """The length of the longest of `entries` that `text` starts with (0: none)."""
    return max((k for k in lengths if text[:k] in entries), default=0)


@cache
def _entries(kind: str) -> tuple[frozenset[str], tuple[int, ...]]:
    t = tables()
    cities, wards = _designated()
    names = {"municipalities": frozenset(t.municipalities), "cities": cities, "wards": wards}[kind]
    return names, tuple(sorted({len(n) for n in names}))


def place_prefix(text: str) -> int:
    """The length of the place an address or a place token starts with that a tear-line
    keeps (0: none): the prefecture, then the municipality — for a designated city **its
    ward** (札幌市中央区, 横浜市港北区), the level Tokyo's special wards (豊島区) stand at.
    The longest entry wins, so 札幌市中央区 is never cut to 札幌市. A designated city written
    without a ward keeps the city (札幌市), and a ward written without its city (港北区日吉,
    as residents write it) keeps the ward. The one rule of the recogniser's generalised
    address (``tear_line``) and of the residual sweep's place tokens (``pii_sweep``)."""
    t = tables()
    folded = fold(text)
    size = max((len(p) for p in t.prefectures if folded.startswith(p)), default=0)
    rest = folded[size:]
    muni = _longest_entry(rest, *_entries("municipalities"))
    if not muni:
        muni = _longest_entry(rest, *_entries("cities"))
        muni = muni or _longest_entry(rest, *_entries("wards"))
    return size + muni
