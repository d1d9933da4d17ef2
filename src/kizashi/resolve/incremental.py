"""Linking new reports at incremental cost: the live pipeline's half of the one linker.

:func:`link_new_report` takes a report's person records and, for each, the stored records
that share a blocking key with it (indexed lookups on ``resolve_keys``); decides every pair
with the store's model exactly as the batch run does (:mod:`kizashi.resolve.decision`,
identity rules, identical records); stores the record, its keys and edges; and re-clusters
the components the new edges touch (:mod:`kizashi.resolve.components`). Its cost depends on
the report and its neighbourhood, not on the size of the store. :func:`link_reports` does
the same for a claimed batch of reports in one pass (the pipeline's resolve stage): the
store is read once for the whole batch (:mod:`kizashi.resolve.candidates`) and the touched
components are re-clustered once, with the entities one by one would give. A component
whose new records are all identical to stored ones (the same account posting again) is not
re-clustered: they join their twins' entities (:mod:`kizashi.resolve.attach`, which says
why that gives the same entities, reasons and labels, and when it declines). A new record
identical to a stored one is a *copy*: stored without blocking keys, as the batch run stores
its repeats, so blocks hold one record per profile and an account's posts do not make its
blocks grow (:mod:`kizashi.resolve.copies`).

It is safe to run again for the same report (after a crash, or by a second worker): all its
writes are one transaction, and a report already linked with the same features is left as
it is. On PostgreSQL a batch locks its blocking keys and the components it reaches, not the
store (:mod:`kizashi.resolve.locks`): two workers link side by side unless their records
could meet or their components are the same.

Adding a store's reports one by one, or in batches, gives the same entities as a batch run
with the same model (``kizashi resolve --reuse-model``); ``tests/resolve/test_consistency.py``
and, on the demo's store, ``tests/resolve/test_demo_resolution.py`` hold that.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, overload

from sqlalchemy import Connection, Engine, or_, select

from kizashi.clock import Clock, system_clock
from kizashi.resolve.attach import Attachment, attach_identical, judged_same_components
from kizashi.resolve.batch import edge_row, veto_row
from kizashi.resolve.candidates import Candidates
from kizashi.resolve.components import recluster_components
from kizashi.resolve.conflicts import anonymous
from kizashi.resolve.copies import is_copy, restore_keys
from kizashi.resolve.copies import keys_of as stored_keys
from kizashi.resolve.decision import Edge, Veto, compatible
from kizashi.resolve.entities_writer import MemberWrites, leftover_members
from kizashi.resolve.link import IDENTICAL
from kizashi.resolve.linker import Model
from kizashi.resolve.locks import (
    MAX_FINE_LOCKS,
    lock_components,
    lock_resolve,
    lock_shared_and_keys,
)
from kizashi.resolve.repository import (
    chunks,
    delete_records,
    read_reports,
    save_edges,
    save_flags,
    save_records,
)
from kizashi.resolve.rules import RULE_WEIGHT, rule_for
from kizashi.resolve.scoring import Scorer
from kizashi.resolve.slots import SlotRecord
from kizashi.resolve.store_model import frequency_lookup, latest_model
from kizashi.store import transaction
from kizashi.store.tables_resolve import entity_members, resolve_records

__all__ = ["LinkedReport", "link_new_report", "link_report", "link_reports", "lock_resolve"]


@dataclass(frozen=True)
class LinkedReport(Sequence[dict[str, Any]]):
    """What linking one report did: per person record, the entity it is in now, and the
    probability and reasons of its strongest link (a sequence of those dicts); and every
    entity whose membership the report touched (``entities``: re-score these). ``moved``:
    the entities an *earlier* member left or joined in the pass that linked it (a
    re-clustering, a re-linked report; the same for every report of a batch) — whose risk
    can change though no new report is about them."""

    report_id: str
    records: tuple[dict[str, Any], ...] = ()
    entities: frozenset[str] = field(default_factory=frozenset)
    moved: frozenset[str] = field(default_factory=frozenset)

    def __len__(self) -> int:
        return len(self.records)

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[dict[str, Any]]: ...
    def __getitem__(self, index: int | slice) -> dict[str, Any] | Sequence[dict[str, Any]]:
        return self.records[index]

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.records)


def _same_features(row: Mapping[str, Any]) -> tuple[Any, ...]:
    return tuple(sorted((k, v) for k, v in row.items() if k != "unique_id" and v))


def _decide_all(
    model: Model, scorer: Scorer, row: Mapping[str, Any], candidates: list[dict[str, Any]]
) -> tuple[list[Edge], list[Veto]]:
    """The new record against each candidate, as the batch run decides a pair."""
    # A record with no name and no identifier is nobody's copy (as the batch's
    # identical_groups), and decide links it to nobody.
    mine = None if anonymous(row) else _same_features(row)
    for candidate in sorted(candidates, key=lambda c: str(c["id"])):
        if mine is not None and _same_features(candidate["features"]) == mine:
            why = (
                {
                    "field": "record",
                    "comparison": "identical person record (every field the same)",
                    "weight": None,
                },
            )
            return [Edge(str(row["unique_id"]), str(candidate["id"]), 1.0, IDENTICAL, why)], []
    edges: list[Edge] = []
    vetoes: list[Veto] = []
    others = [{**c["features"], "unique_id": str(c["id"])} for c in candidates]
    for other in others:
        found = scorer.decide(row, other)
        if isinstance(found, Edge):
            edges.append(found)
        elif isinstance(found, Veto):
            vetoes.append(found)
        rule = rule_for(row, other, model, others)
        if rule is not None:
            ok, conflicts = compatible(model, row, other)
            why = ({"field": "rule", "comparison": rule, "weight": None},)
            if ok:
                edges.append(Edge(str(row["unique_id"]), other["unique_id"], 1.0, RULE_WEIGHT, why))
            elif not isinstance(found, Veto):
                vetoes.append(
                    Veto(str(row["unique_id"]), other["unique_id"], 1.0, tuple(conflicts))
                )
    best: dict[str, Edge] = {}
    for edge in edges:
        if edge.right not in best or edge.weight > best[edge.right].weight:
            best[edge.right] = edge
    return list(best.values()), vetoes


def _stored(
    connection: Connection, report_ids: Sequence[str]
) -> dict[str, dict[str, tuple[str, Any]]]:
    """The reports' records already stored: report → record id → (component, features)."""
    out: dict[str, dict[str, tuple[str, Any]]] = {}
    for chunk in chunks(list(report_ids), 500):
        rows = connection.execute(
            select(
                resolve_records.c.report_id,
                resolve_records.c.id,
                resolve_records.c.component,
                resolve_records.c.features,
            ).where(resolve_records.c.report_id.in_(chunk))
        )
        for r in rows:
            out.setdefault(str(r.report_id), {})[str(r.id)] = (str(r.component), r.features)
    return out


