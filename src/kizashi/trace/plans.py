"""Leak match: do seized messages talk about a planned operation before (or as) it happens?

An operation plan is a trace product whose front matter has an ``operation`` block
(``id``, ``dates``, ``places``, ``targets``). A seized message matches it when it names
the operation's place (character-trigram containment, so that 'サンハイツ大山203' matches
'サンハイツ大山203号室'), refers to one of its dates (written out, or relative to when the
message was sent: 明日, tonight), uses a word of ``data/leak_terms.yaml``, or names a
target. The score is a weighted sum in [0, 1]; every part that counted is listed.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from kizashi.errors import SchemaError
from kizashi.trace.text_normal import normalise

TERMS_FILE = Path(__file__).parent / "data" / "leak_terms.yaml"
WEIGHTS = {"place": 0.5, "date": 0.25, "term": 0.15, "target": 0.1}


@dataclass(frozen=True)
class Operation:
    id: str
    dates: tuple[date, ...]
    places: tuple[str, ...]
    targets: tuple[str, ...] = ()

    @classmethod
    def from_meta(cls, meta: dict[str, Any], where: str) -> Operation:
        try:
            dates = tuple(
                d if isinstance(d, date) else date.fromisoformat(str(d))
                for d in meta.get("dates", [])
            )
        except ValueError as exc:
            raise SchemaError(f"{where}: operation.dates: {exc}") from exc
        if not meta.get("id") or not dates or not meta.get("places"):
            raise SchemaError(f"{where}: an operation needs an id, dates and places")
        return cls(
            str(meta["id"]),
            dates,
            tuple(str(p) for p in meta["places"]),
            tuple(str(t) for t in meta.get("targets", [])),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "dates": [d.isoformat() for d in self.dates],
            "places": list(self.places),
            "targets": list(self.targets),
        }


@dataclass(frozen=True)
class Message:
    id: str
    text: str
    sent_at: datetime
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PlanHit:
    message: Message
    score: float
    parts: dict[str, Any]


@lru_cache(maxsize=1)
def _terms() -> tuple[list[tuple[str, str]], list[tuple[str, str, int]]]:
    try:
        data = yaml.safe_load(TERMS_FILE.read_text("utf-8"))
        terms = [(str(t["id"]), normalise(str(t["text"]))) for t in data["terms"]]
        days = [
            (str(t["id"]), normalise(str(t["text"])), int(t["days"])) for t in data["relative_days"]
        ]
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise SchemaError(f"{TERMS_FILE}: bad leak terms: {exc}") from exc
    return terms, days


def _trigrams(text: str) -> set[str]:
    return {text[i : i + 3] for i in range(len(text) - 2)} if len(text) >= 3 else {text}


def place_score(place: str, flat_message: str) -> float:
    """The share of the place's character trigrams that the message contains."""
    grams = _trigrams(normalise(place))
    return sum(g in flat_message for g in grams) / len(grams) if grams else 0.0


def dates_named(text: str, sent_on: date) -> dict[date, str]:
    """Dates a message refers to (written out, or relative to its sending day), with how."""
    _, relative = _terms()
    flat = normalise(text)
    folded = unicodedata.normalize("NFKC", text)
    found: dict[date, str] = {}
    for term_id, word, days in relative:
        if word in flat:
            found.setdefault(sent_on + timedelta(days=days), term_id)
    for month, day in re.findall(r"(\d{1,2})月(\d{1,2})日", folded):
        _add(found, sent_on, int(month), int(day), "written date")
    for month, day in re.findall(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?![\d/])", folded):
        _add(found, sent_on, int(month), int(day), "written date (m/d)")
    for day in re.findall(r"(?<![\d月/])(\d{1,2})日", folded):
        # A bare day of the month: this month's, or next month's if that one is past.
        month = sent_on.month
        if int(day) < sent_on.day - 3:
            month = month % 12 + 1
        _add(found, sent_on, month, int(day), "day of the month")
    return found


def _add(found: dict[date, str], sent_on: date, month: int, day: int, why: str) -> None:
    year = sent_on.year + (1 if month < sent_on.month - 6 else 0)
    with contextlib.suppress(ValueError):
        found.setdefault(date(year, month, day), why)


def match(operation: Operation, message: Message, tz: ZoneInfo) -> PlanHit:
    flat = normalise(message.text)
    parts: dict[str, Any] = {}
    score = 0.0
    best = max(((place_score(p, flat), p) for p in operation.places), default=(0.0, ""))
    if best[0] >= 0.5:
        parts["place"] = {"place": best[1], "overlap": round(best[0], 2)}
        score += WEIGHTS["place"] * best[0]
    sent_on = message.sent_at.astimezone(tz).date()
    named = dates_named(message.text, sent_on)
    hit_dates = [d for d in operation.dates if d in named]
    if hit_dates:
        parts["date"] = {"date": hit_dates[0].isoformat(), "said_as": named[hit_dates[0]]}
        score += WEIGHTS["date"]
    terms, _ = _terms()
    said = [term_id for term_id, text in terms if text and text in flat]
    if said:
        parts["terms"] = said
        score += WEIGHTS["term"]
    targets = [t for t in operation.targets if normalise(t) and normalise(t) in flat]
    if targets:
        parts["targets"] = targets
        score += WEIGHTS["target"]
    return PlanHit(message, round(score, 3), parts)


def leaked(
    operation: Operation,
    messages: list[Message],
    tz: ZoneInfo,
    *,
    min_score: float,
    window_days: int,
) -> list[PlanHit]:
    """Messages from `window_days` before the operation to a day after it, scoring enough."""
    first, last = min(operation.dates), max(operation.dates)
    hits = []
    for message in messages:
        on = message.sent_at.astimezone(tz).date()
        if not first - timedelta(days=window_days) <= on <= last + timedelta(days=1):
            continue
        hit = match(operation, message, tz)
        if hit.score >= min_score:
            hits.append(hit)
    return sorted(hits, key=lambda h: (h.message.sent_at, h.message.id))
