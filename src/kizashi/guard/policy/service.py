"""The guard as a service: load a resource, decide, log the decision, then answer.

Every decision is appended to the audit log *before* it is returned. If the append fails,
:class:`~kizashi.guard.audit.errors.AuditWriteError` propagates and the caller gets no decision
at all (fail closed: no log entry, no allow). Decisions about many resources (a list, a
count, a facet) are logged in one group-committed batch.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from kizashi.clock import system_clock
from kizashi.guard.audit import AuditEntry, AuditLog, GroupCommitWriter, decision_entry
from kizashi.guard.identity import User
from kizashi.guard.policy.access_context import Pseudonyms, access_context
from kizashi.guard.policy.cursors import Cursors
from kizashi.guard.policy.deconflict import record_notices
from kizashi.guard.policy.domain import Decision, PolicyConfig, Resource
from kizashi.guard.policy.filters import Decider
from kizashi.guard.policy.loaders import load_material, load_reports, load_resource
from kizashi.guard.policy.rules import decide
from kizashi.observe import record_decisions


class Guard:
    """The policy decision point bound to a store and its audit log."""

    def __init__(
        self,
        engine: Engine,
        audit: AuditLog,
        *,
        clock: Callable[[], datetime] | None = None,
        config: PolicyConfig | None = None,
    ) -> None:
        self.engine = engine
        self.audit = audit
        # Decisions are logged through a group-commit writer: concurrent requests share one
        # commit (each still returns only once its entries are committed), and each request
        # prepares its own entries (hashes, leaf bytes) outside the log's lock.
        self.writer = GroupCommitWriter(audit)
        self.config = config
        self._clock = clock or system_clock
        self.pseudonym = Pseudonyms(audit.signer.skey().encode("utf-8"))
        self.cursors = Cursors(audit.signer.skey().encode("utf-8"))

    def now(self) -> datetime:
        return self._clock()

    def load(self, kind: str, resource_id: str) -> Resource:
        with self.engine.connect() as connection:
            return load_resource(connection, kind, resource_id)

    def check(
        self,
        user: User,
        action: str,
        kind: str,
        resource_id: str,
        purpose: str,
        *,
        terminal: str = "",
    ) -> Decision:
        """Load the resource by kind and id, then :meth:`decide`."""
        return self.decide(user, action, self.load(kind, resource_id), purpose, terminal=terminal)

    def load_reports(self, report_ids: list[str]) -> list[Resource]:
        """A page of reports loaded for one :meth:`decide_many` (a few queries in all)."""
        with self.engine.connect() as connection:
            return load_reports(connection, report_ids)

    def load_material(
        self,
        kind: str,
        resource_id: str,
        *,
        found: bool | None = None,
        handling_code: str | None = None,
        channel: str | None = None,
    ) -> Resource:
        """Another room's material, loaded for :meth:`decide` / :meth:`decide_many`."""
        with self.engine.connect() as connection:
            return load_material(
                connection,
                kind,
                resource_id,
                found=found,
                handling_code=handling_code,
                channel=channel,
            )

    def check_material(
        self,
        user: User,
        action: str,
        kind: str,
        resource_id: str,
        purpose: str,
        *,
        found: bool | None = None,
        handling_code: str | None = None,
        channel: str | None = None,
        terminal: str = "",
    ) -> Decision:
        """Decide about another room's material (entity, alert, signal, product, copy, media).

        Desk and case come from its material label; `found=None` checks the contract table
        where there is one (entities, alerts, signals), else pass whether the row exists.
        """
        resource = self.load_material(
            kind, resource_id, found=found, handling_code=handling_code, channel=channel
        )
        return self.decide(user, action, resource, purpose, terminal=terminal)

    def decide(
        self,
        user: User,
        action: str,
        resource: Resource,
        purpose: str,
        *,
        terminal: str = "",
        context: Mapping[str, Any] | None = None,
    ) -> Decision:
        """Decide, log (raising AuditWriteError if the log cannot be written), return."""
        return self.decide_many(
            user, action, [resource], purpose, terminal=terminal, context=context
        )[0]

    def decide_recorded(
        self,
        user: User,
        action: str,
        resource: Resource,
        purpose: str,
        *,
        terminal: str = "",
        context: Mapping[str, Any] | None = None,
    ) -> tuple[Decision, int]:
        """:meth:`decide`, with the sequence number of the audit entry that logged it (for a
        record that must point at the decision behind it, e.g. a four-eyes approval);
        `context` adds non-personal facts to the entry (which removal an approver restored)."""
        decisions, seqs = self._decide(user, action, [resource], [context], purpose, terminal)
        return decisions[0], seqs[0]

    def decide_many(
        self,
        user: User,
        action: str,
        resources: Sequence[Resource],
        purpose: str,
        *,
        terminal: str = "",
        context: Mapping[str, Any] | None = None,
    ) -> list[Decision]:
        """Decide each resource, log every decision in one group commit, return them.

        `context` adds non-personal facts to each entry (what a batch job was given, the
        page a list was cut from); it never changes a decision."""
        decisions, _seqs = self._decide(
            user, action, resources, [context] * len(resources), purpose, terminal
        )
        return decisions

    def decide_each(
        self,
        user: User,
        action: str,
        items: Sequence[tuple[Resource, Mapping[str, Any]]],
        purpose: str,
        *,
        terminal: str = "",
    ) -> list[tuple[Decision, int]]:
        """Like :meth:`decide_many`, each resource with its own context; with the audit
        seq of each decision (a fingerprinted copy records the entry that issued it)."""
        resources = [resource for resource, _ in items]
        decisions, seqs = self._decide(
            user, action, resources, [c for _, c in items], purpose, terminal
        )
        return list(zip(decisions, seqs, strict=True))

    def _decide(
        self,
        user: User,
        action: str,
        resources: Sequence[Resource],
        contexts: Sequence[Mapping[str, Any] | None],
        purpose: str,
        terminal: str,
    ) -> tuple[list[Decision], list[int]]:
        now = self._clock()
        decisions = [
            decide(user, action, resource, purpose, now=now, config=self.config)
            for resource in resources
        ]
        logged = [n for n, decision in enumerate(decisions) if self._logs(decision)]
        entries = [
            _entry(
                user,
                action,
                resources[n],
                purpose,
                decisions[n],
                now,
                {
                    **(contexts[n] or {}),
                    **access_context(user, resources[n], now, self.pseudonym, terminal),
                },
            )
            for n in logged
        ]
        receipts = self.writer.append_many(entries) if entries else []  # raises: nothing returned
        record_decisions(action, (decisions[n].effect for n in logged))
        noticed = [
            (decisions[n], receipt.seq)
            for n, receipt in zip(logged, receipts, strict=True)
            if any(o.kind == "notify_desk_lead" for o in decisions[n].obligations)
        ]
        if noticed:
            noticed_once: set[tuple[str, str]] = set()
            with self.engine.begin() as connection:
                for decision, seq in noticed:
                    record_notices(
                        connection,
                        decision,
                        user,
                        action,
                        audit_seq=seq,
                        now=now,
                        already=noticed_once,
                    )
        seqs = [0] * len(decisions)  # 0: not logged (a refused page's allowed item)
        for n, receipt in zip(logged, receipts, strict=True):
            seqs[n] = receipt.seq
        return decisions, seqs

    def _logs(self, decision: Decision) -> bool:
        """Whether a decision is logged: every one (see :class:`RefusalsOnly` for the one
        surface that logs only its denials)."""
        return True

    def refusals_only(self) -> Guard:
        """This guard as a page refused whatever is decided sees it (:class:`RefusalsOnly`)."""
        return RefusalsOnly(self)

    def decider(
        self,
        user: User,
        action: str,
        resources: Sequence[Resource],
        purpose: str,
        *,
        terminal: str = "",
    ) -> Decider:
        """Decide and log all of `resources` now; a lookup for the side-channel helpers."""
        decisions = self.decide_many(user, action, resources, purpose, terminal=terminal)
        by_identity = {id(r): d for r, d in zip(resources, decisions, strict=True)}

        def lookup(resource: Resource) -> Decision:
            # A resource the batch did not cover is denied: fail closed.
            return by_identity.get(id(resource)) or Decision("deny", "MISSING-1", "not decided")

        return lookup

    def visible(
        self,
        user: User,
        action: str,
        resources: Sequence[Resource],
        purpose: str,
        *,
        terminal: str = "",
    ) -> list[Resource]:
        decisions = self.decide_many(user, action, resources, purpose, terminal=terminal)
        return [r for r, d in zip(resources, decisions, strict=True) if d.allowed]

    def count(self, user: User, resources: Sequence[Resource], purpose: str) -> int:
        return len(self.visible(user, "count", resources, purpose))

    def exists(self, user: User, kind: str, resource_id: str, purpose: str) -> bool:
        """True only if the resource exists *and* the user may know it does."""
        return self.check(user, "exists", kind, resource_id, purpose).allowed


