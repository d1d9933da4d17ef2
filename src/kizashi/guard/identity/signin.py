"""Password sign-in: per-account lock-out, per-address throttling, audited before it returns.

``sign_in(engine, audit, name, password, address=..., now=...)`` verifies an argon2id
password (rehashing it when the parameters have changed) and appends the attempt to the audit
log *before* it returns the user (fail closed: no log entry, no sign-in). Two brakes:

- **per account**: `MAX_FAILURES` consecutive failures lock the account for `LOCKOUT`, and
  locking it ends every session it has (web and API alike, audited);
- **per address**: more than `ADDRESS_MAX_FAILURES` failures from one address within
  `ADDRESS_WINDOW` block that address for `ADDRESS_BLOCK`. A blocked address is refused
  without its password being checked *and without counting against the account*, so one
  address can neither guess many names nor lock every officer out in turn.

Every refusal says the same thing, whether the name is unknown, the account disabled or
locked, the address blocked or the password wrong; the audit entry says which. The
address is the client's real address (not a header it declares).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine, insert, select, update

from kizashi.errors import AuthError
from kizashi.guard.audit import AuditLog, identity_event
from kizashi.guard.identity.domain import User
from kizashi.guard.identity.passwords import DEFAULT_PARAMETERS, HashParameters, verify_password
from kizashi.guard.identity.service import _dummy_hash, login
from kizashi.guard.identity.sessions import audit_ended, end_user_sessions
from kizashi.store.tables import users
from kizashi.store.tables_guard import sign_in_addresses, sign_in_state

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
ADDRESS_MAX_FAILURES = 20
ADDRESS_WINDOW = timedelta(minutes=15)
ADDRESS_BLOCK = timedelta(minutes=15)
REFUSED = "sign-in refused: wrong user name or password, or the account is locked for now"


def _state(connection: Connection, user_id: str) -> tuple[int, datetime | None]:
    row = connection.execute(
        select(sign_in_state.c.failures, sign_in_state.c.locked_until).where(
            sign_in_state.c.user_id == user_id
        )
    ).first()
    return (int(row.failures), row.locked_until) if row is not None else (0, None)


def _save_state(connection: Connection, user_id: str, **values: object) -> None:
    found = connection.execute(
        select(sign_in_state.c.user_id).where(sign_in_state.c.user_id == user_id)
    ).first()
    if found is None:
        connection.execute(
            insert(sign_in_state).values(user_id=user_id, **{"failures": 0, **values})
        )
    else:
        connection.execute(
            update(sign_in_state).where(sign_in_state.c.user_id == user_id).values(**values)
        )


def _address_blocked(connection: Connection, address: str, at: datetime) -> bool:
    row = connection.execute(
        select(sign_in_addresses.c.blocked_until).where(sign_in_addresses.c.address == address)
    ).first()
    return row is not None and row.blocked_until is not None and row.blocked_until > at


def _address_failed(connection: Connection, address: str, at: datetime) -> datetime | None:
    """Count a failure from `address`; when it blocks the address, until when."""
    row = connection.execute(
        select(sign_in_addresses).where(sign_in_addresses.c.address == address)
    ).first()
    if row is None:
        connection.execute(
            insert(sign_in_addresses).values(address=address, failures=1, window_start=at)
        )
        return None
    failures, start = int(row.failures) + 1, row.window_start
    if at - start > ADDRESS_WINDOW:
        failures, start = 1, at
    blocked = at + ADDRESS_BLOCK if failures > ADDRESS_MAX_FAILURES else None
    connection.execute(
        update(sign_in_addresses)
        .where(sign_in_addresses.c.address == address)
        .values(
            failures=0 if blocked else failures,
            window_start=at if blocked else start,
            blocked_until=blocked,
        )
    )
    return blocked


def sign_in(
    engine: Engine,
    audit: AuditLog,
    name: str,
    password: str,
    *,
    now: datetime,
    address: str = "",
    terminal: str = "",
    parameters: HashParameters = DEFAULT_PARAMETERS,
) -> User:
    """The user, if `password` is theirs, the account active and not locked, the address
    not blocked.

    Raises AuthError (one message for every refusal) and AuditWriteError (nobody signs in
    unlogged). The attempt is in the audit log before this returns or raises AuthError.
    """
    at = now
    ended: list[str] = []
    with engine.begin() as connection:
        user_id = connection.execute(select(users.c.id).where(users.c.name == name)).scalar()
        failures, locked_until = _state(connection, user_id) if user_id else (0, None)
        user: User | None = None
        # Whether a failure counts against the address, and against the account.
        address_counts = account_counts = True
        if address and _address_blocked(connection, address, at):
            reason, login_failed = f"address {address} is blocked for now", True
            address_counts = account_counts = False
            verify_password(_dummy_hash(parameters), password, parameters)
        elif user_id is not None and locked_until is not None and locked_until > at:
            reason, login_failed = f"account locked until {locked_until.isoformat()}", True
            account_counts = False
            # Spend the time a real check takes, so a lock is not told by timing.
            verify_password(_dummy_hash(parameters), password, parameters)
        else:
            try:
                user = login(connection, name, password, parameters)
                reason, login_failed = "", False
            except AuthError:
                reason = "unknown user" if user_id is None else "wrong password or disabled"
                login_failed = True
        if login_failed:
            if address and address_counts:
                blocked = _address_failed(connection, address, at)
                if blocked is not None:
                    reason += f"; address blocked until {blocked.isoformat()}"
            if user_id is not None and account_counts:
                failures += 1
                lock = at + LOCKOUT if failures >= MAX_FAILURES else None
                if lock is not None:
                    reason += f"; {failures} failures in a row, locked until {lock.isoformat()}"
                    ended = end_user_sessions(connection, user_id, now=at, reason="locked out")
                _save_state(
                    connection,
                    user_id,
                    failures=0 if lock is not None else failures,
                    locked_until=lock,
                    last_failure_at=at,
                )
        elif not login_failed and user_id is not None:
            _save_state(connection, user_id, failures=0, locked_until=None, last_success_at=at)
    # Logged after the state is committed (SQLite has one writer at a time) and before the
    # user is returned: if the log cannot take it, AuditWriteError and nobody signs in.
    context = {"terminal": terminal} if terminal else {}
    if address:
        context["address"] = address
    audit.append(
        identity_event(
            "sign_in",
            actor=user_id or "anonymous",
            effect="deny" if login_failed else "allow",
            reason=reason,
            personal={} if user_id else {"name": name},
            context=context,
            time=at,
        )
    )
    if user_id is not None:
        audit_ended(audit, "guard", user_id, ended, now=at, reason="locked out")
    if user is None:
        raise AuthError(REFUSED)
    return user
