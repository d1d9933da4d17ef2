"""Detection under an alert budget, and the evaluation harness behind `kizashi guard eval`.

`detect` runs the whole chain on access events: features, baselines, anomaly scores and
need-to-know rules, then raises at most `budget` alerts a day (5 a day per 300 officers by
default). Rule alerts are raised at the time of the event that fired them and go first;
anomaly alerts are raised at the end of the user-day (see `day_start_hour`) in score order.
`evaluate_log` measures, against the generator's labels, recall per scenario within 24 h of
the insider's first malicious act, the time to detection, and false alerts by confounder.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

import numpy as np

from kizashi.guard.insider import baselines as baselines_mod
from kizashi.guard.insider.alerts import Alert, FeatureExplanation
from kizashi.guard.insider.events import JST, AccessEvent, Directory
from kizashi.guard.insider.features import FEATURES, FeatureTable, default_settings, extract
from kizashi.guard.insider.rules import RuleHit, evaluate_rules, load_rules
from kizashi.guard.insider.scorer import score
from kizashi.guard.insider.synth import SynthLog, generate

DETECTION_HOURS = 24.0


@dataclass
class Detection:
    alerts: list[Alert]
    budget: int
    table: FeatureTable
    baselines: baselines_mod.Baselines
    scores: np.ndarray[Any, np.dtype[np.float64]]
    hits: list[RuleHit]


def daily_budget(officers: int, per_300: float) -> int:
    return max(1, round(per_300 * officers / 300))


def explain(
    table: FeatureTable, base: baselines_mod.Baselines, u: int, d: int, limit: int, events: int
) -> tuple[FeatureExplanation, ...]:
    """The features of a user-day that stand out most, strongest first (z above 1 only)."""
    order = np.argsort(-base.z[u, d], kind="stable")[:limit]
    return tuple(
        FeatureExplanation(
            FEATURES[f],
            float(table.values[u, d, f]),
            round(float(base.own_mean[u, d, f]), 3),
            round(float(base.own_z[u, d, f]), 2),
            round(float(base.peer_mean[u, d, f]), 3),
            round(float(base.peer_z[u, d, f]), 2),
            tuple(table.evidence.get((u, d, int(f)), [])[:events]),
        )
        for f in order
        if base.z[u, d, f] > 1.0
    )


def detect(
    events: Sequence[AccessEvent],
    directory: Directory,
    start: date,
    days: int,
    *,
    settings: Mapping[str, Any] | None = None,
    budget_per_300: float | None = None,
    scorer: str | None = None,
) -> Detection:
    cfg = settings or default_settings()
    acfg = cfg["alerts"]
    table = extract(events, directory, start, days, cfg)
    base = baselines_mod.compute(table, directory, cfg)
    scores = score(table, base, cfg, scorer)
    hits = evaluate_rules(events, directory, load_rules(cfg))
    budget = daily_budget(len(table.users), budget_per_300 or float(acfg["budget_per_300"]))
    row = {u: i for i, u in enumerate(table.users)}
    by_day: dict[tuple[int, int], list[RuleHit]] = {}
    for hit in hits:
        if hit.user not in row:
            continue
        shifted = hit.time.astimezone(JST) - timedelta(hours=table.day_start[row[hit.user]])
        d = (shifted.date() - start).days
        if 0 <= d < days:
            by_day.setdefault((row[hit.user], d), []).append(hit)
    warmup = int(cfg["baselines"]["min_history_days"])
    # Evaluation spends the whole budget; a live run (`live:` in the settings) raises an
    # anomaly alert only when some feature stands out this far, and every rule hit.
    min_top_z = float(acfg.get("min_top_z", 0.0))
    unbudgeted_rules = bool(acfg.get("rules_unbudgeted", False))
    cooldown = int(acfg["cooldown_days"])
    last_alert: dict[int, tuple[int, float]] = {}  # user -> (day, score) of their last alert
    alerts: list[Alert] = []
    for d in range(days):
        ruled = sorted((u for (u, dd) in by_day if dd == d), key=lambda u: -scores[u, d])
        ruled.sort(key=lambda u: by_day[(u, d)][0].time)  # first fired, first raised
        ranked = [int(u) for u in np.argsort(-scores[:, d], kind="stable")] if d >= warmup else []
        chosen: list[int] = []
        for u in ruled + ranked:
            if u in chosen:
                continue
            if len(chosen) >= budget and not (unbudgeted_rules and (u, d) in by_day):
                break
            if (u, d) not in by_day:
                if float(base.z[u, d].max(initial=0.0)) < min_top_z:
                    continue
                # Recently alerted users come back only when today is worse than then.
                day, was = last_alert.get(u, (-cooldown - 1, 0.0))
                recent = d - day <= cooldown and scores[u, d] <= was
                if recent or scores[u, d] <= float(acfg["min_score"]):
                    continue
            chosen.append(u)
        midnight = datetime.combine(table.day(d) + timedelta(days=1), time(0), JST)
        for u in chosen:
            rule_hits = tuple(by_day.get((u, d), ()))
            day_end = midnight + timedelta(hours=table.day_start[u])
            when = min(h.time for h in rule_hits) if rule_hits else day_end
            last_alert[u] = (d, float(scores[u, d]))
            alerts.append(
                Alert(
                    alert_id=f"IA-{table.day(d).isoformat()}-{table.users[u]}",
                    user=table.users[u],
                    day=table.day(d).isoformat(),
                    time=when,
                    score=round(float(scores[u, d]), 4),
                    peer_group=base.groups[u],
                    features=explain(
                        table,
                        base,
                        u,
                        d,
                        int(acfg["explain_features"]),
                        int(acfg["explain_events"]),
                    ),
                    rules=rule_hits[: int(acfg["explain_events"])],
                )
            )
    return Detection(alerts, budget, table, base, scores, hits)


@dataclass
class ScenarioResult:
    scenario: int
    name: str
    insiders: int = 0
    within_24h: int = 0
    ever: int = 0
    hours: list[float] = field(default_factory=list)


@dataclass
class SeedReport:
    seed: int
    budget: int
    alerts: int
    max_per_day: int
    false_alerts: int
    confounder_false: Counter[str]
    scenarios: dict[int, ScenarioResult]


def evaluate_log(log: SynthLog, detection: Detection) -> SeedReport:
    per_day = Counter(a.day for a in detection.alerts)
    scenarios: dict[int, ScenarioResult] = {}
    insider_first = {i.user: i.first_act for i in log.insiders}
    for label in log.insiders:
        result = scenarios.setdefault(label.scenario, ScenarioResult(label.scenario, label.name))
        result.insiders += 1
        after = [
            a.time for a in detection.alerts if a.user == label.user and a.time >= label.first_act
        ]
        if after:
            hours = (min(after) - label.first_act).total_seconds() / 3600
            result.ever += 1
            result.hours.append(hours)
            result.within_24h += hours <= DETECTION_HOURS
    confounded: dict[tuple[str, str], set[str]] = {}
    for c in log.confounders:
        confounded.setdefault((c.user, c.day.isoformat()), set()).add(c.kind)
    false = [
        a for a in detection.alerts if a.user not in insider_first or a.time < insider_first[a.user]
    ]
    kinds: Counter[str] = Counter()
    for a in false:
        kinds.update(confounded.get((a.user, a.day), {"none"}))
    return SeedReport(
        log.seed,
        detection.budget,
        len(detection.alerts),
        max(per_day.values(), default=0),
        len(false),
        kinds,
        scenarios,
    )


def run_seed(seed: int, budget_per_300: float, scorer: str | None = None) -> SeedReport:
    log = generate(seed)
    detection = detect(
        log.events, log.directory, log.start, log.days, budget_per_300=budget_per_300, scorer=scorer
    )
    return evaluate_log(log, detection)


def run_eval(
    seeds: Sequence[int], budget_per_300: float, scorer: str | None = None, jobs: int = 1
) -> list[SeedReport]:
    """One report per seed; `jobs` > 1 runs seeds in parallel processes."""
    if jobs <= 1 or len(seeds) == 1:
        return [run_seed(s, budget_per_300, scorer) for s in seeds]
    from concurrent.futures import ProcessPoolExecutor

    n = len(seeds)
    with ProcessPoolExecutor(min(jobs, n)) as pool:
        return list(pool.map(run_seed, seeds, [budget_per_300] * n, [scorer] * n))


def format_table(reports: list[SeedReport]) -> str:
    merged: dict[int, ScenarioResult] = {}
    for report in reports:
        for k, r in report.scenarios.items():
            m = merged.setdefault(k, ScenarioResult(k, r.name))
            m.insiders += r.insiders
            m.within_24h += r.within_24h
            m.ever += r.ever
            m.hours += r.hours
    lines = [
        f"seeds {', '.join(str(r.seed) for r in reports)}; budget {reports[0].budget} alerts "
        f"a day; recall counts an insider flagged within {DETECTION_HOURS:g} h of the first act",
        "",
        "| # | scenario | insiders | recall ≤24 h | recall ever | median TTD h | max TTD h |",
        "|---|---|---|---|---|---|---|",
    ]
    for k in sorted(merged):
        m = merged[k]
        med = f"{statistics.median(m.hours):.1f}" if m.hours else "-"
        worst = f"{max(m.hours):.1f}" if m.hours else "-"
        lines.append(
            f"| {k} | {m.name} | {m.insiders} | {m.within_24h}/{m.insiders} "
            f"({m.within_24h / m.insiders:.0%}) | {m.ever}/{m.insiders} | {med} | {worst} |"
        )
    lines += [
        "",
        "| seed | alerts | max/day | false alerts | false alerts by confounder |",
        "|---|---|---|---|---|",
    ]
    for rep in reports:
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(rep.confounder_false.items()))
        lines.append(
            f"| {rep.seed} | {rep.alerts} | {rep.max_per_day} | {rep.false_alerts} | {kinds} |"
        )
    return "\n".join(lines)
