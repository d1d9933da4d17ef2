"""Batch linkage: feature rows in, clusters and explained edges out — the one linker.

``link_rows`` is what ``kizashi link FILE``, ``kizashi link eval`` and the store's batch run
(:func:`kizashi.resolve.resolve_store`) all call:

1. identical records are linked once (left in, they would swamp the u estimates);
2. a :class:`~kizashi.resolve.linker.Model` is trained (blocking rules from the columns,
   personal vs household identifiers, m/u by splink) — or a frozen one is applied;
3. splink compares the blocked pairs (DuckDB, or Spark through the same settings);
4. every pair above the threshold is decided by :func:`~kizashi.resolve.decision.decide`
   (household evidence once, conflicts), identity rules add theirs;
5. clusters are formed strongest edge first, never joining conflicting records
   (:mod:`kizashi.resolve.cluster`), with the analysts' judgements in force.

The incremental path decides the same pairs with the same model and the same functions.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]

from kizashi.resolve.blocking import block_columns
from kizashi.resolve.cluster import JUDGED, Clustering, constrained_clusters
from kizashi.resolve.conflicts import CONFLICT_FIELDS, IDENTIFYING, anonymous
from kizashi.resolve.decision import Edge, Veto, compatible, decide_batch, may_conflict
from kizashi.resolve.doubts import DATED, two_people_flags
from kizashi.resolve.frame import RecordTable, connect, release_memory
from kizashi.resolve.linker import Model, shipped_model
from kizashi.resolve.model import LinkConfig
from kizashi.resolve.records import generic_kind
from kizashi.resolve.rules import RULE_WEIGHT, RULES, rule_edges, rule_pairs
from kizashi.resolve.training import fit, predict, tf_tables

__all__ = ["IDENTICAL", "Edge", "LinkResult", "identical_groups", "link_rows"]

IDENTICAL = 1e5  # the weight of an edge between identical records: below a judgement
_COMPATIBILITY = {*CONFLICT_FIELDS, "phone", "phone_kind", "email", "account", "addr_block"}
EdgeTuple = tuple[str, str, float, tuple[dict[str, Any], ...]]


@dataclass
class LinkResult:
    clusters: dict[str, str]
    edges: list[Edge]
    model: Model
    vetoes: list[Veto] = field(default_factory=list)
    flags: list[dict[str, Any]] = field(default_factory=list)

    @property
    def parameters(self) -> Model:  # the name earlier callers used
        return self.model


def _identity(row: Mapping[str, Any]) -> tuple[Any, ...] | None:
    """What identical records share; None for a record with no name and no identifier
    (:func:`~kizashi.resolve.conflicts.anonymous`): two empty rows, or two holding only one
    birth date, are not one person's repeats."""
    if anonymous(row):
        return None
    return tuple(sorted((k, v) for k, v in row.items() if k != "unique_id" and v))


def identical_groups(
    rows: Iterable[Mapping[str, Any]],
) -> tuple[list[Mapping[str, Any]], list[tuple[str, str]]]:
    """The distinct rows, and (record, representative) for every repeat of one."""
    representative: dict[tuple[Any, ...], str] = {}
    unique: list[Mapping[str, Any]] = []
    duplicates: list[tuple[str, str]] = []
    for row in rows:
        key = _identity(row)
        if key is None:
            unique.append(row)
        elif key in representative:
            duplicates.append((str(row["unique_id"]), representative[key]))
        else:
            representative[key] = str(row["unique_id"])
            unique.append(row)
    return unique, duplicates


