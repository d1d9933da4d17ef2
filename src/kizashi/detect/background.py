"""Ordinary and public labelled text from ``../shared/data``, for training and evaluation.

The detector must never read ordinary English or Japanese as a threat, so it is trained and
measured on public everyday sentences as well as on its own functional suite. The data sets
stay outside the repository (their licences and sizes say so): they are read from the shared
folder (``KIZASHI_SHARED_DATA``, default ``<repo>/../shared/data``) at training and evaluation
time only; nothing here runs when the shipped model scores a post.

Every source is split by a stable key that is not the item (a dialogue, an upstream split, a
hash of the source id), so train, dev and test never share a conversation:

| source (folder) | lang | label | split key |
|---|---|---|---|
| realpersonachat_ja | ja | none | dialogue id |
| tanaka_tatoeba_enja (ja, en) | both | none | hash of the sentence |
| goemotions_reddit_en | en | none | upstream split |
| davidson_hate_offensive_en | en | none (abusive is not a threat) | hash of the row id |
| threatgram101_en | en | level 2: threat, level 0: none, level 1 left out | hash of the row id |

Rows flagged ``violence_keyword`` by the data's preparer are kept but marked ``hard``: the
Tanaka corpus holds a few real threats (あいつを殺してやる。), so the evaluation reports its
false-positive rate with and without them.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kizashi.config import shared_data_dir
from kizashi.errors import ConfigError

__all__ = ["SOURCES", "background_items", "shared_data_dir"]

SOURCES = ("realpersonachat_ja", "tatoeba_ja", "tatoeba_en", "goemotions_en", "davidson_en",
           "threatgram_en")  # fmt: skip
_MASK_TAG = re.compile(r"<[A-Z]{1,3}>|[＊*]{2,}")  # <AA> names and ＊＊ masks of RealPersonaChat


def _split(key: str, dev: int = 10, test: int = 30) -> str:
    """Stable split of a key: ``dev``% dev, ``test``% test, the rest train."""
    bucket = int.from_bytes(hashlib.sha256(key.encode()).digest()[:4], "big") % 100
    return "dev" if bucket < dev else "test" if bucket < dev + test else "train"


def _lines(path: Path) -> Iterator[dict[str, Any]]:
    try:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    yield json.loads(line)
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from None


def _item(source: str, row: dict[str, Any], label: str | None, split: str) -> dict[str, Any]:
    return {
        "id": f"{source}:{row.get('source', '')}",
        "text": _MASK_TAG.sub("", row["text"]).strip(),
        "label": label,
        "functionality": f"bg-{source}",
        "family": f"bg-{source}",
        "lang": row.get("lang", "en"),
        "split": split,
        "hard": bool(row.get("violence_keyword", False)),
    }


def background_items(root: Path | None = None) -> Iterator[dict[str, Any]]:
    """Every background item of every source, with its split (see the module table)."""
    root = root or shared_data_dir()
    for row in _lines(root / "realpersonachat_ja" / "utterances.jsonl"):
        dialogue = str(row.get("source", "")).split("/")[1:2]
        yield _item("realpersonachat_ja", row, None, _split("rpc" + "".join(dialogue)))
    for lang in ("ja", "en"):
        for row in _lines(root / "tanaka_tatoeba_enja" / f"{lang}.jsonl"):
            yield _item(f"tatoeba_{lang}", row, None, _split(row["text"]))
    for row in _lines(root / "goemotions_reddit_en" / "comments.jsonl"):
        upstream = str(row.get("source", "")).split("/")[1:2]
        split = {"train": "train", "dev": "dev", "test": "test"}.get("".join(upstream), "train")
        yield _item("goemotions_en", row, None, split)
    for row in _lines(root / "davidson_hate_offensive_en" / "labeled.jsonl"):
        yield _item("davidson_en", row, None, _split(str(row.get("source"))))
    for row in _lines(root / "threatgram101_en" / "labeled.jsonl"):
        level = row.get("threat_level")
        if level == 1:
            continue  # ambiguous (legal threats, "justice"): neither side
        label = "threat" if level == 2 else None
        yield _item("threatgram_en", row, label, _split(str(row.get("source"))))
