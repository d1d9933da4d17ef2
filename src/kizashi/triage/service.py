"""``run_triage`` and ``triage_entities``: contributions, scores, alerts — idempotent.

1. (batch only, unless ``run_purchases=False``) the purchase rules run so firings match the
   current entities; the live pipeline runs them as a stage of their own, per buyer;
2. every signal becomes a contribution to its subject entities, weighed by type, grading
   and repeats (``scoring.weigh``), and stored (upserted, stale ones deleted);
3. each entity's risk is the sum of its contributions decayed to ``as_of``;
4. at or above the threshold — or whatever the sum when a contribution matches an urgent
   rule, or the entity's contributions a repeat rule (``urgent.py``: the same account's
   third recruitment lure in a month), or a routine rule (a threat to a named person,
   opened but announced to no one) — an alert opens (or the open one is updated), routed
   by rules.

``run_triage`` does this for every entity (a backfill); ``triage_entities`` for the entities
a new report touched, in the caller's transaction (the live pipeline's triage stage). Both
go through ``score_entities``, so they cannot disagree: the weights, damping and decay of an
entity depend only on its own contributions.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, text, update

from kizashi.guard.identity import sync_desks
from kizashi.ids import new_id
from kizashi.purchases import Watchlist, purchase_rules_for_entities, run_purchase_rules
from kizashi.store import transaction
from kizashi.store.pass_cache import desk_ids
from kizashi.store.rule_versions import record_rules
from kizashi.store.tables_resolve import entity_members
from kizashi.store.tables_triage import alerts, triage_runs
from kizashi.triage.carry import carry, fold, open_alerts_merged_into
from kizashi.triage.config import AlertRouting, RiskConfig, default_alert_routing, default_risk
from kizashi.triage.findings import finding_contributions
from kizashi.triage.gather import (
    contributing_reports,
    entity_addresses,
    entity_kinds,
    firing_contributions,
    mark_all,
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
    OPEN_STATES,
    evidence_fingerprint,
    latest_alerts,
    open_or_update,
    save_contributions,
)
from kizashi.triage.urgent import Counted, UrgentRules, default_urgent, in_force

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
    urgent: int = 0
    # Entities hot by a repeat rule (``repeated:`` of urgent.yaml), under the threshold or not.
    repeated: int = 0
    # Entities hot by a routine rule of urgent.yaml (a threat to a named person), not urgent.
    routine: int = 0
    top: list[dict[str, Any]] = field(default_factory=list)
    # (alert id, what happened: opened / updated, desk, urgent rule or None) — for the live
    # pipeline's notifications; not part of the summary's JSON.
    changed: list[tuple[str, str, str, str | None]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        out.pop("changed")
        out["as_of"] = self.as_of.isoformat()
        return out


def _counted(kind: str, n: int) -> str:
    """ "3 company approaches", "1 finding": a contribution kind counted in the summary (a
    kind ending in a sibilant takes -es: "company approachs" was shown before qa16)."""
    words = kind.replace("_", " ")
    if n > 1:
        words += "es" if words.endswith(("s", "x", "z", "ch", "sh")) else "s"
    return f"{n} {words}"


def _alert_values(
    entity_id: str,
    label: str,
    score: float,
    items: list[Contribution],
    decayed: dict[str, float],
    addresses: list[str],
    config: RiskConfig,
    routing: AlertRouting,
    as_of: datetime,
    rule_versions: list[str],
    repeated: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The alert row for one hot entity and its explanation; ``repeated``: what a repeat
    rule counted for it (:func:`repeat_of`), if one holds."""
    items = sorted(items, key=lambda c: (-decayed[c.source_ref], c.source_ref))
    top = items[0]
    pressing = urgent_of(items, as_of)
    routine = urgent_of(items, as_of, key="routine")
    protected = sorted({p for c in items for p in c.details.get("protected", [])})
    regions = tuple(sorted({r for r in map(region_of, addresses) if r}))
    categories = frozenset(c.category for c in items if c.category)
    facts = [c.details.get("facts") or {} for c in items if c.kind == "finding"]
    countries = frozenset(code for f in facts for code in f.get("countries", ()))
    chosen = route(
        routing, RouteInput(top.category, categories, bool(protected), regions, countries)
    )
    # Compartments of other desks that hold the subject (a finding's facts): deconfliction.
    held_elsewhere = any(d != chosen.desk for f in facts for d in f.get("held_by", ()))
    kinds = Counter(c.kind for c in items)
    rules = sorted(
        {c.details["rule"] for c in items if "rule" in c.details}
        | {f"text:{c.category}" for c in items if c.kind == "text_signal"}
        | {f"report:{c.kind}" for c in items if c.kind not in ("text_signal", "purchase_rule")}
        # (the desk's decisions on repeat-rule alerts are counted per rule: outcome_report)
        | ({f"repeat:{repeated['rule']}"} if repeated else set())
        # (and on alerts a routine rule opened, per rule too)
        | ({f"routine:{routine[1]['rule']}"} if routine else set())
    )
    what = ", ".join(_counted(kind, n) for kind, n in sorted(kinds.items()))
    summary = (
        f"{label}: risk {score:.1f} (threshold {config.alert_threshold:g}) from {what}; "
        f"heaviest: {top.summary}"
    )
    if held_elsewhere:
        # Deconfliction: the subject is in another desk's compartment. The alert says only
        # that; a lookup of the subject by this desk is what notifies that desk's lead.
        summary = f"held by another desk — contact them. {summary}"
    # (An urgent rule, when one holds too, is the reason it bypassed the threshold.)
    repeated_note: dict[str, Any] | None = None
    if repeated is not None:
        bypassed = score < config.alert_threshold and pressing is None
        counted = (
            f"{repeated['count']} {'/'.join(repeated['categories'])} signals in "
            f"{repeated['window_days']:g} days (at least {repeated['min_count']})"
        )
        repeated_note = {
            **repeated,
            "bypassed_threshold": bypassed,
            "explanation": (
                f"repeat rule {repeated['rule']}: {repeated['why']}; {counted}"
                + (
                    f" — opened whatever the risk ({score:.1f}, under the threshold of "
                    f"{config.alert_threshold:g})"
                    if bypassed
                    else ""
                )
            ),
        }
        prefix = f"REPEATED ({repeated['rule']}: {counted})"
        summary = f"{prefix} — {summary}"
    # A routine rule (a threat to a named person): opened whatever the risk, announced to
    # no one; an urgent or repeat rule that holds too is the reason the threshold was bypassed.
    routine_note: dict[str, Any] | None = None
    if routine is not None:
        item, match = routine
        bypassed = score < config.alert_threshold and pressing is None and repeated is None
        routine_note = {
            **match,
            "report_id": item.report_id,
            "source_ref": item.source_ref,
            "bypassed_threshold": bypassed,
            "explanation": (
                f"rule {match['rule']}: {match['why']}"
                + (
                    f" — opened whatever the risk ({score:.1f}, under the threshold of "
                    f"{config.alert_threshold:g})"
                    if bypassed
                    else ""
                )
            ),
        }
        summary = f"RULE ({match['rule']}: {match['why']}) — {summary}"
    urgent_note: dict[str, Any] | None = None
    if pressing is not None:
        item, match = pressing
        bypassed = score < config.alert_threshold
        urgent_note = {
            **match,
            "report_id": item.report_id,
            "source_ref": item.source_ref,
            "bypassed_threshold": bypassed,
            "explanation": (
                f"urgent rule {match['rule']}: {match['why']}"
                + (
                    f" — opened whatever the risk ({score:.1f}, under the threshold of "
                    f"{config.alert_threshold:g})"
                    if bypassed
                    else ""
                )
            ),
        }
        summary = f"URGENT ({match['rule']}: {match['why']}) — {summary}"
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
        "urgent": urgent_note["rule"] if urgent_note else None,
        "explanation": {
            "urgent": urgent_note,
            **({"repeated": repeated_note} if repeated_note else {}),
            **({"routine": routine_note} if routine_note else {}),
            "entity": {"id": entity_id, "label": label},
            "score": round(score, 4),
            "threshold": config.alert_threshold,
            "as_of": as_of.isoformat(),
            "config": config.label,
            # The versions of the thresholds, routing and urgent rules it was scored under,
            # then those of detect's rule files its text signals were scored under
            # (rule_versions; `kizashi oversight rules` shows them as they stood).
            "rule_versions": rule_versions
            + sorted(
                {v for c in items for v in c.details.get("rule_versions", ())} - set(rule_versions)
            ),
            "signal_kinds": dict(sorted(kinds.items())),
            "categories": sorted(categories),
            "rules": rules,
            "routing": {"rule": chosen.id, "desk": chosen.desk, "why": chosen.why},
            "regions": list(regions),
            "countries": sorted(countries),
            "held_elsewhere": held_elsewhere,
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


def _ensure_desks(connection: Connection, routes: AlertRouting) -> None:
    """Routing names desks of desks.yaml (checked at load); write them if the store lacks any."""
    known = desk_ids(connection)  # once a worker pass (kizashi.store.pass_cache)
    if any(rule.desk not in known for rule in routes.rules):
        sync_desks(connection)


def urgent_of(
    items: Collection[Contribution], as_of: datetime, key: str = "urgent"
) -> tuple[Contribution, dict[str, Any]] | None:
    """The newest contribution matching an urgent rule still in force at ``as_of``; with
    ``key="routine"``, a routine rule (kept apart by ``gather``, so never taken as urgent)."""
    found = [
        (c, c.details[key])
        for c in items
        if c.details.get(key) and in_force(c.details[key], c.observed_at, as_of)
    ]
    return max(found, key=lambda f: (f[0].observed_at, f[0].source_ref)) if found else None


def repeat_of(
    rules: UrgentRules, items: Collection[Contribution], as_of: datetime
) -> dict[str, Any] | None:
    """The first repeat rule (``repeated:`` of urgent.yaml) that holds for one entity's
    contributions at ``as_of``, with what it counted. It reads only the entity's own
    contributions, so the live worker (touched entities) and a backfill (every entity)
    agree; the count grows only when a signal arrives, which touches the entity."""
    if not rules.repeated:
        return None
    return rules.repeat_of(
        [Counted(c.source_ref, c.report_id, c.kind, c.category, c.observed_at) for c in items],
        as_of,
    )


def run_triage(
    engine: Engine,
    *,
    now: datetime,
    as_of: datetime | None = None,
    risk: RiskConfig | None = None,
    routing: AlertRouting | None = None,
    watchlist: Watchlist | None = None,
    urgent: UrgentRules | None = None,
    run_purchases: bool = True,
) -> TriageSummary:
    """Score every entity and open or update alerts; safe to re-run (see the module doc).

    ``run_purchases=False`` skips step 1 when the purchase rules have just run (the pipeline
    runs them as their own stage; ``kizashi triage --no-purchases``).
    """
    began = time.monotonic()
    as_of = as_of or now
    config = risk or default_risk()
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
        score_entities(
            connection,
            summary,
            None,
            now=now,
            risk=config,
            routing=routing,
            urgent=urgent,
        )
        # On the caller's clock: its `now` and the time the run took.
        finished = now + timedelta(seconds=time.monotonic() - began)
        connection.execute(
            update(triage_runs)
            .where(triage_runs.c.id == summary.run_id)
            .values(finished_at=finished, summary=summary.as_dict())
        )
    return summary


def triage_entities(
    connection: Connection,
    entity_ids: Collection[str],
    *,
    now: datetime,
    as_of: datetime | None = None,
    risk: RiskConfig | None = None,
    routing: AlertRouting | None = None,
    urgent: UrgentRules | None = None,
    fresh: Collection[str] = (),
) -> TriageSummary:
    """Re-score only ``entity_ids`` in the caller's transaction (the live pipeline's stage).
    ``fresh``: reports whose signals were written since their entity was last scored (the
    triage stage's own reports), read whatever the entity's mark says.

    The cost follows the entities' own reports, not the size of the store."""
    summary = TriageSummary(run_id="", as_of=as_of or now, purchases={})
    if entity_ids:
        score_entities(
            connection,
            summary,
            set(entity_ids),
            now=now,
            risk=risk,
            routing=routing,
            urgent=urgent,
            fresh=fresh,
        )
    return summary


def triage_reports(
    connection: Connection,
    report_ids: Collection[str],
    *,
    now: datetime,
    as_of: datetime | None = None,
    risk: RiskConfig | None = None,
    routing: AlertRouting | None = None,
    urgent: UrgentRules | None = None,
    also: Collection[str] = (),
    refire_also: bool = False,
) -> TriageSummary:
    """Re-score what new reports bear on, in the caller's transaction (the live pipeline's
    triage stage): the entities they are about (their subjects, whose risk they can change)
    and any entity they name that already has an alert (its routing follows the addresses of
    its reports). A retailer named on every purchase is neither, and is not re-scored.
    ``also``: entities to re-score besides (those linking the reports moved an earlier member
    into or out of: the resolve stage names them; an analyst's judgement re-grouped them);
    ``refire_also``: their purchase rules evaluated again first, so that a firing follows its
    purchases to the entity they are in now.

    On PostgreSQL the entities are locked first (:func:`lock_entities`): two workers' batches
    often reach the same entity (an account posting again), and both re-scoring it at once
    collided on its contributions and marks, failing a whole batch into report-by-report
    runs (seen in the seventeenth run's latency run: a failed triage batch every ~20 s)."""
    config = risk or default_risk()
    about = set().union(*subject_entities(connection, config, report_ids).values())
    named = {
        row.entity_id
        for row in connection.execute(
            select(entity_members.c.entity_id)
            .join(alerts, alerts.c.entity_id == entity_members.c.entity_id)
            .where(entity_members.c.report_id.in_(list(report_ids)))
            .distinct()
        )
    }
    lock_entities(connection, about | named | set(also))
    if refire_also and also:
        purchase_rules_for_entities(connection, also, now=now)
    return triage_entities(
        connection,
        about | named | set(also),
        now=now,
        as_of=as_of,
        risk=config,
        routing=routing,
        urgent=urgent,
        fresh=report_ids,
    )


def lock_entities(connection: Connection, entity_ids: Collection[str]) -> None:
    """PostgreSQL: one transaction-scoped advisory lock per entity, taken in one sorted pass
    (locks taken in one order cannot deadlock); the second worker to reach an entity waits
    for the first's commit and then reads what it wrote. SQLite serialises writers."""
    if connection.dialect.name != "postgresql" or not entity_ids:
        return
    connection.execute(
        text(
            "SELECT count(pg_advisory_xact_lock(hashtextextended(x, 0))) FROM "
            "(SELECT 'kizashi.triage:' || current_schema() || ':' || e AS x "
            "FROM unnest(CAST(:ids AS text[])) AS e ORDER BY 1) AS sorted_ids"
        ),
        {"ids": sorted(set(entity_ids))},
    )


def score_entities(
    connection: Connection,
    summary: TriageSummary,
    entity_ids: set[str] | None,
    *,
    now: datetime,
    risk: RiskConfig | None = None,
    routing: AlertRouting | None = None,
    urgent: UrgentRules | None = None,
    fresh: Collection[str] = (),
) -> None:
    """Steps 2-4 of the module doc for every entity (None) or for ``entity_ids``; ``fresh``:
    see :func:`triage_entities`."""
    config = risk or default_risk()
    routes = routing or default_alert_routing()
    rules = urgent or default_urgent()
    as_of = summary.as_of
    _ensure_desks(connection, routes)
    versions = record_rules(
        connection,
        [v for v in (config.rule_version, routes.rule_version, rules.rule_version) if v],
        now,
    )
    # Re-scoring a few entities reads only the reports that can contribute to them (the
    # contributions, and so the scores, are the same as a full run's).
    # (Marked so the next re-score of an entity reads its contributors and new members only.)
    report_ids = None if entity_ids is None else contributing_reports(connection, entity_ids, fresh)
    if entity_ids is None:
        mark_all(connection)
    subjects = subject_entities(connection, config, report_ids)
    if entity_ids is not None:
        subjects = {r: owners & entity_ids for r, owners in subjects.items() if owners & entity_ids}
    raw = [
        *text_contributions(connection, config, subjects, rules, report_ids),
        *firing_contributions(connection, config, entity_ids),
        *report_contributions(connection, config, subjects, rules, report_ids),
        *finding_contributions(connection, config, entity_ids),
    ]
    items = weigh(config, raw)
    counts, keys = save_contributions(connection, items, now, entity_ids)
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
    pressing = {e for e in scores if urgent_of(by_entity[e], as_of) is not None}
    routine = {e for e in scores if urgent_of(by_entity[e], as_of, key="routine") is not None}
    repeated = {
        e: found for e in scores if (found := repeat_of(rules, by_entity[e], as_of)) is not None
    }
    hot = [
        e
        for e, s in scores.items()
        if (s >= config.alert_threshold or e in pressing or e in repeated or e in routine)
        and kinds.get(e, ("", ""))[0] in config.alert_entity_kinds
    ]
    summary.above_threshold = sum(1 for e in hot if scores[e] >= config.alert_threshold)
    summary.urgent = sum(1 for e in hot if e in pressing)
    summary.repeated = sum(1 for e in hot if e in repeated)
    summary.routine = sum(1 for e in hot if e in routine)
    addresses = entity_addresses(connection, hot)
    previous = latest_alerts(connection, entity_ids)
    _gather_merged_alerts(connection, previous, set(scores), set(hot), now)
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
            versions,
            repeated.get(entity_id),
        )
        before = previous.get(entity_id)
        # What was folded in stays told on the survivor through every re-score.
        folded = _folded_record(before)
        if folded:
            values["explanation"]["folded"] = folded
        newest = max(keys[(entity_id, c.kind, c.source_ref)][1] for c in by_entity[entity_id])
        action, alert_id = open_or_update(
            connection, previous.get(entity_id), values, newest_evidence=newest, now=now
        )
        outcome[action] += 1
        if alert_id is not None and action in ("opened", "updated"):
            summary.changed.append((alert_id, action, str(values["desk_id"]), values["urgent"]))
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


