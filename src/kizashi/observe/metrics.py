"""The process's Prometheus metrics, recorded where only the code that acts can see them.

Requests and their latency are recorded by the app's middleware, guard decisions by the
guard, audit append latency by the audit log. Everything that lives in the store (pipeline
lag and throughput, ingest rows and quarantines, alerts opened) is read from the store at
scrape time instead (:mod:`kizashi.ops.store_metrics`), so that it counts the work of every
process, including `kizashi worker` processes and one-shot commands, and survives restarts.

Labels hold only names the code or the shipped data defines (route templates, stages,
channels, desks, categories, decision effects and actions): never a person, an id, a query
or a path as typed. The Prometheus client is imported, and metrics are created, only when an
app calls :func:`enable_metrics`; before that every recorder is a no-op, so one-shot commands
do not pay for it. With several server processes, set ``PROMETHEUS_MULTIPROC_DIR`` (``kizashi
serve --workers N`` does) before the metrics are created: each process then writes its
values to that directory and ``/metrics`` sums them.
"""

from __future__ import annotations

import time
from collections import Counter as Tally
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

# Request latencies from 5 ms to 30 s; audit commits from 0.5 ms to 5 s.
REQUEST_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
AUDIT_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0)


@dataclass(frozen=True)
class _Metrics:
    requests: Any
    request_seconds: Any
    decisions: Any
    audit_append_seconds: Any
    audit_entries: Any


_metrics: _Metrics | None = None


def enable_metrics() -> None:
    """Create the metrics (once per process); from now on the recorders record."""
    global _metrics
    if _metrics is not None:
        return
    from prometheus_client import Counter, Histogram

    _metrics = _Metrics(
        requests=Counter(
            "kizashi_http_requests",
            "HTTP requests answered, by method, route template and status code.",
            ("method", "route", "status"),
        ),
        request_seconds=Histogram(
            "kizashi_http_request_duration_seconds",
            "Time to answer an HTTP request, by method and route template.",
            ("method", "route"),
            buckets=REQUEST_BUCKETS,
        ),
        decisions=Counter(
            "kizashi_guard_decisions",
            "Decisions of the guard, by effect (allow, deny, ...) and action.",
            ("effect", "action"),
        ),
        audit_append_seconds=Histogram(
            "kizashi_audit_append_duration_seconds",
            "Time to commit one batch of audit entries (lock, write, commit).",
            buckets=AUDIT_BUCKETS,
        ),
        audit_entries=Counter(
            "kizashi_audit_entries_appended", "Audit entries committed by this process."
        ),
    )


def metrics_enabled() -> bool:
    return _metrics is not None


def observe_request(method: str, route: str, status: int, seconds: float) -> None:
    if _metrics is None:
        return
    _metrics.requests.labels(method, route, str(status)).inc()
    _metrics.request_seconds.labels(method, route).observe(seconds)


def record_decisions(action: str, effects: Iterable[str]) -> None:
    """Count a batch of decisions about `action` by their effects."""
    if _metrics is None:
        return
    for effect, count in Tally(effects).items():
        _metrics.decisions.labels(effect, action).inc(count)


@contextmanager
def audit_append_timer(entries: int) -> Iterator[None]:
    """Time one audit commit of `entries` entries (recorded only if it commits)."""
    if _metrics is None:
        yield
        return
    started = time.perf_counter()
    yield
    _metrics.audit_append_seconds.observe(time.perf_counter() - started)
    _metrics.audit_entries.inc(entries)
