"""Desk routing of reports by rules kept as data (``data/routing.yaml``).

Until a report is routed it is "unrouted": only the command centre reads it (plus open
TLP:CLEAR/GREEN material). Routing writes a material label (desk, no case) for each report
the first matching rule claims, so that need-to-know applies to it. Reports that already
carry a label are never relabelled here: a desk's or a case's own labelling wins.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import yaml
from sqlalchemy import Connection, Engine, insert, select

from kizashi.errors import SchemaError
from kizashi.guard.identity_cases import label_material
from kizashi.store.tables import desks, material_labels, reports
from kizashi.store.tables_signals import signals

ROUTING_FILE = Path(__file__).parent / "data" / "routing.yaml"
CONDITIONS = ("channel", "category", "organisation", "region")


@dataclass(frozen=True)
class RouteRule:
    id: str
    desk: str
    description: str
    conditions: Mapping[str, frozenset[str]]

    def matches(self, facts: Mapping[str, Any]) -> bool:
        for name, accepted in self.conditions.items():
            if name == "region":
                text = str(facts.get("region", "")).casefold()
                if not any(value in text for value in accepted):
                    return False
            elif name == "category":
                if not accepted & set(facts.get("categories", ())):
                    return False
            elif facts.get(name) not in accepted:
                return False
        return True


@dataclass(frozen=True)
class Routing:
    rules: tuple[RouteRule, ...]
    region_fields: tuple[str, ...]

    def route(self, facts: Mapping[str, Any]) -> RouteRule | None:
        return next((rule for rule in self.rules if rule.matches(facts)), None)


def load_routing(path: Path = ROUTING_FILE) -> Routing:
    """The routing rules; SchemaError names the file, the rule and the problem."""
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SchemaError(f"{path}: cannot read routing rules: {exc}") from exc
    if not isinstance(data, dict) or data.get("version") != 1:
        raise SchemaError(f"{path}: expected a mapping with version: 1")
    rules, seen = [], set()
    for number, entry in enumerate(data.get("rules") or [], 1):
        where = f"{path}: rule {number}"
        if not isinstance(entry, dict) or not entry.get("id") or not entry.get("desk"):
            raise SchemaError(f"{where}: a rule needs an id and a desk")
        if entry["id"] in seen:
            raise SchemaError(f"{where}: duplicate id {entry['id']!r}")
        seen.add(entry["id"])
        unknown = set(entry) - {"id", "desk", "description", *CONDITIONS}
        if unknown:
            raise SchemaError(f"{where} ({entry['id']}): unknown keys {sorted(unknown)}")
        conditions = {}
        for name in CONDITIONS:
            if name in entry:
                values = entry[name]
                if not isinstance(values, list) or not values:
                    raise SchemaError(f"{where} ({entry['id']}): {name} must be a list of values")
                fold = name == "region"
                conditions[name] = frozenset(str(v).casefold() if fold else str(v) for v in values)
        if not conditions:
            raise SchemaError(f"{where} ({entry['id']}): a rule needs at least one condition")
        rules.append(
            RouteRule(
                str(entry["id"]), str(entry["desk"]), str(entry.get("description", "")), conditions
            )
        )
    return Routing(tuple(rules), tuple(data.get("region_fields") or ()))


def report_facts(
    row: Any, categories: Iterable[str], region_fields: Iterable[str]
) -> dict[str, Any]:
    body = row.body if isinstance(row.body, dict) else {}
    own = body.get("category")
    return {
        "channel": row.channel,
        "organisation": row.organisation,
        "categories": {*(c for c in categories if c), *([own] if isinstance(own, str) else [])},
        "region": " ".join(str(body.get(f, "")) for f in region_fields if body.get(f)),
    }


def route_reports(
    engine: Engine, routing: Routing | None = None, *, dry_run: bool = False, chunk: int = 2000
) -> Counter[str]:
    """Label every unrouted report a rule claims; counts per rule id (and 'unrouted')."""
    chosen = routing or load_routing()
    counts: Counter[str] = Counter()
    with engine.begin() as connection:
        _check_desks(connection, chosen)
        labelled = set(
            connection.execute(
                select(material_labels.c.resource_id).where(
                    material_labels.c.resource_type == "report"
                )
            ).scalars()
        )
        flagged: dict[str, set[str]] = {}
        for report_id, category in connection.execute(
            select(signals.c.report_id, signals.c.category).where(signals.c.flagged.is_(True))
        ):
            flagged.setdefault(report_id, set()).add(category)
        after = ""
        while True:
            rows = connection.execute(
                select(reports.c.id, reports.c.channel, reports.c.organisation, reports.c.body)
                .where(reports.c.id > after)
                .order_by(reports.c.id)
                .limit(chunk)
            ).all()
            if not rows:
                break
            for row in rows:
                if row.id in labelled:
                    continue
                facts = report_facts(row, flagged.get(row.id, ()), chosen.region_fields)
                rule = chosen.route(facts)
                counts[rule.id if rule else "unrouted"] += 1
                if rule is not None and not dry_run:
                    label_material(connection, "report", row.id, desk=rule.desk)
            after = rows[-1].id
    return counts


@lru_cache(maxsize=1)
def default_routing() -> Routing:
    """The shipped rules, read once per process (ingest routes every batch with them)."""
    return load_routing()


def route_new_reports(
    connection: Connection,
    new_reports: Iterable[tuple[str, str, str | None, Mapping[str, Any]]],
    routing: Routing | None = None,
) -> Counter[str]:
    """Label reports as they are stored: (id, channel, organisation, body) of each *new*
    report, in the caller's (the ingest's) transaction, so it commits or rolls back with them.

    Only the report itself is known at ingest (no detector signals yet): rules on categories
    match the report's own category field here, and ``kizashi guard route`` later routes what
    stayed unrouted once signals exist. Rules naming a desk that is not set up are skipped
    (the report stays unrouted, for the command centre): ingest must not fail for want of
    desks, while ``kizashi guard route`` reports that misconfiguration as an error.
    """
    chosen = routing or default_routing()
    known = set(connection.execute(select(desks.c.id)).scalars())
    usable = Routing(tuple(r for r in chosen.rules if r.desk in known), chosen.region_fields)
    counts: Counter[str] = Counter()
    labels: list[dict[str, Any]] = []
    now = datetime.now(UTC)
    for report_id, channel, organisation, body in new_reports:
        row = SimpleNamespace(channel=channel, organisation=organisation, body=body)
        rule = usable.route(report_facts(row, (), usable.region_fields))
        counts[rule.id if rule else "unrouted"] += 1
        if rule is not None:
            labels.append(
                {
                    "resource_type": "report",
                    "resource_id": report_id,
                    "desk_id": rule.desk,
                    "case_id": None,
                    "labelled_at": now,
                }
            )
    if labels:
        connection.execute(insert(material_labels), labels)  # one executemany
    return counts


def _check_desks(connection: Connection, routing: Routing) -> None:
    known = set(connection.execute(select(desks.c.id)).scalars())
    for rule in routing.rules:
        if rule.desk not in known:
            raise SchemaError(
                f"routing rule {rule.id}: unknown desk {rule.desk!r} (`kizashi users desks sync`)"
            )
