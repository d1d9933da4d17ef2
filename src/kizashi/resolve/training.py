"""Training a :class:`~kizashi.resolve.linker.Model` and applying it with splink.

:func:`fit` derives what the data decides (blocking rules and stop keys, which identifier
columns are personal, the ID-number columns) and trains m/u with splink (u by sampling, m by
EM); :func:`predict` compares the blocked pairs with a model — the one just trained, or a
frozen one whose term frequencies are registered so that it scores as it did when trained;
term frequencies count people, not records (:func:`tf_frames`) —
and yields each pair above the threshold with its per-comparison weights.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]
from splink import Linker, block_on

from kizashi.resolve.blocking import block_columns, derive_rules, multi
from kizashi.resolve.frame import RecordTable
from kizashi.resolve.households import (
    family_shares,
    hard_id_columns,
    has_families,
    household_generic,
    identifier_columns,
    personal_columns,
    reliable_ids,
)
from kizashi.resolve.linker import Model
from kizashi.resolve.model import SPARSE, LinkConfig, build_comparisons, db_api, train_linker
from kizashi.resolve.predict_sql import SPLINK_OWN, faster, swap_levels
from kizashi.resolve.records import generic_kind

__all__ = ["fit", "predict", "splink_rules", "tf_frames", "tf_tables", "with_current_levels"]

_HOUSEHOLD_PRIOR = {"phone:other": False, "addr_block": False}

Row = dict[str, Any]


def splink_rules(model: Model) -> list[Any]:
    return [
        block_on(f"bk_{i}", arrays_to_explode=[f"bk_{i}"]) if multi(r) else block_on(f"bk_{i}")
        for i, r in enumerate(model.rules)
    ]


def _register(table: RecordTable, engine: str, spark: Any) -> tuple[Any, Any]:
    api = db_api(engine, spark)
    if engine != "spark":
        return api, api.register(table.table)
    # splink names the table itself, and may then replace one an earlier run left in the
    # (shared) Spark session.
    return api, api.register(spark.createDataFrame(table.table.to_pandas()))


def _evidence(table: RecordTable, filled: dict[str, int]) -> tuple[list[str], dict[str, bool]]:
    """The evidence columns (identifiers, the address, generic columns) and their priors."""
    columns = sorted(filled)
    identifiers = identifier_columns(table, columns)
    evidence = identifiers + [c for c in columns if c == "addr_block" or c.startswith("x_")]
    evidence = list(dict.fromkeys(evidence))
    # Where too few pairs share a value to measure it, a household's column (a landline, the
    # home address, also under a generic header: 自宅電話, Home Phone) is taken as a family's.
    return evidence, {
        c: _HOUSEHOLD_PRIOR.get(c, c in identifiers and not household_generic(c)) for c in evidence
    }


def fit(
    table: RecordTable,
    config: LinkConfig,
    *,
    engine: str = "duckdb",
    spark: Any = None,
    prior: Model | None = None,
) -> Model:
    """Train a model on distinct feature rows; adds the blocking-key columns to the table.

    ``prior``: where a level's m cannot be estimated from this data, its m there."""
    filled = table.filled()
    for column in postcodes_beside_address(table, filled):
        del filled[column]
    identifiers = identifier_columns(table, sorted(filled))
    evidence, priors = _evidence(table, filled)
    shares = family_shares(table, evidence)
    families = has_families(shares)
    model = Model(
        prior=0.0,
        levels={},
        threshold=config.threshold,
        filled=filled,
        rules=derive_rules(table, filled, identifiers, config.extra_blocks),
        personal=personal_columns(shares, families, priors),
        hard_ids=reliable_ids(table, hard_id_columns(sorted(filled))),
        families=families,
    )
    model.stops = block_columns(table, model.rules)
    if len(table) < 2:
        return model
    api, registered = _register(table, engine, spark)
    duckdb = engine == "duckdb"
    linker = train_linker(
        registered, filled, build_comparisons(filled), config, splink_rules(model), faster=duckdb
    )
    if duckdb:
        swap_levels(linker._settings_obj, SPLINK_OWN)  # the stored model: splink's own SQL
    model.settings = _explicit(linker.misc.save_model_to_json(), prior)
    model.prior = float(model.settings["probability_two_random_records_match"])
    model.levels = {
        comparison["output_column_name"]: _levels(comparison["comparison_levels"])
        for comparison in model.settings["comparisons"]
    }
    del api
    return model


