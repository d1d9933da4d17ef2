"""Run the purchase rules over the store: purchases per resolved buyer, firings stored.

The buyer of a purchase report is the entity its buyer mentions (name, kana, phone, e-mail,
address, payment token) were resolved to (``entity_members``, written by resolution); a
person entity is preferred over a bare phone or e-mail entity. A run recomputes every
firing: unchanged firings stay as they are, changed ones are updated in place (same id),
and firings that no longer hold (resolution split a buyer, say) are deleted.

``purchase_rules_for_reports`` does the same for the buyers of a few new purchase reports
only, in the caller's transaction (the live pipeline's purchases stage): its cost follows
those buyers' purchases, not the size of the store. ``purchase_rules_for_entities`` does it
for given entities (those a re-grouping moved members into or out of: the triage stage).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, Select, delete, insert, select, update

from kizashi.ids import new_id
from kizashi.purchases.rules import Firing, Purchase, evaluate
from kizashi.purchases.units import UnitError
from kizashi.purchases.watchlist import Watchlist, default_watchlist
from kizashi.store import transaction
from kizashi.store.payloads import with_payloads
from kizashi.store.rule_versions import record_rules
from kizashi.store.tables import mentions, reports
from kizashi.store.tables_purchases import purchase_firings
from kizashi.store.tables_resolve import entities, entity_members

BUYER_PATHS = frozenset(
    {
        "buyer_name",
        "buyer_name_kana",
        "buyer_phone",
        "buyer_email",
        "buyer_address",
        "payment_token_hash",
    }
)


@dataclass
class PurchaseRunSummary:
    purchases: int = 0
    watchlisted: int = 0
    unconvertible: int = 0
    unattributed: int = 0
    buyers: int = 0
    firings: int = 0
    inserted: int = 0
    updated: int = 0
    deleted: int = 0
    by_rule: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "problems"} | {
            "problems": self.problems[:20]
        }


def _as_purchase(watchlist: Watchlist, report_id: str, body: dict[str, Any]) -> Purchase | None:
    item = str(body.get("item") or "")
    found = watchlist.match(item, body.get("substance"))
    if found is None or found.substance is None:
        return None
    conversion = found.grams(float(body["quantity"]), str(body["unit"]), item)
    return Purchase(
        report_id=report_id,
        at=datetime.fromisoformat(str(body["purchased_at"])),
        retailer=str(body.get("retailer") or ""),
        store=str(body.get("store") or ""),
        item=item,
        substance=found.substance,
        grams=conversion.grams,
        quantity=float(body["quantity"]),
        unit=str(body["unit"]),
        how=f"{found.via} '{found.term}': {conversion.how}",
    )


CHUNK = 500


def _chunked(
    connection: Connection, query: Select[Any], column: Any, ids: Collection[str] | None
) -> Iterator[Any]:
    if ids is None:
        yield from connection.execute(query)
        return
    ordered = sorted(ids)
    for start in range(0, len(ordered), CHUNK):
        yield from connection.execute(query.where(column.in_(ordered[start : start + CHUNK])))


def _buyers(
    connection: Connection, report_ids: Collection[str] | None = None
) -> dict[str, set[str]]:
    """Purchase report id -> its buyer entity ids (persons first, else identifiers)."""
    query = (
        select(
            entity_members.c.report_id,
            entity_members.c.entity_id,
            entities.c.kind,
            mentions.c.path,
            reports.c.channel,
        )
        .join(mentions, mentions.c.id == entity_members.c.mention_id)
        .join(entities, entities.c.id == entity_members.c.entity_id)
        .join(reports, reports.c.id == entity_members.c.report_id)
    )
    if report_ids is None:
        query = query.where(reports.c.channel == "purchase")
    # else the channel is checked here, not in SQL (see _purchase_rows)
    persons: dict[str, set[str]] = defaultdict(set)
    others: dict[str, set[str]] = defaultdict(set)
    for row in _chunked(connection, query, entity_members.c.report_id, report_ids):
        if row.path not in BUYER_PATHS or row.channel != "purchase":
            continue
        (persons if row.kind == "person" else others)[row.report_id].add(row.entity_id)
    return {rid: persons.get(rid) or others[rid] for rid in set(persons) | set(others)}


def _purchase_rows(connection: Connection, report_ids: Collection[str] | None) -> Iterator[Any]:
    """The purchase reports of the store, or those among ``report_ids``.

    A few ids are read by primary key and their channel checked here: with ``channel = ?``
    beside ``id IN (…)`` SQLite (without statistics) searches the channel's index, i.e.
    every purchase in the store, for each chunk — the live stage's cost grew with the store.
    """
    if report_ids is None:
        yield from connection.execute(select(reports.c.id).where(reports.c.channel == "purchase"))
        return
    query = select(reports.c.id, reports.c.channel)
    for row in _chunked(connection, query, reports.c.id, report_ids):
        if row.channel == "purchase":
            yield row


def buyer_purchases(
    connection: Connection,
    watchlist: Watchlist,
    summary: PurchaseRunSummary,
    report_ids: Collection[str] | None = None,
) -> dict[str, list[Purchase]]:
    """Every watch-listed purchase (or those of ``report_ids``), grouped by resolved buyer."""
    buyers = _buyers(connection, report_ids)
    grouped: dict[str, list[Purchase]] = defaultdict(list)
    rows = _purchase_rows(connection, report_ids)
    for row, payload in with_payloads(connection, rows, ("body",)):
        summary.purchases += 1
        try:
            purchase = _as_purchase(watchlist, row.id, payload.body or {})
        except (UnitError, KeyError, ValueError) as exc:
            summary.unconvertible += 1
            summary.problems.append(f"report {row.id}: {exc}")
            continue
        if purchase is None:
            continue
        summary.watchlisted += 1
        owners = buyers.get(row.id)
        if not owners:
            summary.unattributed += 1
            continue
        for entity_id in owners:
            grouped[entity_id].append(purchase)
    for purchases in grouped.values():
        purchases.sort(key=lambda p: (p.at, p.report_id))
    return grouped


def fingerprint(rule_id: str, entity_id: str, anchor: str) -> str:
    return hashlib.sha256(f"{rule_id}|{entity_id}|{anchor}".encode()).hexdigest()


def _row(firing: Firing, entity_id: str, watchlist: Watchlist) -> dict[str, Any]:
    return {
        "entity_id": entity_id,
        "rule_id": firing.rule_id,
        "rule_kind": firing.rule_kind,
        "watchlist_version": watchlist.version,
        "substances": list(firing.substances),
        "report_ids": [p.report_id for p in firing.purchases],
        "stores": firing.stores,
        "window_start": firing.window_start.astimezone(UTC),
        "window_end": firing.window_end.astimezone(UTC),
        "total_grams": firing.total_grams,
        "weight": firing.weight,
        "summary": firing.summary,
        "explanation": firing.explanation(),
    }


def _record_watchlist(connection: Connection, watchlist: Watchlist, now: datetime) -> None:
    """The watch-list's version is in force from its first use (kizashi.store.rule_versions)."""
    if watchlist.rule_version is not None:
        record_rules(connection, [watchlist.rule_version], now)


