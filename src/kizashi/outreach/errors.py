"""The outreach room's errors (drawn in :mod:`kizashi.errors`)."""

from __future__ import annotations

from kizashi.errors import InputError, SchemaError

__all__ = ["OutreachDataError", "RegisterConflictError"]


class OutreachDataError(SchemaError):
    """A stage, escalation, country or outreach file is malformed; names file and entry."""


class RegisterConflictError(InputError):
    """A company already in the register, or a follow-up already done."""

    status = 409
