"""A new record identical to a stored one joins its entity without re-clustering.

Much of a live stream is the same people again: a busy account posting under the same name
makes a person record alike in every field to one already stored, and its only link is the
"identical record" edge to that *twin* (:func:`kizashi.resolve.incremental._decide_all`).
Re-clustering the twin's whole component for it costs what the component costs; attaching
it costs a few indexed reads — and gives the same entities, under the conditions below.

Why the clustering is the same (:func:`kizashi.resolve.cluster.constrained_clusters`):
every cluster is pairwise compatible unless an analyst's "same" forced a join, since a join
is tested on every cross pair of profiles and an edge between two single records exists
only if they are compatible. The new record has the twin's fields, so it adds no profile
and no signature value to the twin's cluster; every later join test reads the same
profiles and gives the same answer (a test that two single records' edge would have
skipped now runs, on the twin's profile, and passes: the edge's pair is compatible). No
"not the same" names the new record. So the new record ends in its twin's cluster and
every other record where it was.

What is written is then what a re-clustering writes, checked here and refused (the caller
re-clusters the component instead) when it would not be:

- the component has no analyst's "same" in force, and no other record of the batch in it
  does anything but attach to a stored twin (no merge, no re-linked report);
- the twin is in an entity; when it has no link inside it that sorts before the new edge
  (a record seen once so far), its own members' reasons are rewritten to the new edge, as
  a re-clustering would;
- the entity's label cannot change: the twin names the new record's names the same way
  (so the screen names are the same), and the counts of the label and of the names added
  among the entity's members leave the label first (:mod:`kizashi.resolve.attach_label`;
  until 2026-12-05 every name had to *be* the label, and a busy account labelled by
  another name re-clustered its whole entity on every post); a record without a name has
  a larger id than its twin (the label of a nameless cluster is its smallest record's).

The new record's mentions become members (its reasons: the identical-record edge); the
entity's ``updated_at`` and run move; no member leaves anything, so ``members_left_at`` is
left alone. Other entities of the component are not rewritten (a re-clustering would only
have touched their ``updated_at``).

Two differences, left as they are: the stored label is trusted to be what the members give,
but expiry keeps a label while some member still spells it (``resolve/expiry.py``), where a
re-clustering would relabel the entity; and the review flags of the component are not
rewritten, where a re-clustering could list a stopped join's conflicts in another order
(the same joins are stopped).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, select, update

from kizashi.resolve.attach_label import label_stays
from kizashi.resolve.entities_writer import (
    MemberWrites,
    member_row,
    mention_rows_of,
    shown_weight,
)
from kizashi.resolve.member_order import insert_members, kept_numbers, stored_numbers
from kizashi.resolve.repository import chunks
from kizashi.store.tables_resolve import (
    entities,
    entity_members,
    link_judgements,
    resolve_mentions,
    resolve_records,
)

__all__ = ["Attachment", "attach_identical", "judged_same_components"]

EdgeTuple = tuple[str, str, float, tuple[dict[str, Any], ...]]


@dataclass(frozen=True)
class Attachment:
    """A new record (its stored row) whose one link is an identical-record edge to a twin."""

    record: Mapping[str, Any]  # id, report_id, mention_ids, …
    twin: str
    edge: EdgeTuple  # (left, right, weight, reasons), left < right


def judged_same_components(connection: Connection) -> set[str]:
    """Components holding an analyst's "same" in force (a few rows: judgements are rare)."""
    mention_ids: set[str] = set()
    for r in connection.execute(
        select(link_judgements.c.left_mention_id, link_judgements.c.right_mention_id).where(
            link_judgements.c.undone_at.is_(None), link_judgements.c.verdict == "same"
        )
    ):
        mention_ids |= {str(r.left_mention_id), str(r.right_mention_id)}
    out: set[str] = set()
    for chunk in chunks(sorted(mention_ids), 500):
        out |= {
            str(c)
            for c in connection.execute(
                select(resolve_records.c.component)
                .join(resolve_mentions, resolve_mentions.c.record_id == resolve_records.c.id)
                .where(resolve_mentions.c.mention_id.in_(chunk))
            ).scalars()
        }
    return out


def _key(edge: EdgeTuple) -> tuple[float, str, str]:
    return (-edge[2], edge[0], edge[1])


# Per twin, whether it has stored links (either end) to a record of its own entity that sort
# before the batch's new edge to it, i.e. (-weight, left, right) smaller.
_ASKED = 200  # twins a statement of :func:`_linked_before_many` asks about (5 values each)


