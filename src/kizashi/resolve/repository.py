"""Reading mentions and writing the resolver's tables."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from kizashi.resolve.slots import SlotRecord, slot_records
from kizashi.store.tables import mentions, reports
from kizashi.store.tables_resolve import link_judgements, resolve_edges, resolve_records

__all__ = ["entity_uuid", "judgement_pairs", "load_records", "read_reports", "save_records"]

_NAMESPACE = uuid.UUID("6f1c0a52-4b7e-4f8e-9a43-2f0e5c1d7b11")
_KINDS = ("person", "phone", "email", "account", "address", "payment_token", "organisation")


def entity_uuid(kind: str, key: str) -> str:
    """A stable entity id for a kind and key (re-runs give the same id)."""
    return str(uuid.uuid5(_NAMESPACE, f"{kind}:{key}"))


def read_reports(
    connection: Connection, report_ids: Iterable[str] | None = None
) -> Iterator[tuple[list[SlotRecord], list[Mapping[str, Any]]]]:
    """Per report: its person records and the mentions left outside them."""
    query = (
        select(mentions)
        .where(mentions.c.kind.in_(_KINDS))
        .order_by(mentions.c.report_id, mentions.c.id)
    )
    ids = list(report_ids) if report_ids is not None else None
    if ids is not None:
        query = query.where(mentions.c.report_id.in_(ids))
    by_report: dict[str, list[Mapping[str, Any]]] = {}
    for row in connection.execute(query).mappings():
        by_report.setdefault(str(row["report_id"]), []).append(dict(row))
    keys = list(by_report)
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        bodies = {
            str(r.id): r.body
            for r in connection.execute(
                select(reports.c.id, reports.c.body).where(reports.c.id.in_(chunk))
            )
        }
        for report_id in chunk:
            yield slot_records(report_id, bodies.get(report_id) or {}, by_report[report_id])


def _row(record: SlotRecord, features: Mapping[str, Any]) -> dict[str, Any]:
    birth = features.get("birth_date")
    return {
        "id": record.id,
        "report_id": record.report_id,
        "slot": record.slot,
        "mention_ids": record.mention_ids,
        "features": dict(features),
        "name_sorted": features.get("name_sorted"),
        "phone": features.get("phone"),
        "email": features.get("email"),
        "account": features.get("account"),
        "addr_block": features.get("addr_block"),
        "birth_tok_a": f"{birth}|{features['tok_a']}" if birth and features.get("tok_a") else None,
        "birth_tok_b": f"{birth}|{features['tok_b']}" if birth and features.get("tok_b") else None,
    }


def save_records(
    connection: Connection,
    records: list[tuple[SlotRecord, Mapping[str, Any]]],
    *,
    replace_all: bool,
) -> None:
    previous: dict[str, str | None] = {}
    if replace_all:
        previous = {
            str(r.id): r.entity_id
            for r in connection.execute(select(resolve_records.c.id, resolve_records.c.entity_id))
        }
        connection.execute(delete(resolve_records))
    rows = [_row(record, features) for record, features in records]
    for row in rows:
        row["entity_id"] = previous.get(row["id"])
    for start in range(0, len(rows), 1000):
        connection.execute(insert(resolve_records), rows[start : start + 1000])


def load_records(connection: Connection) -> dict[str, dict[str, Any]]:
    return {str(r["id"]): dict(r) for r in connection.execute(select(resolve_records)).mappings()}


def judgement_pairs(connection: Connection) -> list[dict[str, Any]]:
    """Judgements in force (not undone), oldest first: a later one wins over an earlier."""
    query = (
        select(link_judgements)
        .where(link_judgements.c.undone_at.is_(None))
        .order_by(link_judgements.c.created_at, link_judgements.c.id)
    )
    return [dict(r) for r in connection.execute(query).mappings()]


def save_edges(connection: Connection, edges: list[dict[str, Any]], *, replace_all: bool) -> None:
    if replace_all:
        connection.execute(delete(resolve_edges))
    for start in range(0, len(edges), 1000):
        connection.execute(insert(resolve_edges), edges[start : start + 1000])
