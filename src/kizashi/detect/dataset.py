"""The training and evaluation data of the scorer, assembled the same way every time.

Three sources, each split by family, never by item:

* the **functional suite** (``data/functional.jsonl``, built from ``functional.yaml``): every
  functionality has its own train, dev and test sentence frames (families);
* the **legacy set** (``data/eval.jsonl``, from ``templates.yaml``): train and dev only — its
  test split was read failure by failure by earlier sessions, so it is a regression check,
  not evidence;
* **background** text from ``../shared/data`` (:mod:`kizashi.detect.background`): ordinary
  Japanese and English, abusive-but-not-threatening tweets, and ThreatGram's explicit English
  threats. For training, every background item the gate passes is kept (those are the ones
  the model must judge) plus a seeded sample of the rest; the test split is never trained on.

``training_items()`` is what ``kizashi detect train`` fits; ``evaluation_items()`` is what
``kizashi detect eval`` measures.
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kizashi.detect.background import background_items
from kizashi.detect.data.build_functional import functional_path
from kizashi.detect.evaluate import load_labelled
from kizashi.detect.gate import passes_gate

__all__ = ["UNCALIBRATED", "WEIGHTS", "evaluation_items", "functional_items", "training_items"]

# Example weights: a written example of a functionality stands for many posts; a background
# sentence for one; a ThreatGram reply for less (its levels are inferred and noisy, and its
# hostile level-0 replies that name a harm verb would otherwise pull every English rule hit
# down to its bound).
WEIGHTS = {
    "functional": 3.0,
    "legacy": 2.0,
    "synthetic": 2.0,
    "background": 1.0,
    "bg-threatgram_en": 0.3,
}
_UNGATED_SAMPLE = {"train": 1500, "dev": 500}  # per background source
# Trained on, but not used to calibrate or to set thresholds: ThreatGram's levels are
# inferred, noisy and about one narrow domain (US political Telegram), and its hostile
# level-0 replies would set the English threshold for that domain alone. Its test split is
# reported on its own.
UNCALIBRATED = frozenset({"bg-threatgram_en"})


def functional_items(path: Path | None = None) -> list[dict[str, Any]]:
    lines = (path or functional_path()).read_text("utf-8").splitlines()
    return [json.loads(line) | {"origin": "functional"} for line in lines if line.strip()]


def _background(split: str, seed: int, root: Path | None) -> Iterator[dict[str, Any]]:
    ungated: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in background_items(root):
        if item["split"] != split or not item["text"]:
            continue
        if passes_gate(item["text"]):
            yield item
        else:
            ungated[item["functionality"]].append(item)
    for source, rows in sorted(ungated.items()):
        rng = random.Random(f"{seed}:{split}:{source}")
        yield from rng.sample(rows, min(len(rows), _UNGATED_SAMPLE[split]))


def training_items(
    seed: int, root: Path | None = None, *, synthetic: bool = False
) -> list[dict[str, Any]]:
    """Train and dev items of every source, each with an ``origin`` and a ``weight``.

    ``synthetic`` adds the compositional sentences of :mod:`kizashi.detect.data.synthetic`
    (ninth pass; see ``docs/detection.md`` for whether the shipped model used them).
    """
    items: list[dict[str, Any]] = []
    if synthetic:
        from kizashi.detect.data.synthetic import synthetic_items

        items += [i | {"weight": WEIGHTS["synthetic"]} for i in synthetic_items()]
    for item in load_labelled():
        if item["split"] in ("train", "dev"):
            items.append(item | {"origin": "legacy", "weight": WEIGHTS["legacy"]})
    for item in functional_items():
        if item["split"] in ("train", "dev"):
            items.append(item | {"weight": WEIGHTS["functional"]})
    for split in ("train", "dev"):
        for item in _background(split, seed, root):
            weight = WEIGHTS.get(item["functionality"], WEIGHTS["background"])
            extra: dict[str, Any] = {"origin": "background", "weight": weight}
            if item["functionality"] in UNCALIBRATED:
                extra["calibrate"] = False
            items.append(item | extra)
    return items


def evaluation_items(split: str, root: Path | None = None) -> dict[str, list[dict[str, Any]]]:
    """The items of one split, by origin: functional, legacy (dev only) and background."""
    out: dict[str, list[dict[str, Any]]] = {
        "functional": [i for i in functional_items() if i["split"] == split],
        "background": [i for i in background_items(root) if i["split"] == split and i["text"]],
    }
    return out
