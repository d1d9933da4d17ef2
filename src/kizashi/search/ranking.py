"""The order of what a search shows: the thing named exactly first, then the newest.

A search for 山田太郎 matches 山田太郎 and also 山田太郎丸 or a newer report that names
山田太郎子; by date alone the person named exactly came after newer partial matches. So,
within each kind (people first, as before), a hit is *named* when one of its values is the
query itself:

- a value folded (``terms.fold``) equals the folded query, with or without its spaces
  (ヤマダ タロウ and やまだたろう are the same query); a phone-like query also equals a phone
  value by its digits;
- or, for a query read as a name (no digit, no ``@``), a person's or organisation's value
  reads the same: the same set of phonetic keys (``terms`` reads both with resolve's
  ``name_key``), so "Taro Yamada" names 山田太郎 and ヤマダ タロウ, while 山田 does not
  name 山田太郎 (a partial match: fewer keys).

A hit's values are those it was matched on (``index``): an entity's members' mentions, a
report's mentions, a case's reference and title. Named hits come first, then the rest,
each newest first (the candidates' order, kept by a stable sort).

Ranking runs on what the guard allowed only (:func:`kizashi.search.service.visible_hits`
decides first), and reads no more than the match itself read: an entity is found by every
value its members mention, so being named by one of them says nothing new. It reads the
mentions of at most a page's candidates (200 documents and 50 cases), by primary key.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, select

from kizashi.search.terms import NAME_KINDS, fold, name_tokens, phone_digits, reads_as_name
from kizashi.store.tables import cases, mentions
from kizashi.store.tables_resolve import entities, entity_members

CHUNK = 500
REPORT = "report"
CASE = "case"


class Named:
    """What a query names: its folded forms, its digits (phone-like), its reading."""

    def __init__(self, q: str) -> None:
        folded = fold(q)
        self.forms = {folded, folded.replace(" ", "")}
        self.digits = phone_digits(folded)
        self.reading = frozenset(name_tokens(q) if reads_as_name(folded) else ())

    def by(self, kind: str, value: str) -> bool:
        """Whether a value of this kind (a mention's kind) is the query itself."""
        folded = fold(value)
        if folded in self.forms or folded.replace(" ", "") in self.forms:
            return True
        if self.digits is not None and kind == "phone":
            return phone_digits(folded) == self.digits
        if self.reading and kind in NAME_KINDS:
            return frozenset(name_tokens(value)) == self.reading
        return False


def _chunks(ids: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _values(connection: Connection, found: Sequence[Any]) -> dict[str, set[tuple[str, str]]]:
    """``(kind, value)`` of each hit by its id: what it was matched on."""
    out: dict[str, set[tuple[str, str]]] = defaultdict(set)
    entity_ids = sorted({h.ref_id for h in found if h.kind not in (REPORT, CASE)})
    report_ids = sorted({h.ref_id for h in found if h.kind == REPORT})
    case_ids = sorted({h.ref_id for h in found if h.kind == CASE})
    for chunk in _chunks(entity_ids):
        rows = connection.execute(
            select(entity_members.c.entity_id, mentions.c.kind, mentions.c.value)
            .join(mentions, mentions.c.id == entity_members.c.mention_id)
            .where(entity_members.c.entity_id.in_(chunk))
            .distinct()
        )
        for owner, kind, value in rows:
            out[owner].add((kind, value))
        for owner, kind, label in connection.execute(
            select(entities.c.id, entities.c.kind, entities.c.label).where(entities.c.id.in_(chunk))
        ):
            out[owner].add((kind, label))
    for chunk in _chunks(report_ids):
        rows = connection.execute(
            select(mentions.c.report_id, mentions.c.kind, mentions.c.value)
            .where(mentions.c.report_id.in_(chunk))
            .distinct()
        )
        for owner, kind, value in rows:
            out[owner].add((kind, value))
    for chunk in _chunks(case_ids):
        for owner, ref, title in connection.execute(
            select(cases.c.id, cases.c.ref, cases.c.title).where(cases.c.id.in_(chunk))
        ):
            out[owner].update({(CASE, ref), (CASE, title or "")})
    return out


def named(connection: Connection, q: str, found: Sequence[Any]) -> set[tuple[str, str]]:
    """``(kind, ref_id)`` of the hits ``q`` names (module docstring)."""
    query = Named(q)
    values = _values(connection, found)
    return {
        (h.kind, h.ref_id)
        for h in found
        if any(query.by(kind, value) for kind, value in values.get(h.ref_id, ()))
    }


def ranked(
    connection: Connection, q: str, shown: Sequence[Any], order: dict[str, int]
) -> list[Any]:
    """``shown`` by kind (``order``), then named first, then as given (newest first)."""
    first = named(connection, q, shown)
    last = len(order)
    return sorted(
        shown,
        key=lambda h: (order.get(h.kind, last), (h.kind, h.ref_id) not in first),
    )


__all__ = ["Named", "named", "ranked"]
