"""The same linkage on Spark (local[2], one session for the whole module): same clusters."""

from __future__ import annotations

from typing import Any

import pytest

from kizashi.resolve.evaluate import pairwise, read_ja_set
from kizashi.resolve.link import link_rows
from kizashi.resolve.records import feature_rows

pytestmark = pytest.mark.spark


def test_spark_links_like_duckdb(spark: Any) -> None:
    records = read_ja_set()[:600]
    truth = {r["id"]: r["truth"] for r in records}
    rows = feature_rows([{k: v for k, v in r.items() if k != "truth"} for r in records])
    on_spark = link_rows(rows, engine="spark", spark=spark)
    on_duckdb = link_rows(rows, engine="duckdb")
    spark_f1 = pairwise(on_spark.clusters, truth).f1
    duck_f1 = pairwise(on_duckdb.clusters, truth).f1
    assert spark_f1 > 0.9
    assert abs(spark_f1 - duck_f1) < 0.03
