"""The message catalogue: every word the pages show, in Japanese (default) and English.

Messages are data (``messages.yaml``, one entry per id with ``ja`` and ``en``); a test checks
that every id a template uses is in the catalogue in both languages.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

from kizashi.errors import SchemaError

LANGUAGES = ("ja", "en")


@cache
def catalogue() -> dict[str, dict[str, str]]:
    text = resources.files("kizashi.web").joinpath("messages.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or data.get("version") != 1:
        raise SchemaError("web/messages.yaml: expected a mapping with version: 1")
    messages: dict[str, dict[str, str]] = {}
    for key, entry in data["messages"].items():
        if not isinstance(entry, dict) or any(not entry.get(lang) for lang in LANGUAGES):
            raise SchemaError(f"web/messages.yaml: message {key!r} needs ja and en")
        messages[str(key)] = {lang: str(entry[lang]) for lang in LANGUAGES}
    return messages


def translate(key: str, lang: str, **values: Any) -> str:
    """The message in `lang`; an unknown id shows itself in brackets (and a test fails)."""
    entry = catalogue().get(key)
    if entry is None:
        return f"[{key}]"
    text = entry.get(lang) or entry["ja"]
    return text.format(**values) if values else text
