"""Writing entities and their members from clusters, judgements and left-over mentions.

Entity ids outlive re-runs: a cluster takes the id most of its records had before (so the
alerts and risk that triage attached to it stay attached); an entity whose members all went
elsewhere is kept, with ``merged_into`` naming where most of them went. Nothing is deleted
from ``entities``, so no merge is irreversible.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, bindparam, delete, insert, select, update

from kizashi.resolve.addresses import address_key
from kizashi.resolve.contacts import account_key, email_key, phone_key
from kizashi.resolve.repository import entity_uuid
from kizashi.store.tables import mentions
from kizashi.store.tables_resolve import entities, entity_members, resolve_records

__all__ = ["identifier_key", "write_entities"]


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


def _label(values: list[str]) -> str:
    # The commonest spelling, preferring one with kanji (what an analyst reads first).
    counts = Counter(values)
    return max(counts, key=lambda v: (any("\u4e00" <= ch <= "\u9fff" for ch in v), counts[v], v))


def write_entities(
    connection: Connection,
    run_id: str,
    clusters: Mapping[str, str],
    reasons: Mapping[str, tuple[float | None, list[dict[str, Any]]]],
    leftovers: list[Mapping[str, Any]],
) -> int:
    """Replace entity memberships; returns the number of entities with members."""
    now = datetime.now(UTC)
    records = {
        str(r["id"]): dict(r)
        for r in connection.execute(
            select(
                resolve_records.c.id,
                resolve_records.c.report_id,
                resolve_records.c.mention_ids,
                resolve_records.c.entity_id,
            )
        ).mappings()
    }
    mention_rows = {
        str(r["id"]): dict(r)
        for r in connection.execute(
            select(
                mentions.c.id,
                mentions.c.kind,
                mentions.c.value,
                mentions.c.qualifier,
                mentions.c.report_id,
                mentions.c.path,
            ).where(mentions.c.kind != "substance")
        ).mappings()
    }
    groups: dict[str, list[str]] = defaultdict(list)
    for record_id, cluster in clusters.items():
        groups[cluster].append(record_id)
    # Reuse the id most of a cluster's records had, each old id going to one cluster only.
    claimed: set[str] = set()
    cluster_entity: dict[str, str] = {}
    for cluster, members in sorted(groups.items(), key=lambda g: -len(g[1])):
        previous = Counter(records[m]["entity_id"] for m in members if records[m]["entity_id"])
        choice = next((e for e, _ in previous.most_common() if e not in claimed), None)
        entity_id = choice or entity_uuid("person", min(members))
        claimed.add(entity_id)
        cluster_entity[cluster] = entity_id
    members_out: list[dict[str, Any]] = []
    labels: dict[str, tuple[str, list[str]]] = {}
    identifier_owner: dict[tuple[str, str], str] = {}
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
                else:
                    key = identifier_key(mention["kind"], mention["value"], mention["qualifier"])
                    identifier_owner.setdefault((mention["kind"], key), entity_id)
                members_out.append(
                    {
                        "mention_id": mention_id,
                        "entity_id": entity_id,
                        "report_id": record["report_id"],
                        "match_weight": weight if mention_id == record_id else None,
                        "reasons": why
                        if mention_id == record_id
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
                )
        names = [n for n in names if n not in screen] or names  # a real name over a screen name
        labels[entity_id] = (
            "person",
            names
            or [
                str(mention_rows[m]["value"])
                for m in records[min(record_ids)]["mention_ids"]
                if m in mention_rows
            ][:1]
            or ["?"],
        )
    for left in leftovers:
        kind = str(left["kind"])
        key = identifier_key(kind, str(left["value"]), left.get("qualifier"))
        owner = identifier_owner.get((kind, key)) if kind != "address" else None
        entity_id = owner or entity_uuid(kind, key)
        reason = (
            [{"field": kind, "comparison": f"same {kind} as a member", "weight": None}]
            if owner
            else [{"field": kind, "comparison": f"same {kind} key", "weight": None}]
        )
        if not owner:
            labels.setdefault(entity_id, (kind, []))[1].append(str(left["value"]))
        members_out.append(
            {
                "mention_id": str(left["id"]),
                "entity_id": entity_id,
                "report_id": str(left["report_id"]),
                "match_weight": None,
                "reasons": reason,
                "linked_at": now,
            }
        )
    _upsert_entities(connection, run_id, labels, now)
    _retire(connection, run_id, members_out, now)
    connection.execute(delete(entity_members))
    for start in range(0, len(members_out), 2000):
        connection.execute(insert(entity_members), members_out[start : start + 2000])
    assignments = [
        {"rid": rid, "eid": cluster_entity[cluster]}
        for cluster, record_ids in groups.items()
        for rid in record_ids
        if records[rid]["entity_id"] != cluster_entity[cluster]
    ]
    if assignments:
        connection.execute(
            update(resolve_records)
            .where(resolve_records.c.id == bindparam("rid"))
            .values(entity_id=bindparam("eid")),
            assignments,
        )
    return len(labels)


def _upsert_entities(
    connection: Connection, run_id: str, labels: Mapping[str, tuple[str, list[str]]], now: datetime
) -> None:
    existing = {str(r.id) for r in connection.execute(select(entities.c.id))}
    new_rows, changed = [], []
    for entity_id, (kind, values) in labels.items():
        label = _label(values) if values else kind
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
    for start in range(0, len(new_rows), 2000):
        connection.execute(insert(entities), new_rows[start : start + 2000])
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
    connection: Connection, run_id: str, members_out: list[dict[str, Any]], now: datetime
) -> None:
    """Entities left without members point to where most of their former members went."""
    after = {m["mention_id"]: m["entity_id"] for m in members_out}
    live = set(after.values())
    moved: dict[str, Counter[str]] = defaultdict(Counter)
    for row in connection.execute(select(entity_members.c.mention_id, entity_members.c.entity_id)):
        if str(row.entity_id) not in live and str(row.mention_id) in after:
            moved[str(row.entity_id)][after[str(row.mention_id)]] += 1
    for entity_id, targets in moved.items():
        connection.execute(
            update(entities)
            .where(entities.c.id == entity_id)
            .values(merged_into=targets.most_common(1)[0][0], resolve_run=run_id, updated_at=now)
        )
