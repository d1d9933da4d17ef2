"""Saved searches, and the notices a user gets when something new matches one.

A saved search keeps its query, facets and the purpose its checks are made for, and the
``seq`` of the newest document it has been checked against (documents only grow in
``seq``: one re-indexed because a new report mentions it counts as new). The worker runs
:func:`notify_saved` after each pass (and ``kizashi search notify`` runs it by hand): for
each saved search, the documents indexed since its last check that match are decided by the
guard *for its owner*, with its purpose (``search``, logged), and each one the owner may see
becomes a notice, once. Notices are read on the notices page (``/ui/notices``) and
``GET /api/v1/search/notices``, where each is decided again (``list``): a notice about
something its owner may no longer see is not shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from kizashi.errors import ForbiddenError, InputError, NotFoundError
from kizashi.guard import Guard, User
from kizashi.guard.identity import get_user_by_id
from kizashi.ids import new_id
from kizashi.search.service import (
    Hit,
    SearchQuery,
    candidates,
    gate,
    hits,
    items,
    visible_hits,
)
from kizashi.store.tables_search import saved_searches, search_docs, search_notices

MAX_SAVED = 50


class PurposeRequiredError(ForbiddenError):
    """A saved search is checked later, unattended: it needs a stated purpose now (403)."""


def _query(row: Any) -> SearchQuery:
    filters = dict(row.filters or {})
    for name in ("since", "until"):
        if filters.get(name):
            filters[name] = date.fromisoformat(filters[name])
    return SearchQuery(q=row.query, **filters)


def _newest(connection: Connection) -> int:
    return int(
        connection.execute(select(func.coalesce(func.max(search_docs.c.seq), 0))).scalar_one()
    )


def save_search(
    guard: Guard, user: User, name: str, query: SearchQuery, purpose: str
) -> dict[str, Any]:
    """Save ``query`` for ``user`` (the save is decided and logged as a search)."""
    query.check()
    name = " ".join(name.split())
    if not 1 <= len(name) <= 200:
        raise InputError("name: give the saved search a name (1-200 characters)")
    if len(" ".join(purpose.split())) < 3:
        raise PurposeRequiredError("purpose: a saved search's checks need a stated purpose")
    gate(guard, user, query.q, purpose, {**query.filters(), "saved": True})
    with guard.engine.begin() as connection:
        owned = connection.execute(
            select(func.count()).where(saved_searches.c.user_id == user.id)
        ).scalar_one()
        if owned >= MAX_SAVED:
            raise InputError(f"name: at most {MAX_SAVED} saved searches per user")
        row = {
            "id": new_id(),
            "user_id": user.id,
            "name": name,
            "query": query.q,
            "filters": query.filters(),
            "purpose": purpose,
            "last_seq": _newest(connection),
            "created_at": guard.now(),
        }
        connection.execute(insert(saved_searches).values(**row))
    return _out(row)


def _out(row: Any) -> dict[str, Any]:
    data = dict(row) if isinstance(row, dict) else dict(row._mapping)
    return {
        "id": data["id"],
        "name": data["name"],
        "query": data["query"],
        "filters": data["filters"],
        "purpose": data["purpose"],
        "created_at": data["created_at"].isoformat(),
    }


def list_saved(connection: Connection, user: User) -> list[dict[str, Any]]:
    rows = connection.execute(
        select(saved_searches)
        .where(saved_searches.c.user_id == user.id)
        .order_by(saved_searches.c.created_at, saved_searches.c.id)
    )
    return [_out(r) for r in rows]


def delete_saved(connection: Connection, user: User, saved_id: str) -> None:
    """Delete the user's own saved search and its notices (another's: as missing)."""
    owned = connection.execute(
        select(saved_searches.c.id).where(
            saved_searches.c.id == saved_id, saved_searches.c.user_id == user.id
        )
    ).first()
    if owned is None:
        raise NotFoundError("no such saved search")
    connection.execute(delete(search_notices).where(search_notices.c.saved_search_id == saved_id))
    connection.execute(delete(saved_searches).where(saved_searches.c.id == saved_id))


def notify_saved(guard: Guard) -> dict[str, int]:
    """Check every saved search against the documents indexed since its last check."""
    with guard.engine.connect() as connection:
        newest = _newest(connection)
        due = connection.execute(
            select(saved_searches).where(saved_searches.c.last_seq < newest)
        ).all()
    made = checked = 0
    for row in due:
        with guard.engine.connect() as connection:
            owner = get_user_by_id(connection, row.user_id)
            found = hits(
                candidates(
                    connection, _query(row), after_seq=row.last_seq, upto_seq=newest, limit=500
                )
            )
        checked += 1
        shown: Sequence[Hit] = []
        if found and owner.active:
            shown, _ = visible_hits(
                guard, owner, found, row.purpose, context={"saved_search": row.id}
            )
        with guard.engine.begin() as connection:
            known = {
                (kind, ref)
                for kind, ref in connection.execute(
                    select(search_notices.c.kind, search_notices.c.ref_id).where(
                        search_notices.c.saved_search_id == row.id
                    )
                ).all()
            }
            fresh = [
                {
                    "id": new_id(),
                    "saved_search_id": row.id,
                    "user_id": row.user_id,
                    "kind": h.kind,
                    "ref_id": h.ref_id,
                    "created_at": guard.now(),
                }
                for h in {(h.kind, h.ref_id): h for h in shown}.values()
                if (h.kind, h.ref_id) not in known
            ]
            if fresh:
                connection.execute(insert(search_notices), fresh)
            connection.execute(
                update(saved_searches).where(saved_searches.c.id == row.id).values(last_seq=newest)
            )
        made += len(fresh)
    return {"checked": checked, "notices": made}


def any_saved(connection: Connection) -> bool:
    return connection.execute(select(saved_searches.c.id).limit(1)).first() is not None


def list_search_notices(guard: Guard, user: User, purpose: str) -> list[dict[str, Any]]:
    """The user's notices, newest first, each decided again (``list``): only what they may
    still see."""
    with guard.engine.connect() as connection:
        rows = connection.execute(
            select(search_notices, saved_searches.c.name.label("saved_name"))
            .join(saved_searches, saved_searches.c.id == search_notices.c.saved_search_id)
            .where(search_notices.c.user_id == user.id)
            .order_by(search_notices.c.created_at.desc(), search_notices.c.id.desc())
            .limit(200)
        ).all()
    found = [Hit(r.kind, r.ref_id) for r in rows]
    shown, _ = visible_hits(guard, user, found, purpose, action="list", context={"notices": True})
    allowed = {(h.kind, h.ref_id) for h in shown}
    kept = [r for r in rows if (r.kind, r.ref_id) in allowed]
    with guard.engine.connect() as connection:
        described = {
            (i["kind"], i["id"]): i
            for i in items(connection, [Hit(r.kind, r.ref_id) for r in kept])
        }
    return [
        {
            "id": r.id,
            "saved_search": r.saved_name,
            "saved_search_id": r.saved_search_id,
            "created_at": r.created_at.isoformat(),
            "read": r.read_at is not None,
            "item": described[(r.kind, r.ref_id)],
        }
        for r in kept
    ]


__all__ = [
    "PurposeRequiredError",
    "any_saved",
    "delete_saved",
    "list_saved",
    "list_search_notices",
    "notify_saved",
    "save_search",
]