def _stored_with(
    connection: Connection, report_ids: Sequence[str], record_ids: Sequence[str]
) -> tuple[dict[str, dict[str, tuple[str, Any]]], dict[str, str]]:
    """:func:`_stored` of the reports, and the component of each of ``record_ids`` (stored
    candidates), in one statement when both fit in one (else two reads, as before)."""
    if len(report_ids) + len(record_ids) > 500:
        stored = _stored(connection, report_ids)
        components: dict[str, str] = {}
        for chunk in chunks(list(record_ids), 500):
            components.update(
                (str(r.id), str(r.component))
                for r in connection.execute(
                    select(resolve_records.c.id, resolve_records.c.component).where(
                        resolve_records.c.id.in_(chunk)
                    )
                )
            )
        return stored, components
    wanted = set(report_ids)
    candidate = set(record_ids)
    stored = {}
    components = {}
    rows = connection.execute(
        select(
            resolve_records.c.report_id,
            resolve_records.c.id,
            resolve_records.c.component,
            resolve_records.c.features,
        ).where(
            or_(
                resolve_records.c.report_id.in_(list(report_ids)),
                resolve_records.c.id.in_(list(record_ids)),
            )
        )
    )
    for r in rows:
        if str(r.report_id) in wanted:
            stored.setdefault(str(r.report_id), {})[str(r.id)] = (str(r.component), r.features)
        if str(r.id) in candidate:
            components[str(r.id)] = str(r.component)
    return stored, components


