"""The command line's door to the guard: the same decisions as the API, as the CLI's user.

Every command that reads, lists, writes or runs a batch job opens a :class:`CliAccess`:
the guard, and the user the command acts as (the host's operator, or a user whose credential
was given: see :mod:`kizashi.guard.identity.command_line`). Reads decide every item through
:class:`~kizashi.guard.Guard` (logged before it is printed) and print only what is allowed;
hidden and missing ids get the same "no such" error. Batch jobs (`kizashi ingest`, `triage`,
`resolve`, `pipeline run`, ...) are decided as a ``job`` resource (rule ``HOST-1``/``JOB-1``)
before they start.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine

from kizashi.clock import Clock, system_clock
from kizashi.config import Settings
from kizashi.errors import ForbiddenError, NotFoundError
from kizashi.guard.audit import AuditLog, open_audit_log
from kizashi.guard.identity import User, cli_terminal, cli_user
from kizashi.guard.policy.domain import Decision, Resource
from kizashi.guard.policy.service import Guard

DEFAULT_PURPOSE = "command-line review"


class CliAccess:
    """A guard and a user for one command."""

    def __init__(
        self,
        settings: Settings,
        store: Engine,
        as_user: str | None,
        purpose: str | None,
        *,
        audit: AuditLog | None = None,
        clock: Clock = system_clock,
    ):
        audit = audit or open_audit_log(settings, store, clock=clock)
        self.guard = Guard(store, audit, clock=clock)
        self.user: User = cli_user(store, self.guard.audit, as_user, now=self.guard.now())
        self.purpose = purpose or DEFAULT_PURPOSE
        self.terminal = cli_terminal()

    def decide(
        self, action: str, resources: Sequence[Resource], context: dict[str, Any] | None = None
    ) -> list[Decision]:
        return self.guard.decide_many(
            self.user, action, resources, self.purpose, terminal=self.terminal, context=context
        )

    def allowed(self, action: str, resources: Sequence[Resource]) -> list[bool]:
        return [d.allowed for d in self.decide(action, resources)]

    def require(
        self, action: str, resource: Resource, context: dict[str, Any] | None = None
    ) -> Decision:
        """The allowed decision, or NotFoundError (concealed) / ForbiddenError (say why)."""
        decision = self.decide(action, [resource], context)[0]
        if decision.allowed:
            return decision
        if decision.conceal:
            raise NotFoundError(f"no {resource.kind} {resource.id}")
        raise ForbiddenError(f"{decision.reason} (rule {decision.rule})")

    def job(self, name: str, context: dict[str, Any] | None = None) -> Decision:
        """May this user run the batch job `name`? Decided and logged before it starts."""
        return self.require("write", Resource("job", name), context)

    def visible_reports(self, action: str, page: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        """The reports of a page the user may see (each decided and logged)."""
        if not page:
            return []
        resources = self.guard.load_reports([str(item["id"]) for item in page])
        return [item for item, ok in zip(page, self.allowed(action, resources), strict=True) if ok]

    def read_report(self, report_id: str) -> None:
        """Raise NotFoundError (hidden or missing) or ForbiddenError (say why) unless allowed."""
        resource = self.guard.load("report", report_id)
        decision = self.decide("read", [resource])[0]
        if decision.allowed:
            return
        if decision.conceal:
            raise NotFoundError(f"no report {report_id}")
        raise ForbiddenError(f"{decision.reason} (rule {decision.rule})")

    def visible_unstored(self, rows: Sequence[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
        """Quarantined rows and ingest runs: raw input no desk owns yet, decided as unrouted
        material of their channel (the command centre triages it)."""
        resources = [
            Resource("report", f"{kind}:{row['id']}", channel=str(row.get("channel") or ""))
            for row in rows
        ]
        if not resources:
            return []
        return [row for row, ok in zip(rows, self.allowed("list", resources), strict=True) if ok]
