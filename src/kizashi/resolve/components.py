"""Re-clustering only what a change touches: the linked components around it.

A record's *component* is the set of records its stored edges (and analysts' "same") connect
it to. A cluster never spans two components, so a new report or a judgement re-clusters the
components it touches and nothing else — the same clustering function the batch run uses
(:func:`kizashi.resolve.link.cluster`) on the same edges, hence the same entities.

Components are only ever merged here (a new edge or a "same" joins two); a batch run
recomputes them exactly. A component that is really two (after an undone "same") is still
clustered correctly — just with a little more work.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, delete, select, update

from kizashi.resolve.decision import Edge
from kizashi.resolve.entities_writer import MemberWrites, write_clusters
from kizashi.resolve.link import cluster
from kizashi.resolve.linker import Model
from kizashi.resolve.repository import (
    chunks,
    component_records,
    edges_among,
    judgement_pairs,
    save_flags,
)
from kizashi.store.tables_resolve import resolve_flags, resolve_mentions, resolve_records

__all__ = ["judged_pairs", "merge_components", "owners_of", "recluster_components"]

_CLUSTER_FLAGS = ("split", "judged", "ambiguous", "mobiles")


def owners_of(connection: Connection, mention_ids: Iterable[str]) -> dict[str, str]:
    """Mention → the person record it is part of."""
    out: dict[str, str] = {}
    for chunk in chunks(sorted(set(mention_ids)), 500):
        rows = connection.execute(
            select(resolve_mentions.c.mention_id, resolve_mentions.c.record_id).where(
                resolve_mentions.c.mention_id.in_(chunk)
            )
        )
        out.update({str(r.mention_id): str(r.record_id) for r in rows})
    return out


def judged_pairs(
    judgements: Sequence[Mapping[str, Any]], owner: Mapping[str, str]
) -> tuple[list[tuple[str, str, tuple[dict[str, Any], ...]]], list[tuple[str, str]]]:
    """Judgements in force as record pairs: (same, with why) and (cannot); a later judgement
    on a pair replaces an earlier one."""
    verdicts: dict[frozenset[str], tuple[str, str, str, tuple[dict[str, Any], ...]]] = {}
    for j in judgements:
        left, right = owner.get(str(j["left_mention_id"])), owner.get(str(j["right_mention_id"]))
        if left is None or right is None or left == right:
            continue
        why = (
            {
                "field": "judgement",
                "comparison": f"analyst {j['user_id']}: same — {j['reason']}",
                "weight": None,
                "judgement_id": j["id"],
            },
        )
        verdicts[frozenset((left, right))] = (left, right, str(j["verdict"]), why)
    same = [(a, b, why) for a, b, verdict, why in verdicts.values() if verdict == "same"]
    cannot = [(a, b) for a, b, verdict, _ in verdicts.values() if verdict != "same"]
    return same, cannot


def merge_components(connection: Connection, components: Iterable[str]) -> str:
    """One component out of several (the smallest id wins); returns it."""
    found = sorted(set(components))
    target = found[0]
    others = found[1:]
    for chunk in chunks(others, 500):
        connection.execute(
            update(resolve_records)
            .where(resolve_records.c.component.in_(chunk))
            .values(component=target)
        )
    return target


def recluster_components(
    connection: Connection,
    model: Model,
    components: Iterable[str],
    run_id: str | None,
    now: datetime,
    *,
    writes: MemberWrites | None = None,
) -> dict[str, set[str]]:
    """Re-cluster the given components and rewrite their memberships; per component, the
    entities touched (those its records were in before, and are in now). ``writes``: the
    memberships are added to it (:func:`~kizashi.resolve.entities_writer.write_clusters`),
    for the caller to flush."""
    records = component_records(connection, components)
    if not records:
        return {}
    ids = list(records)
    edges = [
        Edge(
            str(e["left_id"]),
            str(e["right_id"]),
            float(e["probability"]),
            float(e["weight"]),
            tuple(e["reasons"]),
        )
        for e in edges_among(connection, ids)
    ]
    owner = {m: rid for rid, r in records.items() for m in r["mention_ids"]}
    same, cannot = judged_pairs(judgement_pairs(connection, list(owner)), owner)
    rows = {rid: {**r["features"], "unique_id": rid} for rid, r in records.items()}
    clustering = cluster(rows, edges, model, same=same, cannot=cannot)
    for chunk in chunks(ids, 500):
        connection.execute(
            delete(resolve_flags).where(
                resolve_flags.c.left_id.in_(chunk), resolve_flags.c.kind.in_(_CLUSTER_FLAGS)
            )
        )
    flags = cluster_flags(clustering.flags, run_id)
    if flags:  # an analyst's "same" on a pair the model vetoed: the flag says so now
        connection.execute(  # one statement, a row of parameters a flag
            delete(resolve_flags).where(
                resolve_flags.c.left_id == bindparam("pair_left"),
                resolve_flags.c.right_id == bindparam("pair_right"),
            ),
            [{"pair_left": f["left_id"], "pair_right": f["right_id"]} for f in flags],
        )
    save_flags(connection, flags)
    tuples = [(e.left, e.right, e.weight, e.reasons) for e in edges]
    tuples += [(a, b, 1e6, why) for a, b, why in same]
    moved = write_clusters(
        connection, run_id, records, clustering.clusters, tuples, now, writes=writes
    )
    touched: dict[str, set[str]] = {}
    for record_id, entity_ids in moved.items():
        touched.setdefault(str(records[record_id]["component"]), set()).update(entity_ids)
    return touched


def cluster_flags(flags: Sequence[Mapping[str, Any]], run_id: str | None) -> list[dict[str, Any]]:
    """Review flags of a clustering as rows: a join a conflict stopped, an analyst's, or a
    record that could be either of two people and joined neither (``ambiguous``), or an
    entity kept whole that may be two people (``mobiles``: :mod:`kizashi.resolve.doubts`)."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for flag in flags:
        left, right = sorted((str(flag["left"]), str(flag["right"])))
        out[(left, right)] = {
            "left_id": left,
            "right_id": right,
            "kind": flag.get("kind") or ("judged" if flag.get("joined") else "split"),
            "probability": None,
            "conflicts": list(flag["conflicts"]),
            "resolve_run": run_id,
        }
    return list(out.values())
