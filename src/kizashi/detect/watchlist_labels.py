"""What an officer reads for a watch-list id: a protected person's name, an event's place and
time. Read from the same files as :func:`kizashi.detect.load_watchlist`, without parsing their
aliases (which needs the tokenizer): the pages only name what a threat named."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from importlib import resources

from kizashi.datafiles import cached_yaml


@cache
def protected_labels() -> dict[str, str]:
    """Watch-list id → 桜井 みどり (a person) or JR大塚駅南口広場 2026-11-01 15:00 (an event)."""
    labels: dict[str, str] = {}
    folder = resources.files("kizashi.detect").joinpath("watchlists")
    for item in sorted(folder.iterdir(), key=lambda i: i.name):
        if not item.name.endswith(".yaml"):
            continue
        data = cached_yaml(item.read_text("utf-8")) or {}
        for person in data.get("people") or []:
            labels[str(person["id"])] = str(person["name"])
        for event in data.get("events") or []:
            starts = datetime.fromisoformat(str(event["starts_at"]))
            # The time as the event's own zone writes it: a rally at 15:00 JST is "15:00".
            labels[str(event["id"])] = f"{event['place']} {starts:%Y-%m-%d %H:%M}"
    return labels
