"""Pure helpers that turn stored rows into what a page draws: highlights, graphs, charts."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Segment:
    text: str
    rule: str | None = None  # set on a highlighted evidence span


def highlight(text: str, evidence: Iterable[dict[str, Any]]) -> list[Segment]:
    """Cut `text` into plain and highlighted segments by the evidence spans (start, end).

    A span whose offsets do not cover its own quoted ``text`` (a signal computed on another
    view of the report) is looked up by that text instead; spans that still do not fit are
    skipped, never allowed to break the page. Overlapping spans merge, keeping the first rule.
    """
    spans: list[tuple[int, int, str]] = []
    for item in evidence:
        try:
            start, end = int(item["start"]), int(item["end"])
        except (KeyError, TypeError, ValueError):
            continue
        quoted = item.get("text")
        if isinstance(quoted, str) and quoted and text[start:end] != quoted:
            start = text.find(quoted)
            end = start + len(quoted)
        if 0 <= start < end <= len(text):
            spans.append((start, end, str(item.get("rule") or "")))
    spans.sort()
    merged: list[tuple[int, int, str]] = []
    for start, end, rule in spans:
        if merged and start < merged[-1][1]:
            last = merged[-1]
            merged[-1] = (last[0], max(last[1], end), last[2])
        else:
            merged.append((start, end, rule))
    segments: list[Segment] = []
    cursor = 0
    for start, end, rule in merged:
        if start > cursor:
            segments.append(Segment(text[cursor:start]))
        segments.append(Segment(text[start:end], rule or "evidence"))
        cursor = end
    if cursor < len(text) or not segments:
        segments.append(Segment(text[cursor:]))
    return segments


GROUP_OF_KIND = {
    "person": "person",
    "phone": "phone",
    "email": "account",
    "account": "account",
    "address": "address",
    "payment_token": "account",
}


# One colour per group, for the drawing and its legend alike (AA contrast on white).
GROUP_COLOURS = {
    "entity": "#b00020",
    "person": "#1f5f8b",
    "phone": "#2e7d32",
    "account": "#6a1b9a",
    "address": "#8d6e00",
    "purchase": "#c43e00",
    "report": "#455a64",
    "neighbour": "#00838f",
    "other": "#555555",
}
# Identifiers stored only as a hash (a payment token): a short prefix is enough to tell two
# apart; the whole hash means nothing to a reader.
HASHED_KINDS = {"payment_token"}


def _words(key: str) -> str:
    return key


def _member_label(member: dict[str, Any], words: Callable[[str], str]) -> str:
    value = str(member["value"])
    if member["kind"] in HASHED_KINDS:
        return f"{words('kind_' + member['kind'])} {value[:8]}…"
    return value


def _report_label(report: dict[str, Any], words: Callable[[str], str]) -> str:
    when = report.get("occurred_at") or report.get("received_at")
    day = f" {when:%m-%d}" if isinstance(when, datetime) else ""
    return f"{words('channel_' + report['channel'])}{day}"


def link_graph(
    entity: dict[str, Any],
    entity_members: Sequence[dict[str, Any]],
    timeline: Sequence[dict[str, Any]],
    others: Sequence[dict[str, Any]],
    words: Callable[[str], str] = _words,
) -> dict[str, Any]:
    """Nodes and edges for vis-network: the entity, its identifiers, its reports, neighbours.

    Each distinct identifier (kind, normalised value) is one node joined to the entity; each
    report is a node joined to the identifiers it names (purchases, patrol notes, posts...);
    other entities named in the same reports hang off those reports. Reports read as their
    channel and day in the page's language (``words`` looks the catalogue up); reports and
    entities carry the address of their page, so a click on a node opens it. ``legend`` lists
    the groups drawn, with their colours.
    """
    nodes: dict[str, dict[str, Any]] = {
        f"e:{entity['id']}": {
            "id": f"e:{entity['id']}",
            "label": entity["label"],
            "group": "entity",
        }
    }
    edges: set[tuple[str, str]] = set()
    shown = {r["id"] for r in timeline}
    for member in entity_members:
        key = f"m:{member['kind']}:{member['normalized']}"
        group = GROUP_OF_KIND.get(member["kind"], "other")
        label = _member_label(member, words)
        nodes.setdefault(key, {"id": key, "label": label, "group": group})
        edges.add((f"e:{entity['id']}", key))
        if member["report_id"] in shown:
            edges.add((key, f"r:{member['report_id']}"))
    for report in timeline:
        group = "purchase" if report["channel"] == "purchase" else "report"
        nodes[f"r:{report['id']}"] = {
            "id": f"r:{report['id']}",
            "label": _report_label(report, words),
            "group": group,
            "url": f"/ui/reports/{report['id']}",
        }
    for other in others:
        if other["report_id"] not in shown:
            continue
        key = f"e:{other['entity_id']}"
        nodes.setdefault(
            key,
            {
                "id": key,
                "label": other["label"],
                "group": "neighbour",
                "url": f"/ui/entities/{other['entity_id']}",
            },
        )
        edges.add((f"r:{other['report_id']}", key))
    drawn = list(dict.fromkeys(n["group"] for n in nodes.values()))
    return {
        "nodes": list(nodes.values()),
        "edges": [{"from": a, "to": b} for a, b in sorted(edges)],
        "colours": GROUP_COLOURS,
        "legend": [{"group": g, "colour": GROUP_COLOURS.get(g, "#555555")} for g in drawn],
    }
