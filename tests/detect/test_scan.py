"""``scan``: the output contract, record shapes, and ``kizashi scan`` as a JSONL filter."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from kizashi.detect import CATEGORIES
from kizashi.detect.cli import detect_app, scan
from kizashi.detect.scanner import record_text, scan_texts
from kizashi.errors import InputError

app = typer.Typer()
app.command("scan")(scan)
app.add_typer(detect_app, name="detect")
runner = CliRunner()

KEYS = {"id", "score", "category", "scores", "flagged", "evidence", "protected"}


def test_output_contract_fields_and_types() -> None:
    (out,) = scan_texts([("p1", "11/1 大塚で桜井を56す")])
    assert set(out) == KEYS
    assert out["id"] == "p1"
    assert 0 <= out["score"] <= 1 and out["score"] == max(out["scores"].values())
    assert set(out["scores"]) == set(CATEGORIES)
    assert out["category"] == "threat" and out["flagged"] is True
    assert "rally-otsuka-1101" in out["protected"]
    (kill,) = [e for e in out["evidence"] if e["rule"] == "threat-kill-ja"]
    assert kill == {"rule": "threat-kill-ja", "start": 11, "end": 14, "text": "56す",
                    "view": "decoded:goroawase"}  # fmt: skip


def test_unflagged_output_has_null_category() -> None:
    (out,) = scan_texts([("p2", "今日のランチはカレー")])
    assert out["category"] is None and out["flagged"] is False
    assert out["evidence"] == [] and out["protected"] == []


def test_explain_adds_stage_suppressed_and_contributions() -> None:
    (out,) = scan_texts([("p3", "「殺す」なんて書くな、通報した")], explain=True)
    explain = out["explain"]
    assert explain["stage"] in ("light", "full")
    assert explain["suppressed"], "the quoted word is a suppressed hit"
    contributions = explain["contributions"]
    assert set(contributions["groups"]) == {"ngram", "rules", "embedding"}
    assert contributions["top_ngrams"]


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        ({"id": "a", "text": "x"}, ("a", "x")),
        ({"external_id": "e", "post_id": "p", "text": "x"}, ("e", "x")),
        ({"post_id": "p", "text": "x"}, ("p", "x")),
        ({"listing_id": "L", "title": "空薬莢", "description": "実物"}, ("L", "空薬莢\n実物")),
        ({"report_ref": "R", "title": "異臭", "text": "火薬の臭い"}, ("R", "異臭\n火薬の臭い")),
    ],
)
def test_record_shapes(record: dict[str, str], expected: tuple[str, str]) -> None:
    assert record_text(record) == expected


@pytest.mark.parametrize(
    ("record", "reason"),
    [([1], "JSON object"), ({"text": "x"}, "no id"), ({"id": "a"}, "no text"),
     ({"id": "a", "text": 3}, "must be a string")],
)  # fmt: skip
def test_bad_records_are_named(record: object, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        record_text(record)


def test_cli_scores_good_lines_and_reports_bad_ones(tmp_path: Path) -> None:
    path = tmp_path / "posts.jsonl"
    lines = [
        json.dumps({"id": "1", "text": "桜井を56す"}, ensure_ascii=False),
        "{not json",
        json.dumps({"id": "3"}),
        json.dumps({"post_id": "4", "text": "雨やばい"}, ensure_ascii=False),
    ]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    result = runner.invoke(app, ["scan", str(path)])
    assert result.exit_code == 1
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["1", "4"]
    assert out[0]["category"] == "threat"
    assert f"{path}:2: not valid JSON" in result.stderr
    assert f"{path}:3: no text" in result.stderr


def test_cli_min_score_and_stdin() -> None:
    stdin = "\n".join(
        json.dumps(r, ensure_ascii=False)
        for r in [{"id": "a", "text": "桜井を56す"}, {"id": "b", "text": "雨やばい"}]
    )
    result = runner.invoke(app, ["scan", "-", "--min-score", "0.5"], input=stdin)
    assert result.exit_code == 0, result.stderr
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["a"]


def test_a_lone_surrogate_neither_fails_the_scan_nor_hides_a_threat() -> None:
    """JSON may carry "\\ud800"; a post holding one was parked as failed instead of scanned."""
    from kizashi.detect import scan as scan_records

    out = next(
        scan_records(
            [{"id": "p", "text": "来週の日曜、駅前の演説会で候補者を56\ud800すから覚悟しとけ"}]
        )
    )
    assert out["flagged"] and out["category"] == "threat"
    assert not next(scan_records([{"id": "q", "text": "ありがとう\udfff また明日"}]))["flagged"]
