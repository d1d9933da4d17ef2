"""Who the command line acts as, so that CLI reads are decided like API reads.

Without a credential, a command acts as the **local operator**: the operating-system user
at the store's host (audit actor ``cli:<os user>``, ``User.local``), in the role
``command_centre`` with no desk. That is the role of whoever ingests and triages at the
host: they read *unrouted* material (rule ``TRIAGE-1``), run batch jobs and administer
accounts (``HOST-1``: whoever holds the host's shell holds the store), but once a report
is routed to a desk or held in a compartment they no longer see it, and they never see the
audit log or insider alerts.

To act as a user of the store a command needs that user's credential:

- ``KIZASHI_TOKEN``: an API token (``kizashi tokens create``) or a session token
  (``POST /api/v1/session``); `--as NAME`, if given, must name the token's user;
- `--as NAME` (or ``KIZASHI_USER``) at a terminal: NAME's password is asked for and checked
  like a web sign-in (lock-out, throttling, audited).

`--as` without either is refused: naming an officer is not being them.
"""

from __future__ import annotations

import getpass
import os
import socket
import sys
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Engine

from kizashi.errors import AuthError
from kizashi.guard.audit import AuditLog
from kizashi.guard.identity.bearers import authenticate
from kizashi.guard.identity.domain import User
from kizashi.guard.identity.signin import sign_in

USER_ENV = "KIZASHI_USER"
TOKEN_ENV = "KIZASHI_TOKEN"


def local_operator() -> User:
    name = f"cli:{getpass.getuser()}"
    return User(
        id=name,
        name=name,
        role="command_centre",
        desk=None,
        display_name="local operator",
        local=True,
    )


def cli_user(
    engine: Engine,
    audit: AuditLog,
    name: str | None,
    *,
    now: datetime,
    interactive: bool | None = None,
    prompt: Callable[[str], str] = getpass.getpass,
) -> User:
    """The user a command acts as: the token's, the password's, or the local operator."""
    chosen = name or os.environ.get(USER_ENV) or None
    token = os.environ.get(TOKEN_ENV, "").strip()
    terminal = cli_terminal()
    if token:
        user = authenticate(engine, audit, token, now=now, address=terminal)
        if chosen and chosen != user.name:
            raise AuthError(f"--as {chosen}: {TOKEN_ENV} is a credential of another user")
        return user
    if not chosen:
        return local_operator()
    if not (sys.stdin.isatty() if interactive is None else interactive):
        raise AuthError(
            f"--as {chosen} needs {chosen}'s credential: set {TOKEN_ENV} to their API token, "
            "or run the command at a terminal to be asked for their password"
        )
    password = prompt(f"password for {chosen}: ")
    return sign_in(engine, audit, chosen, password, now=now, address=terminal, terminal=terminal)


def cli_terminal() -> str:
    """The terminal a CLI access comes from: this host."""
    return f"host:{socket.gethostname()}"
