"""Batch linkage: feature rows in, clusters and explained edges out.

``link_rows`` runs the whole splink pipeline (train, predict, cluster) on DuckDB by default
or on Spark, and returns every record's cluster, the scored edges above the threshold with
their per-field match weights (the *reasons* an analyst sees), and the trained parameters
that the incremental path scores with.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd  # type: ignore[import-untyped]

from kizashi.resolve.model import Comparison, LinkConfig, build_comparisons, db_api, train_linker
from kizashi.resolve.records import FEATURES

__all__ = ["Edge", "LinkResult", "Parameters", "link_rows", "parameters_of"]


@dataclass(frozen=True)
class Edge:
    left: str
    right: str
    probability: float
    weight: float
    reasons: tuple[dict[str, Any], ...]


@dataclass
class Parameters:
    """What the incremental scorer needs: prior and, per comparison, per level, m and u."""

    prior: float
    levels: dict[str, list[dict[str, Any]]]  # comparison → [{label, m, u, is_null}] by level
    threshold: float
    filled: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "prior": self.prior,
            "levels": self.levels,
            "threshold": self.threshold,
            "filled": self.filled,
        }


@dataclass
class LinkResult:
    clusters: dict[str, str]
    edges: list[Edge]
    parameters: Parameters
    comparisons: list[Comparison] = field(default_factory=list)


def _filled(frame: pd.DataFrame) -> dict[str, int]:
    return {c: int(frame[c].notna().sum()) for c in frame.columns if c != "unique_id"}


def parameters_of(linker: Any, threshold: float) -> Parameters:
    settings = linker._settings_obj  # splink keeps the trained model here
    levels: dict[str, list[dict[str, Any]]] = {}
    for comparison in settings.comparisons:
        out = []
        for level in comparison.comparison_levels:
            out.append(
                {
                    "label": level.label_for_charts,
                    "m": level.m_probability if not level.is_null_level else None,
                    "u": level.u_probability if not level.is_null_level else None,
                    "is_null": level.is_null_level,
                    "gamma": level.comparison_vector_value,
                }
            )
        levels[comparison.output_column_name] = out
    return Parameters(settings._probability_two_random_records_match, levels, threshold)


def level_weight(level: dict[str, Any]) -> float | None:
    m, u = level.get("m"), level.get("u")
    if level.get("is_null") or not m or not u:
        return None
    return math.log2(m / u)


def _reasons(row: Any, parameters: Parameters) -> tuple[dict[str, Any], ...]:
    """Per field: the level that applied (found by its weight) and its weight incl. TF."""
    reasons = []
    for name, levels in parameters.levels.items():
        mw = row.get(f"mw_{name}")
        if mw is None or pd.isna(mw) or mw == 0.0:
            continue  # null level: the field was missing on one side
        tf = row.get(f"mw_tf_adj_{name}")
        weights = [(abs((level_weight(lv) or 1e9) - float(mw)), lv) for lv in levels]
        _, level = min(weights, key=lambda pair: pair[0])
        total = float(mw) + (float(tf) if tf is not None and not pd.isna(tf) else 0.0)
        reasons.append({"field": name, "comparison": level["label"], "weight": round(total, 3)})
    return tuple(sorted(reasons, key=lambda r: -abs(r["weight"])))


def link_rows(
    rows: Sequence[dict[str, Any]],
    *,
    engine: str = "duckdb",
    config: LinkConfig | None = None,
    spark: Any = None,
) -> LinkResult:
    """Cluster person feature rows (see :mod:`kizashi.resolve.records`)."""
    config = config or LinkConfig()
    logging.getLogger("splink").setLevel(logging.ERROR)  # its training chatter is not ours
    if not rows:
        return LinkResult({}, [], Parameters(0.0, {}, config.threshold))
    columns = list(FEATURES) + sorted({k for r in rows for k in r if k not in FEATURES})
    frame = pd.DataFrame.from_records(rows, columns=columns).astype(object)
    frame = frame.where(frame.notna() & (frame != ""), None)
    filled = _filled(frame)
    comparisons = build_comparisons(filled)
    if engine == "spark":
        from pyspark.sql.types import StringType, StructField, StructType

        from kizashi.resolve.model import spark_session

        spark = spark or spark_session()
        # Handed over as a Spark frame of strings: splink's own pandas conversion trips a
        # pandas deprecation, and every feature is text anyway.
        schema = StructType([StructField(c, StringType(), True) for c in frame.columns])
        data: Any = spark.createDataFrame(
            [
                tuple(None if v is None else str(v) for v in row)
                for row in frame.itertuples(index=False, name=None)
            ],
            schema=schema,
        )
    else:
        data = frame
    api = db_api(engine, spark)
    table = api.register(data, table_name="kz_records")
    linker = train_linker(table, filled, comparisons, config)
    predictions = linker.inference.predict(threshold_match_probability=config.threshold)
    clustered = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=config.threshold
    )
    cluster_frame = clustered.as_pandas_dataframe()  # type: ignore[no-untyped-call]
    clusters = {str(r["unique_id"]): str(r["cluster_id"]) for r in cluster_frame.to_dict("records")}
    parameters = parameters_of(linker, config.threshold)
    parameters.filled = filled
    predicted = predictions.as_pandas_dataframe()  # type: ignore[no-untyped-call]
    edges = [
        Edge(
            str(r["unique_id_l"]),
            str(r["unique_id_r"]),
            float(r["match_probability"]),
            float(r["match_weight"]),
            _reasons(r, parameters),
        )
        for r in predicted.to_dict("records")
    ]
    for row in rows:
        clusters.setdefault(str(row["unique_id"]), str(row["unique_id"]))
    return LinkResult(clusters, edges, parameters, comparisons)
