"""Pure helpers that turn stored rows into what a page draws: highlights, graphs, charts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
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


def link_graph(
    entity: dict[str, Any],
    entity_members: Sequence[dict[str, Any]],
    timeline: Sequence[dict[str, Any]],
    others: Sequence[dict[str, Any]],
) -> dict[str, list[dict[str, Any]]]:
    """Nodes and edges for vis-network: the entity, its identifiers, its reports, neighbours.

    Each distinct identifier (kind, normalised value) is one node joined to the entity; each
    report is a node joined to the identifiers it names (purchases, patrol notes, posts...);
    other entities named in the same reports hang off those reports.
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
        nodes.setdefault(key, {"id": key, "label": member["value"], "group": group})
        edges.add((f"e:{entity['id']}", key))
        if member["report_id"] in shown:
            edges.add((key, f"r:{member['report_id']}"))
    for report in timeline:
        group = "purchase" if report["channel"] == "purchase" else "report"
        label = report["channel"]
        nodes[f"r:{report['id']}"] = {"id": f"r:{report['id']}", "label": label, "group": group}
    for other in others:
        if other["report_id"] not in shown:
            continue
        key = f"e:{other['entity_id']}"
        nodes.setdefault(key, {"id": key, "label": other["label"], "group": "neighbour"})
        edges.add((f"r:{other['report_id']}", key))
    return {
        "nodes": list(nodes.values()),
        "edges": [{"from": a, "to": b} for a, b in sorted(edges)],
    }
