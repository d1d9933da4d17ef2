"""Detection under an alert budget, and the evaluation behind `kizashi guard eval`.

`detect` runs the whole chain on access events: features, baselines, per-feature surprise,
need-to-know rules, then risk that builds up and decays, with the immediate lane for hard
violations the guard allowed and one ranked queue of at most `budget` alerts a day (5 a day
per 300 officers by default; :mod:`kizashi.insider.risk`).

`evaluate` scores a detection against any labelled log (:mod:`kizashi.insider.logfile`):
recall per scenario within 24 h of the insider's first malicious act, counting an alert only
when it is *for* the malicious act (it cites one of the labelled events); alert precision
(alerts that cite a malicious event of their officer, over all alerts); and ROC AUC and
average precision of the day's evidence over active user-days (positive: the day holds a
malicious event), beside the same for river's HalfSpaceTrees over the same baselines.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np

import kizashi.insider.baselines as baselines_mod
from kizashi.insider.alerts import Alert
from kizashi.insider.events import JST, AccessEvent, Directory
from kizashi.insider.features import FeatureTable, default_settings, extract
from kizashi.insider.logfile import InsiderTruth, LabelledLog
from kizashi.insider.risk import Feedback, build_queue
from kizashi.insider.rules import RuleHit, evaluate_rules, load_rules
from kizashi.insider.scorer import Scores, score
from kizashi.insider.sittings import sitting_hits

DETECTION_HOURS = 24.0


@dataclass
class Detection:
    alerts: list[Alert]
    budget: int
    table: FeatureTable
    baselines: baselines_mod.Baselines
    scores: Scores
    hits: list[RuleHit]
    evidence: np.ndarray[Any, np.dtype[np.float64]]
    risk: np.ndarray[Any, np.dtype[np.float64]]
    ranking: np.ndarray[Any, np.dtype[np.float64]]


def daily_budget(officers: int, per_300: float) -> int:
    return max(1, round(per_300 * officers / 300))


def detect(
    events: Sequence[AccessEvent],
    directory: Directory,
    start: date,
    days: int,
    *,
    settings: Mapping[str, Any] | None = None,
    budget_per_300: float | None = None,
    scorer: str | None = None,
    feedback: Feedback | None = None,
) -> Detection:
    cfg = settings or default_settings()
    table = extract(events, directory, start, days, cfg)
    excluded = feedback.excluded(table) if feedback else None
    base = baselines_mod.compute(table, directory, cfg, excluded)
    scores = score(table, base, cfg, scorer)
    hits = evaluate_rules(events, directory, load_rules(cfg))
    if cfg.get("probing"):
        starts = dict(zip(table.users, table.day_start, strict=True))
        hits += sitting_hits(events, directory, starts, cfg["probing"])
    officers = len(directory.officers) or len(table.users)
    per_300 = budget_per_300 or float(cfg["alerts"]["budget_per_300"])
    budget = daily_budget(officers, per_300)
    queue = build_queue(table, base, scores, hits, cfg, budget, feedback)
    return Detection(
        queue.alerts, budget, table, base, scores, hits, queue.evidence, queue.risk, queue.ranking
    )


@dataclass
class ScenarioResult:
    scenario: str
    name: str
    insiders: int = 0
    within_24h: int = 0
    ever: int = 0
    hours: list[float] = field(default_factory=list)


@dataclass
class LogReport:
    name: str
    budget: int
    alerts: int
    true_alerts: int
    immediate: int
    max_per_day: int
    scenarios: dict[str, ScenarioResult]
    false_by_confounder: Counter[str]
    auc: float
    ap: float
    reference_auc: float = float("nan")
    reference_ap: float = float("nan")
    user_days: int = 0
    positive_days: int = 0

    @property
    def precision(self) -> float:
        return self.true_alerts / self.alerts if self.alerts else float("nan")


def _for_the_act(alert: Alert, truth: InsiderTruth) -> bool:
    return alert.user == truth.user and bool(alert.cited_events() & truth.event_ids)


def _day_labels(log: LabelledLog, table: FeatureTable) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """[user, day]: the user-day holds a labelled malicious event."""
    bad = {i for truth in log.insiders for i in truth.event_ids}
    row = {u: i for i, u in enumerate(table.users)}
    labels = np.zeros(table.active.shape, dtype=bool)
    for event in log.events:
        if event.event_id in bad and event.user in row:
            u = row[event.user]
            local = event.time.astimezone(JST) - timedelta(hours=table.day_start[u])
            d = (local.date() - table.start).days
            if 0 <= d < table.days:
                labels[u, d] = True
    return labels


def _ranking(
    scores: np.ndarray[Any, np.dtype[np.float64]],
    labels: np.ndarray[Any, np.dtype[np.bool_]],
    active: np.ndarray[Any, np.dtype[np.bool_]],
) -> tuple[float, float]:
    from sklearn.metrics import (  # type: ignore[import-untyped]  # no type information
        average_precision_score,
        roc_auc_score,
    )

    y, x = labels[active], scores[active]
    if y.all() or not y.any():
        return float("nan"), float("nan")
    return float(roc_auc_score(y, x)), float(average_precision_score(y, x))


def evaluate_log(
    log: LabelledLog, detection: Detection, reference: Scores | None = None
) -> LogReport:
    """Score `detection` against the log's labels (see the module docstring)."""
    scenarios: dict[str, ScenarioResult] = {}
    for truth in log.insiders:
        result = scenarios.setdefault(truth.scenario, ScenarioResult(truth.scenario, truth.name))
        result.insiders += 1
        hits = [
            a.time for a in detection.alerts if _for_the_act(a, truth) and a.time >= truth.first_act
        ]
        if hits:
            hours = (min(hits) - truth.first_act).total_seconds() / 3600
            result.ever += 1
            result.hours.append(hours)
            result.within_24h += hours <= DETECTION_HOURS
    true_alerts = 0
    kinds: Counter[str] = Counter()
    for alert in detection.alerts:
        if any(_for_the_act(alert, t) for t in log.insiders):
            true_alerts += 1
        else:
            kinds.update(log.confounders.get((alert.user, alert.day), {"none"}))
    labels = _day_labels(log, detection.table)
    active = detection.table.active
    auc, ap = _ranking(detection.ranking, labels, active)
    ref_auc, ref_ap = _ranking(reference.score, labels, active) if reference else (np.nan,) * 2
    per_day = Counter(a.day for a in detection.alerts if a.lane == "queue")
    return LogReport(
        log.name,
        detection.budget,
        len(detection.alerts),
        true_alerts,
        sum(a.lane == "immediate" for a in detection.alerts),
        max(per_day.values(), default=0),
        scenarios,
        kinds,
        auc,
        ap,
        float(ref_auc),
        float(ref_ap),
        int(active.sum()),
        int(labels[active].sum()),
    )


