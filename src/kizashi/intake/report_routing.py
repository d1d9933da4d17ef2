"""Desk routing of reports by rules kept as data (``report_routing.yaml``).

Until a report is routed it is "unrouted": only the command centre reads it (plus open
TLP:CLEAR/GREEN material). Routing writes a material label (desk, no case) for each report
the first matching rule claims, so that need-to-know applies to it. Reports that already
carry a label are never relabelled here: a desk's or a case's own labelling wins.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any, NamedTuple

import yaml
from sqlalchemy import Connection, Engine, select

from kizashi.datafiles import safe_yaml
from kizashi.errors import SchemaError
from kizashi.guard.identity import label_material
from kizashi.store.pass_cache import desk_ids, report_heads
from kizashi.store.payloads import open_bodies
from kizashi.store.tables import desks, material_labels, reports
from kizashi.store.tables_signals import signals

REPORT_ROUTING_FILE = Path(__file__).parent / "report_routing.yaml"
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
class ReportRouting:
    rules: tuple[RouteRule, ...]
    region_fields: tuple[str, ...]

    def route(self, facts: Mapping[str, Any]) -> RouteRule | None:
        return next((rule for rule in self.rules if rule.matches(facts)), None)


def load_report_routing(path: Path = REPORT_ROUTING_FILE) -> ReportRouting:
    """The routing rules; SchemaError names the file, the rule and the problem."""
    try:
        data = safe_yaml(path.read_text("utf-8"))
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
    return ReportRouting(tuple(rules), tuple(data.get("region_fields") or ()))


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


class _Routed(NamedTuple):
    id: str
    channel: str
    organisation: str | None
    body: dict[str, Any]


def _with_bodies(connection: Connection, rows: Sequence[Any]) -> list[_Routed]:
    """Rows (id, channel, organisation) with their bodies opened; a report that can no
    longer be read (expired) is left out."""
    bodies = open_bodies(connection, [r.id for r in rows])
    return [_Routed(r.id, r.channel, r.organisation, bodies[r.id]) for r in rows if r.id in bodies]


def route_reports(
    engine: Engine,
    routing: ReportRouting | None = None,
    *,
    now: datetime,
    dry_run: bool = False,
    chunk: int = 2000,
) -> Counter[str]:
    """Label every unrouted report a rule claims; counts per rule id (and 'unrouted')."""
    chosen = routing or load_report_routing()
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
            page = connection.execute(
                select(reports.c.id, reports.c.channel, reports.c.organisation)
                .where(reports.c.id > after)
                .order_by(reports.c.id)
                .limit(chunk)
            ).all()
            if not page:
                break
            for row in _with_bodies(connection, page):
                if row.id in labelled:
                    continue
                facts = report_facts(row, flagged.get(row.id, ()), chosen.region_fields)
                rule = chosen.route(facts)
                counts[rule.id if rule else "unrouted"] += 1
                if rule is not None and not dry_run:
                    label_material(connection, "report", row.id, desk=rule.desk, now=now)
            after = page[-1].id
    return counts


@lru_cache(maxsize=1)
def default_report_routing() -> ReportRouting:
    """The shipped rules, read once per process (ingest routes every batch with them)."""
    return load_report_routing()


def route_new_reports(
    connection: Connection,
    new_reports: Iterable[tuple[str, str, str | None, Mapping[str, Any]]],
    routing: ReportRouting | None = None,
    *,
    now: datetime,
) -> Counter[str]:
    """Label reports as they are stored: (id, channel, organisation, body) of each *new*
    report, in the caller's (the ingest's) transaction, so it commits or rolls back with them.

    Only the report itself is known at ingest (no detector signals yet): rules on categories
    match the report's own category field here, and ``kizashi guard route`` later routes what
    stayed unrouted once signals exist. Rules naming a desk that is not set up are skipped
    (the report stays unrouted, for the command centre): ingest must not fail for want of
    desks, while ``kizashi guard route`` reports that misconfiguration as an error.
    """
    chosen = routing or default_report_routing()
    counts: Counter[str] = Counter()
    labels: list[tuple[str, str]] = []  # (report id, desk)
    known: set[str] | None = None  # the desks set up, read once the first rule could match
    # Rules that can match a (channel, organisation) at all, worked out once per pair: most
    # rows of a batch share both, and most channels have no rule (nothing to compute then).
    candidates: dict[tuple[str, str | None], tuple[ReportRouting, RouteRule | None]] = {}
    for report_id, channel, organisation, body in new_reports:
        found = candidates.get((channel, organisation))
        if found is None:
            rules = tuple(r for r in chosen.rules if _may_match(r, channel, organisation))
            if rules and known is None:  # most channels have no rule: no read of the desks
                known = set(desk_ids(connection))
            possible = ReportRouting(
                tuple(r for r in rules if known is not None and r.desk in known),
                chosen.region_fields,
            )
            # A first rule that names only a channel and an organisation matches every report
            # of this pair (_may_match checked both as RouteRule.matches does): no facts to
            # work out per report (a purchase's ROUTE-PRECURSOR, every row of a file).
            first = possible.rules[0] if possible.rules else None
            always = first if first and set(first.conditions) <= _PAIR_CONDITIONS else None
            found = candidates[(channel, organisation)] = (possible, always)
        possible, rule = found
        if not possible.rules:
            counts["unrouted"] += 1
            continue
        if rule is None:
            row = SimpleNamespace(channel=channel, organisation=organisation, body=body)
            rule = possible.route(report_facts(row, (), possible.region_fields))
        counts[rule.id if rule else "unrouted"] += 1
        if rule is not None:
            labels.append((report_id, rule.desk))
    if labels:
        _insert_labels(connection, labels, now)
    return counts


_LABELS = "INSERT INTO material_labels (resource_type, resource_id, desk_id, case_id, labelled_at)"


def _insert_labels(connection: Connection, labels: list[tuple[str, str]], now: datetime) -> None:
    """One executemany of the batch's labels straight through the driver (a file of purchases
    is a label a row): SQLAlchemy's executemany of dicts processed every row's parameters,
    ≈ 5 µs a row, for the same rows. The time is written as SQLAlchemy writes a UTCDateTime:
    SQLite's text form (kizashi.intake.bulk.sqlite_timestamp), PostgreSQL's in UTC."""
    from kizashi.intake.bulk import sqlite_timestamp

    if now.tzinfo is None:  # as UTCDateTime refuses it
        raise ValueError(f"timestamps must be timezone-aware, got {now!r}")
    driver: Any = connection.connection.driver_connection
    utc = now.astimezone(UTC)
    cursor = driver.cursor()
    try:
        if connection.dialect.name == "sqlite":
            at: Any = sqlite_timestamp(utc)
            sql = f"{_LABELS} VALUES ('report', ?, ?, NULL, ?)"
        else:
            at, sql = utc, f"{_LABELS} VALUES ('report', %s, %s, NULL, %s)"
        cursor.executemany(sql, [(report_id, desk, at) for report_id, desk in labels])
    finally:
        cursor.close()


_PAIR_CONDITIONS = frozenset(("channel", "organisation"))


def _may_match(rule: RouteRule, channel: str, organisation: str | None) -> bool:
    channels = rule.conditions.get("channel")
    organisations = rule.conditions.get("organisation")
    return (channels is None or channel in channels) and (
        organisations is None or organisation in organisations
    )


def route_scored_reports(
    connection: Connection,
    report_ids: Iterable[str],
    routing: ReportRouting | None = None,
    *,
    now: datetime,
) -> Counter[str]:
    """Route reports that stayed unrouted at ingest, now that their signals exist (the live
    pipeline's routing stage, in its transaction): what ``route_reports`` does for the whole
    store, for these reports only. Labelled reports are left as they are."""
    chosen = routing or default_report_routing()
    ids = sorted(set(report_ids))
    counts: Counter[str] = Counter()
    if not ids:
        return counts
    known = desk_ids(connection)  # once a worker pass (kizashi.store.pass_cache)
    usable = ReportRouting(tuple(r for r in chosen.rules if r.desk in known), chosen.region_fields)
    labelled = set(
        connection.execute(
            select(material_labels.c.resource_id).where(
                material_labels.c.resource_type == "report",
                material_labels.c.resource_id.in_(ids),
            )
        ).scalars()
    )
    flagged: dict[str, set[str]] = {}
    for report_id, category in connection.execute(
        select(signals.c.report_id, signals.c.category).where(
            signals.c.flagged.is_(True), signals.c.report_id.in_(ids)
        )
    ):
        flagged.setdefault(report_id, set()).add(category)
    heads = report_heads(connection, [i for i in ids if i not in labelled])  # kept a pass
    rows = _with_bodies(connection, list(heads.values()))
    for row in rows:
        rule = usable.route(report_facts(row, flagged.get(row.id, ()), usable.region_fields))
        counts[rule.id if rule else "unrouted"] += 1
        if rule is not None:
            label_material(connection, "report", row.id, desk=rule.desk, now=now)
    return counts


def _check_desks(connection: Connection, routing: ReportRouting) -> None:
    known = set(connection.execute(select(desks.c.id)).scalars())
    for rule in routing.rules:
        if rule.desk not in known:
            raise SchemaError(
                f"routing rule {rule.id}: unknown desk {rule.desk!r} (`kizashi users desks sync`)"
            )