_COMPARED = ("report_ids", "weight", "summary", "explanation", "entity_id", "rule_id")


def run_purchase_rules(
    engine: Engine, *, now: datetime, watchlist: Watchlist | None = None
) -> PurchaseRunSummary:
    """Evaluate every rule for every resolved buyer and store the firings (idempotent)."""
    watchlist = watchlist or default_watchlist()
    summary = PurchaseRunSummary()
    with transaction(engine) as connection:
        _record_watchlist(connection, watchlist, now)
        grouped = buyer_purchases(connection, watchlist, summary)
        _store(connection, grouped, None, watchlist, summary, now)
    return summary


def purchase_rules_for_reports(
    connection: Connection,
    report_ids: Collection[str],
    *,
    watchlist: Watchlist | None = None,
    now: datetime,
) -> tuple[PurchaseRunSummary, set[str]]:
    """Re-evaluate the rules for the buyers of these purchase reports only.

    Returns the summary and the buyer entities whose firings were evaluated (the entities
    the triage stage must re-score)."""
    buyers = {b for owners in _buyers(connection, report_ids).values() for b in owners}
    if not buyers:
        return PurchaseRunSummary(), set()
    return purchase_rules_for_entities(connection, buyers, watchlist=watchlist, now=now), buyers


def purchase_rules_for_entities(
    connection: Connection,
    entity_ids: Collection[str],
    *,
    watchlist: Watchlist | None = None,
    now: datetime,
) -> PurchaseRunSummary:
    """Re-evaluate the rules for these entities as buyers, in the caller's transaction: their
    firings become what a full run would store for them (none for an entity that no longer
    buys, e.g. one a re-grouping emptied or split a buyer's records from).

    The live pipeline calls it for the buyers of new purchase reports and for the entities
    a re-grouping (a re-clustering, an analyst's judgement) moved members into or out of,
    so that a firing follows its purchases to their new entity (issue 12, live19)."""
    watchlist = watchlist or default_watchlist()
    summary = PurchaseRunSummary()
    buyers = set(entity_ids)
    if not buyers:
        return summary
    # Every purchase of those buyers: the reports whose buyer mentions are theirs (a buyer's
    # posts, tips and the rest are not read), then the same attribution as a full run.
    members = (
        select(entity_members.c.report_id, entity_members.c.entity_id)
        .join(mentions, mentions.c.id == entity_members.c.mention_id)
        .where(mentions.c.path.in_(sorted(BUYER_PATHS)))
    )
    theirs = {
        r.report_id for r in _chunked(connection, members, entity_members.c.entity_id, buyers)
    }
    _record_watchlist(connection, watchlist, now)
    grouped = buyer_purchases(connection, watchlist, summary, theirs)
    grouped = {b: p for b, p in grouped.items() if b in buyers}
    _store(connection, grouped, buyers, watchlist, summary, now)
    return summary


