"""Measuring the scorer the way the owners do: per functionality, and on ordinary text.

``evaluate_suite(items, scored)`` reports, for the functional suite:

* per functionality: the **pass rate** — a positive passes when it is flagged with its own
  category, a negative (label null) when nothing is flagged — with a 95 % Wilson interval;
* overall recall (positives flagged with the right category), false-positive rate (negatives
  flagged at all) and PR-AUC of the best score; the same per language;

and ``evaluate_background(items, scored)``, for the public ordinary text, the false-positive
rate per source with a 95 % Wilson interval, with and without the rows the data's preparer
marked as containing violent words (some of which are real threats), and how many were
flagged. Example sentences are listed only from the **train and dev** splits: a frozen test
item (or one without a split) is reported as a count, never as text, so running the
evaluation never shows anyone the test split failure by failure (issue 13's protocol).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sklearn.metrics import average_precision_score  # type: ignore[import-untyped]  # no type information

from kizashi.detect.scorer import Scored

__all__ = ["evaluate_background", "evaluate_suite", "format_suite", "wilson"]

_Z = 1.959964  # 95 %
# Splits whose items may be shown one by one; anything else (test, or no split) is frozen.
_READABLE_SPLITS = frozenset({"train", "dev"})


def wilson(k: int, n: int) -> tuple[float, float]:
    """95 % Wilson score interval of k successes in n trials."""
    if n == 0:
        return (0.0, 1.0)
    p = k / n
    centre = (p + _Z**2 / (2 * n)) / (1 + _Z**2 / n)
    half = _Z * math.sqrt(p * (1 - p) / n + _Z**2 / (4 * n**2)) / (1 + _Z**2 / n)
    return (round(max(0.0, centre - half), 4), round(min(1.0, centre + half), 4))


def _passes(item: dict[str, Any], scored: Scored) -> bool:
    label = item["label"]
    return scored.category == label if label else not scored.flagged


def _rates(pairs: Sequence[tuple[dict[str, Any], Scored]]) -> dict[str, Any]:
    positives = [(i, s) for i, s in pairs if i["label"]]
    negatives = [(i, s) for i, s in pairs if not i["label"]]
    hit = sum(s.category == i["label"] for i, s in positives)
    fp = sum(s.flagged for _, s in negatives)
    truth = [bool(i["label"]) for i, _ in pairs]
    pr_auc = (
        round(float(average_precision_score(truth, [s.score for _, s in pairs])), 4)
        if any(truth) and not all(truth)
        else None
    )
    return {
        "positives": len(positives),
        "negatives": len(negatives),
        "recall": round(hit / len(positives), 4) if positives else None,
        "recall_ci": wilson(hit, len(positives)),
        "fpr": round(fp / len(negatives), 4) if negatives else None,
        "fpr_ci": wilson(fp, len(negatives)),
        "pr_auc": pr_auc,
    }


def evaluate_suite(items: Sequence[dict[str, Any]], scored: Sequence[Scored]) -> dict[str, Any]:
    pairs = list(zip(items, scored, strict=True))
    groups: dict[str, list[tuple[dict[str, Any], Scored]]] = defaultdict(list)
    for item, s in pairs:
        groups[item["functionality"]].append((item, s))
    functionality = {}
    for name, members in sorted(groups.items()):
        k = sum(_passes(i, s) for i, s in members)
        functionality[name] = {
            "label": members[0][0]["label"],
            "lang": members[0][0].get("lang"),
            "n": len(members),
            "families": len({i.get("family") for i, _ in members}),
            "pass": round(k / len(members), 4),
            "ci": wilson(k, len(members)),
        }
    by_lang = {
        lang: _rates([(i, s) for i, s in pairs if i.get("lang") == lang]) for lang in ("ja", "en")
    }
    return {"overall": _rates(pairs), "languages": by_lang, "functionality": functionality}


def evaluate_background(
    items: Sequence[dict[str, Any]], scored: Sequence[Scored], *, examples: int = 5
) -> dict[str, Any]:
    groups: dict[str, list[tuple[dict[str, Any], Scored]]] = defaultdict(list)
    for item, s in zip(items, scored, strict=True):
        groups[item["functionality"]].append((item, s))
    out = {}
    for source, members in sorted(groups.items()):
        negatives = [(i, s) for i, s in members if not i["label"]]
        plain = [(i, s) for i, s in negatives if not i.get("hard")]
        fp = [(i, s) for i, s in negatives if s.flagged]
        fp_plain = [(i, s) for i, s in plain if s.flagged]
        row: dict[str, Any] = {
            "lang": members[0][0].get("lang"),
            "n": len(negatives),
            "fpr": round(len(fp) / len(negatives), 5) if negatives else None,
            "fpr_ci": wilson(len(fp), len(negatives)),
            "n_plain": len(plain),
            "fpr_plain": round(len(fp_plain) / len(plain), 5) if plain else None,
            "fpr_plain_ci": wilson(len(fp_plain), len(plain)),
            "flagged": len(fp),
        }
        readable = [i for i, _ in fp if i.get("split") in _READABLE_SPLITS]
        if readable:
            row["flagged_examples"] = [i["text"][:80] for i in readable[:examples]]
        positives = [(i, s) for i, s in members if i["label"]]
        if positives:
            row["positives"] = len(positives)
            k = sum(s.category == i["label"] for i, s in positives)
            row["recall"] = round(k / len(positives), 4)
            row["recall_ci"] = wilson(k, len(positives))
        out[source] = row
    return out


def _ci(ci: Sequence[float]) -> str:
    return f"[{ci[0]:.2f}, {ci[1]:.2f}]"


def format_suite(suite: dict[str, Any], background: dict[str, Any] | None) -> Iterable[str]:
    """Markdown tables of one evaluation."""
    yield "| scope | positives | recall [95 % CI] | negatives | FPR [95 % CI] | PR-AUC |"
    yield "|---|---|---|---|---|---|"
    rows = [("all", suite["overall"]), *suite["languages"].items()]
    for name, r in rows:
        recall = "–" if r["recall"] is None else f"{r['recall']:.3f} {_ci(r['recall_ci'])}"
        fpr = "–" if r["fpr"] is None else f"{r['fpr']:.3f} {_ci(r['fpr_ci'])}"
        auc = "–" if r["pr_auc"] is None else f"{r['pr_auc']:.3f}"
        yield f"| {name} | {r['positives']} | {recall} | {r['negatives']} | {fpr} | {auc} |"
    yield ""
    yield "| functionality | label | lang | n (families) | pass [95 % CI] |"
    yield "|---|---|---|---|---|"
    for name, f in suite["functionality"].items():
        yield (f"| {name} | {f['label'] or '–'} | {f['lang']} | {f['n']} ({f['families']}) "
               f"| {f['pass']:.2f} {_ci(f['ci'])} |")  # fmt: skip
    if background:
        yield ""
        yield "| ordinary text (source) | lang | n | FPR [95 % CI] | without violent-word rows |"
        yield "|---|---|---|---|---|"
        for source, b in background.items():
            yield (f"| {source} | {b['lang']} | {b['n']} | {b['fpr']:.4f} {_ci(b['fpr_ci'])} "
                   f"| {b['fpr_plain']:.4f} (n {b['n_plain']}) |")  # fmt: skip
    yield ""