def _distinct(table: RecordTable) -> tuple[RecordTable, list[tuple[str, str]]]:
    """The table without repeated records (the first of each kept), and (record,
    representative) for the repeats — grouped by DuckDB, not in Python objects."""
    import numpy as np

    features = [c for c in table.columns if c != "unique_id" and not c.startswith("bk_")]
    if len(table) < 2 or not features:
        return table, []
    data = table.table.select(features).append_column(
        "kz_position", pa.array(range(len(table)), pa.int64())
    )
    connection = connect()
    connection.register("records", data)
    partition = ", ".join(f'"{c}"' for c in features)
    # Records with no name and no identifier are never one another's repeats (_identity).
    identifying = [c for c in features if c in IDENTIFYING or c.startswith("x_")]
    if not identifying:
        return table, []
    named = "coalesce(" + ", ".join(f"nullif(CAST(\"{c}\" AS VARCHAR), '')" for c in identifying)
    named += ") IS NOT NULL"
    # Grouped by hash, only the groups of two or more listed: half the CPU of a window
    # partitioned by every column (which sorts them); NULLs group together in both. Two
    # steps: one 64-bit hash of every row's fields first (equal rows hash equal, NULLs
    # alike), so the grouping by every column — whose hash table holds all the strings —
    # reads only the rows whose hash repeats (about half the CPU at 200,000 records).
    found = connection.execute(
        f"WITH hashed AS (SELECT kz_position, hash({partition}) AS kz_hash FROM records "
        f"WHERE {named}), "
        "repeated AS (SELECT kz_position FROM hashed WHERE kz_hash IN "
        "(SELECT kz_hash FROM hashed GROUP BY kz_hash HAVING count(*) > 1)) "
        f"SELECT kz_position, first FROM (SELECT unnest(positions) AS kz_position, first FROM "
        f"(SELECT min(kz_position) AS first, list(kz_position) AS positions FROM records "
        f"WHERE kz_position IN (SELECT kz_position FROM repeated) "
        f"GROUP BY {partition} HAVING count(*) > 1)) WHERE kz_position <> first "
        "ORDER BY kz_position"
    ).fetchnumpy()
    connection.close()
    repeats, firsts = found["kz_position"], found["first"]
    if len(repeats) == 0:
        return table, []
    # Only the repeats' ids become Python strings (not a list of every id, held to the end).
    ids = table.table.column("unique_id")
    pairs = list(
        zip(
            map(str, ids.take(pa.array(repeats)).to_pylist()),
            map(str, ids.take(pa.array(firsts)).to_pylist()),
            strict=True,
        )
    )
    keep = np.ones(len(table), dtype=bool)  # a mask, not a Python set of 100,000 positions
    keep[repeats] = False
    return RecordTable(table.table.filter(pa.array(keep))), pairs


_SPILL_FROM = 50_000  # records: below, the copy is small


def _why(reason: str, field_name: str = "rule") -> tuple[dict[str, Any], ...]:
    return ({"field": field_name, "comparison": reason, "weight": None},)


def link_rows(
    rows: Sequence[Mapping[str, Any]] | RecordTable,
    *,
    engine: str = "duckdb",
    config: LinkConfig | None = None,
    spark: Any = None,
    model: Model | None = None,
    same: Iterable[tuple[str, str, tuple[dict[str, Any], ...]]] = (),
    cannot: Iterable[tuple[str, str]] = (),
    explain: bool = True,
    keep_frequencies: bool = False,
) -> LinkResult:
    """Cluster person feature rows (see :mod:`kizashi.resolve.records`).

    ``model``: a frozen model to apply instead of training one; ``same`` / ``cannot``: the
    analysts' judgements (record pairs); ``explain``: keep each edge's per-field reasons;
    ``keep_frequencies``: put the term frequencies into the model (to store it)."""
    config = config or LinkConfig()
    logging.getLogger("splink").setLevel(logging.ERROR)  # its training chatter is not ours
    table = rows if isinstance(rows, RecordTable) else RecordTable.from_rows(rows)
    everything = table
    table, duplicates = _distinct(table)
    spilled = table is not everything and len(everything) >= _SPILL_FROM
    if spilled:
        # The distinct copy is what training and prediction read; every record is read again
        # only by clustering. Held in memory to then, it counted in prediction's peak.
        everything.spill()
    try:
        edges: list[Edge] = []
        vetoes: list[Veto] = []
        if model is None:
            model = fit(table, config, engine=engine, spark=spark, prior=shipped_model())
        else:
            block_columns(table, model.rules, model.stops)
        release_memory()  # training's DuckDB is closed: its memory is free for prediction
        if keep_frequencies:
            model.tf = model.tf or tf_tables(table, model)
        if len(table) > 1 and model.levels:
            for batch in predict(table, model, engine=engine, spark=spark):
                found_edges, found_vetoes = decide_batch(model, table, batch, explain=explain)
                edges += found_edges
                vetoes += found_vetoes
        release_memory()
        found_edges, found_vetoes = _rule_decisions(table, model)
        edges += found_edges
        vetoes += found_vetoes
        del found_edges, found_vetoes
        edges += [
            Edge(
                a,
                b,
                1.0,
                IDENTICAL,
                _why("identical person record (every field the same)", "record"),
            )
            for a, b in duplicates
        ]
        if table is not everything:
            del table  # the distinct copy and its blocking keys: clustering reads every record
            release_memory()
        everything.restore()
        clustering = cluster(everything, edges, model, same=same, cannot=cannot)
        return LinkResult(clustering.clusters, edges, model, vetoes, clustering.flags)
    finally:
        if spilled:
            everything.restore()  # nothing to do if clustering read it back


