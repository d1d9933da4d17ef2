"""The search room's documents: written from reports and entities, forgotten with them.

One document per report (its free text — opened from its sealed payload —, every value it
mentions, its submitting organisation) and per live entity (every value its members
mention, names with their readings). The pipeline's ``search`` stage indexes the reports
it moves and the entities they touch, in the stage's transaction; the migration that made
the tables, and ``kizashi search reindex``, index everything.

Why the sealed text may be indexed (docs/search.md): a report's text is sealed so that
expiry can make it unreadable; the index holds a folded copy of it, so the index must never
outlive the report. :func:`kizashi.search.expiry.forget_reports` is the room's expiry hook:
in the expiry's one transaction it deletes the documents of the expired reports, rebuilds the documents of the
entities they touched from the reports that remain (or deletes them), and deletes the
saved-search notices that pointed at them. A report that has expired is never indexed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import (
    Connection,
    bindparam,
    delete,
    func,
    insert,
    inspect,
    literal,
    select,
    text,
)

from kizashi.clock import system_clock
from kizashi.search.terms import body
from kizashi.store.pass_cache import report_heads
from kizashi.store.payloads import open_texts
from kizashi.store.tables import material_labels, mentions, reports
from kizashi.store.tables_oversight import report_expiries
from kizashi.store.tables_resolve import entities, entity_members
from kizashi.store.tables_search import search_docs
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
        # Whether each report expired, its desk and its mentions in one statement (they were
        # three reads a pass, issue 12's twelfth run). A report is kept in the store with
        # its mentions; an expired one is never indexed.
        expired: set[str] = set()
        desks: dict[str, str | None] = {}
        said: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for m in connection.execute(
            select(
                reports.c.id,
                select(report_expiries.c.report_id)
                .where(report_expiries.c.report_id == reports.c.id)
                .exists()
                .label("expired"),
                select(material_labels.c.desk_id)
                .where(
                    material_labels.c.resource_type == REPORT,
                    material_labels.c.resource_id == reports.c.id,
                )
                .scalar_subquery()
                .label("desk_id"),
                mentions.c.kind,
                mentions.c.value,
            )
            .select_from(reports.outerjoin(mentions, mentions.c.report_id == reports.c.id))
            .where(reports.c.id.in_(chunk))
        ):
            if m.expired:
                expired.add(m.id)
                continue
            desks[m.id] = m.desk_id
            if m.kind is not None:
                said[m.id].append((m.kind, m.value))
        live = [r for r in chunk if r not in expired]
        heads = report_heads(connection, live)  # kept for the pass (kizashi.store.pass_cache)
        rows = [heads[r] for r in live if r in heads]
        texts = open_texts(connection, [r.id for r in rows])
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
                    "members_left": None,
                }
            )
    return docs


def _entity_docs(
    connection: Connection,
    entity_ids: Sequence[str],
    now: datetime,
    without: Any = None,
    known: Mapping[str, _Entity] | None = None,
    counted_left: bool = True,
) -> list[dict[str, Any]]:
    """Documents of the live entities among ``entity_ids``, from their members' mentions
    (leaving out the reports ``without`` selects: those expiring). ``known``: the entities'
    rows as the caller read them in this transaction (under their locks), with their
    alerts' routing — not read again; an id absent from it is not in ``entities``.
    ``counted_left`` False: a schema before 0031 (migration 0018's backfill), whose
    documents keep no count of leavings and whose entities may have none (0030)."""
    docs: list[dict[str, Any]] = []
    left = entities.c.members_left if counted_left else literal(0).label("members_left")
    for chunk in _chunks(sorted(set(entity_ids))):
        rows: Sequence[Any]
        if known is None:
            rows = connection.execute(
                select(entities.c.id, entities.c.kind, left).where(
                    entities.c.id.in_(chunk), entities.c.merged_into.is_(None)
                )
            ).all()
        else:
            rows = [known[e] for e in chunk if e in known and known[e].merged_into is None]
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
        routed = (
            {e: known[e].routed for e in chunk if e in known}
            if known is not None
            else _routed(connection, chunk)
        )
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
                    # Read before its members (above): a member leaving after it is counted
                    # in the entity, not here, and the next touch rebuilds the document.
                    "members_left": row.members_left,
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


def _lock_entities(connection: Connection, entity_ids: Sequence[str]) -> None:
    """PostgreSQL: one transaction-scoped advisory lock per entity, taken in one sorted pass.

    Two workers' batches often touch the same entity (a retailer, a busy account); each
    reads the entity's document or members and writes it back, so the second waits for the
    first to commit and then reads what it wrote. Batches touching different entities run
    side by side; locks taken in sorted order cannot deadlock. SQLite serialises writers."""
    if _sqlite(connection) or not entity_ids:
        return
    connection.execute(
        text(
            "SELECT count(pg_advisory_xact_lock(hashtextextended(x, 0))) FROM "
            "(SELECT 'kizashi.search:' || current_schema() || ':' || e AS x "
            "FROM unnest(CAST(:ids AS text[])) AS e ORDER BY 1) AS sorted_ids"
        ),
        {"ids": sorted(set(entity_ids))},
    )


def _new_members(
    connection: Connection, report_ids: Sequence[str]
) -> tuple[set[str], dict[str, list[tuple[str, str, datetime | None]]]]:
    """Every entity these reports' mentions are members of, and per entity the (kind,
    value, date) those members say — one read (an entity whose member's mention is gone is
    touched and says nothing; they were two reads, issue 12's twelfth run)."""
    touched: set[str] = set()
    out: dict[str, list[tuple[str, str, datetime | None]]] = defaultdict(list)
    for chunk in _chunks(report_ids):
        for m in connection.execute(
            select(
                entity_members.c.entity_id,
                mentions.c.kind,
                mentions.c.value,
                func.coalesce(reports.c.occurred_at, reports.c.received_at).label("at"),
            )
            .select_from(
                entity_members.outerjoin(
                    mentions, mentions.c.id == entity_members.c.mention_id
                ).outerjoin(reports, reports.c.id == entity_members.c.report_id)
            )
            .where(entity_members.c.report_id.in_(chunk))
        ):
            touched.add(str(m.entity_id))
            if m.kind is None:
                continue
            at = m.at if m.at is None or m.at.tzinfo else m.at.replace(tzinfo=UTC)
            out[str(m.entity_id)].append((m.kind, m.value, at))
    return touched, out


def _routed(connection: Connection, entity_ids: Sequence[str]) -> dict[str, tuple[Any, Any]]:
    """Per entity, the desk and category of its highest-scoring alert (the latest id of
    equal scores)."""
    routed: dict[str, tuple[Any, Any]] = {}
    for chunk in _chunks(sorted(set(entity_ids))):
        for a in connection.execute(
            select(alerts.c.entity_id, alerts.c.desk_id, alerts.c.category)
            .where(alerts.c.entity_id.in_(chunk))
            .order_by(alerts.c.score.asc(), alerts.c.id.asc())
        ):
            routed[a.entity_id] = (a.desk_id, a.category)  # the highest score wins
    return routed


class _Entity(NamedTuple):
    """An entity's row as :func:`_grown` read it, with its highest alert's routing."""

    id: str
    kind: str
    merged_into: str | None
    routed: tuple[Any, Any]
    members_left: int = 0  # entities.members_left as read (0031: kept with its document)


def _top_alert(column: Any) -> Any:
    """``column`` of the entity's highest-scoring alert (as :func:`_routed` picks it)."""
    return (
        select(column)
        .where(alerts.c.entity_id == entities.c.id)
        .order_by(alerts.c.score.desc(), alerts.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def _grown(
    connection: Connection,
    said: dict[str, list[tuple[str, str, datetime | None]]],
    now: datetime,
) -> tuple[list[str], list[dict[str, Any]], dict[str, _Entity], dict[str, list[tuple[int, str]]]]:
    """The touched entities whose document follows from its stored self and the new members:
    (those to rebuild from all their members, the documents to update, the entities as read,
    their documents' (seq, kind) as read).

    An entity whose members were only added since its document was indexed (no member left
    it since: ``entities.members_left`` is the count its document was built at) says what it said plus what the new members say:
    its document gets the lines it lacks and a later date, and is left alone when the new
    members say nothing new (a busy account posting again). The lines are the set a rebuild
    gives (a document is matched line by line; their order means nothing). Anything else —
    no document yet, a merged entity, members gone since — is rebuilt from its members.

    The entity, its documents and its highest alert are one read (three before)."""
    ids = sorted(said)
    rebuild: list[str] = []
    updates: list[dict[str, Any]] = []
    known: dict[str, _Entity] = {}
    seqs: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for chunk in _chunks(ids):
        state: dict[str, Any] = {}
        docs: dict[str, Any] = {}
        for r in connection.execute(
            select(
                entities.c.id,
                entities.c.kind,
                entities.c.merged_into,
                entities.c.members_left,
                _top_alert(alerts.c.desk_id).label("alert_desk"),
                _top_alert(alerts.c.category).label("alert_category"),
                search_docs.c.seq,
                search_docs.c.kind.label("doc_kind"),
                search_docs.c.desk_id,
                search_docs.c.category,
                search_docs.c.occurred_at,
                search_docs.c.body,
                search_docs.c.indexed_at,
                search_docs.c.members_left.label("doc_left"),
            )
            .select_from(
                entities.outerjoin(
                    search_docs,
                    (search_docs.c.kind != REPORT) & (search_docs.c.ref_id == entities.c.id),
                )
            )
            .where(entities.c.id.in_(chunk))
        ):
            state[r.id] = r
            known[r.id] = _Entity(
                r.id, r.kind, r.merged_into, (r.alert_desk, r.alert_category), r.members_left
            )
            if r.seq is not None:
                docs[r.id] = r
                seqs[r.id].append((r.seq, r.doc_kind))
        for entity_id in chunk:
            entity, doc = state.get(entity_id), docs.get(entity_id)
            if (
                entity is None
                or entity.merged_into is not None
                or doc is None
                or doc.doc_kind != entity.kind
                # A member left since the document was built: counted, not timed (0031).
                # Until live19 the test was members_left_at >= indexed_at: with a clock that
                # stands still (the build's, a test's) every entity a member had ever left was
                # rebuilt from all its members on every touch, and with any clock once after a
                # build, a cost that grew with the entity (issue 12's returning stream).
                or doc.doc_left is None
                or doc.doc_left != entity.members_left
            ):
                rebuild.append(entity_id)
                continue
            lines = doc.body.split("\n")
            have = set(lines)
            more = [
                line
                for line in body((k, v) for k, v, _ in said[entity_id]).split("\n")
                if line and line not in have
            ]
            latest = doc.occurred_at
            for _, _, at in said[entity_id]:
                if at is not None and (latest is None or at > latest):
                    latest = at
            desk, category = known[entity_id].routed
            if (
                not more
                and latest == doc.occurred_at
                and (desk, category)
                == (
                    doc.desk_id,
                    doc.category,
                )
            ):
                continue  # nothing new to find it by
            updates.append(
                {
                    "seq": doc.seq,
                    "kind": doc.doc_kind,
                    "ref_id": entity_id,
                    "channel": None,
                    "desk_id": desk,
                    "category": category,
                    "occurred_at": latest,
                    "body": "\n".join([*lines, *more]) if more else doc.body,
                    "indexed_at": now,
                    "grew": bool(more),
                }
            )
    return rebuild, updates, known, seqs


_UPDATE_DOC = (
    search_docs.update()
    .where(search_docs.c.seq == bindparam("b_seq"))
    .values(
        desk_id=bindparam("b_desk_id"),
        category=bindparam("b_category"),
        occurred_at=bindparam("b_occurred_at"),
        body=bindparam("b_body"),
        indexed_at=bindparam("b_indexed_at"),
    )
)


def _apply(connection: Connection, updates: Sequence[dict[str, Any]]) -> None:
    """Write the documents :func:`_grown` updated (their full-text row if the body grew),
    as one statement with a row of parameters each (one a document before)."""
    if not updates:
        return
    connection.execute(
        _UPDATE_DOC,
        [
            {
                "b_seq": doc["seq"],
                "b_desk_id": doc["desk_id"],
                "b_category": doc["category"],
                "b_occurred_at": doc["occurred_at"],
                "b_body": doc["body"],
                "b_indexed_at": doc["indexed_at"],
            }
            for doc in updates
        ],
    )
    grew = [{"seq": doc["seq"], "body": doc["body"]} for doc in updates if doc["grew"]]
    if grew and _sqlite(connection):
        connection.execute(text("UPDATE search_fts SET body = :body WHERE rowid = :seq"), grew)


@cache
def _upsert_statement() -> Any:
    """Built once and executed with the rows as parameters (SQLAlchemy sends them as one
    multi-row INSERT and caches its compiled form): a statement with the rows in its VALUES
    was compiled afresh for every batch, ~7 % of a small pass's CPU (issue 12, eleventh run)."""
    from sqlalchemy.dialects.postgresql import insert as pg_insert

    statement = pg_insert(search_docs)
    return statement.on_conflict_do_update(
        constraint="uq_search_docs_kind_ref",
        set_={
            column: statement.excluded[column]
            for column in (
                "channel",
                "desk_id",
                "category",
                "occurred_at",
                "body",
                "indexed_at",
                "members_left",
            )
        },
    )


def _upsert(connection: Connection, docs: Sequence[dict[str, Any]]) -> None:
    """PostgreSQL: documents written over those of the same (kind, ref_id), in key order."""
    ordered = sorted(docs, key=lambda d: (d["kind"], d["ref_id"]))
    for start in range(0, len(ordered), CHUNK):
        rows = list(ordered[start : start + CHUNK])
        if rows:
            connection.execute(_upsert_statement(), rows)


def index_reports(
    connection: Connection, report_ids: Sequence[str], *, now: datetime
) -> dict[str, int]:
    """(Re)index the reports and every entity they are behind, in the caller's transaction.

    A touched entity's document follows the new members (:func:`_grown`); one that cannot
    is rebuilt from all its members. The reports are the stage's own (claimed by one worker
    only); the entities are shared, so on PostgreSQL each is locked while it is indexed."""
    ids = sorted(set(report_ids))
    if _sqlite(connection):
        for chunk in _chunks(ids):
            _drop(connection, (search_docs.c.kind == REPORT) & search_docs.c.ref_id.in_(chunk))
        report_docs = _report_docs(connection, ids, now)
        _write(connection, report_docs)
    else:
        # PostgreSQL: written over any document of the same report (a re-run), with no
        # look for one first (a new report has none: one statement a pass fewer, issue 12);
        # a report that has no document now (expired meanwhile) loses its old one.
        report_docs = _report_docs(connection, ids, now)
        _upsert(connection, report_docs)
        gone = sorted(set(ids) - {d["ref_id"] for d in report_docs})
        for chunk in _chunks(gone):
            _drop(connection, (search_docs.c.kind == REPORT) & search_docs.c.ref_id.in_(chunk))
    # The reports' members are this worker's (its resolve stage wrote them); what the lock
    # below guards is each entity's document, read and written back after it.
    touched, said = _new_members(connection, ids)
    _lock_entities(connection, sorted(touched))
    for entity_id in touched - set(said):
        said[entity_id] = []  # (a member whose mention is gone: rebuilt below)
    rebuild, updates, known, seqs = _grown(connection, said, now)
    _apply(connection, updates)
    entity_docs = _entity_docs(connection, rebuild, now, known=known)
    if _sqlite(connection):
        _replace_entities(connection, rebuild, entity_docs)
    else:
        written = {d["ref_id"]: d["kind"] for d in entity_docs}
        # Every rebuilt entity's documents were read with it (under its lock) by _grown.
        stale = [
            seq
            for ref in rebuild
            for seq, kind in seqs.get(ref, ())
            if ref not in written or written[ref] != kind
        ]
        for start in range(0, len(stale), CHUNK):
            seqs_of = stale[start : start + CHUNK]
            connection.execute(delete(search_docs).where(search_docs.c.seq.in_(seqs_of)))
        _upsert(connection, entity_docs)
    return {"reports": len(report_docs), "entities": len(entity_docs) + len(updates)}


def index_entities(
    connection: Connection, entity_ids: Sequence[str], *, now: datetime
) -> dict[str, int]:
    """Rebuild these entities' documents from every member, in the caller's transaction (an
    analyst's judgement re-grouped them, and no new report may come to touch them: the
    worker's re-score of the judgement calls this, issue 12, live20). An entity merged away
    or left with no member loses its document. Locked per entity on PostgreSQL, as
    :func:`index_reports` locks the entities it touches."""
    ids = sorted(set(entity_ids))
    if not ids:
        return {"entities": 0}
    _lock_entities(connection, ids)
    docs = _entity_docs(connection, ids, now)
    _replace_entities(connection, ids, docs)
    return {"entities": len(docs)}


def reindex_all(connection: Connection, *, now: datetime | None = None) -> dict[str, int]:
    """Every report and live entity, from scratch (the migration's backfill, ``reindex``).

    `now` is the caller's clock's reading; the migration's backfill, which has no clock, is
    stamped with the wall clock."""
    now = now or system_clock()
    # Migration 0018's backfill calls this on a schema before 0031: its documents have no
    # count of leavings yet (the column comes later; 0031's documents are rebuilt once).
    counted_left = "members_left" in {
        c["name"] for c in inspect(connection).get_columns("search_docs")
    }
    _drop(connection, search_docs.c.seq.is_not(None))
    report_ids = list(connection.execute(select(reports.c.id).order_by(reports.c.id)).scalars())
    counted = 0
    for chunk in _chunks(report_ids):
        reported = _report_docs(connection, chunk, now)
        if not counted_left:
            reported = [{k: v for k, v in d.items() if k != "members_left"} for d in reported]
        counted += _write(connection, reported)
    entity_ids = list(
        connection.execute(
            select(entities.c.id).where(entities.c.merged_into.is_(None)).order_by(entities.c.id)
        ).scalars()
    )
    people = 0
    for chunk in _chunks(entity_ids):
        docs = _entity_docs(connection, chunk, now, counted_left=counted_left)
        if not counted_left:
            docs = [{k: v for k, v in d.items() if k != "members_left"} for d in docs]
        people += _write(connection, docs)
    return {"reports": counted, "entities": people}


__all__ = ["index_entities", "index_reports", "reindex_all"]
