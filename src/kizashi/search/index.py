"""The search room's documents: written from reports and entities, forgotten with them.

One document per report (its free text — opened from its sealed payload —, every value it
mentions, its submitting organisation) and per live entity (every value its members
mention, names with their readings). The pipeline's ``search`` stage indexes the reports
it moves and the entities they touch, in the stage's transaction; the migration that made
the tables, and ``kizashi search reindex``, index everything.

Why the sealed text may be indexed (docs/search.md): a report's text is sealed so that
expiry can make it unreadable; the index holds a folded copy of it, so the index must never
outlive the report. :func:`forget_reports` is the room's expiry hook: in the expiry's one
transaction it deletes the documents of the expired reports, rebuilds the documents of the
entities they touched from the reports that remain (or deletes them), and deletes the
saved-search notices that pointed at them. A report that has expired is never indexed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, insert, select, text

from kizashi.search.terms import body
from kizashi.store.payloads import open_texts
from kizashi.store.tables import material_labels, mentions, reports
from kizashi.store.tables_oversight import report_expiries
from kizashi.store.tables_resolve import entities, entity_members
from kizashi.store.tables_search import search_docs, search_notices
from kizashi.store.tables_triage import alerts

CHUNK = 500
REPORT = "report"
_FTS_DELETE = text("DELETE FROM search_fts WHERE rowid IN :seqs").bindparams(
    bindparam("seqs", expanding=True)
)


def _chunks(ids: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _sqlite(connection: Connection) -> bool:
    return connection.dialect.name == "sqlite"


def _report_docs(
    connection: Connection, report_ids: Sequence[str], now: datetime
) -> list[dict[str, Any]]:
    docs: list[dict[str, Any]] = []
    for chunk in _chunks(sorted(set(report_ids))):
        expired = set(
            connection.execute(
                select(report_expiries.c.report_id).where(report_expiries.c.report_id.in_(chunk))
            ).scalars()
        )
        live = [r for r in chunk if r not in expired]
        rows = connection.execute(
            select(
                reports.c.id,
                reports.c.channel,
                reports.c.organisation,
                reports.c.occurred_at,
                reports.c.received_at,
            ).where(reports.c.id.in_(live))
        ).all()
        texts = open_texts(connection, [r.id for r in rows])
        said: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for m in connection.execute(
            select(mentions.c.report_id, mentions.c.kind, mentions.c.value).where(
                mentions.c.report_id.in_(live)
            )
        ):
            said[m.report_id].append((m.kind, m.value))
        desks = dict(
            connection.execute(
                select(material_labels.c.resource_id, material_labels.c.desk_id).where(
                    material_labels.c.resource_type == REPORT,
                    material_labels.c.resource_id.in_(live),
                )
            ).all()
        )
        for row in rows:
            if row.id not in texts:  # its key destroyed: nothing of it may be indexed
                continue
            parts = [("text", texts[row.id]), *said[row.id]]
            if row.organisation:
                parts.append(("organisation", row.organisation))
            docs.append(
                {
                    "kind": REPORT,
                    "ref_id": row.id,
                    "channel": row.channel,
                    "desk_id": desks.get(row.id),
                    "category": None,
                    "occurred_at": row.occurred_at or row.received_at,
                    "body": body(parts),
                    "indexed_at": now,
                }
            )
    return docs


def _entity_docs(
    connection: Connection, entity_ids: Sequence[str], now: datetime, without: Any = None
) -> list[dict[str, Any]]:
    """Documents of the live entities among ``entity_ids``, from their members' mentions
    (leaving out the reports ``without`` selects: those expiring)."""
    docs: list[dict[str, Any]] = []
    for chunk in _chunks(sorted(set(entity_ids))):
        rows = connection.execute(
            select(entities.c.id, entities.c.kind).where(
                entities.c.id.in_(chunk), entities.c.merged_into.is_(None)
            )
        ).all()
        # One row per entity and distinct value, with its latest date: an entity's members
        # repeat the same few values (a retailer named by every purchase at it, an account
        # behind every post of its owner), and the body keeps each value once anyway, so
        # the rows that reach Python follow what the entity says, not how often.
        members = (
            select(
                entity_members.c.entity_id,
                mentions.c.kind,
                mentions.c.value,
                func.max(func.coalesce(reports.c.occurred_at, reports.c.received_at)).label("at"),
            )
            .join(mentions, mentions.c.id == entity_members.c.mention_id)
            .join(reports, reports.c.id == entity_members.c.report_id)
            .where(entity_members.c.entity_id.in_(chunk))
            .group_by(entity_members.c.entity_id, mentions.c.kind, mentions.c.value)
            .order_by(entity_members.c.entity_id, mentions.c.kind, mentions.c.value)
        )
        if without is not None:
            members = members.where(entity_members.c.report_id.not_in(without))
        said: dict[str, list[tuple[str, str]]] = defaultdict(list)
        latest: dict[str, datetime] = {}
        for m in connection.execute(members):
            said[m.entity_id].append((m.kind, m.value))
            if m.at is not None:
                at = m.at if m.at.tzinfo else m.at.replace(tzinfo=UTC)
                latest[m.entity_id] = max(latest.get(m.entity_id, at), at)
        routed: dict[str, tuple[str, str]] = {}
        for a in connection.execute(
            select(alerts.c.entity_id, alerts.c.desk_id, alerts.c.category)
            .where(alerts.c.entity_id.in_(chunk))
            .order_by(alerts.c.score.asc())
        ):
            routed[a.entity_id] = (a.desk_id, a.category)  # the highest score wins
        for row in rows:
            if not said[row.id]:
                continue  # no member left: nothing to find it by
            desk, category = routed.get(row.id, (None, None))
            docs.append(
                {
                    "kind": row.kind,
                    "ref_id": row.id,
                    "channel": None,
                    "desk_id": desk,
                    "category": category,
                    "occurred_at": latest.get(row.id),
                    "body": body(said[row.id]),
                    "indexed_at": now,
                }
            )
    return docs


def _drop(connection: Connection, where: Any) -> int:
    """Delete the documents ``where`` selects, with their full-text rows."""
    seqs = list(connection.execute(select(search_docs.c.seq).where(where)).scalars())
    if not seqs:
        return 0
    for start in range(0, len(seqs), CHUNK):
        chunk = seqs[start : start + CHUNK]
        if _sqlite(connection):
            connection.execute(_FTS_DELETE, {"seqs": chunk})
        connection.execute(delete(search_docs).where(search_docs.c.seq.in_(chunk)))
    return len(seqs)


def _write(connection: Connection, docs: Sequence[dict[str, Any]]) -> int:
    if not docs:
        return 0
    # Each returned row carries its own body, so the order of the rows does not matter:
    # without sort_by_parameter_order SQLAlchemy sends the rows in a few multi-row INSERTs
    # instead of one statement per document (SQLite has no sentinel to sort them by).
    written = connection.execute(
        insert(search_docs).returning(search_docs.c.seq, search_docs.c.body), list(docs)
    ).all()
    if _sqlite(connection):
        connection.execute(
            text("INSERT INTO search_fts(rowid, body) VALUES (:seq, :body)"),
            [{"seq": r.seq, "body": r.body} for r in written],
        )
    return len(written)


def _replace_entities(
    connection: Connection, entity_ids: Sequence[str], docs: list[dict[str, Any]]
) -> None:
    for chunk in _chunks(sorted(set(entity_ids))):
        _drop(connection, (search_docs.c.kind != REPORT) & search_docs.c.ref_id.in_(chunk))
    _write(connection, docs)


def index_reports(
    connection: Connection, report_ids: Sequence[str], *, now: datetime
) -> dict[str, int]:
    """(Re)index the reports and every entity they are behind, in the caller's transaction."""
    ids = sorted(set(report_ids))
    if not _sqlite(connection):
        # Two workers' batches often touch the same entity (a retailer, a busy account):
        # each would delete its document and insert the new one, and the second to commit
        # failed on the unique (kind, ref_id) and re-ran its batch report by report. One
        # search stage at a time per schema; SQLite serialises writers by itself.
        connection.execute(
            text("SELECT pg_advisory_xact_lock(hashtext('kizashi.search:' || current_schema()))")
        )
    for chunk in _chunks(ids):
        _drop(connection, (search_docs.c.kind == REPORT) & search_docs.c.ref_id.in_(chunk))
    report_docs = _report_docs(connection, ids, now)
    _write(connection, report_docs)
    touched: set[str] = set()
    for chunk in _chunks(ids):
        touched.update(
            connection.execute(
                select(entity_members.c.entity_id)
                .where(entity_members.c.report_id.in_(chunk))
                .distinct()
            ).scalars()
        )
    entity_docs = _entity_docs(connection, sorted(touched), now)
    _replace_entities(connection, sorted(touched), entity_docs)
    return {"reports": len(report_docs), "entities": len(entity_docs)}


