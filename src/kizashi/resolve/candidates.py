"""The candidates of a batch of new records: what each would meet, read from the store once.

One by one, a new record looks the store up by its blocking keys (one indexed query on
``resolve_keys``) after the records before it were written. For a claimed batch of reports
the store is read once, for every key of every record, and the records the batch adds are
kept here beside it, with their keys and components, so that each record meets exactly what
it would have met one by one: the stored records less those the batch deleted (a re-linked
report's old records), plus the batch's earlier records, each in the component it is in after
the batch's merges so far. The merges reach the store in one go (:meth:`apply_merges`).

*One record per profile.* A block was mostly copies: every post of an account makes a person
record with the same features, so an account's blocks grew with its posts, i.e. with the
store (on the benchmark's 20k store one account's key held 754 records). The batch run
compares only the first of each set of identical records and links the others to it
(:func:`kizashi.resolve.link.identical_groups`); so does this side. A *copy* (a record whose
one link is its identical-record edge to a first) has no blocking keys in the store
(:mod:`kizashi.resolve.copies`; written so by both paths, and migration 0028 drops the keys
older stores kept), so a block holds one record per profile and the read below does not grow with an
account's posts. :meth:`of` keeps, of each profile it meets, only the smallest id (what the
identical-record check of :func:`kizashi.resolve.incremental._decide_all` wanted anyway),
for the copies whose keys were given back when their first was deleted
(:func:`kizashi.resolve.copies.restore_keys`).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Connection, Text, select, type_coerce, update

from kizashi.resolve.repository import chunks, json_value
from kizashi.store.tables_resolve import resolve_keys, resolve_records

__all__ = ["Candidates", "profile"]


def profile(features: Mapping[str, Any]) -> str:
    """What makes two records identical: every non-empty field but the id (as the batch's
    :func:`kizashi.resolve.link.identical_groups` and the incremental check compare)."""
    kept = {k: v for k, v in features.items() if k != "unique_id" and v}
    return json.dumps(kept, sort_keys=True, ensure_ascii=False, default=str)


class Candidates:
    """The store's records sharing a key with the batch, and the batch's own records."""

    def __init__(self, connection: Connection, keys: Iterable[str]) -> None:
        self._stored_by_key: dict[str, set[str]] = defaultdict(set)
        self._rows: dict[str, dict[str, Any]] = {}
        self._profiles: dict[str, str] = {}  # record → its profile, computed once a batch
        self.rows_read = 0  # stored (key, record) rows read: what grew with the blocks
        # The keys and their records in one statement (a key without its record would be
        # left out by :meth:`of` anyway): one a pass fewer than keys, then records. A record
        # sharing several keys with the batch comes once a key; its features are read as
        # text and decoded once, by orjson (issue 12, live23: the rows of this read grow with
        # the name blocks, and each was decoded; live12: orjson, not the stdlib).
        features = type_coerce(resolve_records.c.features, Text)
        for chunk in chunks(sorted(set(keys)), 500):
            rows = connection.execute(
                select(
                    resolve_keys.c.key,
                    resolve_records.c.id,
                    features.label("features"),
                    resolve_records.c.component,
                )
                .join(resolve_records, resolve_records.c.id == resolve_keys.c.record_id)
                .where(resolve_keys.c.key.in_(chunk))
            )
            for r in rows:
                self.rows_read += 1
                record_id = str(r.id)
                self._stored_by_key[str(r.key)].add(record_id)
                if record_id not in self._rows:
                    found = json_value(r.features)  # (psycopg's: decoded already)
                    self._rows[record_id] = {"features": found, "component": str(r.component)}
        self._added_by_key: dict[str, list[str]] = defaultdict(list)
        self._added: dict[str, dict[str, Any]] = {}
        self._deleted: set[str] = set()
        self._merged: dict[str, str] = {}  # component → the component it was merged into

    def stored_components(self) -> set[str]:
        """The stored candidates' components as last read (no statement)."""
        return {str(row["component"]) for row in self._rows.values()}

    def reload_components(self, connection: Connection) -> set[str]:
        """Read the stored candidates' components again (another worker may have merged
        them); returns them."""
        ids = sorted(self._rows)
        for chunk in chunks(ids, 500):
            rows = connection.execute(
                select(resolve_records.c.id, resolve_records.c.component).where(
                    resolve_records.c.id.in_(chunk)
                )
            )
            for r in rows:
                self._rows[str(r.id)]["component"] = str(r.component)
        return self.stored_components()

    def stored_ids(self) -> list[str]:
        """The stored candidates' record ids (no statement)."""
        return sorted(self._rows)

    def moved(self, components: Mapping[str, str]) -> set[str]:
        """The stored candidates' components as just read (record → component; what
        :meth:`reload_components` reads, read by the caller with its own); returns them."""
        for record_id, component in components.items():
            if record_id in self._rows:
                self._rows[record_id]["component"] = component
        return self.stored_components()

    def component(self, component: str) -> str:
        """Where a component is now, after the batch's merges."""
        while component in self._merged:
            component = self._merged[component]
        return component

    def of(self, keys: Iterable[str], own: str) -> list[dict[str, Any]]:
        """Records sharing a key with a new record (``id``, ``features``, ``component``):
        of each profile (identical features), only the smallest id (see the module doc)."""
        found: dict[str, dict[str, Any]] = {}
        for key in set(keys):
            for record_id in self._stored_by_key.get(key, ()):
                if record_id not in self._deleted and record_id in self._rows:
                    found[record_id] = self._rows[record_id]
            for record_id in self._added_by_key.get(key, ()):
                found[record_id] = self._added[record_id]
        found.pop(own, None)
        first: dict[str, str] = {}
        for rid in sorted(found):
            first.setdefault(self._profile(rid, found[rid]["features"]), rid)
        return [
            {
                "id": rid,
                "features": found[rid]["features"],
                "component": self.component(found[rid]["component"]),
            }
            for rid in sorted(first.values())
        ]

    def _profile(self, record_id: str, features: Mapping[str, Any]) -> str:
        """:func:`profile` of a record's features, once a batch: a stored record of a busy
        name block is met by many of the batch's records (its features never change here;
        :meth:`add_stored` and :meth:`add` forget what they replace)."""
        found = self._profiles.get(record_id)
        if found is None:
            found = self._profiles[record_id] = profile(features)
        return found

    def add_stored(
        self, record_id: str, features: Mapping[str, Any], component: str, keys: Iterable[str]
    ) -> None:
        """A stored record whose keys were just given back (a copy whose first was deleted):
        met from now on, as one by one would meet it."""
        self._profiles.pop(record_id, None)
        self._rows[record_id] = {"features": features, "component": component}
        for key in set(keys):
            self._stored_by_key[key].add(record_id)

    def add_keys(self, record_id: str, keys: Iterable[str]) -> None:
        """Keys given back to a record the batch added as a copy (its first was deleted)."""
        for key in set(keys):
            self._added_by_key[key].append(record_id)

    def delete(self, record_ids: Iterable[str]) -> None:
        """Stored records the batch removed (a re-linked report's old records)."""
        self._deleted.update(record_ids)

    def add(self, record_id: str, features: Mapping[str, Any], keys: Iterable[str]) -> None:
        """A record the batch links, in its own component until :meth:`merge` joins it."""
        self._profiles.pop(record_id, None)
        self._added[record_id] = {"features": dict(features), "component": record_id}
        for key in set(keys):
            self._added_by_key[key].append(record_id)

    def merge(self, components: Iterable[str]) -> str:
        """One component out of several (the smallest id, as the store merges); returns it."""
        found = sorted({self.component(c) for c in components})
        for other in found[1:]:
            self._merged[other] = found[0]
        return found[0]

    def set_component(self, record_id: str, component: str) -> None:
        self._added[record_id]["component"] = component

    def component_of(self, record_id: str) -> str:
        """The component a record the batch added is in now."""
        return self.component(str(self._added[record_id]["component"]))

    def apply_merges(self, connection: Connection) -> None:
        """The batch's merges, written to the stored records' components."""
        by_target: dict[str, list[str]] = defaultdict(list)
        for component in self._merged:
            by_target[self.component(component)].append(component)
        for target, sources in sorted(by_target.items()):
            for chunk in chunks(sorted(sources), 500):
                connection.execute(
                    update(resolve_records)
                    .where(resolve_records.c.component.in_(chunk))
                    .values(component=target)
                )
