"""Writing entities and their members from clusters — for the whole store or one component.

Entity ids outlive re-runs: a cluster takes the id most of its records had before (so the
alerts and risk that triage attached to it stay attached); an entity whose members all went
elsewhere is kept, with ``merged_into`` naming where most of them went. Nothing is deleted
from ``entities``, so no merge is irreversible.

The batch run writes every record at once; a new report or a judgement writes only the
records of the components it touched (:mod:`kizashi.resolve.components`) — the same code.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Text, bindparam, select, type_coerce, update
from sqlalchemy.dialects import postgresql, sqlite

from kizashi.resolve.addresses import address_key
from kizashi.resolve.cluster import JUDGED
from kizashi.resolve.contacts import account_key, email_key, phone_key
from kizashi.resolve.member_order import insert_members, kept_numbers, stored_numbers
from kizashi.resolve.repository import chunks, entity_id_key, entity_uuid, json_value
from kizashi.resolve.rules import RULE_WEIGHT
from kizashi.store.engine import is_sqlite
from kizashi.store.tables import mentions
from kizashi.store.tables_resolve import entities, entity_members, resolve_records

__all__ = [
    "MemberWrites",
    "identifier_key",
    "label_of",
    "leftover_members",
    "mark_left",
    "member_row",
    "mention_rows_of",
    "shown_weight",
    "write_clusters",
]

EdgeTuple = tuple[str, str, float, tuple[dict[str, Any], ...]]


def identifier_key(kind: str, value: str, qualifier: str | None = None) -> str:
    if kind == "phone":
        return phone_key(value).digits or value
    if kind == "email":
        return email_key(value) or value.casefold()
    if kind == "account":
        return account_key(value, qualifier)
    if kind == "address":
        a = address_key(value)
        return f"{a.area}|{a.block}|{a.room}" if a.block else value
    return value.strip().casefold()


def label_of(values: list[str]) -> str:
    # The commonest spelling, preferring one with kanji (what an analyst reads first).
    counts = Counter(values)
    return max(counts, key=lambda v: (any("\u4e00" <= ch <= "\u9fff" for ch in v), counts[v], v))


def _reasons(
    clusters: Mapping[str, str], edges: Sequence[EdgeTuple]
) -> dict[str, tuple[float | None, list[dict[str, Any]]]]:
    """Per record: the weight and reasons of its strongest link inside its cluster."""
    out: dict[str, tuple[float | None, list[dict[str, Any]]]] = {}
    for left, right, weight, why in sorted(edges, key=lambda e: (-e[2], e[0], e[1])):
        if clusters.get(left) is None or clusters.get(left) != clusters.get(right):
            continue
        for member in (left, right):
            if member not in out:
                out[member] = (shown_weight(weight), list(why))
    return out


def _entity_ids(
    groups: Mapping[str, list[str]], previous: Mapping[str, str | None], id_key: bytes | None
) -> dict[str, str]:
    """Cluster → entity id: the id most of its records had, each old id to one cluster only."""
    claimed: set[str] = set()
    out: dict[str, str] = {}
    for cluster, members in sorted(groups.items(), key=lambda g: (-len(g[1]), g[0])):
        had = Counter(previous[m] for m in members if previous.get(m))
        choice = next(
            (e for e, _ in sorted(had.items(), key=lambda kv: (-kv[1], kv[0])) if e not in claimed),
            None,
        )
        entity_id = choice or entity_uuid(id_key, "person", min(members))
        if entity_id in claimed:  # a record's own id is taken by the cluster it left
            entity_id = entity_uuid(id_key, "person", "split:" + "|".join(sorted(members)))
        claimed.add(entity_id)
        out[cluster] = entity_id
    return out


def mention_rows_of(connection: Connection, ids: Iterable[str] | None) -> dict[str, dict[str, Any]]:
    query = select(
        mentions.c.id, mentions.c.kind, mentions.c.value, mentions.c.qualifier, mentions.c.path
    )
    if ids is None:
        rows = connection.execute(query.where(mentions.c.kind != "substance")).mappings()
        return {str(r["id"]): dict(r) for r in rows}
    out: dict[str, dict[str, Any]] = {}
    for chunk in chunks(list(ids), 500):
        for r in connection.execute(query.where(mentions.c.id.in_(chunk))).mappings():
            out[str(r["id"])] = dict(r)
    return out


def member_row(
    mention: Mapping[str, Any],
    record_id: str,
    record: Mapping[str, Any],
    entity_id: str,
    weight: float | None,
    why: list[dict[str, Any]],
    now: datetime,
) -> dict[str, Any]:
    """A record's mention as a member of its entity, with why it joined (the record's
    strongest link inside its cluster; a co-mention says it was named with the person)."""
    own = str(mention["id"]) == record_id
    return {
        "mention_id": str(mention["id"]),
        "entity_id": entity_id,
        "report_id": record["report_id"],
        "match_weight": weight if own else None,
        "reasons": why
        if own
        else [
            {
                "field": mention["kind"],
                "comparison": "named with this person in the same report",
                "weight": None,
            },
            *why,
        ],
        "linked_at": now,
    }


def shown_weight(weight: float) -> float | None:
    """A link's weight as a member shows it (none for a rule's, an identical record's or an
    analyst's: those are not evidence weights)."""
    return None if weight >= RULE_WEIGHT or weight >= JUDGED else round(weight, 3)


