"""The inspection desk acts on insider alerts: acknowledge, assign, confirm, dismiss, suppress.

Every step is decided by the guard first (a ``write`` to the ``insider_alert``,
rule ``INSIDER-5``: the inspection desk only, never on an alert about oneself) and the
decision is in the audit log before anything changes; to anyone else the alert does not
exist (:class:`~kizashi.errors.NotFoundError`, as for a missing id).

A dismissal and a confirmation need a reason; a suppression needs a reason and an expiry
in the future, and silences the officer's *queue* alerts until then (a hard need-to-know
violation still reaches the desk). Confirmed and dismissed are final. Each step is appended
to the alert's `history`. The next analytics run reads the outcomes back
(:func:`kizashi.insider.repository.load_feedback`): confirmed days leave the baselines,
dismissed days clear the risk they carried.

Kept free of the analytics (numpy, river), so the API process can load it cheaply.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update

from kizashi.errors import InputError, NotFoundError
from kizashi.guard.identity import User
from kizashi.guard.policy import Guard
from kizashi.ids import new_id
from kizashi.insider.queue import get_insider_alert
from kizashi.store.tables import desks, users
from kizashi.store.tables_guard import insider_alerts, insider_suppressions

STEPS = ("acknowledge", "assign", "confirm", "dismiss", "suppress")
NEXT_STATUS = {
    "acknowledge": "acknowledged",
    "assign": "in_review",
    "confirm": "confirmed",
    "dismiss": "dismissed",
    "suppress": "suppressed",
}
FINAL = frozenset({"confirmed", "dismissed"})


class InsiderReviewRefusedError(InputError):
    """A review step refused for its input, naming the body field (``field``; ``None`` for
    the step as a whole) and the catalogue id of the page's words (``code``: the page says
    ``problem_insider_<code>`` in the reader's language, the API and the log in English).
    The message names no command-line option: the API, the page and the CLI share it."""

    def __init__(self, field: str | None, code: str, message: str, **words: str) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.code = code
        self.reason = message
        self.words = words


def review_insider_alert(
    guard: Guard,
    user: User,
    alert_id: str,
    step: str,
    purpose: str,
    *,
    reason: str = "",
    assignee: str | None = None,
    until: datetime | None = None,
    terminal: str = "",
) -> dict[str, Any]:
    """Apply one review step and return the alert as the desk now sees it.

    The guard decides first: someone who may not review insider alerts learns nothing from
    how their input is judged (a missing reason and a missing alert look alike to them)."""
    decision = guard.check(user, "write", "insider_alert", alert_id, purpose, terminal=terminal)
    if not decision.allowed:
        raise NotFoundError(f"no such insider alert: {alert_id}")
    if step not in STEPS:
        raise InsiderReviewRefusedError(
            "step", "step", f"step must be one of {', '.join(STEPS)}, not {step!r}"
        )
    reason = reason.strip()
    if step in ("confirm", "dismiss", "suppress") and not reason:
        raise InsiderReviewRefusedError(
            "reason", f"reason_{step}", f"to {step} an insider alert, give a reason"
        )
    now = guard.now()
    if step == "suppress" and until is not None and until.tzinfo is None:
        # Before: a naive expiry over HTTP was compared with the aware clock (a 500).
        raise InsiderReviewRefusedError(
            "until", "until_zone", "an expiry needs a time zone, e.g. 2026-12-31T00:00+09:00"
        )
    if step == "suppress" and (until is None or until <= now):
        # Named as the body's field: before, the HTTP answer spoke of the CLI's `--until`.
        raise InsiderReviewRefusedError(
            "until", "until", "a suppression needs an expiry in the future"
        )
    with guard.engine.begin() as connection:
        row = connection.execute(
            select(insider_alerts).where(insider_alerts.c.id == alert_id)
        ).first()
        if row is None:
            raise NotFoundError(f"no such insider alert: {alert_id}")
        if row.status in FINAL:
            raise InsiderReviewRefusedError(
                None,
                "final",
                f"insider alert {alert_id} is already {row.status}",
                status=str(row.status),
            )
        target = row.assignee
        if step == "assign":
            name = assignee or user.name
            found = connection.execute(
                select(users.c.id, users.c.active, desks.c.kind)
                .select_from(users.outerjoin(desks, desks.c.id == users.c.desk_id))
                .where((users.c.name == name) | (users.c.id == name))
            ).first()
            if found is None:
                raise InsiderReviewRefusedError(
                    "assignee", "no_user", f"no such user to assign: {name}", name=name
                )
            # Only someone who may read the alert can take it on: an officer of the
            # inspection desk, never the officer it is about (before, the subject, another
            # desk's officer or a partner account was stored as the assignee).
            if str(found.id) == str(row.user_id):
                raise InsiderReviewRefusedError(
                    "assignee",
                    "subject",
                    f"{name} is the officer this insider alert is about; "
                    "assign it to another officer of the inspection desk",
                    name=name,
                )
            if found.kind != "inspection" or not found.active:
                raise InsiderReviewRefusedError(
                    "assignee",
                    "not_inspection",
                    f"{name} is not an active officer of the inspection desk; "
                    "only the inspection desk may take an insider alert",
                    name=name,
                )
            target = str(found.id)
        entry = {
            "step": step,
            "by": user.id,
            "at": now.isoformat(),
            "reason": reason,
            **({"assignee": target} if step == "assign" else {}),
            **({"until": until.isoformat()} if until is not None else {}),
        }
        connection.execute(
            update(insider_alerts)
            .where(insider_alerts.c.id == alert_id)
            .values(
                status=NEXT_STATUS[step],
                assignee=target,
                reviewed_by=user.id,
                reviewed_at=now,
                reason=reason or row.reason,
                history=[*(row.history or []), entry],
            )
        )
        if step == "suppress" and until is not None:
            connection.execute(
                insert(insider_suppressions).values(
                    id=new_id(),
                    user_id=row.user_id,
                    until=until,
                    reason=reason,
                    alert_id=alert_id,
                    created_by=user.id,
                    created_at=now,
                )
            )
    return get_insider_alert(guard, user, alert_id, purpose, terminal=terminal)
