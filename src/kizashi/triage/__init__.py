"""triage: signals into explained, decaying risk per entity; alerts routed to desks."""

from kizashi.triage.service import TriageSummary, run_triage

__all__ = ["TriageSummary", "run_triage"]
