"""Text templates for the demo corpora, kept as data in ``data/*.yaml``.

A template is a string with ``{slot}`` placeholders; each placeholder is filled with a
random choice from the slot's list. Slot values may themselves contain placeholders (one
level deep is plenty), which gives variety without writing every sentence by hand.
"""

from __future__ import annotations

import random
import re
from functools import cache
from pathlib import Path
from typing import Any, cast

import yaml

__all__ = ["TextBank", "load_data"]

_DATA_DIR = Path(__file__).with_name("data")
_SLOT = re.compile(r"\{([a-z_0-9]+)\}")


@cache
def load_data(name: str) -> dict[str, Any]:
    """Parse ``data/<name>.yaml`` once per process (the files are read-only package data)."""
    with (_DATA_DIR / f"{name}.yaml").open(encoding="utf-8") as handle:
        loaded = yaml.safe_load(handle)
    if not isinstance(loaded, dict):
        raise ValueError(f"demo data file {name}.yaml must hold a mapping")
    return cast(dict[str, Any], loaded)


class TextBank:
    """Slot filling over one data file's ``slots`` mapping."""

    def __init__(self, slots: dict[str, list[str]]) -> None:
        self._slots = {key: tuple(str(v) for v in values) for key, values in slots.items()}

    def fill(self, rng: random.Random, template: str, depth: int = 0) -> str:
        """Replace every ``{slot}``; an unknown slot is a bug in the data file, so it raises."""

        def choose(match: re.Match[str]) -> str:
            name = match.group(1)
            try:
                values = self._slots[name]
            except KeyError as exc:
                raise KeyError(f"unknown demo text slot {{{name}}} in {template!r}") from exc
            value = rng.choice(values)
            return self.fill(rng, value, depth + 1) if depth < 2 and "{" in value else value

        return _SLOT.sub(choose, template)

    def values(self, name: str) -> tuple[str, ...]:
        return self._slots[name]
