"""Entity resolution over the store: batch runs, the incremental path, judgements.

- :func:`resolve_store` builds person records from every report's mentions, links them with
  splink (DuckDB or Spark), stores the scored edges, and clusters with the judgements in force.
- :func:`link_new_report` links one newly ingested report to the existing entities in
  process: candidates by indexed blocking keys, scored with the last run's m/u.
- :func:`record_judgement` / :func:`undo_judgement` store an analyst's "same" / "not the same"
  with who and why, and re-cluster at once from the stored edges (no re-training).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, or_, select, update

from kizashi.errors import KizashiError, NotFoundError
from kizashi.ids import new_id
from kizashi.resolve.cluster import JUDGED, constrained_clusters
from kizashi.resolve.link import link_rows
from kizashi.resolve.model import LinkConfig
from kizashi.resolve.repository import (
    judgement_pairs,
    load_records,
    read_reports,
    save_edges,
    save_records,
)
from kizashi.resolve.rules import RULE_WEIGHT, rule_edges
from kizashi.resolve.scoring import Scorer
from kizashi.resolve.slots import SlotRecord
from kizashi.store import transaction
from kizashi.store.tables import mentions
from kizashi.store.tables_resolve import (
    entities,
    entity_members,
    link_judgements,
    resolve_edges,
    resolve_records,
    resolve_runs,
)

__all__ = [
    "JudgementError",
    "ResolveSummary",
    "entity_members_of",
    "link_new_report",
    "recluster",
    "record_judgement",
    "resolve_store",
    "undo_judgement",
]

VERDICTS = ("same", "not_same")
IDENTICAL = 1e5  # the weight of an edge between identical records: below a judgement


class JudgementError(KizashiError):
    """A judgement cannot be recorded or undone (names the mention or judgement and why)."""


@dataclass(frozen=True)
class ResolveSummary:
    run_id: str
    records: int
    edges: int
    entities: int
    person_entities: int


def _now() -> datetime:
    return datetime.now(UTC)


def resolve_store(
    engine: Engine,
    *,
    link_engine: str = "duckdb",
    config: LinkConfig | None = None,
    spark: Any = None,
) -> ResolveSummary:
    """Link every report's person records and write entities (idempotent)."""
    config = config or LinkConfig()
    run_id, started = new_id(), _now()
    records: list[tuple[SlotRecord, Mapping[str, Any]]] = []
    leftovers: list[Mapping[str, Any]] = []
    with engine.connect() as connection:
        for slot_records, left in read_reports(connection):
            records.extend((r, r.features()) for r in slot_records)
            leftovers.extend(left)
    # Identical records (the same account and display name on 200 posts) are linked once:
    # left in, they would swamp the u estimates and multiply the pairs.
    representative: dict[tuple[Any, ...], str] = {}
    duplicates: list[tuple[str, str]] = []
    unique: list[dict[str, Any]] = []
    for record, features in records:
        key = tuple(sorted((k, v) for k, v in features.items() if k != "unique_id"))
        if key in representative:
            duplicates.append((record.id, representative[key]))
        else:
            representative[key] = record.id
            unique.append(dict(features))
    result = link_rows(unique, engine=link_engine, config=config, spark=spark)
    edges = (
        [
            {
                "left_id": min(e.left, e.right),
                "right_id": max(e.left, e.right),
                "probability": e.probability,
                "weight": e.weight,
                "reasons": list(e.reasons),
                "resolve_run": run_id,
            }
            for e in result.edges
        ]
        + [
            {
                "left_id": min(a, b),
                "right_id": max(a, b),
                "probability": 1.0,
                "weight": RULE_WEIGHT,
                "reasons": [{"field": "rule", "comparison": rule, "weight": None}],
                "resolve_run": run_id,
            }
            for a, b, rule in rule_edges(unique)
        ]
        + [
            {
                "left_id": min(a, b),
                "right_id": max(a, b),
                "probability": 1.0,
                "weight": IDENTICAL,
                "reasons": [
                    {
                        "field": "record",
                        "comparison": "identical person record (every field the same)",
                        "weight": None,
                    }
                ],
                "resolve_run": run_id,
            }
            for a, b in duplicates
        ]
    )
    strongest: dict[tuple[str, str], dict[str, Any]] = {}
    for edge in edges:
        pair = (str(edge["left_id"]), str(edge["right_id"]))
        if pair not in strongest or edge["weight"] > strongest[pair]["weight"]:
            strongest[pair] = edge
    edges = list(strongest.values())
    with transaction(engine) as connection:
        connection.execute(
            resolve_runs.insert().values(
                id=run_id,
                started_at=started,
                engine=link_engine,
                records=len(records),
                entities=0,
                model=result.parameters.as_json(),
            )
        )
        save_records(connection, records, replace_all=True)
        save_edges(connection, edges, replace_all=True)
        count, persons = _recluster(connection, run_id, leftovers)
        connection.execute(
            update(resolve_runs)
            .where(resolve_runs.c.id == run_id)
            .values(finished_at=_now(), entities=count)
        )
    return ResolveSummary(run_id, len(records), len(edges), count, persons)


