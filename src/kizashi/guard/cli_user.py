"""Who the command line acts as, so that CLI reads are decided like API reads.

`--as NAME` (or the environment variable ``KIZASHI_USER``) names a user of the store: the
command is decided and logged as that user. Without one, the command acts as the **local
operator**: the person at the host's shell (audit actor ``cli:<os user>``) in the role
``command_centre`` with no desk. That is the role of whoever ingests and triages at the
host: they read *unrouted* material (rule ``TRIAGE-1``), so that they can check and route
it; once a report is routed to a desk or held in a compartment the local operator no longer
sees it, and never sees the audit log or insider alerts. Officers who need their desk's
material sign in as themselves with `--as`.
"""

from __future__ import annotations

import getpass
import os
import socket

from sqlalchemy import Engine

from kizashi.errors import NotFoundError
from kizashi.guard.identity import User
from kizashi.guard.identity_service import get_user

USER_ENV = "KIZASHI_USER"


def local_operator() -> User:
    name = f"cli:{getpass.getuser()}"
    return User(id=name, name=name, role="command_centre", desk=None, display_name="local operator")


def cli_user(engine: Engine, name: str | None) -> User:
    """The user named by `--as` or KIZASHI_USER, else the local operator."""
    chosen = name or os.environ.get(USER_ENV) or None
    if not chosen:
        return local_operator()
    with engine.connect() as connection:
        try:
            return get_user(connection, chosen)
        except NotFoundError:
            raise NotFoundError(
                f"--as / {USER_ENV}: no user named {chosen!r} (`kizashi users list`)"
            ) from None


def cli_terminal() -> str:
    """The terminal a CLI access comes from: this host."""
    return f"host:{socket.gethostname()}"
