"""Operations and rosters: what insider analytics needs to know besides the audit log.

A compartment that plans an operation (a raid) records its case and start here, so that
"raid material of an unassigned case in the 72 hours before the operation" and "lookups of
an imminent operation's targets" can be judged on the real log. An officer's roster (shift
and working days) says when access is off-shift; officers without one work days, Mon-Fri.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, delete, insert

from kizashi.errors import InputError
from kizashi.guard.identity.cases import get_case, get_compartment
from kizashi.guard.identity.service import get_user
from kizashi.store.tables_guard import compartment_operations, user_rosters

SHIFTS = ("day", "night")


def set_operation(
    connection: Connection, compartment: str, *, starts_at: datetime, case_ref: str | None = None
) -> None:
    """Record (or move) the operation a compartment plans: when it starts, and its case."""
    if starts_at.tzinfo is None:
        raise InputError("an operation's start needs a timezone-aware time")
    box = get_compartment(connection, compartment)
    case_id = get_case(connection, case_ref).id if case_ref else None
    connection.execute(
        delete(compartment_operations).where(compartment_operations.c.compartment_id == box.id)
    )
    connection.execute(
        insert(compartment_operations).values(
            compartment_id=box.id, case_id=case_id, starts_at=starts_at
        )
    )


def set_roster(
    connection: Connection, user_name: str, *, shift: str, workdays: tuple[int, ...]
) -> None:
    """An officer's shift (day or night) and working weekdays (0 = Monday)."""
    if shift not in SHIFTS:
        raise InputError(f"shift must be one of {', '.join(SHIFTS)}, not {shift!r}")
    if not workdays or any(not 0 <= d <= 6 for d in workdays):
        raise InputError("workdays are weekday numbers 0 (Monday) to 6 (Sunday)")
    user = get_user(connection, user_name)
    connection.execute(delete(user_rosters).where(user_rosters.c.user_id == user.id))
    connection.execute(
        insert(user_rosters).values(
            user_id=user.id, shift=shift, workdays=",".join(str(d) for d in sorted(set(workdays)))
        )
    )