def _leftovers(connection: Any) -> list[Mapping[str, Any]]:
    in_records = {
        m for r in connection.execute(select(resolve_records.c.mention_ids)) for m in r.mention_ids
    }
    rows = connection.execute(
        select(mentions).where(
            mentions.c.kind.in_(
                ("phone", "email", "account", "address", "payment_token", "organisation")
            )
        )
    ).mappings()
    return [dict(r) for r in rows if str(r["id"]) not in in_records]


def _recluster(
    connection: Any,
    run_id: str,
    leftovers: list[Mapping[str, Any]] | None = None,
) -> tuple[int, int]:
    from kizashi.resolve.entities_writer import write_entities

    records = load_records(connection)
    owner = {m: rid for rid, r in records.items() for m in r["mention_ids"]}
    edges = [
        (str(e.left_id), str(e.right_id), float(e.weight), tuple(e.reasons))
        for e in connection.execute(select(resolve_edges))
    ]
    cannot: list[tuple[str, str]] = []
    for j in judgement_pairs(connection):
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
        if j["verdict"] == "same":
            edges.append((left, right, JUDGED, why))
            cannot = [c for c in cannot if {c[0], c[1]} != {left, right}]
        else:
            cannot.append((left, right))
            edges = [e for e in edges if {e[0], e[1]} != {left, right} or e[2] != JUDGED]
    clusters = constrained_clusters(records, edges, cannot)
    reasons: dict[str, tuple[float | None, list[dict[str, Any]]]] = {}
    for left, right, weight, why in sorted(edges, key=lambda e: -e[2]):
        if clusters.get(left) is None or clusters.get(left) != clusters.get(right):
            continue
        for member in (left, right):
            if member not in reasons:
                reasons[member] = (None if weight >= RULE_WEIGHT else round(weight, 3), list(why))
    if leftovers is None:
        leftovers = _leftovers(connection)
    count = write_entities(connection, run_id, clusters, reasons, leftovers)
    return count, len(set(clusters.values()))


def recluster(engine: Engine) -> int:
    """Re-apply the judgements in force to the stored edges; returns the entity count."""
    with transaction(engine) as connection:
        run = connection.execute(
            select(resolve_runs.c.id).order_by(resolve_runs.c.started_at.desc()).limit(1)
        ).scalar()
        count, _ = _recluster(connection, str(run) if run else new_id())
    return count


def _model(connection: Any) -> dict[str, Any]:
    model = connection.execute(
        select(resolve_runs.c.model).order_by(resolve_runs.c.started_at.desc()).limit(1)
    ).scalar()
    if not model or not model.get("levels"):
        raise KizashiError("no trained linkage model: run `kizashi resolve` once first")
    return dict(model)


_KEYS = ("name_sorted", "phone", "email", "account", "addr_block", "birth_tok_a", "birth_tok_b")


def score_candidates(
    connection: Any, scorer: Scorer, row: Mapping[str, Any], features: Mapping[str, Any]
) -> list[tuple[float, float, list[dict[str, Any]], Any]]:
    """Existing records sharing a blocking key with ``row``, scored, best first.

    One indexed lookup per key (an OR of the keys would defeat the indexes on SQLite).
    """
    seen: dict[str, Any] = {}
    for key in _KEYS:
        if not row.get(key):
            continue
        query = (
            select(resolve_records.c.id, resolve_records.c.entity_id, resolve_records.c.features)
            .where(getattr(resolve_records.c, key) == row[key])
            .limit(500)
        )
        for candidate in connection.execute(query):
            if candidate.id != row["id"]:
                seen.setdefault(candidate.id, candidate)
    scored = [(*scorer.score(features, c.features), c) for c in seen.values()]
    return sorted(scored, key=lambda s: -s[1])