def _store(
    connection: Connection,
    grouped: dict[str, list[Purchase]],
    buyers: Collection[str] | None,
    watchlist: Watchlist,
    summary: PurchaseRunSummary,
    now: datetime,
) -> None:
    """Upsert the firings of ``grouped``; delete stale ones (of ``buyers``, or of all)."""
    summary.buyers = len(grouped)
    wanted: dict[str, dict[str, Any]] = {}
    for entity_id, purchases in grouped.items():
        for firing in evaluate(watchlist, purchases):
            wanted[fingerprint(firing.rule_id, entity_id, firing.anchor)] = _row(
                firing, entity_id, watchlist
            )
            summary.by_rule[firing.rule_id] = summary.by_rule.get(firing.rule_id, 0) + 1
    existing = {
        row.fingerprint: row
        for row in _chunked(
            connection, select(purchase_firings), purchase_firings.c.entity_id, buyers
        )
    }
    for key, values in wanted.items():
        old = existing.get(key)
        if old is None:
            connection.execute(
                insert(purchase_firings).values(
                    id=new_id(), fingerprint=key, created_at=now, **values
                )
            )
            summary.inserted += 1
        elif any(getattr(old, name) != values[name] for name in _COMPARED):
            connection.execute(
                update(purchase_firings).where(purchase_firings.c.id == old.id).values(**values)
            )
            summary.updated += 1
    stale = [row.id for key, row in existing.items() if key not in wanted]
    if stale:
        connection.execute(delete(purchase_firings).where(purchase_firings.c.id.in_(stale)))
    summary.deleted = len(stale)
    summary.firings = len(wanted)
    summary.by_rule = dict(sorted(summary.by_rule.items()))


def list_firings(connection: Connection, *, entity_id: str | None = None) -> list[dict[str, Any]]:
    query = select(purchase_firings).order_by(
        purchase_firings.c.window_start, purchase_firings.c.id
    )
    if entity_id is not None:
        query = query.where(purchase_firings.c.entity_id == entity_id)
    return [{str(k): v for k, v in row._mapping.items()} for row in connection.execute(query)]