def postcodes_beside_address(table: RecordTable, filled: dict[str, int]) -> list[str]:
    """The postcode columns (郵便番号, ``zip``) that say nothing the address does not: every
    record giving a postcode has a town — from its address, or from the postcode itself
    (:func:`~kizashi.resolve.records.postcode_address` reads a known one as its town) — which the
    address comparison weighs (the same block, the same town). Such a column is left out of
    the model: not compared, not blocked on.

    Compared beside the address, it added no evidence of its own but was one more comparison
    for EM to fit: on the link45 review's set A it changed which EM sessions converged, the
    name's weight came from another session (same spelling +6.9 → +5.3 bits), and 14 true
    pairs of one name at one block (a record with nothing else) fell under the threshold —
    the file with the column linked worse than the same file without it. A postcode that
    gives a record no town (one Japan Post does not know, a foreign zip) is the only place
    the record gives: there the column stays."""
    area = table.table.column("addr_area") if "addr_area" in filled else None
    out: list[str] = []
    for column in filled:
        if not column.startswith("x_") or generic_kind(column[2:]) != "postcode":
            continue
        given = pc.is_valid(table.table.column(column))
        alone = given if area is None else pc.and_(given, pc.is_null(area))
        if not pc.any(alone).as_py():
            out.append(column)
    return out


def _explicit(settings: dict[str, Any], prior: Model | None = None) -> dict[str, Any]:
    """Every level's m and u written out. A level whose m no EM session could estimate (or whose
    u no random pair showed) takes the m (u) of the same level in ``prior`` (the shipped
    model: splink, too, starts a level from a default) — never m = u, which made a shared
    mobile number no evidence at all whenever the name-blocked session saw no pair with both
    numbers. Without a prior level, m = u (no evidence either way)."""
    known = _prior_mu(prior)
    for comparison in settings["comparisons"]:
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            m, u = level.get("m_probability"), level.get("u_probability")
            label = level.get("label_for_charts") or level.get("sql_condition")
            m_prior, u_prior = known.get(
                (comparison["output_column_name"], str(label)), (None, None)
            )
            m = m if m is not None else m_prior
            u = u if u is not None else u_prior  # no random pair agreed: rare, as in the prior
            if m is None and u is None:
                m = u = 0.5
            level["m_probability"] = m if m is not None else u
            level["u_probability"] = u if u is not None else m
    return settings


def _prior_mu(prior: Model | None) -> dict[tuple[str, str], tuple[float, float]]:
    if prior is None:
        return {}
    return {
        (name, str(level["label"])): (float(level["m"]), float(level["u"]))
        for name, levels in prior.levels.items()
        for level in levels
        if level.get("m") is not None and level.get("u") is not None and not level.get("is_null")
    }