def run_log(
    log: LabelledLog,
    budget_per_300: float | None = None,
    scorer: str | None = None,
    settings: Mapping[str, Any] | None = None,
    reference: bool = True,
) -> LogReport:
    """Detect on a labelled log and score it (with the HalfSpaceTrees reference if asked)."""
    detection = detect(
        log.events,
        log.directory,
        log.start,
        log.days,
        budget_per_300=budget_per_300,
        scorer=scorer,
        settings=settings,
    )
    ref = score(detection.table, detection.baselines, settings, "hst") if reference else None
    return evaluate_log(log, detection, ref)


def synth_log(seed: int) -> LabelledLog:
    """The project's own generator's log of `seed`, as a labelled log."""
    from kizashi.insider.logfile import InsiderTruth, scenario_code
    from kizashi.insider.synth import generate

    made = generate(seed)
    log = LabelledLog(f"synth seed {seed}", made.start, made.days, made.directory, made.events)
    log.insiders = [
        InsiderTruth(i.user, scenario_code(i.scenario), i.name, i.first_act, i.event_ids)
        for i in made.insiders
    ]
    for c in made.confounders:
        log.confounders.setdefault((c.user, c.day.isoformat()), set()).add(c.kind)
    return log


def run_seed(
    seed: int, budget_per_300: float | None = None, scorer: str | None = None
) -> LogReport:
    return run_log(synth_log(seed), budget_per_300, scorer)


def run_eval(
    seeds: Sequence[int],
    budget_per_300: float | None = None,
    scorer: str | None = None,
    jobs: int = 1,
) -> list[LogReport]:
    """One report per seed of the project's generator; `jobs` > 1 runs seeds in parallel."""
    if jobs <= 1 or len(seeds) == 1:
        return [run_seed(s, budget_per_300, scorer) for s in seeds]
    from concurrent.futures import ProcessPoolExecutor

    n = len(seeds)
    with ProcessPoolExecutor(min(jobs, n)) as pool:
        return list(pool.map(run_seed, seeds, [budget_per_300] * n, [scorer] * n))


def format_table(reports: Sequence[LogReport]) -> str:
    merged: dict[str, ScenarioResult] = {}
    for report in reports:
        for k, r in report.scenarios.items():
            m = merged.setdefault(k, ScenarioResult(k, r.name))
            m.insiders += r.insiders
            m.within_24h += r.within_24h
            m.ever += r.ever
            m.hours += r.hours
    lines = [
        f"logs: {', '.join(r.name for r in reports)}; budget {reports[0].budget} alerts a day; "
        f"a detection is an alert citing a malicious event within {DETECTION_HOURS:g} h of "
        "the first act",
        "",
        "| scenario | name | insiders | recall ≤24 h | recall ever | median TTD h | max TTD h |",
        "|---|---|---|---|---|---|---|",
    ]
    for k in sorted(merged):
        m = merged[k]
        med = f"{statistics.median(m.hours):.1f}" if m.hours else "-"
        worst = f"{max(m.hours):.1f}" if m.hours else "-"
        lines.append(
            f"| {k} | {m.name} | {m.insiders} | {m.within_24h}/{m.insiders} | "
            f"{m.ever}/{m.insiders} | {med} | {worst} |"
        )
    core = [m for k, m in merged.items() if k in ("S1", "S2", "S3", "S4", "S5")]
    lines += [
        "",
        f"S1–S5 within 24 h: {sum(m.within_24h for m in core)}/{sum(m.insiders for m in core)}",
        "",
        "| log | alerts | immediate | max/day | precision | user-day AUC | AP | HST AUC | HST AP "
        "| false alerts by confounder |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for rep in reports:
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(rep.false_by_confounder.items()))
        lines.append(
            f"| {rep.name} | {rep.alerts} | {rep.immediate} | {rep.max_per_day} | "
            f"{rep.precision:.2f} | {rep.auc:.3f} | {rep.ap:.3f} | {rep.reference_auc:.3f} | "
            f"{rep.reference_ap:.3f} | {kinds} |"
        )
    alerts = sum(r.alerts for r in reports)
    true = sum(r.true_alerts for r in reports)
    lines += ["", f"alert precision over all logs: {true}/{alerts} = {true / max(alerts, 1):.2f}"]
    return "\n".join(lines)
