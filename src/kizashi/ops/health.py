"""Liveness and readiness, as load balancers and orchestrators probe them.

``/healthz`` answers while the process can answer at all. ``/readyz`` answers 200 only when
this process can do its work: the store is reachable, its schema is at the newest migration,
the audit log can be written (its write lock taken and let go, nothing appended — a read
that cannot be logged must not be served, so a server whose log is read-only is not ready),
and the pipeline is keeping up (the oldest report waiting has waited less than
``ready_max_lag_seconds``, read from the pipeline room's own status). Details name the
check and the class of a failure, never a URL, a password or a row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, text

from kizashi.clock import Clock
from kizashi.config import Settings
from kizashi.guard import AuditError, AuditLog
from kizashi.store import is_up_to_date


@dataclass(frozen=True)
class Probe:
    name: str
    ok: bool
    detail: str

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "ok": self.ok, "detail": self.detail}


def _store(engine: Engine) -> Probe:
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:  # any driver error means: unreachable
        return Probe("store", False, f"unreachable ({exc.__class__.__name__})")
    return Probe("store", True, engine.dialect.name)


def _migrations(engine: Engine) -> Probe:
    try:
        ok = is_up_to_date(engine)
    except Exception as exc:
        return Probe("migrations", False, f"cannot be read ({exc.__class__.__name__})")
    return Probe("migrations", ok, "at head" if ok else "not at the newest migration")


def _audit(audit: AuditLog) -> Probe:
    try:
        audit.check_writable()
    except AuditError as exc:
        return Probe("audit_log", False, str(exc))
    return Probe("audit_log", True, "writable")


def _pipeline(engine: Engine, settings: Settings, clock: Clock) -> Probe:
    from kizashi.pipeline import status

    try:
        stages = status(engine, clock)["stages"]
    except Exception as exc:
        return Probe("pipeline_lag", False, f"cannot be read ({exc.__class__.__name__})")
    waits = [s["oldest_waiting_seconds"] for s in stages if s["oldest_waiting_seconds"] is not None]
    lag = max(waits, default=0.0)
    bound = settings.ready_max_lag_seconds
    ok = lag <= bound
    return Probe("pipeline_lag", ok, f"oldest report waiting {lag:.0f} s (bound {bound:.0f} s)")


def readiness(settings: Settings, engine: Engine, audit: AuditLog, clock: Clock) -> list[Probe]:
    """Every readiness probe; the later ones only when the store answers."""
    first = _store(engine)
    if not first.ok:
        return [first]
    probes = [first, _migrations(engine)]
    if probes[-1].ok:
        probes += [_audit(audit), _pipeline(engine, settings, clock)]
    return probes
