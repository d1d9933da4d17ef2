"""Expand ``functional.yaml`` into labelled items, deterministically (see that file's header).

    .venv/bin/python -m kizashi.detect.data.build_functional   # rewrites functional.jsonl

Each template is a *family*: one sentence frame in one writer's style, used in one split only.
A template is filled ``per_template[split]`` times from the split's own slot fillers; items are
unique by text; ids are ``<functionality>-<split>-<family>-<n>``. Same file, same output.
"""

from __future__ import annotations

import hashlib
import json
import random
import string
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

__all__ = ["SPLITS", "build_functional", "functional_path", "main"]

SPLITS = ("train", "dev", "test")
SEED = 20261203
_FORMATTER = string.Formatter()


def _rng(*parts: str) -> random.Random:
    digest = hashlib.sha256("|".join((str(SEED), *parts)).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def build_functional(spec: dict[str, Any]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for func in spec["functionalities"]:
        for split in SPLITS:
            values = {name: pool[split] for name, pool in spec["slots"].items()}
            for k, template in enumerate(func["templates"].get(split, [])):
                family = f"{func['id']}/{split}/{k}"
                rng = _rng(family)
                slots = [name for _, name, _, _ in _FORMATTER.parse(template) if name]
                seen: list[str] = []
                for _ in range(40):
                    if len(seen) >= spec["per_template"][split]:
                        break
                    text = template.format(**{n: rng.choice(values[n]) for n in slots}).strip()
                    if text not in seen:
                        seen.append(text)
                    if not slots:
                        break
                for n, text in enumerate(seen):
                    items.append({
                        "id": f"{func['id']}-{split}-{k}-{n}",
                        "text": text,
                        "label": func["label"],
                        "functionality": func["id"],
                        "family": family,
                        "lang": func["lang"],
                        "split": split,
                    })  # fmt: skip
    return items


def functional_path() -> Path:
    return Path(str(resources.files("kizashi.detect.data").joinpath("functional.jsonl")))


def main() -> None:
    here = resources.files("kizashi.detect.data")
    spec = yaml.safe_load(here.joinpath("functional.yaml").read_text("utf-8"))
    items = build_functional(spec)
    with functional_path().open("w", encoding="utf-8") as handle:
        for item in items:
            handle.write(json.dumps(item, ensure_ascii=False) + "\n")
    print(f"wrote {len(items)} items to {functional_path()}")


if __name__ == "__main__":
    main()