def _rule_decisions(table: RecordTable, model: Model) -> tuple[list[Edge], list[Veto]]:
    """The identity rules' edges, and vetoes where a conflict stops one: the pairs from the
    table's columns (``rule_pairs``), a row as a Python object only for the pairs whose
    fields could make a conflict (``may_conflict``) — what :func:`_rule_decisions_by_rows`
    gives, in the same order."""
    found = rule_pairs(table, model)
    if found is None:  # an id repeats: rows keyed by id, as before
        return _rule_decisions_by_rows(table, model)
    left, right, rules = found
    edges: list[Edge] = []
    vetoes: list[Veto] = []
    if not len(left):
        return edges, vetoes
    ids = table.table.column("unique_id")
    ids_l = ids.take(pa.array(left)).to_pylist()
    ids_r = ids.take(pa.array(right)).to_pylist()
    suspects = np.flatnonzero(may_conflict(model, table, pa.array(left), pa.array(right)))
    columns = [*_COMPATIBILITY, "tok_a", "tok_b"]
    rows_l = dict(zip(suspects.tolist(), table.rows(left[suspects].tolist(), columns), strict=True))
    rows_r = dict(
        zip(suspects.tolist(), table.rows(right[suspects].tolist(), columns), strict=True)
    )
    for k, (a, b, rule) in enumerate(zip(ids_l, ids_r, rules.tolist(), strict=True)):
        if k in rows_l:
            ok, conflicts = compatible(model, rows_l[k], rows_r[k])
            if not ok:
                vetoes.append(Veto(a, b, 1.0, tuple(conflicts)))
                continue
        edges.append(Edge(a, b, 1.0, RULE_WEIGHT, _why(RULES[rule])))
    return edges, vetoes


def _rule_decisions_by_rows(table: RecordTable, model: Model) -> tuple[list[Edge], list[Veto]]:
    """The identity rules' decisions with a dict per candidate record (``rule_edges``,
    ``compatible`` of every pair): the way for a table whose ids repeat."""
    edges: list[Edge] = []
    vetoes: list[Veto] = []
    rule_rows = table.rows(_rule_candidates(table), [*_COMPATIBILITY, "tok_a", "tok_b"])
    by_id = {str(r["unique_id"]): r for r in rule_rows}
    for a, b, rule in rule_edges(rule_rows, model):
        ok, conflicts = compatible(model, by_id[a], by_id[b])
        if ok:
            edges.append(Edge(a, b, 1.0, RULE_WEIGHT, _why(rule)))
        else:
            vetoes.append(Veto(a, b, 1.0, tuple(conflicts)))
    return edges, vetoes


def _rule_candidates(table: RecordTable) -> list[int]:
    """Positions of records with an identity key (account, e-mail, mobile) shared with
    another record — found by DuckDB, so only those records become Python objects."""
    present = [c for c in ("account", "email", "phone", "phone_kind") if c in table.columns]
    if not present:
        return []
    data = table.table.select(present).append_column(
        "kz_position", pa.array(range(len(table)), pa.int64())
    )
    parts = [
        f"SELECT kz_position AS p, '{c}:' || {c} AS k FROM records WHERE {c} IS NOT NULL"
        for c in ("account", "email")
        if c in present
    ]
    if "phone" in present and "phone_kind" in present:
        parts.append(
            "SELECT kz_position AS p, 'mobile:' || phone AS k FROM records "
            "WHERE phone IS NOT NULL AND phone_kind = 'mobile'"
        )
    if not parts:
        return []
    connection = connect()
    connection.register("records", data)
    found = connection.sql(
        f"WITH keys AS ({' UNION ALL '.join(parts)}) SELECT DISTINCT p FROM keys WHERE k IN "
        "(SELECT k FROM keys GROUP BY k HAVING count(*) > 1) ORDER BY p"
    ).fetchall()
    connection.close()
    return [int(p) for (p,) in found]


