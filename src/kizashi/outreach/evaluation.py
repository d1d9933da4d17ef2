"""Evaluating the stage reading on the approach narratives (``data/eval/approaches.yaml``).

The set is split by author, never by item: ``ja-timeline``, ``en-terse`` and
``ja-zh-chat`` are the frozen test portion, whose failures are reported as counts only (the lexicon was tuned on the other
six authors). Figures: accuracy of the furthest stage (a benign contact's is "none"),
micro precision/recall of the stages found, and precision/recall of escalation (a narrative
escalates when the escalation rules put it at ``escalate`` or above), each with a Wilson
95 % interval, overall and per language, and on the benign look-alikes alone.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from kizashi.outreach.errors import OutreachDataError
from kizashi.outreach.escalation import ApproacherFacts, escalate
from kizashi.outreach.model import stage_model
from kizashi.outreach.reading import read_approach

__all__ = ["TEST_AUTHORS", "EvalItem", "background", "evaluate", "load_eval"]

TEST_AUTHORS = frozenset({"ja-timeline", "en-terse", "ja-zh-chat"})


@dataclass(frozen=True)
class EvalItem:
    id: str
    author: str
    lang: str
    text: str
    stages: tuple[str, ...]
    escalate: bool

    @property
    def split(self) -> str:
        return "test" if self.author in TEST_AUTHORS else "dev"


@cache
def load_eval() -> tuple[EvalItem, ...]:
    where = "outreach/data/eval/approaches.yaml"
    text = resources.files("kizashi.outreach").joinpath("data", "eval", "approaches.yaml")
    data = yaml.safe_load(text.read_text("utf-8"))
    ids = set(stage_model().ids())
    items = []
    for n, raw in enumerate(data["items"]):
        bad = set(raw.get("stages") or ()) - ids
        if bad or raw.get("lang") not in ("ja", "en"):
            raise OutreachDataError(f"{where}: items[{n}] ({raw.get('id')}): bad stages/lang")
        items.append(
            EvalItem(
                raw["id"],
                raw["author"],
                raw["lang"],
                raw["text"],
                tuple(raw.get("stages") or ()),
                bool(raw["escalate"]),
            )
        )
    return tuple(items)


def wilson(k: int, n: int) -> tuple[float, float]:
    if n == 0:
        return (0.0, 1.0)
    z, p = 1.96, k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (round(max(0.0, centre - half), 3), round(min(1.0, centre + half), 3))


def _ratio(k: int, n: int) -> dict[str, Any]:
    return {"value": round(k / n, 3) if n else None, "k": k, "n": n, "ci95": wilson(k, n)}


def _figures(rows: list[tuple[EvalItem, Any, bool]]) -> dict[str, Any]:
    model = stage_model()
    right = sum(1 for item, r, _ in rows if model.furthest(item.stages) == r.furthest)
    tp = sum(len(set(item.stages) & set(r.stages)) for item, r, _ in rows)
    found = sum(len(r.stages) for _, r, _ in rows)
    gold = sum(len(item.stages) for item, _, _ in rows)
    esc_tp = sum(1 for item, _, e in rows if item.escalate and e)
    esc_pred = sum(1 for _, _, e in rows if e)
    esc_gold = sum(1 for item, _, _ in rows if item.escalate)
    benign = [(item, r) for item, r, _ in rows if not item.stages]
    return {
        "items": len(rows),
        "furthest_stage_accuracy": _ratio(right, len(rows)),
        "stage_precision": _ratio(tp, found),
        "stage_recall": _ratio(tp, gold),
        "escalation_precision": _ratio(esc_tp, esc_pred),
        "escalation_recall": _ratio(esc_tp, esc_gold),
        "benign_read_as_benign": _ratio(sum(1 for _, r in benign if not r.stages), len(benign)),
    }


def evaluate(split: str = "dev", *, failures: bool = False) -> dict[str, Any]:
    """Figures for ``split`` (dev, test or all); ``failures`` lists dev misses (never test's)."""
    if split not in ("dev", "test", "all"):
        raise ValueError("split is dev, test or all")
    items = [i for i in load_eval() if split == "all" or i.split == split]
    rows = []
    for item in items:
        reading = read_approach(item.text)
        level = escalate(ApproacherFacts([reading.furthest]))
        rows.append((item, reading, level.at_least("escalate")))
    out: dict[str, Any] = {"split": split, **_figures(rows)}
    out["by_language"] = {
        lang: _figures([r for r in rows if r[0].lang == lang]) for lang in ("ja", "en")
    }
    out["by_author"] = {
        author: _figures([r for r in rows if r[0].author == author])["furthest_stage_accuracy"]
        for author in sorted({r[0].author for r in rows})
    }
    if failures and split == "dev":
        out["failures"] = list(_misses(rows))
    return out


def _misses(rows: list[tuple[EvalItem, Any, bool]]) -> Iterable[dict[str, Any]]:
    model = stage_model()
    for item, reading, escalated in rows:
        if (
            set(item.stages) != set(reading.stages)
            or model.furthest(item.stages) != reading.furthest
            or escalated != item.escalate
        ):
            yield {
                "id": item.id,
                "text": item.text,
                "gold": list(item.stages),
                "read": list(reading.stages),
                "escalate": [item.escalate, escalated],
                "suppressed": [(s["rule"], s["guards"][0]["guard"]) for s in reading.suppressed],
            }


def background(every: int = 50) -> dict[str, Any]:
    """How often ordinary sentences read as an approach: every ``every``-th sentence of the
    Tanaka/Tatoeba corpus (``../shared/data/tanaka_tatoeba_enja``, read here only; see
    docs/outreach.md for its licence). A sentence is not a report, so this bounds how much
    everyday wording the lexicon mistakes for a stage, not the desk's false-alert rate."""
    import json
    from itertools import islice

    from kizashi.detect import shared_data_dir

    out: dict[str, Any] = {"every": every}
    for lang in ("ja", "en"):
        path = shared_data_dir() / "tanaka_tatoeba_enja" / f"{lang}.jsonl"
        with path.open(encoding="utf-8") as stream:
            texts = [json.loads(line)["text"] for line in islice(stream, 0, None, every)]
        staged = escalated = 0
        for text in texts:
            reading = read_approach(text)
            staged += bool(reading.stages)
            escalated += escalate(ApproacherFacts([reading.furthest])).at_least("escalate")
        out[lang] = {
            "sentences": len(texts),
            "any_stage": _ratio(staged, len(texts)),
            "escalate": _ratio(escalated, len(texts)),
        }
    return out