def link_new_report(engine: Engine, report_id: str) -> list[dict[str, Any]]:
    """Link one report's person records to existing entities without a full re-run.

    Each record joins the entity of its best-scoring candidate above the threshold (or a new
    entity); its mentions become members with the per-field reasons of that link. It never
    merges two existing entities: the next full run (``resolve_store``) may.
    """
    from kizashi.resolve.entities_writer import identifier_key
    from kizashi.resolve.repository import _row, entity_uuid

    with engine.connect() as connection:
        scorer = Scorer(_model(connection))
        found = list(read_reports(connection, [report_id]))
    out: list[dict[str, Any]] = []
    now = _now()
    with transaction(engine) as connection:
        values = {
            str(r.id): r
            for r in connection.execute(
                select(
                    mentions.c.id, mentions.c.kind, mentions.c.value, mentions.c.qualifier
                ).where(mentions.c.report_id == report_id)
            )
        }
        members: list[dict[str, Any]] = []
        for slot_records, left in found:
            for record in slot_records:
                features = record.features()
                row = _row(record, features)
                scored = score_candidates(connection, scorer, row, features)
                best = scored[0] if scored and scored[0][0] >= scorer.threshold else None
                entity_id = (
                    str(best[3].entity_id)
                    if best and best[3].entity_id
                    else entity_uuid("person", record.id)
                )
                edges = [
                    {
                        "left_id": min(record.id, s[3].id),
                        "right_id": max(record.id, s[3].id),
                        "probability": s[0],
                        "weight": s[1],
                        "reasons": s[2],
                        "resolve_run": None,
                    }
                    for s in scored
                    if s[0] >= scorer.threshold
                ]
                connection.execute(
                    resolve_records.delete().where(resolve_records.c.id == record.id)
                )
                connection.execute(
                    resolve_edges.delete().where(
                        or_(
                            resolve_edges.c.left_id == record.id,
                            resolve_edges.c.right_id == record.id,
                        )
                    )
                )
                connection.execute(resolve_records.insert().values(**row, entity_id=entity_id))
                if edges:
                    connection.execute(resolve_edges.insert(), edges)
                if best is None:
                    _ensure_entity(
                        connection,
                        entity_id,
                        "person",
                        record.fields.get("name") or record.fields.get("account") or "?",
                        now,
                    )
                why = best[2] if best else []
                for mention_id in record.mention_ids:
                    own = mention_id == record.id
                    members.append(
                        {
                            "mention_id": mention_id,
                            "entity_id": entity_id,
                            "report_id": report_id,
                            "match_weight": round(best[1], 3) if best and own else None,
                            "reasons": why
                            if own
                            else [
                                {
                                    "field": values[mention_id].kind,
                                    "comparison": "named with this person in the same report",
                                    "weight": None,
                                },
                                *why,
                            ],
                            "linked_at": now,
                        }
                    )
                out.append(
                    {
                        "record": record.id,
                        "entity_id": entity_id,
                        "probability": best[0] if best else None,
                        "reasons": why,
                    }
                )
            for mention in left:
                kind = str(mention["kind"])
                key = identifier_key(kind, str(mention["value"]), mention.get("qualifier"))
                entity_id = entity_uuid(kind, key)
                _ensure_entity(connection, entity_id, kind, str(mention["value"]), now)
                members.append(
                    {
                        "mention_id": str(mention["id"]),
                        "entity_id": entity_id,
                        "report_id": report_id,
                        "match_weight": None,
                        "reasons": [
                            {"field": kind, "comparison": f"same {kind} key", "weight": None}
                        ],
                        "linked_at": now,
                    }
                )
        if members:
            connection.execute(
                entity_members.delete().where(
                    entity_members.c.mention_id.in_([m["mention_id"] for m in members])
                )
            )
            connection.execute(entity_members.insert(), members)
    return out


