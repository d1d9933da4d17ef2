"""oversight: retention and expiry, purpose binding, and reports for the bodies that watch
the police (docs/oversight.md).

Retention schedules as data (``retention``), expiry by crypto-shredding with every room's
expiry hook in one transaction (``expiration``, ``hooks``), who looked at whom and why from the
guard's audit log (``access``), and the guard-decided operations the API and CLI call
(``service``). Oversight sits above the rooms: it forgets for all of them.
"""

from typing import TYPE_CHECKING

from kizashi.lazy import lazy_exports

if TYPE_CHECKING:
    from kizashi.oversight.access import (
        Period,
        about_entity,
        about_report,
        by_officer,
        tampered_purposes,
    )
    from kizashi.oversight.expiration import ExpiryRun, expire, plan
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

# Imported on first use: registering the room (``room.py``) or listing the command line's
# commands must not load the guard's policy, audit and identity stack, which these pull in.
__getattr__ = lazy_exports(
    __name__,
    {
        "Period": "kizashi.oversight.access",
        "about_entity": "kizashi.oversight.access",
        "about_report": "kizashi.oversight.access",
        "by_officer": "kizashi.oversight.access",
        "tampered_purposes": "kizashi.oversight.access",
        "ExpiryRun": "kizashi.oversight.expiration",
        "expire": "kizashi.oversight.expiration",
        "plan": "kizashi.oversight.expiration",
        "signed_access_report": "kizashi.oversight.exports",
        "signed_sar_export": "kizashi.oversight.exports",
        "verify": "kizashi.oversight.exports",
        "EXPIRING_ROOMS": "kizashi.oversight.hooks",
        "expiry_hooks": "kizashi.oversight.hooks",
        "Schedules": "kizashi.oversight.retention",
        "default_schedules": "kizashi.oversight.retention",
        "load_schedules": "kizashi.oversight.retention",
        "access_report": "kizashi.oversight.service",
        "change_purpose": "kizashi.oversight.service",
        "close_case": "kizashi.oversight.service",
        "place_hold": "kizashi.oversight.service",
        "purposes": "kizashi.oversight.service",
        "release_hold": "kizashi.oversight.service",
        "run_expiry": "kizashi.oversight.service",
        "transparency_report": "kizashi.oversight.transparency",
    },
)

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
    "tampered_purposes",
    "transparency_report",
    "verify",
]