def _linked_before_many(
    connection: Connection, asks: Sequence[tuple[str, str, EdgeTuple]]
) -> set[str]:
    """The twins among ``asks`` (twin, its entity, the batch's first new edge to it) that have
    a stored link inside their entity sorting before that edge (by weight, then by the edge's
    ids), one statement per ``_ASKED`` twins (until live20, one statement a twin: a round
    trip per component attached, ~150 a batch of 150 posts at 100k stored, issue 12)."""
    found: set[str] = set()
    # Sent as the driver's SQL (its own named parameters): a statement of a new length each
    # time, which SQLAlchemy compiled anew from text every call (issue 12, live12: ~4 % of
    # the live worker's CPU at 100k stored).
    sqlite = connection.dialect.name == "sqlite"
    for start in range(0, len(asks), _ASKED):
        chunk = asks[start : start + _ASKED]
        params: dict[str, Any] = {}
        rows = []
        for n, (twin, entity_id, edge) in enumerate(chunk):
            params |= {f"t{n}": twin, f"e{n}": entity_id, f"w{n}": edge[2]}
            params |= {f"l{n}": edge[0], f"r{n}": edge[1]}
            names = (f"{kind}{n}" for kind in "tewlr")
            rows.append("(" + ", ".join(f":{x}" if sqlite else f"%({x})s" for x in names) + ")")
        earlier = " OR ".join(
            f"EXISTS (SELECT 1 FROM resolve_edges e JOIN resolve_records o ON o.id = e.{other} "
            f"WHERE e.{mine} = v.twin AND o.entity_id = v.entity AND (e.weight > v.weight OR "
            "(e.weight = v.weight AND (e.left_id < v.l OR (e.left_id = v.l AND e.right_id < v.r)"
            ")))) "
            for mine, other in (("left_id", "right_id"), ("right_id", "left_id"))
        )
        statement = (
            f"WITH v(twin, entity, weight, l, r) AS (VALUES {', '.join(rows)}) "
            f"SELECT v.twin FROM v WHERE {earlier}"
        )
        found.update(str(t) for t in connection.exec_driver_sql(statement, params).scalars())
    return found


def _names(
    mention_ids: Iterable[str], rows: Mapping[str, Mapping[str, Any]]
) -> set[tuple[str, bool]]:
    return {
        (str(m["value"]), str(m["path"]).endswith("display_name"))
        for m in (rows.get(i) for i in mention_ids)
        if m is not None and m["kind"] == "person"
    }


def _occurrences(
    mention_ids: Iterable[str], rows: Mapping[str, Mapping[str, Any]]
) -> Counter[tuple[str, bool]]:
    """Each person name of a record, as many times as it is written (the label counts them)."""
    return Counter(
        (str(m["value"]), str(m["path"]).endswith("display_name"))
        for m in (rows.get(i) for i in mention_ids)
        if m is not None and m["kind"] == "person"
    )


