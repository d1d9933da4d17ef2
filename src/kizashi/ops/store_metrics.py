"""Metrics read from the store at scrape time: the work of every process, kept across restarts.

Pipeline lag and throughput per stage come from the pipeline room's own ``status`` (the
lag it shows ``kizashi pipeline status`` and the web's pipeline page); a report has passed a
stage once it is done or waits at a later one, so ``rate(kizashi_pipeline_reports_passed_total
[5m])`` is a stage's throughput. Ingest rows by outcome come from the intake runs, alerts
opened by desk and category from the alerts. Labels are channel ids, stage names, desk ids
and categories — names the shipped data defines, never a person or an id.

These are counts over whole tables (grouped by an indexed column or a small table), read
once per scrape; scrape every 15 s or slower.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Engine, func, select

from kizashi.clock import Clock
from kizashi.store import alerts, ingest_runs

OUTCOMES = ("stored", "duplicate", "conflicting", "quarantined")


class StoreCollector:
    """A Prometheus collector over the store of `engine`."""

    def __init__(self, engine: Engine, clock: Clock) -> None:
        self.engine = engine
        self.clock = clock

    def describe(self) -> list[Any]:
        return []  # computed at each scrape; nothing to check at registration

    def collect(self) -> Iterator[Any]:
        yield from self._pipeline()
        with self.engine.connect() as connection:
            yield self._ingest(connection)
            yield self._alerts(connection)

    def _pipeline(self) -> Iterator[Any]:
        from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

        from kizashi.pipeline import status

        current = status(self.engine, self.clock)
        stages = current["stages"]
        waiting = GaugeMetricFamily(
            "kizashi_pipeline_waiting_reports",
            "Reports waiting at a stage or before it.",
            labels=["stage"],
        )
        oldest = GaugeMetricFamily(
            "kizashi_pipeline_oldest_waiting_seconds",
            "How long the oldest report waiting at a stage or before it has waited (0: none).",
            labels=["stage"],
        )
        failed = GaugeMetricFamily(
            "kizashi_pipeline_dead_letters",
            "Reports parked as dead letters at a stage.",
            labels=["stage"],
        )
        passed = CounterMetricFamily(
            "kizashi_pipeline_reports_passed",
            "Reports that have gone through a stage (done, or waiting at a later stage).",
            labels=["stage"],
        )
        pending_all = stages[-1]["waiting"] if stages else 0
        parked_after = 0
        for stage in reversed(stages):
            # Past this stage: done, pending at a later stage, or parked at a later stage.
            passed.add_metric(
                [stage["stage"]], current["done"] + pending_all - stage["waiting"] + parked_after
            )
            parked_after += stage["failed"]
        for stage in stages:
            name = [stage["stage"]]
            waiting.add_metric(name, stage["waiting"])
            oldest.add_metric(name, stage["oldest_waiting_seconds"] or 0.0)
            failed.add_metric(name, stage["failed"])
        yield from (waiting, oldest, failed, passed)

    def _ingest(self, connection: Any) -> Any:
        from prometheus_client.core import CounterMetricFamily

        rows = CounterMetricFamily(
            "kizashi_ingest_rows",
            "Rows read by intake, by channel and outcome (stored, duplicate, conflicting, quarantined).",
            labels=["channel", "outcome"],
        )
        query = select(
            ingest_runs.c.channel,
            func.sum(ingest_runs.c.rows_stored),
            func.sum(ingest_runs.c.rows_duplicate),
            func.sum(ingest_runs.c.rows_conflicting),
            func.sum(ingest_runs.c.rows_quarantined),
        ).group_by(ingest_runs.c.channel)
        for channel, *counts in connection.execute(query):
            for outcome, count in zip(OUTCOMES, counts, strict=True):
                rows.add_metric([channel, outcome], int(count or 0))
        return rows

    def _alerts(self, connection: Any) -> Any:
        from prometheus_client.core import CounterMetricFamily

        opened = CounterMetricFamily(
            "kizashi_alerts_opened",
            "Alerts opened, by desk and category.",
            labels=["desk", "category"],
        )
        query = select(alerts.c.desk_id, alerts.c.category, func.count()).group_by(
            alerts.c.desk_id, alerts.c.category
        )
        for desk, category, count in connection.execute(query):
            opened.add_metric([desk, category or "none"], int(count))
        return opened
