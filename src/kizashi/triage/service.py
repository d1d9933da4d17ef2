"""``run_triage``: purchase rules, contributions, scores, alerts — one idempotent pass.

1. the purchase rules run (``kizashi.purchases``) so firings match the current entities;
2. every signal becomes a contribution to its subject entities, weighed by type, grading
   and repeats (``scoring.weigh``), and stored (upserted, stale ones deleted);
3. each entity's risk is the sum of its contributions decayed to ``as_of``;
4. at or above the threshold an alert opens (or the open one is updated), routed by rules.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from kizashi.guard.identity_service import sync_desks
from kizashi.ids import new_id
from kizashi.purchases import Watchlist, run_purchase_rules
from kizashi.store import transaction
from kizashi.store.tables import desks
from kizashi.store.tables_triage import triage_runs
from kizashi.triage.config import RiskConfig, Routing, default_risk, default_routing
from kizashi.triage.gather import (
    entity_addresses,
    entity_kinds,
    firing_contributions,
    report_contributions,
    subject_entities,
    text_contributions,
)
from kizashi.triage.scoring import (
    Contribution,
    RouteInput,
    ranked,
    region_of,
    route,
    strictest,
    weigh,
)
from kizashi.triage.store import (
    evidence_fingerprint,
    latest_alerts,
    open_or_update,
    save_contributions,
)

TOP_CONTRIBUTIONS = 12


@dataclass
class TriageSummary:
    run_id: str
    as_of: datetime
    purchases: dict[str, Any]
    contributions: int = 0
    contributions_inserted: int = 0
    contributions_updated: int = 0
    contributions_deleted: int = 0
    entities_scored: int = 0
    above_threshold: int = 0
    alerts: dict[str, int] = field(default_factory=dict)
    top: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        out["as_of"] = self.as_of.isoformat()
        return out


def _alert_values(
    entity_id: str,
    label: str,
    score: float,
    items: list[Contribution],
    decayed: dict[str, float],
    addresses: list[str],
    config: RiskConfig,
    routing: Routing,
    as_of: datetime,
) -> dict[str, Any]:
    items = sorted(items, key=lambda c: (-decayed[c.source_ref], c.source_ref))
    top = items[0]
    protected = sorted({p for c in items for p in c.details.get("protected", [])})
    regions = tuple(sorted({r for r in map(region_of, addresses) if r}))
    categories = frozenset(c.category for c in items if c.category)
    chosen = route(routing, RouteInput(top.category, categories, bool(protected), regions))
    kinds = Counter(c.kind for c in items)
    rules = sorted(
        {c.details["rule"] for c in items if "rule" in c.details}
        | {f"text:{c.category}" for c in items if c.kind == "text_signal"}
        | {f"report:{c.kind}" for c in items if c.kind not in ("text_signal", "purchase_rule")}
    )
    what = ", ".join(
        f"{n} {kind.replace('_', ' ')}{'s' if n > 1 else ''}" for kind, n in sorted(kinds.items())
    )
    summary = (
        f"{label}: risk {score:.1f} (threshold {config.alert_threshold:g}) from {what}; "
        f"heaviest: {top.summary}"
    )
    return {
        "entity_id": entity_id,
        "desk_id": chosen.desk,
        "category": top.category,
        "score": round(score, 4),
        "routing_rule": chosen.id,
        "summary": summary[:2000],
        "handling_code": strictest(c.handling_code for c in items),
        "region": regions[0] if regions else None,
        "protected": protected,
        "explanation": {
            "entity": {"id": entity_id, "label": label},
            "score": round(score, 4),
            "threshold": config.alert_threshold,
            "as_of": as_of.isoformat(),
            "config": config.label,
            "signal_kinds": dict(sorted(kinds.items())),
            "categories": sorted(categories),
            "rules": rules,
            "routing": {"rule": chosen.id, "desk": chosen.desk, "why": chosen.why},
            "regions": list(regions),
            "protected": protected,
            "evidence_fingerprint": evidence_fingerprint([c.source_ref for c in items]),
            "contributions": [
                {
                    "kind": c.kind,
                    "category": c.category,
                    "source_ref": c.source_ref,
                    "report_id": c.report_id,
                    "observed_at": c.observed_at.isoformat(),
                    "weight": c.weight,
                    "decayed": round(decayed[c.source_ref], 4),
                    "summary": c.summary,
                }
                for c in items[:TOP_CONTRIBUTIONS]
            ],
            "more_contributions": max(0, len(items) - TOP_CONTRIBUTIONS),
        },
    }


def _ensure_desks(connection: Connection, routes: Routing) -> None:
    """Routing names desks of desks.yaml (checked at load); write them if the store lacks any."""
    known = set(connection.execute(select(desks.c.id)).scalars())
    if any(rule.desk not in known for rule in routes.rules):
        sync_desks(connection)


def run_triage(
    engine: Engine,
    *,
    as_of: datetime | None = None,
    now: datetime | None = None,
    risk: RiskConfig | None = None,
    routing: Routing | None = None,
    watchlist: Watchlist | None = None,
    run_purchases: bool = True,
) -> TriageSummary:
    """Score every entity and open or update alerts; safe to re-run (see the module doc).

    ``run_purchases=False`` skips step 1 when the purchase rules have just run.
    """
    now = now or datetime.now(UTC)
    as_of = as_of or now
    config = risk or default_risk()
    routes = routing or default_routing()
    purchases = run_purchase_rules(engine, watchlist=watchlist, now=now) if run_purchases else None
    summary = TriageSummary(
        run_id=new_id(), as_of=as_of, purchases=purchases.as_dict() if purchases else {}
    )
    with transaction(engine) as connection:
        connection.execute(
            insert(triage_runs).values(
                id=summary.run_id,
                started_at=now,
                as_of=as_of,
                config_version=config.label,
                summary={},
            )
        )
        _ensure_desks(connection, routes)
        subjects = subject_entities(connection, config)
        raw = [
            *text_contributions(connection, config, subjects),
            *firing_contributions(connection, config),
            *report_contributions(connection, config, subjects),
        ]
        items = weigh(config, raw)
        counts, keys = save_contributions(connection, items, now)
        summary.contributions = len(items)
        summary.contributions_inserted = counts.inserted
        summary.contributions_updated = counts.updated
        summary.contributions_deleted = counts.deleted
        by_entity: dict[str, list[Contribution]] = defaultdict(list)
        decayed: dict[str, dict[str, float]] = defaultdict(dict)
        for item in items:
            by_entity[item.entity_id].append(item)
            half_life = config.types[item.kind].half_life_days
            decayed[item.entity_id][item.source_ref] = item.decayed(as_of, half_life)
        scores = {entity: sum(values.values()) for entity, values in decayed.items()}
        summary.entities_scored = len(scores)
        kinds = entity_kinds(connection, scores)
        hot = [
            e
            for e, s in scores.items()
            if s >= config.alert_threshold
            and kinds.get(e, ("", ""))[0] in config.alert_entity_kinds
        ]
        summary.above_threshold = len(hot)
        addresses = entity_addresses(connection, hot)
        previous = latest_alerts(connection)
        outcome: Counter[str] = Counter()
        for entity_id in sorted(hot):
            label = kinds[entity_id][1]
            values = _alert_values(
                entity_id,
                label,
                scores[entity_id],
                by_entity[entity_id],
                decayed[entity_id],
                addresses.get(entity_id, []),
                config,
                routes,
                as_of,
            )
            newest = max(keys[(entity_id, c.kind, c.source_ref)][1] for c in by_entity[entity_id])
            outcome[
                open_or_update(
                    connection, previous.get(entity_id), values, newest_evidence=newest, now=now
                )
            ] += 1
        summary.alerts = dict(sorted(outcome.items()))
        summary.top = [
            {
                "entity_id": e,
                "label": kinds.get(e, ("", ""))[1],
                "kind": kinds.get(e, ("", ""))[0],
                "score": round(s, 2),
            }
            for e, s in ranked(scores)[:10]
        ]
        connection.execute(
            update(triage_runs)
            .where(triage_runs.c.id == summary.run_id)
            .values(finished_at=datetime.now(UTC), summary=summary.as_dict())
        )
    return summary
