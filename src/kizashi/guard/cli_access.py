"""The command line's door to the guard: the same decisions as the API, as the CLI's user.

Commands that read data (`kizashi reports list/show`, `kizashi quarantine list`,
`kizashi runs list`, `kizashi guard alerts ...`) take `--as USER` (or ``KIZASHI_USER``) and
`--purpose`, decide every item through :class:`~kizashi.guard.Guard` (logged before it is
printed) and print only what is allowed. Hidden and missing ids get the same "no such"
error. See :mod:`kizashi.guard.cli_user` for who the CLI is without `--as`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine

from kizashi.config import Settings
from kizashi.errors import ForbiddenError, NotFoundError
from kizashi.guard.audit_setup import open_audit_log
from kizashi.guard.cli_user import cli_terminal, cli_user
from kizashi.guard.identity import User
from kizashi.guard.policy_model import Resource
from kizashi.guard.policy_service import Guard

DEFAULT_PURPOSE = "command-line review"


class CliAccess:
    """A guard and a user for one command."""

    def __init__(self, settings: Settings, store: Engine, as_user: str | None, purpose: str | None):
        self.guard = Guard(store, open_audit_log(settings, store))
        self.user: User = cli_user(store, as_user)
        self.purpose = purpose or DEFAULT_PURPOSE
        self.terminal = cli_terminal()

    def allowed(self, action: str, resources: Sequence[Resource]) -> list[bool]:
        decisions = self.guard.decide_many(
            self.user, action, resources, self.purpose, terminal=self.terminal
        )
        return [d.allowed for d in decisions]

    def visible_reports(self, action: str, page: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        """The reports of a page the user may see (each decided and logged)."""
        if not page:
            return []
        resources = self.guard.load_reports([str(item["id"]) for item in page])
        return [item for item, ok in zip(page, self.allowed(action, resources), strict=True) if ok]

    def read_report(self, report_id: str) -> None:
        """Raise NotFoundError (hidden or missing) or ForbiddenError (say why) unless allowed."""
        decision = self.guard.check(
            self.user, "read", "report", report_id, self.purpose, terminal=self.terminal
        )
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
