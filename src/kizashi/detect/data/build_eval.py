"""Build the labelled evaluation set ``eval.jsonl`` from ``templates.yaml``, deterministically.

    .venv/bin/python -m kizashi.detect.data.build_eval        # rewrites eval.jsonl

Each functionality is expanded ``per_split`` times per split, filling ``{slot}``s from the
split's own fillers (after one pass over the frames, a split-specific tail such as an emoji
or hashtag varies repeats), so a test item never reuses a train template or a train filler (the
coded form ``{k}`` is the thing under test and is shared). Items are unique by text; ids are
``<functionality>-<split>-<n>``. The same file always yields byte-identical output.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import string
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

__all__ = ["SPLITS", "build_items", "main"]

SPLITS = ("train", "dev", "test")
SEED = 20261122
_FORMATTER = string.Formatter()


def _slots(template: str) -> list[str]:
    return [name for _, name, _, _ in _FORMATTER.parse(template) if name]


def _seed(*parts: str) -> int:
    # Seeding each functionality/split separately keeps one edit from reshuffling the rest.
    digest = hashlib.sha256("|".join((str(SEED), *parts)).encode()).digest()
    return int.from_bytes(digest[:8], "big")


def _fill(template: str, values: dict[str, list[str]], rng: random.Random) -> str:
    filled = {name: rng.choice(values[name]) for name in _slots(template)}
    return re.sub(r"\s+", " ", template.format(**filled)).strip()


def build_items(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Expand a parsed templates document into labelled items."""
    items: list[dict[str, Any]] = []
    for func in spec["functionalities"]:
        # A functionality may ask for more items (everyday chatter: the bulk of a real feed).
        per_split: dict[str, int] = func.get("per_split", spec["per_split"])
        for split in SPLITS:
            rng = random.Random(_seed(func["id"], split))
            values = {name: pool[split] for name, pool in spec["slots"].items()}
            if "k" in func:
                values["k"] = list(func["k"])
            templates = list(func["templates"][split])
            seen: set[str] = set()
            attempts = 0
            while len(seen) < per_split[split] and attempts < 200:
                attempts += 1
                # Cycle through templates first so every frame is used before any repeats.
                first_pass = attempts <= len(templates)
                template = templates[attempts - 1] if first_pass else rng.choice(templates)
                text = _fill(template, values, rng)
                if attempts > len(templates):
                    # A frame without slots repeats itself; vary it the way posts vary.
                    text += rng.choice(spec["tails"][split])
                if text in seen:
                    continue
                seen.add(text)
                items.append(
                    {
                        "id": f"{func['id']}-{split}-{len(seen):02d}",
                        "text": text,
                        "label": func["label"],
                        "functionality": func["id"],
                        "split": split,
                    }
                )
    return items


def main() -> None:
    here = resources.files("kizashi.detect.data")
    spec = yaml.safe_load(here.joinpath("templates.yaml").read_text("utf-8"))
    items = build_items(spec)
    out = Path(str(here.joinpath("eval.jsonl")))
    with out.open("w", encoding="utf-8") as handle:
        for item in items:
            handle.write(json.dumps(item, ensure_ascii=False) + "\n")
    print(f"wrote {len(items)} items to {out}")


if __name__ == "__main__":
    main()