def link_new_report(engine: Engine, report_id: str, *, clock: Clock = system_clock) -> LinkedReport:
    """Link one report's person records to the store's entities (see the module doc)."""
    with transaction(engine) as connection:
        return link_report(connection, report_id, now=clock())


def link_report(connection: Connection, report_id: str, *, now: datetime) -> LinkedReport:
    """:func:`link_new_report` in the caller's transaction: the live pipeline's resolve stage
    commits it together with the move of the report's cursor, so it happens exactly once."""
    return link_reports(connection, [report_id], now=now)[0]


def link_reports(
    connection: Connection,
    report_ids: Sequence[str],
    *,
    now: datetime,
    stats: dict[str, int] | None = None,
    skip_linked: bool = False,
) -> list[LinkedReport]:
    """A claimed batch of new reports linked in one pass, in the caller's transaction.

    Gives the entities that :func:`link_report` for each report in turn gives: the reports
    are taken in the order given, and each record is decided against the store *and* the
    batch's earlier records, exactly as one by one. What is shared is done once: the model
    and the reports are read once, and the components the batch touched are re-clustered
    once at the end (a component's clusters depend only on its records, edges and
    judgements, not on the order they came in). One result per report, in order; its
    ``entities`` are every entity the batch's re-clustering touched in the components its
    records are in, and the entities its mentions belong to now.

    ``skip_linked``: reports whose mentions are entity members already (linked by a batch
    run or a backfill) are left as they are, with no result, and counted in
    ``stats["already"]`` (the pipeline's resolve stage).
    """
    ids = list(dict.fromkeys(str(r) for r in report_ids))
    if not ids:
        return []
    run, model = latest_model(connection)
    run_id = run or None  # before the first batch run: the shipped model, no run
    records_of: dict[str, list[SlotRecord]] = {r: [] for r in ids}
    leftovers_of: dict[str, list[Mapping[str, Any]]] = {r: [] for r in ids}
    linked: set[str] | None = set() if skip_linked else None
    for slot_records, left in read_reports(connection, ids, linked=linked):
        for record in slot_records:
            records_of[record.report_id].append(record)
        for mention in left:
            leftovers_of[str(mention["report_id"])].append(mention)
    if linked is not None:
        ids = [r for r in ids if r not in linked]
        if stats is not None:
            stats["already"] = stats.get("already", 0) + len(linked)
        if not ids:
            return []
    leftovers: list[Mapping[str, Any]] = []
    stored = _stored(connection, ids)
    features = {r: {x.id: x.features() for x in records_of[r]} for r in ids}
    changed = [
        r
        for r in ids
        if not stored.get(r) or {k: v[1] for k, v in stored[r].items()} != features[r]
    ]
    rows = {rid: row for r in changed for rid, row in features[r].items()}
    keys_of = {rid: stored_keys(row, model) for rid, row in rows.items()}
    all_keys = {k for keys in keys_of.values() for k in keys}
    fine = len(all_keys) <= MAX_FINE_LOCKS
    if fine:  # (locks: PostgreSQL only, see kizashi.resolve.locks)
        lock_shared_and_keys(connection, all_keys)
    else:
        lock_resolve(connection)
    candidates = Candidates(connection, all_keys)
    if stats is not None:
        stats["candidate_rows"] = stats.get("candidate_rows", 0) + candidates.rows_read
    if fine:

        def current() -> set[str]:
            nonlocal stored
            # The same records; their components may move. One statement for both.
            stored, components = _stored_with(connection, ids, candidates.stored_ids())
            old = {component for recs in stored.values() for component, _ in recs.values()}
            return candidates.moved(components) | old

        # The first guess needs no read: the reports' records were read just above and the
        # candidates' components since the keys were locked; neither under a component lock,
        # exactly as a first ``current()`` would read them, so lock_components reads again
        # (at least once) under the locks before it returns.
        first = {component for recs in stored.values() for component, _ in recs.values()}
        lock_components(connection, current, first | candidates.stored_components())
    scorer = Scorer(model)
    # Every frequency a decision below may ask for (of a new record's value) in one read.
    asked = [
        (column, str(row.get(column))) for row in rows.values() for column in scorer.tf_columns
    ]
    scorer.frequency = frequency_lookup(connection, model, asked)
    affected: set[str] = set()
    reached: dict[str, set[str]] = {  # report → the components it touched
        r: {component for component, _ in stored.get(r, {}).values()} for r in ids
    }
    strongest: dict[str, Edge] = {}
    twins: dict[str, str] = {}  # new record → the stored record identical to it (its one link)
    relinked: set[str] = set()  # components a re-linked report's old records were in
    new_records: list[dict[str, Any]] = []
    new_edges: list[dict[str, Any]] = []
    new_flags: list[dict[str, Any]] = []
    copy_of: dict[str, str] = {}  # the batch's copies (kizashi.resolve.copies) → their first
    for report_id in changed:  # in the order given: each meets the batch's earlier records
        old = list(stored.get(report_id, {}))
        leftovers += leftovers_of[report_id]
        if old:  # their copies are met again (kizashi.resolve.copies), as one by one
            for copy_id, copy_row, copy_component, copy_keys in restore_keys(
                connection, old, model
            ):
                candidates.add_stored(copy_id, copy_row, copy_component, copy_keys)
        delete_records(connection, old)
        candidates.delete(old)
        gone = set(old)  # an earlier record's link to them goes with them, as one by one
        if gone:  # (a new report has none: no pass over the batch's edges so far)
            new_edges = [e for e in new_edges if not gone & {e["left_id"], e["right_id"]}]
            new_flags = [f for f in new_flags if not gone & {f["left_id"], f["right_id"]}]
            for earlier in new_records:  # the batch's copies of them: their keys back
                if copy_of.get(str(earlier["id"])) in gone:
                    earlier["keys"] = keys_of[str(earlier["id"])]
                    candidates.add_keys(str(earlier["id"]), earlier["keys"])
                    del copy_of[str(earlier["id"])]
        affected |= reached[report_id]
        relinked |= reached[report_id]
        for record in records_of[report_id]:
            row, keys = rows[record.id], keys_of[record.id]
            met = candidates.of(keys, record.id)
            edges, vetoes = _decide_all(model, scorer, row, met)
            ends = {e.right for e in edges}
            linked = {str(c["component"]) for c in met if str(c["id"]) in ends}
            if is_copy(edges):  # met through its first from now on: no keys of its own
                keys = []
                copy_of[record.id] = edges[0].right
            candidates.add(record.id, row, keys)
            component = candidates.merge(linked) if linked else record.id
            candidates.set_component(record.id, component)
            new_records.append(
                {
                    "id": record.id,
                    "report_id": report_id,
                    "slot": record.slot,
                    "mention_ids": record.mention_ids,
                    "features": row,
                    "entity_id": None,
                    "keys": keys,
                }
            )
            new_edges += [edge_row(e, None) for e in edges]
            by_pair = {
                (min(v.left, v.right), max(v.left, v.right)): veto_row(v, None) for v in vetoes
            }
            new_flags += by_pair.values()
            affected.add(component)
            reached[report_id].add(component)
            if edges:
                strongest[record.id] = max(edges, key=lambda e: e.weight)
            # One identical-record edge to a stored record (not one of this batch's)
            if not old and len(edges) == 1 and edges[0].weight == IDENTICAL:
                twins.update({record.id: edges[0].right} if edges[0].right not in rows else {})
    candidates.apply_merges(connection)
    for record_row in new_records:
        record_row["component"] = candidates.component_of(record_row["id"])
    save_records(connection, new_records)
    save_edges(connection, new_edges)
    save_flags(connection, new_flags)
    affected = {candidates.component(c) for c in affected}
    relinked = {candidates.component(c) for c in relinked}
    # The attached, re-clustered and leftover memberships are written together (one
    # statement of each kind, kizashi.resolve.entities_writer.MemberWrites) before any read.
    writes = MemberWrites(run_id, now)
    touched = _attach(
        connection, run_id, new_records, new_edges, twins, relinked, now, stats, writes
    )
    affected -= set(touched)
    reclustered = recluster_components(connection, model, affected, run_id, now, writes=writes)
    touched.update(reclustered)
    if stats is not None:
        stats["reclustered"] = stats.get("reclustered", 0) + len(affected)
    leftover_members(connection, run_id, leftovers, now, writes=writes)
    writes.flush(connection)
    entity_of, own = _entities_of(connection, ids)
    out = []
    for report_id in ids:
        components = {candidates.component(c) for c in reached[report_id]}
        entities = own.get(report_id, set()).union(*(touched.get(c, ()) for c in components))
        result = _summary(report_id, records_of[report_id], strongest, entity_of, entities)
        out.append(replace(result, moved=frozenset(writes.moved)))
    return out