def _levels(levels: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per level: label, m, u and its gamma (splink numbers levels down to 0, null is -1)."""
    out = []
    gamma = sum(not lv.get("is_null_level") for lv in levels) - 1
    for level in levels:
        null = bool(level.get("is_null_level"))
        out.append(
            {
                "label": level.get("label_for_charts") or level["sql_condition"],
                "m": None if null else level["m_probability"],
                "u": None if null else level["u_probability"],
                "is_null": null,
                "gamma": -1 if null else gamma,
            }
        )
        gamma -= 0 if null else 1
    return out


def _labels(levels: list[dict[str, Any]]) -> list[str]:
    return [str(level.get("label")) for level in levels if not level.get("is_null")]


def with_current_levels(model: Model) -> Model:
    """``model`` with this release's levels: a store's model saved by an earlier release
    (until its next training) may hold a level this one replaced (e-mail Jaro-Winkler ≥ 0.9,
    now :func:`~kizashi.resolve.levels.email_slip`). Its comparisons whose labels differ are
    rebuilt from the code's, each level keeping the stored m/u of its label, a level the
    model never had weighing nothing (m = u) until the next training -- in the splink
    settings the batch run predicts with and in the levels the live path weighs alike, so a
    new report is decided as ``resolve --reuse-model`` decides it. A current model is
    returned as it is."""
    stored_settings = model.settings.get("comparisons", [])
    dialect = str(model.settings.get("sql_dialect") or "duckdb")
    code = {c.name: c for c in build_comparisons(model.filled)}
    settings: list[Any] = []
    levels = dict(model.levels)
    for stored in stored_settings:
        name = str(stored.get("output_column_name"))
        comparison = code.get(name)
        if comparison is None or _labels(model.levels.get(name, [])) == [
            level.label for level in comparison.all_levels if not level.is_null
        ]:
            settings.append(stored)
            continue
        known = {
            str(level.get("label")): level
            for level in model.levels.get(name, [])
            if not level.get("is_null") and level.get("m") and level.get("u")
        }
        sparse = model.filled.get(comparison.column, SPARSE) < SPARSE
        rebuilt = comparison.creator(sparse=sparse).get_comparison(dialect).as_dict()  # type: ignore[no-untyped-call]
        for level in rebuilt["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            old = known.get(str(level.get("label_for_charts")))
            level["m_probability"] = float(old["m"]) if old else 0.5
            level["u_probability"] = float(old["u"]) if old else 0.5
        settings.append(rebuilt)
        levels[name] = _levels(rebuilt["comparison_levels"])
    if levels == model.levels:
        return model
    return replace(model, levels=levels, settings={**model.settings, "comparisons": settings})


# What tells one person from another who shares a value, in the order asked: a record's
# first present field of these (not the column itself, and no name field for a name
# column) is its identity evidence; a record without any is a person of its own.
_EVIDENCE = ("birth_year", "name_sorted", "phone", "email", "account", "addr_block")


def tf_frames(table: RecordTable, model: Model, connection: Any = None) -> dict[str, pa.Table]:
    """Term frequencies counting people, not records: per column, each value's share of the
    distinct (value, identity evidence) pairs, as ``{column: [column, tf_column]}`` tables.

    Splink's own frequency is a value's count of records over all records, which counts
    one person's repeated records as so many people sharing the value: five records of two
    women named 小林 住恵 made the name look five times as common as a name seen once, and
    its match weighed 3 bits less (link25's probe). Splink's maintainers name the cause
    (issue 2035: empirical frequencies "may fail to be accurate when any of the data sets
    involved contains duplicated individuals") and its remedy, a frequency table of one's
    own (``register_term_frequency_lookup``). Here a value's records are collapsed on the
    evidence (see ``_EVIDENCE``: birth year, then name, phone, e-mail, account, address
    block) before counting; records with none count one each, as splink counts them.
    Counted by DuckDB (``connection``: the prediction's own, else a new one): an Arrow
    group-by kept ~45 MB of its pool's pages to the peak at 100,000 records."""
    import duckdb

    own = connection is None
    con = duckdb.connect() if connection is None else connection
    name = "__kizashi_tf_records"
    con.register(name, table.table)
    try:
        out: dict[str, pa.Table] = {}
        for column in model.tf_columns:
            if column not in table.columns:
                continue
            evidence = [
                f"'{field}:' || CAST(\"{field}\" AS VARCHAR)"
                for field in _EVIDENCE
                if field != column
                and field in table.columns
                and not (column.startswith("name_") and field.startswith("name_"))
            ] + ["'id:' || CAST(unique_id AS VARCHAR)"]
            frame = con.sql(
                f"""
                SELECT value AS "{column}",
                       CAST(count(*) AS DOUBLE) / sum(count(*)) OVER () AS "tf_{column}"
                FROM (
                    SELECT DISTINCT CAST("{column}" AS VARCHAR) AS value,
                           coalesce({", ".join(evidence)}) AS evidence
                    FROM {name} WHERE "{column}" IS NOT NULL
                )
                GROUP BY value
                """
            ).to_arrow_table()
            if frame.num_rows:
                out[column] = frame
        return out
    finally:
        con.unregister(name)
        if own:
            con.close()


def tf_tables(table: RecordTable, model: Model) -> dict[str, dict[str, float]]:
    """The term frequencies of :func:`tf_frames` as ``{column: {value: frequency}}``."""
    return {
        column: dict(zip(frame.column(0).to_pylist(), frame.column(1).to_pylist(), strict=True))
        for column, frame in tf_frames(table, model).items()
    }


def _register_tf(
    linker: Linker, api: Any, frames: dict[str, pa.Table], engine: str, spark: Any
) -> None:
    for column, frame in frames.items():
        registered = (
            # The schema given: a table may be empty (no frequencies stored, batch.py).
            api.register(
                spark.createDataFrame(frame.to_pandas(), f"`{column}` string, `tf_{column}` double")
            )
            if engine == "spark"
            else api.register(frame)
        )
        linker.table_management.register_term_frequency_lookup(registered, column)


def predict(
    table: RecordTable,
    model: Model,
    *,
    engine: str = "duckdb",
    spark: Any = None,
) -> Iterator[pa.RecordBatch]:
    """Every blocked pair whose (uncapped) probability reaches the threshold, in batches:
    ``unique_id_l``, ``unique_id_r``, ``phone_kind_l``/``_r`` and per comparison its weight
    incl. term frequency (``w_<comparison>``); with DuckDB also ``position_l``/``_r``, the
    records' positions in ``table`` (an id's last, as ``RecordTable.position``). Term
    frequencies: the model's own when it holds them (a stored model, or one whose were
    kept), else the table's (:func:`tf_frames`, people counted, not records)."""
    ranked = at = None
    if engine == "duckdb":
        # Splink joins and groups the blocked pairs on the record ids: integers in the ids'
        # own order (equal ids equal, ``<`` as on the strings: the same pairs, each the same
        # way round) cost DuckDB less time and memory than strings; mapped back per batch.
        ranks, ranked, at = _ranked_ids(table.table.column("unique_id"))
        source = RecordTable(table.table.set_column(_id_index(table), "unique_id", ranks))
        api, registered = _register(source, engine, spark)
        del ranks, source
        # The pairs' order means nothing here (decisions are per pair; clustering sorts the
        # edges): without it DuckDB need not hold its parallel results back to keep order.
        api.duckdb_con.execute("SET preserve_insertion_order = false")
    else:
        api, registered = _register(table, engine, spark)
    settings = {
        # DuckDB evaluates cheaper equal conditions (``predict_sql``); Spark runs splink's own.
        **(faster(model.settings) if engine == "duckdb" else model.settings),
        "retain_intermediate_calculation_columns": True,
        "retain_matching_columns": False,
        "additional_columns_to_retain": ["phone_kind"] if "phone_kind" in table.columns else [],
    }
    linker = Linker(registered, settings, log_level=None)
    frames = (
        {
            column: pa.table(
                {
                    column: pa.array(list(frequencies), pa.string()),
                    f"tf_{column}": pa.array(list(frequencies.values()), pa.float64()),
                }
            )
            for column, frequencies in model.tf.items()
        }
        if model.tf
        else tf_frames(table, model, api.duckdb_con if engine == "duckdb" else None)
    )
    _register_tf(linker, api, frames, engine, spark)
    del frames
    predictions = linker.inference.predict(threshold_match_probability=model.threshold)
    names = list(model.levels)
    if engine == "spark":
        batches: Iterable[pa.RecordBatch] = pa.Table.from_pandas(
            predictions.as_pandas_dataframe()  # type: ignore[no-untyped-call]
        ).to_batches(100_000)
    else:
        relation = predictions.as_duckdbpyrelation()
        batches = relation.to_arrow_reader(100_000)
    for batch in batches:
        columns: dict[str, pa.Array] = {
            side: batch.column(side) if ranked is None else ranked.take(batch.column(side))
            for side in ("unique_id_l", "unique_id_r")
        }
        if at is not None:  # the records' positions in the table, from the ranks as well
            for side in ("l", "r"):
                columns[f"position_{side}"] = at.take(batch.column(f"unique_id_{side}"))
        for side in ("l", "r"):
            name = f"phone_kind_{side}"
            columns[name] = (
                batch.column(name)
                if name in batch.schema.names
                else pa.nulls(batch.num_rows, pa.string())
            )
        for name in names:
            weight = pc.fill_null(batch.column(f"mw_{name}"), 0.0)
            columns[f"mw_{name}"] = pc.cast(weight, pa.float64())  # the level's own weight
            adjust = f"mw_tf_adj_{name}"
            if adjust in batch.schema.names:
                weight = pc.add(weight, pc.fill_null(batch.column(adjust), 0.0))
            columns[f"w_{name}"] = pc.cast(weight, pa.float64())
        yield pa.RecordBatch.from_pydict(columns)


def _id_index(table: RecordTable) -> int:
    return int(table.table.column_names.index("unique_id"))


def _ranked_ids(ids: pa.ChunkedArray | pa.Array) -> tuple[pa.Array, pa.Array, pa.Array]:
    """Each id's rank among the distinct ids sorted as DuckDB compares strings (by their
    bytes, as Arrow sorts them), the distinct ids in that order (``ranked.take(ranks)``
    gives the ids back; equal ids share a rank), and per rank the id's last position (as
    ``RecordTable.position`` gives it)."""
    import numpy as np

    ids = ids.combine_chunks() if isinstance(ids, pa.ChunkedArray) else ids
    order = pc.sort_indices(ids)
    ordered = ids.take(order)
    starts = np.ones(len(ordered), dtype=bool)  # where a new distinct id begins
    if len(ordered) > 1:
        starts[1:] = pc.not_equal(ordered.slice(1), ordered.slice(0, len(ordered) - 1)).to_numpy(
            zero_copy_only=False
        )
    ranks = np.empty(len(ordered), dtype=np.int64)
    positions = order.to_numpy().astype(np.int64)
    ranks[positions] = np.cumsum(starts) - 1
    # The sort is stable: a run of equal ids ends with the id's last position.
    ends = np.r_[np.flatnonzero(starts)[1:], len(ordered)][: len(ordered)] - 1
    return (
        pa.array(ranks, pa.int64()),
        ordered.filter(pa.array(starts)),
        pa.array(positions[ends], pa.int64()),
    )