def reindex_all(connection: Connection, *, now: datetime | None = None) -> dict[str, int]:
    """Every report and live entity, from scratch (the migration's backfill, ``reindex``)."""
    now = now or datetime.now(UTC)
    _drop(connection, search_docs.c.seq.is_not(None))
    report_ids = list(connection.execute(select(reports.c.id).order_by(reports.c.id)).scalars())
    counted = 0
    for chunk in _chunks(report_ids):
        counted += _write(connection, _report_docs(connection, chunk, now))
    entity_ids = list(
        connection.execute(
            select(entities.c.id).where(entities.c.merged_into.is_(None)).order_by(entities.c.id)
        ).scalars()
    )
    people = 0
    for chunk in _chunks(entity_ids):
        people += _write(connection, _entity_docs(connection, chunk, now))
    return {"reports": counted, "entities": people}


def forget_reports(connection: Connection, expired: Any, now: datetime) -> dict[str, int]:
    """The search room's expiry hook (oversight, in the expiry's transaction): documents and
    notices of the expired reports go; the entities they were behind are re-indexed from
    the reports that remain, or go too."""
    touched = sorted(
        set(
            connection.execute(
                select(entity_members.c.entity_id).where(entity_members.c.report_id.in_(expired))
            ).scalars()
        )
    )
    report_docs = _drop(
        connection, (search_docs.c.kind == REPORT) & search_docs.c.ref_id.in_(expired)
    )
    notices = connection.execute(
        delete(search_notices).where(
            search_notices.c.kind == REPORT, search_notices.c.ref_id.in_(expired)
        )
    ).rowcount
    kept = _entity_docs(connection, touched, now, without=expired)
    _replace_entities(connection, touched, kept)
    alive = {d["ref_id"] for d in kept}
    gone = [e for e in touched if e not in alive]
    for chunk in _chunks(gone):
        notices += connection.execute(
            delete(search_notices).where(
                search_notices.c.kind != REPORT, search_notices.c.ref_id.in_(chunk)
            )
        ).rowcount
    return {
        "report_documents": report_docs,
        "entity_documents_rebuilt": len(kept),
        "entity_documents_deleted": len(gone),
        "notices": notices,
    }


__all__ = ["forget_reports", "index_reports", "reindex_all"]
