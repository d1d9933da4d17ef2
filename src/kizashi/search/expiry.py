"""What the search room forgets when reports expire: their documents and notices; the
entities they were behind are re-indexed from the reports that remain, or go too.

Registered in ``search.room``; oversight calls it in the expiry's transaction. The index
must never outlive a report (docs/search.md: it holds a folded copy of the sealed text).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, select

from kizashi.search.index import REPORT, _chunks, _drop, _entity_docs, _replace_entities
from kizashi.store.tables_resolve import entity_members
from kizashi.store.tables_search import search_docs, search_notices


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


__all__ = ["forget_reports"]