def cluster(
    rows: Sequence[Mapping[str, Any]] | Mapping[str, Mapping[str, Any]] | RecordTable,
    edges: Sequence[Edge],
    model: Model,
    *,
    same: Iterable[tuple[str, str, tuple[dict[str, Any], ...]]] = (),
    cannot: Iterable[tuple[str, str]] = (),
) -> Clustering:
    """Clusters of the records from decided edges and judgements (strongest first)."""
    tuples: list[EdgeTuple] = [(e.left, e.right, e.weight, e.reasons) for e in edges]
    same = list(same)  # read twice: the clustering's ties and the mobiles flag's
    judged = [(a, b) for a, b, _ in same]
    tuples += [(a, b, JUDGED, why) for a, b, why in same]
    if isinstance(rows, RecordTable):
        table = rows
        # What a compatibility test reads: the conflict fields and the identifiers.
        needed = [c for c in table.columns if c in _COMPATIBILITY or c.startswith("x_")]

        def fetch(ids: Sequence[str]) -> list[Mapping[str, Any]]:
            return list(table.rows([table.position[i] for i in ids], needed))

        hashes = _signatures(table, model)

        def signature(record_id: str) -> Sequence[int]:
            return hashes[table.position[record_id]].tolist()  # type: ignore[no-any-return]

        columns = needed
        ids: Iterable[str] = table.position  # in the table's order
        aligned = hashes  # one row per id, in ids' order (a repeated id keeps its last row)
        if len(table.position) != len(hashes):
            aligned = hashes[list(table.position.values())]
    else:
        by_id = rows if isinstance(rows, Mapping) else {str(r["unique_id"]): r for r in rows}

        def fetch(ids: Sequence[str]) -> list[Mapping[str, Any]]:
            return [by_id[i] for i in ids]

        ids = by_id
        columns = sorted({c for r in list(by_id.values())[:1] for c in r})
        signature = None  # type: ignore[assignment]
        aligned = None
    anchors, places = _anchors(columns, model), _places(columns, model)
    found = constrained_clusters(
        ids,
        tuples,
        cannot,
        rows=fetch,
        compatible=lambda a, b: compatible(model, a, b),
        signature=signature,
        hashes=aligned,
        anchors=anchors,
        places=places,
    )
    if "phone:mobile" in anchors:
        doubtful = _mobile_clusters(rows, found.clusters)
        # A pair already flagged keeps its flag (a pair is stored once: components.cluster_flags).
        flagged = {frozenset((str(f["left"]), str(f["right"]))) for f in found.flags}
        found.flags += [
            f
            for f in two_people_flags(doubtful, fetch, anchors, places, judged)
            if frozenset((f["left"], f["right"])) not in flagged
        ]
    return found


def _mobile_clusters(
    rows: Sequence[Mapping[str, Any]] | Mapping[str, Mapping[str, Any]] | RecordTable,
    clusters: Mapping[str, str],
) -> list[list[str]]:
    """The members of the clusters whose records hold two or more mobiles, one of them on a
    record without a birth date or year — the only ones :mod:`kizashi.resolve.doubts` can
    flag. For a table, found by Arrow (the clusters' labels beside the phones, grouped), so
    at a million records only those clusters' records become Python objects."""
    if isinstance(rows, RecordTable):
        return _mobile_clusters_by_arrow(rows, clusters)
    by_id = rows if isinstance(rows, Mapping) else {str(r["unique_id"]): r for r in rows}
    mobiles: dict[str, set[str]] = {}
    undated: set[str] = set()
    for record_id, row in by_id.items():
        label = clusters.get(record_id)
        if label is None or not row.get("phone") or row.get("phone_kind") != "mobile":
            continue
        mobiles.setdefault(label, set()).add(str(row["phone"]))
        if not any(row.get(c) for c in DATED):
            undated.add(label)
    wanted = {label for label in undated if len(mobiles[label]) > 1}
    return _members(clusters, wanted)


def _members(clusters: Mapping[str, str], wanted: set[str]) -> list[list[str]]:
    """The record ids of each wanted cluster, the clusters in label order."""
    members: dict[str, list[str]] = {}
    for record_id, label in clusters.items():
        if label in wanted:
            members.setdefault(label, []).append(record_id)
    return [members[label] for label in sorted(members)]