def write_clusters(
    connection: Connection,
    run_id: str | None,
    records: Mapping[str, Mapping[str, Any]],
    clusters: Mapping[str, str],
    edges: Sequence[EdgeTuple],
    now: datetime,
    *,
    whole_store: bool = False,
    writes: MemberWrites | None = None,
) -> dict[str, set[str]]:
    """Memberships of ``records`` (id → report_id, mention_ids, entity_id) from ``clusters``.

    Rewrites the members of these records' mentions, the records' entity ids, the labels of
    their entities, and retires entities left without members. Returns, per record, the
    entities it touched (the one it was in, the one it is in). With ``writes`` (not for the
    whole store), nothing is read or written but the entity id key: all of it is added to
    ``writes``, which the caller flushes."""
    groups: dict[str, list[str]] = defaultdict(list)
    for record_id in records:
        groups[clusters.get(record_id, record_id)].append(record_id)
    previous = {rid: r.get("entity_id") for rid, r in records.items()}
    cluster_entity = _entity_ids(groups, previous, entity_id_key(connection, now))
    reasons = _reasons(clusters, edges)
    all_mentions = [m for r in records.values() for m in r["mention_ids"]]
    mention_rows = mention_rows_of(connection, None if whole_store else all_mentions)
    members_out: list[dict[str, Any]] = []
    labels: dict[str, list[str]] = {}
    for cluster, record_ids in groups.items():
        entity_id = cluster_entity[cluster]
        names: list[str] = []
        screen: set[str] = set()
        for record_id in sorted(record_ids):
            record = records[record_id]
            weight, why = reasons.get(record_id, (None, []))
            for mention_id in record["mention_ids"]:
                mention = mention_rows.get(mention_id)
                if mention is None:
                    continue
                if mention["kind"] == "person":
                    names.append(str(mention["value"]))
                    if str(mention["path"]).endswith("display_name"):
                        screen.add(str(mention["value"]))
                members_out.append(
                    member_row(mention, record_id, record, entity_id, weight, why, now)
                )
        names = [n for n in names if n not in screen] or names  # a real name over a screen name
        if not names:
            first = records[min(record_ids)]["mention_ids"]
            names = [str(mention_rows[m]["value"]) for m in first if m in mention_rows][:1]
        labels[entity_id] = names or ["?"]
    assignment = {rid: cluster_entity[c] for c, rids in groups.items() for rid in rids}
    if writes is not None and not whole_store:
        writes.labels.update(labels)
        writes.compared += members_out
        writes.records += [
            {"rid": rid, "eid": eid} for rid, eid in assignment.items() if previous.get(rid) != eid
        ]
        writes.retire.append((previous, assignment))
        return {rid: {e for e in (previous.get(rid), eid) if e} for rid, eid in assignment.items()}
    _upsert_entities(connection, run_id, labels, now)
    kept: dict[str, Any] = {}  # every membership rewritten (whole store): every one numbered anew
    if whole_store:
        # Every membership is rewritten: any entity may have lost members.
        connection.execute(
            update(entities).values(members_left_at=now, members_left=entities.c.members_left + 1)
        )
    else:
        # Rewrite only the members whose entity or reasons changed: a judgement on a
        # thousand-record entity moves a few of them.
        members_out, left, kept = _changed(connection, members_out)
        mark_left(connection, left, now)
        for chunk in chunks([m["mention_id"] for m in members_out], 500):
            connection.execute(
                entity_members.delete().where(entity_members.c.mention_id.in_(chunk))
            )
    insert_members(connection, members_out, kept)
    changed = [
        {"rid": rid, "eid": eid} for rid, eid in assignment.items() if previous.get(rid) != eid
    ]
    if changed:
        connection.execute(
            update(resolve_records)
            .where(resolve_records.c.id == bindparam("rid"))
            .values(entity_id=bindparam("eid")),
            changed,
        )
    _retire(connection, run_id, previous, assignment, now)
    return {rid: {e for e in (previous.get(rid), eid) if e} for rid, eid in assignment.items()}


