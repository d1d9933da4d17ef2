"""The recogniser's shared pieces: a finding, the shipped tables and the width fold
(:mod:`kizashi.share.pii` and its rule modules import them from here)."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

from kizashi.share.pii_tables import TABLES_FILE

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
    )


def fold(text: str) -> str:
    """NFKC character by character, keeping length (a character that would expand stays)."""
    out = []
    for ch in text:
        n = unicodedata.normalize("NFKC", ch)
        out.append(n if len(n) == 1 else ch)
    return "".join(out)
