"""``kizashi scan --engine spark``: the same scoring code, distributed with Apache Spark.

Input is JSONL or Parquet (a file or a directory of part files), records as for
``kizashi scan``; output is a directory of Parquet or JSON-lines part files, one row per good
record. A JSON line is the local scan's line for that record, byte for byte; a Parquet row has
the output contract's fields (``scores`` as a struct with one field per category,
``evidence`` as an array of structs whose ``components`` name a composed rule's parts). ``mapInPandas`` hands each Python worker its
partition in Arrow batches; the worker scores them with :func:`kizashi.detect.scanner.scan_texts`,
which loads the model once per worker process (Spark reuses its Python workers), so every
record is scored by exactly the code ``kizashi scan`` uses. Records that cannot be scored
(no id, no text) are counted and the first few are reported, like bad lines of ``scan``.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from kizashi.detect.lexicon import CATEGORIES, COMPONENTS
from kizashi.errors import InputError

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

__all__ = ["SparkSummary", "output_schema", "scan_spark", "spark_session"]

_SHOWN_ERRORS = 20
_ERROR = "_kizashi_error"
# The local scan's own JSON line for each record: JSON Lines output writes it as it is, so the
# two engines' files agree key for key (Spark's JSON writer would add or drop null fields).
_LINE = "_kizashi_line"


def output_schema() -> Any:
    from pyspark.sql.types import (
        ArrayType,
        BooleanType,
        DoubleType,
        IntegerType,
        StringType,
        StructField,
        StructType,
    )

    hit = [
        StructField("rule", StringType()),
        StructField("start", IntegerType()),
        StructField("end", IntegerType()),
        StructField("text", StringType()),
    ]
    # A composed rule's parts: each component a list of hits, the protectees a list of ids.
    components = StructType(
        [
            StructField(c, ArrayType(StringType() if c == "protected_person" else StructType(hit)))
            for c in COMPONENTS
        ]
    )
    evidence = StructType(
        [*hit, StructField("view", StringType()), StructField("components", components)]
    )
    return StructType(
        [
            StructField("id", StringType()),
            StructField("score", DoubleType()),
            StructField("category", StringType()),
            StructField("scores", StructType([StructField(c, DoubleType()) for c in CATEGORIES])),
            StructField("flagged", BooleanType()),
            StructField("evidence", ArrayType(evidence)),
            StructField("protected", ArrayType(StringType())),
            StructField(_ERROR, StringType()),
            StructField(_LINE, StringType()),
        ]
    )


def _clean(value: Any) -> Any:
    """pandas fills absent JSON fields with None or NaN; a record must not see them."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "asDict"):  # a nested Row
        return {k: _clean(v) for k, v in value.asDict().items()}
    return value


def _score_batches(batches: Iterator[Any]) -> Iterator[Any]:
    """pandas DataFrames in, pandas DataFrames out (pandas has no type information here)."""
    import pandas as pd  # type: ignore[import-untyped]

    from kizashi.detect.scanner import record_text, scan_texts

    columns = [f.name for f in output_schema().fields]
    for frame in batches:
        rows: list[dict[str, Any]] = []
        pairs: list[tuple[str, str]] = []
        for n, raw in enumerate(frame.to_dict("records")):
            record = {k: v for k, v in ((k, _clean(v)) for k, v in raw.items()) if v is not None}
            try:
                pairs.append(record_text(record))
            except InputError as exc:
                rid = next((str(record[f]) for f in ("id", "external_id") if f in record), f"#{n}")
                rows.append(dict.fromkeys(columns) | {"id": rid, _ERROR: str(exc)})
        for out in scan_texts(pairs) if pairs else []:
            line = orjson.dumps(out, default=str).decode("utf-8")
            rows.append({**out, _ERROR: None, _LINE: line})
        yield pd.DataFrame(rows, columns=columns)


def spark_session(master: str = "local[2]") -> SparkSession:
    """A local session whose Python workers run this interpreter (and so this kizashi)."""
    import os

    from pyspark.sql import SparkSession

    # Workers must import this kizashi and its dependencies: the driver's interpreter (so its
    # virtualenv) and its import path.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    return (
        SparkSession.builder.master(master)
        .appName("kizashi-scan")
        .config("spark.pyspark.python", sys.executable)
        .config("spark.pyspark.driver.python", sys.executable)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "512")
        .getOrCreate()
    )


def _format(path: Path, given: str | None) -> str:
    if given:
        if given not in ("jsonl", "parquet"):
            raise InputError(f"unknown format {given!r}: use jsonl or parquet")
        return given
    if path.suffix == ".parquet" or (path.is_dir() and any(path.glob("*.parquet"))):
        return "parquet"
    return "jsonl"


@dataclass
class SparkSummary:
    records: int = 0
    scored: int = 0
    flagged: int = 0
    bad: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)  # (id, reason), the first few

    def as_dict(self) -> dict[str, Any]:
        return {"records": self.records, "scored": self.scored, "flagged": self.flagged,
                "bad": self.bad}  # fmt: skip


def read_input(spark: SparkSession, source: Path, fmt: str | None = None) -> DataFrame:
    if not source.exists():
        raise InputError(f"cannot read {source}: no such file or directory")
    if _format(source, fmt) == "parquet":
        return spark.read.parquet(str(source))
    # Every field as read, nothing inferred away: a record with a bad line is a corrupt row.
    return spark.read.option("mode", "PERMISSIVE").json(str(source))


def scan_spark(
    spark: SparkSession,
    source: Path,
    out: Path,
    *,
    in_format: str | None = None,
    out_format: str | None = None,
    min_score: float | None = None,
) -> SparkSummary:
    """Score ``source`` into the directory ``out`` (overwritten) and count what happened."""
    from pyspark.sql import functions as sf

    frame = read_input(spark, source, in_format)
    if "_corrupt_record" in frame.columns:
        raise InputError(f"{source}: some lines are not JSON objects; `kizashi scan` names them")
    scored = frame.mapInPandas(_score_batches, output_schema()).cache()
    try:
        counts = scored.agg(
            sf.count(sf.lit(1)).alias("records"),
            sf.sum(sf.when(sf.col(_ERROR).isNotNull(), 1).otherwise(0)).alias("bad"),
            sf.sum(sf.when(sf.col("flagged"), 1).otherwise(0)).alias("flagged"),
        ).first()
        assert counts is not None  # an aggregate always has one row
        summary = SparkSummary(
            records=int(counts["records"]), bad=int(counts["bad"] or 0),
            flagged=int(counts["flagged"] or 0),
        )  # fmt: skip
        summary.scored = summary.records - summary.bad
        if summary.bad:
            bad = scored.where(sf.col(_ERROR).isNotNull()).select("id", _ERROR).limit(_SHOWN_ERRORS)
            summary.errors = [(row["id"], row[_ERROR]) for row in bad.collect()]
        good = scored.where(sf.col(_ERROR).isNull()).drop(_ERROR)
        if min_score is not None:
            good = good.where(sf.col("score") >= min_score)
        chosen = out_format or ("parquet" if out.suffix == ".parquet" else "jsonl")
        if chosen == "parquet":
            good.drop(_LINE).write.mode("overwrite").parquet(str(out))
        elif chosen == "jsonl":
            good.select(_LINE).write.mode("overwrite").text(str(out))
        else:
            raise InputError(f"unknown output format {chosen!r}: use jsonl or parquet")
    finally:
        scored.unpersist()
    return summary