def _ensure_entity(connection: Any, entity_id: str, kind: str, label: str, now: datetime) -> None:
    exists = connection.execute(select(entities.c.id).where(entities.c.id == entity_id)).first()
    if exists is None:
        connection.execute(
            entities.insert().values(
                id=entity_id, kind=kind, label=label, created_at=now, updated_at=now
            )
        )


def record_judgement(
    engine: Engine,
    left_mention_id: str,
    right_mention_id: str,
    verdict: str,
    *,
    user_id: str,
    reason: str,
) -> str:
    """Store "same" / "not_same" with who and why, and apply it at once. Returns its id."""
    if verdict not in VERDICTS:
        raise JudgementError(f"verdict {verdict!r}: expected one of {', '.join(VERDICTS)}")
    if not reason.strip():
        raise JudgementError("reason: a judgement needs a reason")
    if left_mention_id == right_mention_id:
        raise JudgementError("a mention cannot be judged against itself")
    judgement_id = new_id()
    with transaction(engine) as connection:
        owners = []
        for mention_id in (left_mention_id, right_mention_id):
            owner = connection.execute(
                select(resolve_records.c.id).where(resolve_records.c.id == mention_id)
            ).scalar()
            if owner is None:  # an identifier or a second name inside someone's record
                owner = next(
                    (
                        r.id
                        for r in connection.execute(
                            select(resolve_records.c.id, resolve_records.c.mention_ids)
                        )
                        if mention_id in r.mention_ids
                    ),
                    None,
                )
            if owner is None:
                raise NotFoundError(f"mention {mention_id}: not part of any resolved person record")
            owners.append(owner)
        if owners[0] == owners[1]:
            raise JudgementError(
                "both mentions are in one person record (the same report names them together)"
            )
        connection.execute(
            link_judgements.insert().values(
                id=judgement_id,
                left_mention_id=left_mention_id,
                right_mention_id=right_mention_id,
                verdict=verdict,
                user_id=user_id,
                reason=reason.strip(),
                created_at=_now(),
            )
        )
        _recluster(connection, new_id())
    return judgement_id


def undo_judgement(engine: Engine, judgement_id: str, *, user_id: str) -> None:
    """Undo a judgement (kept, with who undid it and when) and re-cluster without it."""
    with transaction(engine) as connection:
        row = (
            connection.execute(select(link_judgements).where(link_judgements.c.id == judgement_id))
            .mappings()
            .first()
        )
        if row is None:
            raise NotFoundError(f"judgement {judgement_id}: no such judgement")
        if row["undone_at"] is not None:
            raise JudgementError(f"judgement {judgement_id}: already undone")
        connection.execute(
            update(link_judgements)
            .where(link_judgements.c.id == judgement_id)
            .values(undone_at=_now(), undone_by=user_id)
        )
        _recluster(connection, new_id())


def entity_members_of(engine: Engine, entity_id: str) -> list[dict[str, Any]]:
    """Every member mention of an entity with its report and why it joined."""
    with engine.connect() as connection:
        entity = (
            connection.execute(select(entities).where(entities.c.id == entity_id))
            .mappings()
            .first()
        )
        if entity is None:
            raise NotFoundError(f"entity {entity_id}: no such entity")
        rows = connection.execute(
            select(entity_members, mentions.c.kind, mentions.c.value, mentions.c.path)
            .join(mentions, mentions.c.id == entity_members.c.mention_id)
            .where(entity_members.c.entity_id == entity_id)
            .order_by(entity_members.c.report_id, mentions.c.path)
        ).mappings()
        return [dict(r) for r in rows]


def judgements_of(engine: Engine, entity_id: str) -> list[dict[str, Any]]:
    """Judgements (in force or undone) touching any member of an entity."""
    with engine.connect() as connection:
        ids = [
            r.mention_id
            for r in connection.execute(
                select(entity_members.c.mention_id).where(entity_members.c.entity_id == entity_id)
            )
        ]
        if not ids:
            return []
        rows = connection.execute(
            select(link_judgements)
            .where(
                or_(
                    link_judgements.c.left_mention_id.in_(ids),
                    link_judgements.c.right_mention_id.in_(ids),
                )
            )
            .order_by(link_judgements.c.created_at)
        )
        return [dict(r) for r in rows.mappings()]


def reports_by_entity(members: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for member in members:
        grouped[str(member["report_id"])].append(member)
    return grouped