def _attach(
    connection: Connection,
    run_id: str | None,
    new_records: Sequence[Mapping[str, Any]],
    new_edges: Sequence[Mapping[str, Any]],
    twins: Mapping[str, str],
    relinked: set[str],
    now: datetime,
    stats: dict[str, int] | None,
    writes: MemberWrites,
) -> dict[str, set[str]]:
    """The components whose new records all attach to identical stored twins, attached
    without re-clustering (:mod:`kizashi.resolve.attach`); per component, the entities
    touched. Every other component is left to be re-clustered."""
    if not twins:
        return {}
    ends: Counter[str] = Counter()
    edge_of: dict[str, Mapping[str, Any]] = {}
    for edge in new_edges:
        for end in (str(edge["left_id"]), str(edge["right_id"])):
            ends[end] += 1
            edge_of[end] = edge
    groups: dict[str, list[Attachment]] = defaultdict(list)
    blocked = set(relinked)
    for row in new_records:
        record_id, component = str(row["id"]), str(row["component"])
        twin = twins.get(record_id)
        if twin is None or ends[record_id] != 1:
            blocked.add(component)
            continue
        edge = edge_of[record_id]  # its one edge
        groups[component].append(
            Attachment(
                row,
                twin,
                (
                    str(edge["left_id"]),
                    str(edge["right_id"]),
                    float(edge["weight"]),
                    tuple(edge["reasons"]),
                ),
            )
        )
    blocked |= judged_same_components(connection) if groups else set()
    eligible = {c: g for c, g in groups.items() if c not in blocked}
    attached, _refused = attach_identical(connection, run_id, eligible, now, writes=writes)
    if stats is not None:
        stats["attached"] = stats.get("attached", 0) + sum(len(eligible[c]) for c in attached)
    return attached