@dataclass
class MemberWrites:
    """What :func:`write_clusters`, :func:`leftover_members` and the attachment of identical
    records (:mod:`kizashi.resolve.attach`) write for one live batch, written by
    :meth:`flush` in one statement of each kind (issue 12, twelfth run: the three wrote the
    same tables one after the other, about six statements a pass more).

    Their rows never overlap: an attached component is not re-clustered, a re-clustered
    record's mentions are not leftovers, and an identifier's entity id is not a person's
    (:func:`entity_uuid` keys each by its kind); nothing between the calls and the flush
    reads what they write. So one read of the stored members, one upsert of the entities,
    one delete and one insert of members write what the calls wrote in turn."""

    run_id: str | None
    now: datetime
    labels: dict[str, list[str]] = field(default_factory=dict)  # entity → names
    kinds: dict[str, str] = field(default_factory=dict)  # entity → kind (else person)
    compared: list[dict[str, Any]] = field(default_factory=list)  # written if changed
    replaced: list[dict[str, Any]] = field(default_factory=list)  # always rewritten
    attached: list[dict[str, Any]] = field(default_factory=list)  # rewritten, none leaves
    touched: set[str] = field(default_factory=set)  # entities attached to: run, updated_at
    records: list[dict[str, str]] = field(default_factory=list)  # record → new entity
    retire: list[tuple[Mapping[str, str | None], Mapping[str, str]]] = field(default_factory=list)
    # Entities an earlier member left or joined, over every flush (kept: the caller reads it)
    moved: set[str] = field(default_factory=set)

    def flush(self, connection: Connection) -> None:
        """Write it all (in the order the two calls wrote it); the buffer is emptied."""
        _upsert_entities(connection, self.run_id, self.labels, self.now, self.kinds)
        rows = self.compared + self.replaced
        stored = _stored_members(connection, [m["mention_id"] for m in rows + self.attached])
        changed, left = _compare(stored, self.compared)
        now_in = {r["mention_id"]: r["entity_id"] for r in self.replaced}
        left |= {stored[m][0] for m in now_in if m in stored and stored[m][0] != now_in[m]}
        mark_left(connection, left, self.now)
        # An earlier member moved: the entity it left and the one it joined (a new mention's
        # first membership moves nothing; its own report's triage re-scores what it is about).
        self.moved |= left | {
            m["entity_id"]
            for m in changed + self.replaced
            if m["mention_id"] in stored and stored[m["mention_id"]][0] != m["entity_id"]
        }
        members = changed + self.replaced + self.attached
        for chunk in chunks([m["mention_id"] for m in members], 500):
            connection.execute(
                entity_members.delete().where(entity_members.c.mention_id.in_(chunk))
            )
        insert_members(connection, members, kept_numbers(stored, members))
        if self.records:
            connection.execute(
                update(resolve_records)
                .where(resolve_records.c.id == bindparam("rid"))
                .values(entity_id=bindparam("eid")),
                self.records,
            )
        for chunk in chunks(sorted(self.touched), 500):
            connection.execute(
                update(entities)
                .where(entities.c.id.in_(chunk))
                .values(resolve_run=self.run_id, updated_at=self.now)
            )
        for previous, assignment in self.retire:
            _retire(connection, self.run_id, previous, assignment, self.now)
        self.labels, self.kinds, self.compared, self.replaced = {}, {}, [], []
        self.attached, self.touched, self.records, self.retire = [], set(), [], []


