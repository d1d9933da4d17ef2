"""oversight: retention and expiry, purpose binding, and reports for the bodies that watch
the police (docs/oversight.md).

Retention schedules as data (``retention``), expiry by crypto-shredding with every room's
expiry hook in one transaction (``expire``, ``hooks``), who looked at whom and why from the
guard's audit log (``access``), and the guard-decided operations the API and CLI call
(``service``). Oversight sits above the rooms: it forgets for all of them.
"""

from kizashi.oversight.access import Period, about_entity, about_report, by_officer
from kizashi.oversight.expire import ExpiryRun, expire, plan
from kizashi.oversight.exports import signed_access_report, signed_sar_export, verify
from kizashi.oversight.hooks import EXPIRING_ROOMS, expiry_hooks
from kizashi.oversight.retention import Schedules, default_schedules, load_schedules
from kizashi.oversight.service import (
    access_report,
    change_purpose,
    close_case,
    place_hold,
    purposes,
    release_hold,
    run_expiry,
)
from kizashi.oversight.transparency import transparency_report

__all__ = [
    "EXPIRING_ROOMS",
    "ExpiryRun",
    "Period",
    "Schedules",
    "about_entity",
    "about_report",
    "access_report",
    "by_officer",
    "change_purpose",
    "close_case",
    "default_schedules",
    "expire",
    "expiry_hooks",
    "load_schedules",
    "place_hold",
    "plan",
    "purposes",
    "release_hold",
    "run_expiry",
    "signed_access_report",
    "signed_sar_export",
    "transparency_report",
    "verify",
]
