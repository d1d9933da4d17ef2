"""The oversight room's seeded world (Yamada's reports and threats, Sato's barbecue),
triaged, with the guard's users, on SQLite and PostgreSQL; its documents indexed."""

from __future__ import annotations

from tests.oversight.conftest import World, audit_log, world

__all__ = ["World", "audit_log", "world"]