def _mobile_clusters_by_arrow(table: RecordTable, clusters: Mapping[str, str]) -> list[list[str]]:
    """:func:`_mobile_clusters` of a table. ``clusters`` holds one entry per distinct id in
    the table's order (:func:`cluster` passes ``table.position``), so its labels line up with
    the rows of the ids' last positions."""
    import pyarrow.compute as pc  # type: ignore[import-untyped]

    data = table.table
    if "phone" not in data.column_names or "phone_kind" not in data.column_names:
        return []
    if len(table.position) != len(data):
        data = data.take(pa.array(list(table.position.values())))
    mobile = pc.fill_null(pc.equal(data.column("phone_kind"), "mobile"), False)
    undated = mobile
    for column in DATED:
        if column in data.column_names:
            undated = pc.and_(undated, pc.is_null(data.column(column)))
    grouped = pa.table(
        {
            "label": pa.array(list(clusters.values()), pa.string()),
            "mobile": pc.if_else(mobile, data.column("phone"), pa.scalar(None, pa.string())),
            "undated": pc.cast(undated, pa.int8()),
        }
    ).filter(mobile)
    counts = grouped.group_by("label").aggregate([("mobile", "count_distinct"), ("undated", "max")])
    chosen = counts.filter(
        pc.and_(
            pc.greater(counts.column("mobile_count_distinct"), 1),
            pc.equal(counts.column("undated_max"), 1),
        )
    )
    wanted = set(chosen.column("label").to_pylist())
    if not wanted:
        return []
    return _members(clusters, wanted)


def _anchors(columns: Sequence[str], model: Model) -> list[str]:
    """The columns whose shared value ties two records beyond their name and home: a birth
    date, an account and every identifier this data shows to be one person's (a mobile, an
    e-mail, an ID column; ``phone:mobile``-style entries name a phone of one kind) — not a
    postcode (the town again), not the home address and not what
    :mod:`kizashi.resolve.households` found a family's (the landline, a family mailbox): a
    father shares those with his son of the same name (link44)."""
    out: list[str] = []
    for c in columns:
        if c in ("birth_date", "account"):
            out.append(c)
        elif c == "phone":
            out += [k for k in ("phone:mobile", "phone:other") if model.personal.get(k, True)]
        elif _identifier(c) and model.personal.get(c, True):
            out.append(c)
    return out


def _identifier(column: str) -> bool:
    """An e-mail or a generic column but a postcode (which is the town again)."""
    return column == "email" or (column.startswith("x_") and generic_kind(column[2:]) != "postcode")


def _places(columns: Sequence[str], model: Model) -> list[str]:
    """The columns a household shares: the street block and the identifiers
    :func:`_anchors` leaves out as a family's."""
    anchors = set(_anchors(columns, model))
    out = ["addr_block"] if "addr_block" in columns else []
    for c in columns:
        if c == "phone":
            out += [k for k in ("phone:mobile", "phone:other") if k not in anchors]
        elif _identifier(c) and c not in anchors:
            out.append(c)
    return out


def _signatures(table: RecordTable, model: Model) -> Any:
    """Per record, one hash per field a conflict is made of (0 where it is empty), computed
    by DuckDB as a NumPy array: a field with one value across two clusters cannot make them
    disagree. The given name counts only beside a surname, as the conflict does."""
    import numpy as np

    fields = [*(CONFLICT_FIELDS if model.families else ()), *model.hard_ids]
    present = [f for f in fields if f in table.columns]
    if not present:
        return np.zeros((len(table), 0), dtype=np.uint64)
    connection = connect()
    selected = [*present, "name_family"] if "name_family" in table.columns else present
    connection.register("records", table.table.select(list(dict.fromkeys(selected))))
    terms: list[str] = []
    for name in present:
        value = f'"{name}"'
        if name.startswith("name_given") and "name_family" in table.columns:
            value = f'CASE WHEN name_family IS NULL THEN NULL ELSE "{name}" END'
        terms.append(f"CASE WHEN {value} IS NULL THEN 0 ELSE hash({value}) END AS h_{len(terms)}")
    hashes = connection.sql(f"SELECT {', '.join(terms)} FROM records").to_arrow_table()
    connection.close()
    return np.column_stack([hashes.column(i).to_numpy() for i in range(hashes.num_columns)])
