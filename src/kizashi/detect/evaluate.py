"""Evaluation on the labelled set: precision, recall and PR-AUC at the shipped thresholds.

``evaluate(items, scored)`` compares labelled items with their :class:`Scored` outcomes:

* **per category** c: positives are items labelled c; a prediction is the flagged category
  (so a threat flagged as recruitment is a miss for threat and a false positive for
  recruitment); PR-AUC is average precision of ``scores[c]``.
* **overall**: positive = any label; predicted = flagged in any category; PR-AUC over the
  best score.
* **per functionality**: for a labelled functionality the recall (right category flagged),
  for a hard-negative family (label null) the false-positive rate (anything flagged).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from sklearn.metrics import average_precision_score  # type: ignore[import-untyped]  # no type information

from kizashi.detect.lexicon import CATEGORIES
from kizashi.detect.scorer import Scored
from kizashi.errors import InputError

__all__ = ["evaluate", "format_report", "labelled_path", "load_labelled"]


def labelled_path() -> Path:
    return Path(str(resources.files("kizashi.detect").joinpath("data", "eval.jsonl")))


def load_labelled(path: Path | None = None) -> list[dict[str, Any]]:
    """Labelled items ``{"id","text","label","functionality","split"}`` from JSONL."""
    path = path or labelled_path()
    items = []
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read labelled data {path}: {exc}") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{n}: not JSON: {exc}") from None
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise InputError(f"{path}:{n}: needs a string 'text'")
        if item.get("label") not in (None, *CATEGORIES):
            raise InputError(f"{path}:{n}: label must be null or one of {', '.join(CATEGORIES)}")
        if item.get("split") not in ("train", "dev", "test"):
            raise InputError(f"{path}:{n}: split must be train, dev or test")
        items.append(item)
    return items


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return round(precision, 4), round(recall, 4)


def _pr_auc(truth: Sequence[bool], scores: Sequence[float]) -> float | None:
    if not any(truth) or all(truth):
        return None
    return round(float(average_precision_score(truth, scores)), 4)


def evaluate(items: Sequence[dict[str, Any]], scored: Sequence[Scored]) -> dict[str, Any]:
    rows: dict[str, Any] = {}
    truth_any = [i["label"] is not None for i in items]
    flagged_any = [s.flagged for s in scored]
    tp = sum(t and f for t, f in zip(truth_any, flagged_any, strict=True))
    fp = sum(f and not t for t, f in zip(truth_any, flagged_any, strict=True))
    p, r = _prf(tp, fp, sum(truth_any) - tp)
    rows["overall"] = {"n": sum(truth_any), "precision": p, "recall": r,
                       "pr_auc": _pr_auc(truth_any, [s.score for s in scored])}  # fmt: skip
    for c in CATEGORIES:
        truth = [i["label"] == c for i in items]
        if not any(truth):
            continue
        pred = [s.category == c for s in scored]
        tp = sum(t and q for t, q in zip(truth, pred, strict=True))
        fp = sum(q and not t for t, q in zip(truth, pred, strict=True))
        p, r = _prf(tp, fp, sum(truth) - tp)
        rows[c] = {"n": sum(truth), "precision": p, "recall": r,
                   "pr_auc": _pr_auc(truth, [s.scores[c] for s in scored])}  # fmt: skip
    negatives = [s for i, s in zip(items, scored, strict=True) if i["label"] is None]
    hard_fpr = round(sum(s.flagged for s in negatives) / len(negatives), 4) if negatives else None
    functionality: dict[str, dict[str, Any]] = {}
    groups: dict[str, list[tuple[dict[str, Any], Scored]]] = defaultdict(list)
    for item, s in zip(items, scored, strict=True):
        groups[item["functionality"]].append((item, s))
    for name, pairs in sorted(groups.items()):
        label = pairs[0][0]["label"]
        if label is None:
            rate = sum(s.flagged for _, s in pairs) / len(pairs)
            functionality[name] = {"label": None, "n": len(pairs), "fpr": round(rate, 4)}
        else:
            hit = sum(s.category == label for _, s in pairs) / len(pairs)
            functionality[name] = {"label": label, "n": len(pairs), "recall": round(hit, 4)}
    return {"categories": rows, "hard_negative_fpr": hard_fpr, "functionality": functionality,
            "full_stage_share": round(sum(s.stage == "full" for s in scored) / max(len(scored), 1), 4)}  # fmt: skip


def _num(value: Any) -> str:
    return "–" if value is None else f"{value:.3f}"


def format_report(name: str, report: dict[str, Any]) -> Iterable[str]:
    """Markdown tables for one split."""
    yield f"### {name}"
    yield ""
    yield "| category | n | precision | recall | PR-AUC |"
    yield "|---|---|---|---|---|"
    for c, row in report["categories"].items():
        yield (f"| {c} | {row['n']} | {_num(row['precision'])} | {_num(row['recall'])} "
               f"| {_num(row['pr_auc'])} |")  # fmt: skip
    yield ""
    yield f"False-positive rate on hard negatives (label null): {_num(report['hard_negative_fpr'])}"
    yield ""
    yield "| functionality | label | n | recall / FPR |"
    yield "|---|---|---|---|"
    for f, row in report["functionality"].items():
        value = f"recall {row['recall']:.3f}" if row["label"] else f"FPR {row['fpr']:.3f}"
        yield f"| {f} | {row['label'] or '–'} | {row['n']} | {value} |"
    yield ""