class RefusalsOnly(Guard):
    """A guard for a page that is refused whatever is decided (a partner at an officer list
    page): a room's own service decides its material as for the API, so the denials are the
    API's, but an allowed item is not logged, since nothing of the page is served (an audit
    report never shows an access that served nothing). Shares the guard's log writer,
    clock, policy and pseudonyms."""

    def __init__(self, guard: Guard) -> None:
        self.__dict__.update(guard.__dict__)

    def _logs(self, decision: Decision) -> bool:
        return not decision.allowed


def _entry(
    user: User,
    action: str,
    resource: Resource,
    purpose: str,
    decision: Decision,
    now: datetime,
    analytics: dict[str, object],
) -> AuditEntry:
    # A subject's key is personal data: it goes in `personal` (salted, redactable), never in
    # the leaf's resource id.
    subject = resource.kind == "subject"
    return decision_entry(
        actor=user.id,
        action=action,
        resource_type=resource.kind,
        resource_id="" if subject else resource.id,
        purpose=purpose,
        effect=decision.effect,
        reason=decision.reason,
        personal={"subject": resource.id} if subject else {},
        context={
            **decision.audit_context(),
            "user": user.name,
            "role": user.role,
            "desk": user.desk or "",
            **analytics,
        },
        time=now,
    )
