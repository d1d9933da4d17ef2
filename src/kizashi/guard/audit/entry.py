"""One audit entry: a decision or an access, checked once before any lock is taken.

Its own module so that the preparation of leaves (:mod:`kizashi.guard.audit.prepare`) and the
log (:mod:`kizashi.guard.audit.log`) both build on it without importing each other.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from kizashi.guard.audit.canonical import canonical_json

LEAF_VERSION = 1

Effect = Literal["allow", "deny"]


@dataclass(frozen=True)
class AuditEntry:
    """One decision or access. Personal data goes in `personal` only (it is hashed)."""

    actor: str
    action: str  # read, search, list, count, export, write, decide, ...
    resource_type: str
    resource_id: str
    purpose: str
    effect: Effect
    reason: str = ""
    personal: Mapping[str, str] = field(default_factory=dict)
    context: Mapping[str, Any] = field(default_factory=dict)
    time: datetime | None = None

    def __post_init__(self) -> None:
        if self.effect not in ("allow", "deny"):
            raise ValueError(f"effect must be allow or deny, not {self.effect!r}")
        if not self.actor or not self.action or not self.resource_type:
            raise ValueError("an audit entry needs an actor, an action and a resource type")
        if self.time is not None and self.time.tzinfo is None:
            raise ValueError("audit times must be timezone-aware")
        texts = (self.actor, self.action, self.resource_type, self.resource_id, self.purpose)
        if not all(isinstance(value, str) for value in (*texts, self.reason)):
            raise ValueError("the fields of an audit entry are strings")
        # Everything a leaf holds is checked here, once, before any lock is taken.
        canonical_json({"context": dict(self.context), "personal": dict(self.personal)})
        for name, value in self.personal.items():
            if not isinstance(value, str) or not 0 < len(name) <= 100:
                raise ValueError(f"personal data are strings under short names, got {name!r}")

    def leaf(self, seq: int, time: str, hashes: Mapping[str, str]) -> dict[str, Any]:
        return {
            "v": LEAF_VERSION,
            "seq": seq,
            "time": time,
            "actor": self.actor,
            "action": self.action,
            "resource": {"type": self.resource_type, "id": self.resource_id},
            "purpose": self.purpose,
            "decision": {"effect": self.effect, "reason": self.reason},
            "personal": dict(hashes),
            "context": dict(self.context),
        }