def _folded_record(alert: Any | None) -> list[Any] | None:
    """What an open alert says was folded into it (kept through its re-scores)."""
    if alert is None or alert.status not in OPEN_STATES:
        return None
    folded = (alert.explanation or {}).get("folded")
    return list(folded) if folded else None


def _gather_merged_alerts(
    connection: Connection,
    previous: dict[str, Any],
    scored: set[str],
    hot: set[str],
    now: datetime,
) -> None:
    """One open alert per person (:mod:`kizashi.triage.carry`): open alerts of entities merged
    into a scored one are folded into its open alert; where it has none (or only a decided
    one, which stays as decided), the newest is carried to it if it is hot and the others
    are folded into that. ``previous`` is updated to the survivors' rows."""
    merged_in = open_alerts_merged_into(connection, scored)
    for survivor in sorted(merged_in):
        waiting = list(merged_in[survivor])  # oldest first
        current = previous.get(survivor)
        if current is None or current.status not in OPEN_STATES:
            if survivor not in hot:
                continue  # nothing to raise on it yet: the alerts stay where they are
            current = carry(connection, waiting.pop(), survivor, now)
        for other in waiting:
            current = fold(connection, current, other, now)
        previous[survivor] = current


def risk_ranking(
    connection: Connection, as_of: datetime, *, limit: int = 10
) -> list[dict[str, Any]]:
    """The riskiest entities from the stored contributions, decayed to ``as_of``."""
    from kizashi.store.tables_triage import risk_contributions
    from kizashi.triage.scoring import decay

    scores: dict[str, float] = defaultdict(float)
    query = select(
        risk_contributions.c.entity_id,
        risk_contributions.c.weight,
        risk_contributions.c.observed_at,
        risk_contributions.c.half_life_days,
    )
    for row in connection.execute(query):
        scores[row.entity_id] += decay(row.weight, row.observed_at, as_of, row.half_life_days)
    best = ranked(dict(scores))[:limit]
    kinds = entity_kinds(connection, [e for e, _ in best])
    return [
        {
            "entity_id": e,
            "label": kinds.get(e, ("", ""))[1],
            "kind": kinds.get(e, ("", ""))[0],
            "score": round(s, 2),
        }
        for e, s in best
    ]
