"""observe: what a running kizashi tells its operators — metrics and structured logs.

Ground floor: it names no room. Rooms record what only they see (the guard its decisions,
the audit log its append latency) through :mod:`kizashi.observe.metrics`, which does nothing
until an app enables it (``kizashi serve``, ``kizashi worker``), so a one-shot command never
loads the Prometheus client. :mod:`kizashi.observe.logs` writes one JSON object per line
with the request id of the request being served, and keeps personal data out of log lines.
The HTTP side (``/metrics``, ``/healthz``, ``/readyz``, the request middleware) is the app's,
in :mod:`kizashi.ops`.
"""

from kizashi.observe.logs import (
    JsonFormatter,
    configure_logging,
    current_request_id,
    request_id_scope,
)
from kizashi.observe.metrics import (
    audit_append_timer,
    enable_metrics,
    metrics_enabled,
    observe_request,
    record_decisions,
)

__all__ = [
    "JsonFormatter",
    "audit_append_timer",
    "configure_logging",
    "current_request_id",
    "enable_metrics",
    "metrics_enabled",
    "observe_request",
    "record_decisions",
    "request_id_scope",
]
