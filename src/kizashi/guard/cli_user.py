"""Who the command line acts as, so that CLI reads are decided like API reads.

`--as NAME` (or the environment variable ``KIZASHI_USER``) names a user of the store: the
command is decided and logged as that user. Without one, the command acts as the **local
operator**: the person at the host's shell (audit actor ``cli:<os user>``), given the role
``admin`` and no desk. An admin manages records but reads no operational content except
through a case assignment (rule ``CONTENT-1``), and reads no insider alerts or audit
entries. Shell access to the store is not need-to-know: operators who need content sign
in as themselves with `--as`.
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
    return User(id=name, name=name, role="admin", desk=None, display_name="local operator")


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
