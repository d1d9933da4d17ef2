"""Mentions of people, phones, e-mails, accounts, addresses, organisations and substances.

Intake takes mentions only from the structured fields a channel's spec names, and gives each
a simple comparison key. Entity resolution (``kizashi.resolve``) replaces these keys with
its own normalisers; the key here only has to make exact repeats line up.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from kizashi.intake.spec import ChannelSpec, MentionSpec

_SPACES = re.compile(r"\s+")
_NON_DIGITS = re.compile(r"[^0-9]")


@dataclass(frozen=True, slots=True)
class Mention:
    kind: str
    path: str
    value: str
    normalized: str
    qualifier: str | None = None
    quantity: float | None = None
    unit: str | None = None


def _fold_once(value: str) -> str:
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", value).casefold())
    return _SPACES.sub(" ", folded).strip()


def _fold(value: str) -> str:
    # Case folding can decompose characters (İ -> i + U+0307) and NFKC can recompose them
    # with a neighbour, so fold until nothing changes: a key must be stable under folding.
    for _ in range(4):
        again = _fold_once(value)
        if again == value:
            break
        value = again
    return value


@lru_cache(maxsize=65_536)  # the same handles, names and phones recur across many reports
def normalize(kind: str, value: str) -> str:
    """A comparison key for a mention value of the given kind."""
    folded = _fold(value)
    if kind == "phone":
        digits = _NON_DIGITS.sub("", folded)
        # +81 90-1234-5678 and 090-1234-5678 are the same Japanese number.
        if folded.startswith("+81") or (digits.startswith("81") and len(digits) in (11, 12)):
            digits = "0" + digits[2:]
        return digits
    if kind == "account":
        return folded.lstrip("@")
    if kind in ("person", "organisation", "address"):
        # Removing spaces can bring a combining mark next to a letter: fold again.
        return _fold(folded.replace(" ", ""))
    return folded


def _walk(data: Any, parts: list[str], path: str) -> list[tuple[str, Any, Any]]:
    """Values at a path like ``persons[].name``, each with its concrete path and parent."""
    if not parts:
        return [(path, data, None)]
    head, rest = parts[0], parts[1:]
    if not isinstance(data, dict):
        return []
    if head.endswith("[]"):
        name = head[:-2]
        found = []
        for index, element in enumerate(data.get(name) or ()):
            found.extend(_walk(element, rest, f"{path}{name}[{index}]" + ("." if rest else "")))
        return found
    if head not in data:
        return []
    if not rest:
        return [(f"{path}{head}", data[head], data)]
    return _walk(data[head], rest, f"{path}{head}.")


def _mentions_of(spec: MentionSpec, body: dict[str, Any]) -> list[Mention]:
    found = []
    for path, value, parent in _walk(body, spec.path.split("."), ""):
        if value is None or value == "":
            continue
        text = str(value)
        owner = parent if isinstance(parent, dict) else body
        quantity = owner.get(spec.quantity) if spec.quantity else None
        found.append(
            Mention(
                kind=spec.kind,
                path=path,
                value=text,
                normalized=normalize(spec.kind, text),
                qualifier=str(body[spec.qualifier])
                if spec.qualifier and body.get(spec.qualifier)
                else None,
                quantity=float(quantity) if quantity is not None else None,
                unit=str(owner.get(spec.unit)) if spec.unit and owner.get(spec.unit) else None,
            )
        )
    return found


def extract_mentions(channel: ChannelSpec, body: dict[str, Any]) -> list[Mention]:
    """Every mention the channel's spec points at in a validated record."""
    mentions: list[Mention] = []
    for spec in channel.mentions:
        mentions.extend(_mentions_of(spec, body))
    return mentions
