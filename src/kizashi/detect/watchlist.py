"""The protected-person and event watch-list, and the matcher that finds who a text names.

Watch-lists are data (``detect/watchlists/*.yaml``): people (candidates, protectees) with
their names, readings and aliases; events (rallies) with their people, date, place, and
aliases of three strengths — a ``place_alias`` (大塚駅南口) names the event on its own; an
``area_alias`` (大塚) or ``date_alias`` (11/1, 日曜) only together with the event's person or
with each other. Aliases are tokenised like the text and matched as token sequences on the
surface, and kana aliases also on the reading, so さくらい and サクライ find 桜井.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from kizashi.datafiles import cached_yaml
from kizashi.detect.lexicon import LexiconError
from kizashi.text import TextViews, Token, tokenize
from kizashi.text.normalize import is_kana, normalize

__all__ = ["Alias", "Event", "Person", "WatchList", "load_watchlist", "parse_watchlist"]


class _Haystack:
    """One token list prepared for alias lookups: its words, and its readings joined with
    the offsets where tokens begin and end (a kana alias must start and end on those)."""

    __slots__ = ("edges", "lower", "readings", "tokens")

    def __init__(self, tokens: Sequence[Token]) -> None:
        self.tokens = tokens
        self.lower = frozenset(t.lower for t in tokens)
        self.readings = "".join(t.reading for t in tokens)
        self.edges = {0}
        at = 0
        for token in tokens:
            at += len(token.reading)
            self.edges.add(at)


@dataclass(frozen=True)
class Alias:
    text: str
    surfaces: tuple[str, ...]
    reading: str | None  # set for kana-only aliases: matched on the token readings

    def found_in(self, hay: _Haystack) -> bool:
        if self.surfaces and self.surfaces[0] in hay.lower:
            n, tokens = len(self.surfaces), hay.tokens
            for i in range(len(tokens) - n + 1):
                if all(t.lower == s for t, s in zip(tokens[i : i + n], self.surfaces, strict=True)):
                    return True
        if self.reading is None or self.reading not in hay.readings:
            return False
        # A kana alias may span several tokens (さくらいみどり over 桜井|みどり), but must
        # start and end on token edges so that さくら does not match inside さくらんぼ.
        start = hay.readings.find(self.reading)
        while start >= 0:
            if start in hay.edges and start + len(self.reading) in hay.edges:
                return True
            start = hay.readings.find(self.reading, start + 1)
        return False


def _alias(text: str) -> Alias:
    tokens = tokenize(normalize(text))
    folded = "".join(t.reading for t in tokens)
    kana_only = all(is_kana(ch) for ch in text.replace(" ", ""))
    return Alias(text, tuple(t.lower for t in tokens), folded if kana_only else None)


@dataclass(frozen=True)
class Person:
    id: str
    kind: str
    name: str
    aliases: tuple[Alias, ...]


@dataclass(frozen=True)
class Event:
    id: str
    kind: str
    people: tuple[str, ...]
    place: str
    starts_at: str
    place_aliases: tuple[Alias, ...]
    area_aliases: tuple[Alias, ...]
    date_aliases: tuple[Alias, ...]


@dataclass(frozen=True)
class WatchList:
    versions: dict[str, int]
    people: tuple[Person, ...]
    events: tuple[Event, ...]

    def named(self, views: TextViews) -> tuple[str, ...]:
        """Ids of the people and events ``views`` names; an event brings its people."""
        hays = [_Haystack(views.tokens)]
        if views.decoded_tokens is not views.tokens:
            hays.append(_Haystack(views.decoded_tokens))

        def found(aliases: tuple[Alias, ...]) -> bool:
            return any(a.found_in(hay) for a in aliases for hay in hays)

        people = {p.id for p in self.people if found(p.aliases)}
        events = set()
        for event in self.events:
            person = bool(people & set(event.people))
            area, date = found(event.area_aliases), found(event.date_aliases)
            if found(event.place_aliases) or (area and (person or date)) or (date and person):
                events.add(event.id)
                people.update(event.people)
        order = [p.id for p in self.people] + [e.id for e in self.events]
        return tuple(i for i in order if i in people | events)


def _aliases(
    entry: dict[str, Any], key: str, where: str, extra: Sequence[str] = ()
) -> tuple[Alias, ...]:
    values = list(extra) + list(entry.get(key) or [])
    if not all(isinstance(v, str) and v.strip() for v in values):
        raise LexiconError(f"{where}: '{key}' must be a list of non-empty strings")
    return tuple(_alias(v) for v in dict.fromkeys(values))


def parse_watchlist(files: dict[str, Any]) -> WatchList:
    versions: dict[str, int] = {}
    people: list[Person] = []
    events: list[Event] = []
    for name, data in sorted(files.items()):
        if not isinstance(data, dict) or not isinstance(data.get("version"), int):
            raise LexiconError(f"{name}: needs an integer file-level 'version'")
        versions[name] = data["version"]
        for entry in data.get("people") or []:
            if not isinstance(entry, dict) or not all(
                isinstance(entry.get(k), str) for k in ("id", "name")
            ):
                raise LexiconError(f"{name}: every person needs a string 'id' and 'name'")
            where = f"{name}: person {entry['id']!r}"
            names = [entry["name"], entry["name"].replace(" ", "")]
            aliases = _aliases(entry, "aliases", where, names)
            people.append(
                Person(entry["id"], str(entry.get("kind", "protectee")), entry["name"], aliases)
            )
        for entry in data.get("events") or []:
            if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
                raise LexiconError(f"{name}: every event needs a string 'id'")
            where = f"{name}: event {entry['id']!r}"
            for key in ("place", "starts_at"):
                if not isinstance(entry.get(key), str):
                    raise LexiconError(f"{where}: needs '{key}' as a string")
            events.append(
                Event(
                    id=entry["id"],
                    kind=str(entry.get("kind", "event")),
                    people=tuple(entry.get("people") or ()),
                    place=entry["place"],
                    starts_at=entry["starts_at"],
                    place_aliases=_aliases(entry, "place_aliases", where, [entry["place"]]),
                    area_aliases=_aliases(entry, "area_aliases", where),
                    date_aliases=_aliases(entry, "date_aliases", where),
                )
            )
    ids = [p.id for p in people] + [e.id for e in events]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise LexiconError(f"watch-list: duplicate ids {duplicates}")
    unknown = sorted({p for e in events for p in e.people} - {p.id for p in people})
    if unknown:
        raise LexiconError(f"watch-list: events name unknown people {unknown}")
    return WatchList(versions, tuple(people), tuple(events))


@cache
def load_watchlist() -> WatchList:
    """The shipped watch-lists, parsed once per process."""
    folder = resources.files("kizashi.detect").joinpath("watchlists")
    files = {
        item.name: cached_yaml(item.read_text("utf-8"))
        for item in folder.iterdir()
        if item.name.endswith(".yaml")
    }
    return parse_watchlist(files)