def mark_left(connection: Connection, entity_ids: Iterable[str], now: datetime) -> None:
    """Record that members left these entities (``entities.members_left_at``) and count it
    (``members_left``): what was built from their members before is rebuilt, not added to —
    triage's marks (0030) and search documents (0031) compare the count, which a clock
    standing still or going back cannot leave unchanged."""
    for chunk in chunks(sorted(set(entity_ids)), 500):
        connection.execute(
            update(entities)
            .where(entities.c.id.in_(chunk))
            .values(members_left_at=now, members_left=entities.c.members_left + 1)
        )


def _stored_members(
    connection: Connection, mention_ids: Sequence[str]
) -> dict[str, tuple[Any, ...]]:
    """Mention → its stored member's (entity, weight, reasons, number)."""
    stored: dict[str, tuple[Any, ...]] = {}
    # The reasons read as text and decoded by orjson (repository.json_value): a batch reads
    # a few hundred members, each compared (issue 12, live12: the stdlib's decoder was ~2 %
    # of the worker's CPU at 100k).
    reasons = type_coerce(entity_members.c.reasons, Text).label("reasons")
    for chunk in chunks(list(mention_ids), 500):
        for r in connection.execute(
            select(
                entity_members.c.mention_id,
                entity_members.c.entity_id,
                entity_members.c.match_weight,
                reasons,
                entity_members.c.seq,
            ).where(entity_members.c.mention_id.in_(chunk))
        ):
            stored[str(r.mention_id)] = (
                str(r.entity_id),
                r.match_weight,
                json_value(r.reasons),
                r.seq,
            )
    return stored


def _changed(
    connection: Connection, members: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], set[str], dict[str, Any]]:
    """The member rows that differ from what is stored (entity, weight or reasons), the
    entities a member leaves, and the numbers the rows staying in their entity keep."""
    stored = _stored_members(connection, [m["mention_id"] for m in members])
    changed, left = _compare(stored, members)
    return changed, left, kept_numbers(stored, changed)


def _compare(
    stored: Mapping[str, tuple[Any, ...]], members: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], set[str]]:
    left = {
        stored[m["mention_id"]][0]
        for m in members
        if m["mention_id"] in stored and stored[m["mention_id"]][0] != m["entity_id"]
    }
    changed = [
        m
        for m in members
        if stored.get(m["mention_id"], ())[:3] != (m["entity_id"], m["match_weight"], m["reasons"])
    ]
    return changed, left