def _entities_of(
    connection: Connection, report_ids: Sequence[str]
) -> tuple[dict[str, str], dict[str, set[str]]]:
    """The entity of each of the reports' mentions now, and each report's entities."""
    of_mention: dict[str, str] = {}
    of_report: dict[str, set[str]] = {}
    for chunk in chunks(list(report_ids), 500):
        rows = connection.execute(
            select(
                entity_members.c.report_id, entity_members.c.mention_id, entity_members.c.entity_id
            ).where(entity_members.c.report_id.in_(chunk))
        )
        for r in rows:
            of_mention[str(r.mention_id)] = str(r.entity_id)
            of_report.setdefault(str(r.report_id), set()).add(str(r.entity_id))
    return of_mention, of_report


def _summary(
    report_id: str,
    records: list[SlotRecord],
    strongest: Mapping[str, Edge],
    entity_of: Mapping[str, str],
    entities: set[str],
) -> LinkedReport:
    out = []
    for record in records:
        edge = strongest.get(record.id)
        out.append(
            {
                "record": record.id,
                "entity_id": entity_of.get(record.id),
                "probability": edge.probability if edge else None,
                "reasons": list(edge.reasons) if edge else [],
            }
        )
    return LinkedReport(report_id, tuple(out), frozenset(entities))
