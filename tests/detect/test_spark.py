"""``kizashi scan --engine spark``: the same outputs as the local scan, on a small file.

One SparkSession for the whole module (start-up takes ~30 s); run with ``-m spark``.
"""

import json
from pathlib import Path
from typing import Any

import pytest

from kizashi.detect.scanner import scan_texts

pytestmark = pytest.mark.spark

RECORDS: list[dict[str, Any]] = [
    {"id": "t1", "text": "11/1 大塚で桜井を56す"},
    {"id": "t2", "text": "ホワイト案件 即日即金 日給5万 詳細はテレグラムで"},
    {"id": "t3", "text": "死ぬほど眠い"},
    {"listing_id": "L1", "title": "空薬莢 9mm 50個", "description": "実物の空薬莢です"},
    {"id": "t4", "text": "今日は天気がいい"},
    {"id": "bad"},  # no text: counted and reported, not scored
]


def _expected() -> dict[str, dict[str, Any]]:
    from kizashi.detect.scanner import record_text

    pairs = [record_text(r) for r in RECORDS if r.get("id") != "bad"]
    return {out["id"]: out for out in scan_texts(pairs)}


def _jsonl(path: Path) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS), "utf-8")
    return path


def test_jsonl_in_jsonl_out_matches_the_local_scan(spark: Any, tmp_path: Path) -> None:
    from kizashi.detect.spark import scan_spark

    out = tmp_path / "out"
    summary = scan_spark(spark, _jsonl(tmp_path / "in.jsonl"), out)
    assert (summary.records, summary.scored, summary.bad) == (6, 5, 1)
    assert summary.errors == [("bad", "no text: needs 'text', or 'title'/'description'")]
    lines = [json.loads(x) for p in sorted(out.glob("part-*")) for x in p.read_text().splitlines()]
    got = {line["id"]: line for line in lines}
    expected = _expected()
    assert got.keys() == expected.keys()
    for rid, want in expected.items():
        assert got[rid]["scores"] == want["scores"], rid
        assert (got[rid]["flagged"], got[rid]["category"]) == (want["flagged"], want["category"])
        assert got[rid]["evidence"] == want["evidence"]
        assert got[rid]["protected"] == want["protected"]
    assert got["t1"]["category"] == "threat" and summary.flagged >= 2


def test_parquet_in_parquet_out(spark: Any, tmp_path: Path) -> None:
    import pandas as pd

    from kizashi.detect.spark import scan_spark

    source = tmp_path / "in.parquet"
    pd.DataFrame([r for r in RECORDS if "text" in r]).to_parquet(source)
    out = tmp_path / "out.parquet"
    summary = scan_spark(spark, source, out, min_score=0.5)
    assert (summary.records, summary.bad) == (4, 0)
    frame = pd.read_parquet(out)
    assert set(frame["id"]) == {"t1", "t2"}  # --min-score dropped the harmless ones
    row = frame.set_index("id").loc["t1"]
    assert row["category"] == "threat" and row["scores"]["threat"] >= 0.5
    assert any(e["view"] == "decoded:goroawase" for e in row["evidence"])


def test_cli_engine_spark_needs_an_output(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from kizashi.cli.main import app

    result = CliRunner().invoke(app, ["scan", "--engine", "spark", str(_jsonl(tmp_path / "a"))])
    assert result.exit_code == 3 and "--out" in result.output