def attach_identical(
    connection: Connection,
    run_id: str | None,
    groups: Mapping[str, Sequence[Attachment]],
    now: datetime,
    *,
    writes: MemberWrites | None = None,
) -> tuple[dict[str, set[str]], set[str]]:
    """Attach each component's new records to their twins' entities (see the module doc).

    Returns, per component attached, the entities touched, and the components refused (to
    be re-clustered). ``writes``: what is written is added to it, for the caller to flush."""
    twins = sorted({a.twin for group in groups.values() for a in group})
    twin_rows: dict[str, Mapping[str, Any]] = {}
    for chunk in chunks(twins, 500):
        for r in connection.execute(
            select(
                resolve_records.c.id,
                resolve_records.c.report_id,
                resolve_records.c.entity_id,
                resolve_records.c.mention_ids,
            ).where(resolve_records.c.id.in_(chunk))
        ).mappings():
            twin_rows[str(r["id"])] = dict(r)
    entity_ids = sorted({str(r["entity_id"]) for r in twin_rows.values() if r["entity_id"]})
    labels: dict[str, str] = {}
    for chunk in chunks(entity_ids, 500):
        for e in connection.execute(
            select(entities.c.id, entities.c.label).where(
                entities.c.id.in_(chunk), entities.c.merged_into.is_(None)
            )
        ):
            labels[str(e.id)] = str(e.label)
    wanted = [m for g in groups.values() for a in g for m in a.record["mention_ids"]]
    wanted += [m for r in twin_rows.values() for m in r["mention_ids"]]
    mentions = mention_rows_of(connection, wanted)
    attached: dict[str, set[str]] = {}
    refused: set[str] = set()
    members: list[dict[str, Any]] = []
    assigned: list[dict[str, str]] = []
    plans: dict[str, tuple[list[tuple[Attachment, str]], dict[str, tuple[str, EdgeTuple]]]] = {}
    for component, group in sorted(groups.items()):
        planned = _plan(connection, group, twin_rows, labels, mentions)
        if planned is None:
            refused.add(component)
        else:
            plans[component] = planned
    asks = [(t, e, edge) for _, firsts in plans.values() for t, (e, edge) in firsts.items()]
    earlier = _linked_before_many(connection, asks)
    for component, (plan, firsts) in plans.items():
        strongest = {t: firsts[t] for t in sorted(firsts) if t not in earlier}
        for twin_id, (entity_id, edge) in sorted(strongest.items()):
            # The twin's strongest link in its entity is now the new edge: its members say so.
            twin = twin_rows[twin_id]
            members += [
                member_row(
                    mentions[m], twin_id, twin, entity_id, shown_weight(edge[2]), list(edge[3]), now
                )
                for m in twin["mention_ids"]
                if m in mentions
            ]
        for attachment, entity_id in plan:
            record = attachment.record
            why = list(attachment.edge[3])
            weight = shown_weight(attachment.edge[2])
            for mention_id in record["mention_ids"]:
                mention = mentions.get(mention_id)
                if mention is not None:
                    members.append(
                        member_row(mention, str(record["id"]), record, entity_id, weight, why, now)
                    )
            assigned.append({"rid": str(record["id"]), "eid": entity_id})
        attached[component] = {entity_id for _, entity_id in plan}
    touched = sorted(set().union(*attached.values())) if attached else []
    if writes is not None:
        writes.attached += members
        writes.records += assigned
        writes.touched.update(touched)
        return attached, refused
    before = stored_numbers(connection, [m["mention_id"] for m in members])
    for chunk in chunks([m["mention_id"] for m in members], 500):  # the twins' rewritten
        connection.execute(entity_members.delete().where(entity_members.c.mention_id.in_(chunk)))
    insert_members(connection, members, kept_numbers(before, members))
    if assigned:
        connection.execute(
            update(resolve_records)
            .where(resolve_records.c.id == bindparam("rid"))
            .values(entity_id=bindparam("eid")),
            assigned,
        )
    for chunk in chunks(touched, 500):
        connection.execute(
            update(entities)
            .where(entities.c.id.in_(chunk))
            .values(resolve_run=run_id, updated_at=now)
        )
    return attached, refused


def _plan(
    connection: Connection,
    group: Sequence[Attachment],
    twin_rows: Mapping[str, Mapping[str, Any]],
    labels: Mapping[str, str],
    mentions: Mapping[str, Mapping[str, Any]],
) -> tuple[list[tuple[Attachment, str]], dict[str, tuple[str, EdgeTuple]]] | None:
    """(attachment, entity) for each of a component's new records, and the twins whose
    strongest link inside their entity becomes a new edge (twin → entity, edge); or None:
    re-cluster."""
    plan: list[tuple[Attachment, str]] = []
    first: dict[str, EdgeTuple] = {}  # twin → the batch's new edge to it that sorts first
    added: dict[str, Counter[tuple[str, bool]]] = defaultdict(Counter)  # entity → names
    for attachment in group:
        twin = twin_rows.get(attachment.twin)
        entity_id = str(twin["entity_id"]) if twin is not None and twin["entity_id"] else None
        if twin is None or entity_id is None or entity_id not in labels:
            return None
        mine = _names(attachment.record["mention_ids"], mentions)
        if mine:
            if not mine <= _names(twin["mention_ids"], mentions):
                return None
            added[entity_id].update(_occurrences(attachment.record["mention_ids"], mentions))
        elif str(attachment.record["id"]) < attachment.twin:
            return None
        if attachment.twin not in first or _key(attachment.edge) < _key(first[attachment.twin]):
            first[attachment.twin] = attachment.edge
        plan.append((attachment, entity_id))
    for entity_id, names in sorted(added.items()):
        if not label_stays(connection, entity_id, labels[entity_id], names):
            return None
    by_twin: dict[str, str] = defaultdict(str)
    for attachment, entity_id in plan:
        by_twin[attachment.twin] = entity_id
    # Which of these edges become their twin's strongest link is asked for the whole batch
    # at once (attach_identical: _linked_before_many).
    return plan, {twin_id: (by_twin[twin_id], edge) for twin_id, edge in sorted(first.items())}