def leftover_members(
    connection: Connection,
    run_id: str | None,
    leftovers: Sequence[Mapping[str, Any]],
    now: datetime,
    *,
    writes: MemberWrites | None = None,
) -> set[str]:
    """Mentions outside every person record (a report's place, an organisation) join the
    entity of their kind and key. With ``writes``, what is written is added to it (the
    caller flushes it)."""
    labels: dict[str, list[str]] = {}
    kinds: dict[str, str] = {}
    rows = []
    id_key = entity_id_key(connection, now) if leftovers else None
    for left in leftovers:
        kind = str(left["kind"])
        key = identifier_key(kind, str(left["value"]), left.get("qualifier"))
        entity_id = entity_uuid(id_key, kind, key)
        labels.setdefault(entity_id, []).append(str(left["value"]))
        kinds[entity_id] = kind
        rows.append(
            {
                "mention_id": str(left["id"]),
                "entity_id": entity_id,
                "report_id": str(left["report_id"]),
                "match_weight": None,
                "reasons": [{"field": kind, "comparison": f"same {kind} key", "weight": None}],
                "linked_at": now,
            }
        )
    if writes is not None:
        for entity_id, values in labels.items():
            writes.labels.setdefault(entity_id, []).extend(values)
        writes.kinds.update(kinds)
        writes.replaced += rows
        return set(labels)
    _upsert_entities(connection, run_id, labels, now, kinds)
    now_in = {str(r["mention_id"]): str(r["entity_id"]) for r in rows}
    before = stored_numbers(connection, list(now_in))
    moved_from = {entity for m, (entity, _) in before.items() if now_in[m] != entity}
    for chunk in chunks(list(now_in), 500):
        connection.execute(entity_members.delete().where(entity_members.c.mention_id.in_(chunk)))
    mark_left(connection, moved_from, now)
    insert_members(connection, rows, kept_numbers(before, rows))
    return set(labels)


def _upsert_entities(
    connection: Connection,
    run_id: str | None,
    labels: Mapping[str, list[str]],
    now: datetime,
    kinds: Mapping[str, str] | None = None,
) -> None:
    existing: set[str] = set()
    for chunk in chunks(list(labels), 500):
        existing |= {
            str(r.id)
            for r in connection.execute(select(entities.c.id).where(entities.c.id.in_(chunk)))
        }
    new_rows, changed = [], []
    for entity_id, values in labels.items():
        kind = (kinds or {}).get(entity_id, "person")
        label = label_of(values) if values else kind
        if entity_id in existing:
            changed.append({"eid": entity_id, "kind": kind, "label": label})
        else:
            new_rows.append(
                {
                    "id": entity_id,
                    "kind": kind,
                    "label": label,
                    "resolve_run": run_id,
                    "created_at": now,
                    "updated_at": now,
                }
            )
    # Two workers on PostgreSQL may both make an identifier's entity (a shop both their
    # reports name): the second insert does nothing, and the first one's label stands.
    dialect = sqlite if is_sqlite(connection) else postgresql
    for batch in chunks(sorted(new_rows, key=lambda r: str(r["id"])), 2000):
        connection.execute(
            dialect.insert(entities).on_conflict_do_nothing(index_elements=["id"]), batch
        )
    changed.sort(key=lambda r: r["eid"])  # rows locked in one order: no deadlock between workers
    if changed:
        connection.execute(
            update(entities)
            .where(entities.c.id == bindparam("eid"))
            .values(
                kind=bindparam("kind"),
                label=bindparam("label"),
                resolve_run=run_id,
                merged_into=None,
                updated_at=now,
            ),
            changed,
        )


def _retire(
    connection: Connection,
    run_id: str | None,
    previous: Mapping[str, str | None],
    assignment: Mapping[str, str],
    now: datetime,
) -> None:
    """Entities left without members point to where most of their former records went."""
    live = set(assignment.values())
    moved: dict[str, Counter[str]] = defaultdict(Counter)
    for record_id, entity_id in previous.items():
        if entity_id and entity_id not in live:
            moved[entity_id][assignment[record_id]] += 1
    retired = [
        {"retired": entity_id, "target": sorted(t.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]}
        for entity_id, t in sorted(moved.items())  # rows locked in one order, as above
    ]
    if retired:  # one statement, a row of parameters an entity
        connection.execute(
            update(entities)
            .where(entities.c.id == bindparam("retired"))
            .values(merged_into=bindparam("target"), resolve_run=run_id, updated_at=now),
            retired,
        )
