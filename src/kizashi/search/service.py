"""Global search through the guard: what matches, then only what the user may see.

The store's full-text index finds the candidate documents (:mod:`kizashi.search.terms`
says how a query is matched); the guard decides each one, as every other surface does:

- the search itself is one decision, ``search`` on a subject whose key is the query
  (``search:<folded query>``): it goes in the audit log with the stated purpose, the query
  in the entry's personal part (salted, redactable), the filters in its context; a refused
  search (a partner, a service account) raises before anything is looked up;
- an entity is decided as a subject (``entity:<id>``, held by every compartment holding it
  or any of its identifiers) *and* through the reports behind it: it is shown when the
  subject is allowed and at least one of its reports may be read (the rule of
  :func:`kizashi.resolve.read_entity`), the first such report logged as its evidence;
- a report is decided as a report, a case as a case;
- every decision is ``search`` with the stated purpose, logged in one group commit before
  anything is returned; material refused for want of a stated purpose (PURPOSE-1) is left
  out, and the page says only that a purpose may show more — never how many.

The allowed items are shown by kind (people first), then those the query names exactly or
by their reading (:mod:`kizashi.search.ranking`), then newest first. Totals, facets and
pages are computed from the allowed items only, so neither a count nor a
facet value tells of a hidden item. At most :data:`CANDIDATES` documents (and
:data:`CASE_CANDIDATES` cases) are considered per search, newest first: a query that
matches more is narrowed with the facets (nothing says more matched: that would count
hidden items too).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any
from urllib.parse import quote

from sqlalchemy import (
    Connection,
    and_,
    bindparam,
    exists,
    func,
    literal_column,
    or_,
    select,
    table,
    tuple_,
)

from kizashi.errors import ForbiddenError, InputError
from kizashi.guard import Decision, Guard, Resource, User, decide, subject_key
from kizashi.guard.policy import entity_compartments, load_resource
from kizashi.search.ranking import ranked
from kizashi.search.terms import alternatives, clean_query
from kizashi.store.tables import cases
from kizashi.store.tables_resolve import entities, entity_members
from kizashi.store.tables_search import search_docs

CANDIDATES = 200
# SQLite: a query matching more documents than COMMON (by the full-text index) is looked
# for among the RECENT newest documents first (see candidates).
COMMON = 5_000
RECENT = 20_000
CASE_CANDIDATES = 50
MAX_PER_PAGE = 100
REPORT = "report"
CASE = "case"
ENTITY_KINDS = ("person", "organisation", "phone", "email", "account", "address", "payment_token")
KINDS = (*ENTITY_KINDS, REPORT, CASE)
_SLUG = re.compile(r"^[a-z0-9_-]{1,50}$")
_FTS = table("search_fts")


@dataclass(frozen=True)
class SearchQuery:
    """A search and its facets; ``page`` from 1. Dates are days in ``tz`` (inclusive; a
    range that ends before it starts matches nothing)."""

    q: str
    kind: str | None = None
    channel: str | None = None
    desk: str | None = None
    category: str | None = None
    since: date | None = None
    until: date | None = None
    page: int = 1
    per_page: int = 20

    def check(self) -> None:
        clean_query(self.q)
        if self.kind is not None and self.kind not in KINDS:
            raise InputError(f"kind must be one of {', '.join(KINDS)}")
        for name in ("channel", "desk", "category"):
            value = getattr(self, name)
            if value is not None and not _SLUG.match(value):
                raise InputError(f"{name}: not a known {name} ({value!r})")
        if self.page < 1:
            raise InputError("page must be 1 or more")
        if not 1 <= self.per_page <= MAX_PER_PAGE:
            raise InputError(f"per_page must be between 1 and {MAX_PER_PAGE}")

    def filters(self) -> dict[str, Any]:
        """The facets as stored with a saved search and logged with a search (no query)."""
        out = asdict(self)
        del out["q"], out["page"], out["per_page"]
        return {k: v.isoformat() if isinstance(v, date) else v for k, v in out.items() if v}


@dataclass
class SearchPage:
    query: str
    items: list[dict[str, Any]]
    total: int
    page: int
    per_page: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    needs_purpose: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "items": self.items,
            "total": self.total,
            "page": self.page,
            "per_page": self.per_page,
            "facets": self.facets,
            "needs_purpose": self.needs_purpose,
        }


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _matches(connection: Connection, q: str, docs: Any = search_docs, scan: bool = False) -> Any:
    """The condition on ``docs`` for query ``q``: any alternative, all its terms. ``scan``:
    every term by ``LIKE`` on the folded body (what the trigram index matches, row by row)."""
    sqlite = connection.dialect.name == "sqlite"
    conditions = []
    for n, terms in enumerate(alternatives(q)):
        parts: list[Any] = []
        indexed = [t for t in terms if len(t) >= 3] if sqlite and not scan else []
        if indexed:
            parts.append(docs.c.seq.in_(_fts_rowids(n, indexed)))
        for term in terms:
            if term not in indexed:
                parts.append(docs.c.body.like(_like(term), escape="\\"))
        conditions.append(and_(*parts))
    return or_(*conditions)


def _fts_rowids(n: int, indexed: Sequence[str]) -> Any:
    return (
        select(literal_column("rowid"))
        .select_from(_FTS)
        .where(
            literal_column("search_fts").op("MATCH")(
                bindparam(f"fts_{n}", " AND ".join(_phrase(t) for t in indexed))
            )
        )
    )


def _common(connection: Connection, q: str) -> bool:
    """SQLite: whether more than :data:`COMMON` documents match one of the alternatives of
    ``q`` by the full-text index (counted no further), or one has only short terms (then
    it is a scan whatever the plan)."""
    for n, terms in enumerate(alternatives(q)):
        indexed = [t for t in terms if len(t) >= 3]
        if not indexed:
            return True
        probe = _fts_rowids(n, indexed).limit(COMMON + 1).subquery()
        if connection.execute(select(func.count()).select_from(probe)).scalar_one() > COMMON:
            return True
    return False


def _bounds(query: SearchQuery, tz: tzinfo) -> tuple[datetime | None, datetime | None]:
    since = datetime.combine(query.since, time(), tz).astimezone(UTC) if query.since else None
    until = (
        datetime.combine(query.until + timedelta(days=1), time(), tz).astimezone(UTC)
        if query.until
        else None
    )
    return since, until


def candidates(
    connection: Connection,
    query: SearchQuery,
    *,
    tz: tzinfo = UTC,
    after_seq: int | None = None,
    upto_seq: int | None = None,
    limit: int = CANDIDATES,
) -> list[Any]:
    """The documents that match (``seq``, ``kind``, ``ref_id``, ``channel``, ``desk_id``,
    ``category``, ``occurred_at``), newest first: no decision made yet.

    On SQLite the full-text index hands back its matches in no useful order, and all of
    them were sorted by time before the ``limit`` applied: for a word in a quarter of a
    million documents, a second. So a *common* query (:func:`_common`) first walks the
    :data:`RECENT` newest documents only, newest first down the index on ``(occurred_at,
    seq)``, matching each by ``LIKE`` and stopping at the ``limit``-th match; when ``limit``
    of them match, they are the newest matches of all (every document outside is older),
    so the answer is the same. Otherwise, and for a rare query, every match is sorted (a
    few thousand at most).
    PostgreSQL's planner makes that choice itself (trigram index or the time index).
    """
    if query.kind == CASE:
        return []
    if (
        connection.dialect.name == "sqlite"
        and after_seq is None
        and upto_seq is None
        and _common(connection, query.q)
    ):
        order = (search_docs.c.occurred_at.desc().nulls_last(), search_docs.c.seq.desc())
        # The last of the RECENT newest (a walk of the index alone); none: fewer documents.
        cut = connection.execute(
            select(search_docs.c.occurred_at, search_docs.c.seq)
            .order_by(*order)
            .offset(RECENT - 1)
            .limit(1)
        ).first()
        if cut is None or cut.occurred_at is not None:
            match = _matches(connection, query.q, search_docs, scan=True)
            statement = _select(query, search_docs, match, tz, None, None, limit)
            if cut is not None:
                newest = tuple_(search_docs.c.occurred_at, search_docs.c.seq)
                statement = statement.where(newest >= tuple_(cut.occurred_at, cut.seq))
            found = list(connection.execute(statement))
            if cut is None or len(found) >= limit:
                return found
    match = _matches(connection, query.q)
    return list(
        connection.execute(_select(query, search_docs, match, tz, after_seq, upto_seq, limit))
    )


def _select(
    query: SearchQuery,
    docs: Any,
    match: Any,
    tz: tzinfo,
    after_seq: int | None,
    upto_seq: int | None,
    limit: int,
) -> Any:
    live_entity = exists(
        select(entities.c.id).where(
            entities.c.id == docs.c.ref_id, entities.c.merged_into.is_(None)
        )
    )
    statement = select(
        docs.c.seq,
        docs.c.kind,
        docs.c.ref_id,
        docs.c.channel,
        docs.c.desk_id,
        docs.c.category,
        docs.c.occurred_at,
    ).where(match, or_(docs.c.kind == REPORT, live_entity))
    for name in ("kind", "channel", "desk", "category"):
        value = getattr(query, name)
        if value:
            column = docs.c.desk_id if name == "desk" else docs.c[name]
            statement = statement.where(column == value)
    since, until = _bounds(query, tz)
    if since:
        statement = statement.where(docs.c.occurred_at >= since)
    if until:
        statement = statement.where(docs.c.occurred_at < until)
    if after_seq is not None:
        statement = statement.where(docs.c.seq > after_seq)
    if upto_seq is not None:
        statement = statement.where(docs.c.seq <= upto_seq)
    return statement.order_by(docs.c.occurred_at.desc().nulls_last(), docs.c.seq.desc()).limit(
        limit
    )


def case_candidates(connection: Connection, query: SearchQuery, *, tz: tzinfo = UTC) -> list[Any]:
    """Cases whose reference or title contains the query (a small table: a plain scan)."""
    if query.kind not in (None, CASE) or query.channel or query.category:
        return []
    pattern = _like(clean_query(query.q))
    statement = select(
        cases.c.id.label("ref_id"),
        cases.c.desk_id,
        cases.c.created_at.label("occurred_at"),
    ).where(
        or_(
            func.lower(cases.c.ref).like(pattern, escape="\\"),
            func.lower(cases.c.title).like(pattern, escape="\\"),
        )
    )
    if query.desk:
        statement = statement.where(cases.c.desk_id == query.desk)
    since, until = _bounds(query, tz)
    if since:
        statement = statement.where(cases.c.created_at >= since)
    if until:
        statement = statement.where(cases.c.created_at < until)
    return list(
        connection.execute(statement.order_by(cases.c.created_at.desc()).limit(CASE_CANDIDATES))
    )


@dataclass(frozen=True)
class Hit:
    """One candidate: a document (entity or report) or a case."""

    kind: str
    ref_id: str
    channel: str | None = None
    desk: str | None = None
    category: str | None = None
    occurred_at: datetime | None = None
    seq: int | None = None


def hits(doc_rows: Sequence[Any], case_rows: Sequence[Any] = ()) -> list[Hit]:
    out = [
        Hit(r.kind, r.ref_id, r.channel, r.desk_id, r.category, r.occurred_at, r.seq)
        for r in doc_rows
    ]
    out.extend(Hit(CASE, r.ref_id, None, r.desk_id, None, r.occurred_at) for r in case_rows)
    return out


def gate(guard: Guard, user: User, q: str, purpose: str, context: dict[str, Any]) -> None:
    """Decide and log the search itself; raise unless the user may search."""
    resource = guard.load("subject", subject_key("search", clean_query(q)))
    decision = guard.decide(user, "search", resource, purpose, context={"search": context})
    if not decision.allowed:
        raise ForbiddenError(f"search is not open to this account: {decision.reason}")


def visible_hits(
    guard: Guard,
    user: User,
    found: Sequence[Hit],
    purpose: str,
    *,
    action: str = "search",
    context: dict[str, Any] | None = None,
) -> tuple[list[Hit], bool]:
    """The hits the user may see, in order, and whether a stated purpose may show more.

    Every decision is logged (one group commit); nothing about a refused hit is returned."""
    if not found:
        return [], False
    entity_ids = [h.ref_id for h in found if h.kind not in (REPORT, CASE)]
    with guard.engine.connect() as connection:
        held = entity_compartments(connection, entity_ids) if entity_ids else {}
        behind: dict[str, list[str]] = {}
        for start in range(0, len(entity_ids), 500):
            rows = connection.execute(
                select(entity_members.c.entity_id, entity_members.c.report_id)
                .where(entity_members.c.entity_id.in_(entity_ids[start : start + 500]))
                .distinct()
            )
            for entity_id, report_id in rows:
                behind.setdefault(entity_id, []).append(report_id)
        case_resources = {
            h.ref_id: load_resource(connection, CASE, h.ref_id) for h in found if h.kind == CASE
        }
    report_ids = sorted(
        {h.ref_id for h in found if h.kind == REPORT} | {r for rs in behind.values() for r in rs}
    )
    reports = dict(zip(report_ids, guard.load_reports(report_ids), strict=True))
    now = guard.now()
    needs_purpose = False

    def pure(resource: Resource) -> Decision:
        return decide(user, action, resource, purpose, now=now, config=guard.config)

    # The report each entity is shown through: the first one behind it the user may read.
    evidence: dict[str, Resource | None] = {}
    # Entities none of whose reports may be read, but some would be with a stated purpose:
    # told only if the entity itself may be known (its subject allowed).
    report_purpose: set[str] = set()
    for entity_id in entity_ids:
        chosen = None
        for report_id in sorted(behind.get(entity_id, ())):
            verdict = pure(reports[report_id])
            if verdict.allowed:
                chosen = reports[report_id]
                break
            if verdict.rule == "PURPOSE-1":
                report_purpose.add(entity_id)
        evidence[entity_id] = chosen
    asked: list[Resource] = []
    for h in found:
        if h.kind == REPORT:
            asked.append(reports[h.ref_id])
        elif h.kind == CASE:
            asked.append(case_resources[h.ref_id])
        else:
            asked.append(
                Resource("subject", f"entity:{h.ref_id}", compartments=held.get(h.ref_id, ()))
            )
    extra = [r for r in (evidence[e] for e in entity_ids) if r is not None]
    decisions = guard.decide_many(
        user, action, [*asked, *extra], purpose, context={"search": context or {}}
    )
    by_report = {r.id: d for r, d in zip(extra, decisions[len(asked) :], strict=True)}
    shown: list[Hit] = []
    for h, decision in zip(found, decisions[: len(asked)], strict=True):
        if h.kind in (REPORT, CASE):
            ok = decision.allowed
            needs_purpose = needs_purpose or decision.rule == "PURPOSE-1"
        else:
            chosen = evidence[h.ref_id]
            ok = decision.allowed and chosen is not None and by_report[chosen.id].allowed
            needs_purpose = (
                needs_purpose
                or decision.rule == "PURPOSE-1"
                or (decision.allowed and chosen is None and h.ref_id in report_purpose)
            )
        if ok:
            shown.append(h)
    return shown, needs_purpose


def _labels(connection: Connection, shown: Sequence[Hit]) -> dict[tuple[str, str], str]:
    """Labels of the hits: an entity's label, a case's reference and title. (A case's page
    is found by its reference: ``("case-ref", id)``.)"""
    out: dict[tuple[str, str], str] = {}
    entity_ids = [h.ref_id for h in shown if h.kind not in (REPORT, CASE)]
    for start in range(0, len(entity_ids), 500):
        for row in connection.execute(
            select(entities.c.id, entities.c.kind, entities.c.label).where(
                entities.c.id.in_(entity_ids[start : start + 500])
            )
        ):
            out[(row.kind, row.id)] = row.label
    case_ids = [h.ref_id for h in shown if h.kind == CASE]
    if case_ids:
        for row in connection.execute(
            select(cases.c.id, cases.c.ref, cases.c.title).where(cases.c.id.in_(case_ids))
        ):
            out[(CASE, row.id)] = f"{row.ref} {row.title}".strip()
            out[("case-ref", row.id)] = row.ref
    return out


def url_of(hit: Hit, case_ref: str | None = None) -> str:
    if hit.kind == REPORT:
        return f"/ui/reports/{hit.ref_id}"
    if hit.kind == CASE:
        return f"/ui/cases/{quote(case_ref or hit.ref_id, safe='')}"
    return f"/ui/entities/{hit.ref_id}"


def items(connection: Connection, shown: Sequence[Hit]) -> list[dict[str, Any]]:
    labels = _labels(connection, shown)
    return [
        {
            "kind": h.kind,
            "id": h.ref_id,
            "label": labels.get((h.kind, h.ref_id), h.channel or h.kind),
            "channel": h.channel,
            "desk": h.desk,
            "category": h.category,
            "occurred_at": h.occurred_at.isoformat() if h.occurred_at else None,
            "url": url_of(h, labels.get(("case-ref", h.ref_id))),
        }
        for h in shown
    ]


_ORDER = {kind: n for n, kind in enumerate(KINDS)}


def search(
    guard: Guard, user: User, query: SearchQuery, purpose: str, *, tz: tzinfo = UTC
) -> SearchPage:
    """One page of what matches ``query`` and the user may see (module docstring)."""
    query.check()
    context = {**query.filters(), "page": query.page}
    gate(guard, user, query.q, purpose, context)
    with guard.engine.connect() as connection:
        found = hits(
            candidates(connection, query, tz=tz), case_candidates(connection, query, tz=tz)
        )
    shown, needs_purpose = visible_hits(guard, user, found, purpose, context=context)
    with guard.engine.connect() as connection:
        # By kind, then what the query names exactly or by its reading (ranking.py), then
        # newest first: only what the guard allowed is ranked.
        shown = ranked(connection, query.q, shown, _ORDER)
    facets: dict[str, dict[str, int]] = {}
    for name, value_of in (
        ("kind", lambda h: h.kind),
        ("channel", lambda h: h.channel),
        ("desk", lambda h: h.desk),
        ("category", lambda h: h.category),
    ):
        counted = Counter(v for v in map(value_of, shown) if v)
        facets[name] = dict(sorted(counted.items()))
    start = (query.page - 1) * query.per_page
    page_hits = shown[start : start + query.per_page]
    with guard.engine.connect() as connection:
        listed = items(connection, page_hits)
    return SearchPage(
        clean_query(query.q), listed, len(shown), query.page, query.per_page, facets, needs_purpose
    )


__all__ = [
    "CANDIDATES",
    "KINDS",
    "Hit",
    "SearchPage",
    "SearchQuery",
    "candidates",
    "case_candidates",
    "gate",
    "hits",
    "items",
    "search",
    "visible_hits",
]
