"""Whether an entity's label stays when new records add person names to it.

An entity's label is what :func:`kizashi.resolve.entities_writer.write_clusters` gives: the
commonest spelling among its members' person names, preferring one with kanji, and real
names over screen names (a value any member uses as a display name is a screen name, and
screen names count only when the entity has no real name). An attached record
(:mod:`kizashi.resolve.attach`) carries names its twin already carries, in the same places,
so the set of screen names does not change; only the counts of its own names grow.

Until 2026-12-05 an attachment was refused unless every name it added *was* the label, and
the twin's whole component was re-clustered instead. That was the resolve stage's growth
with the store: a busy account whose entity is labelled by another name (a real name from
a partner report, a commoner display name of a linked account) posts again and again, and
each post re-clustered an entity that grows with the store (2,791 records at 100k stored,
measured). Here the label is decided from the counts of the label and the added names
among the entity's members only — one indexed read of the entity's members, no re-clustering:

- label not a screen name (the entity has real names): an added screen name is not counted;
  an added real name replaces the label only if it now sorts above it;
- label a screen name (no real names): an added real name replaces it (refused); an added
  screen name replaces it only if it now sorts above it.

"Sorts above" is :func:`label_of`'s order: (has kanji, count, value). The stored label is
trusted to be what the members give (the caveat of :mod:`kizashi.resolve.attach`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from sqlalchemy import Connection, select

from kizashi.resolve.repository import chunks
from kizashi.store.tables import mentions
from kizashi.store.tables_resolve import entity_members

__all__ = ["label_stays"]


def _order(value: str, count: int) -> tuple[bool, int, str]:
    return (any("\u4e00" <= ch <= "\u9fff" for ch in value), count, value)


def label_stays(
    connection: Connection, entity_id: str, label: str, added: Mapping[tuple[str, bool], int]
) -> bool:
    """Whether ``label`` is still the label of ``entity_id`` once ``added`` person names
    ((value, written as a display name) → occurrences) join it (see the module doc)."""
    values = {value for value, _ in added} - {label}
    if not values:
        return True  # only the label itself is added: its count grows, it stays first
    wanted = sorted(values | {label})
    counts: Counter[str] = Counter()
    screen: set[str] = set()
    for chunk in chunks(wanted, 400):
        # The kind is checked here, not in the WHERE: with kind = 'person' SQLite (no
        # statistics) would search mentions by (kind, normalized), i.e. every person
        # mention of the store, instead of this entity's members.
        for row in connection.execute(
            select(mentions.c.kind, mentions.c.value, mentions.c.path)
            .join(entity_members, entity_members.c.mention_id == mentions.c.id)
            .where(entity_members.c.entity_id == entity_id, mentions.c.value.in_(chunk))
        ):
            if row.kind != "person":
                continue
            counts[str(row.value)] += 1
            if str(row.path).endswith("display_name"):
                screen.add(str(row.value))
    if not counts[label]:
        return False  # a label no member spells as a name (a nameless entity's): re-cluster
    label_is_screen = label in screen
    label_count = counts[label] + sum(n for (value, _), n in added.items() if value == label)
    for (value, display), occurrences in added.items():
        if value == label:
            continue
        is_screen = display or value in screen
        if is_screen and not label_is_screen:
            continue  # screen names do not count beside real names
        if label_is_screen and not is_screen:
            return False  # the entity's first real name becomes its label
        if _order(value, counts[value] + occurrences) > _order(label, label_count):
            return False
    return True
