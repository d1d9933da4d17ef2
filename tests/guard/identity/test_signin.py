"""Password sign-in: argon2 verification, rehash, lock-out, audit, sessions (SQLite and PG)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import orjson
import pytest
from sqlalchemy import Engine, select

from kizashi.errors import AuthError
from kizashi.guard import AuditLog, AuditWriteError
from kizashi.guard.identity.passwords import HashParameters
from kizashi.guard.identity.service import create_user, password_hash_of, sync_desks
from kizashi.guard.identity.sessions import end_session, open_session, session_user
from kizashi.guard.identity.signin import LOCKOUT, MAX_FAILURES, REFUSED, sign_in
from kizashi.store.tables import audit_entries

FAST = HashParameters(time_cost=1, memory_cost_kib=1024, parallelism=1)
NEW = HashParameters(time_cost=2, memory_cost_kib=2048, parallelism=1)
T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"


@pytest.fixture
def officer(engine: Engine) -> str:
    with engine.begin() as c:
        sync_desks(c)
        create_user(c, "sato", role="analyst", desk="tokuryu", password=PASSWORD, parameters=FAST)
    return "sato"


def _leaves(engine: Engine) -> list[dict[str, object]]:
    with engine.connect() as c:
        rows = c.execute(select(audit_entries.c.leaf).order_by(audit_entries.c.seq)).scalars()
        return [orjson.loads(leaf) for leaf in rows]


def test_the_right_password_signs_in_and_is_logged(
    engine: Engine, audit_log: AuditLog, officer: str
) -> None:
    user = sign_in(engine, audit_log, officer, PASSWORD, terminal="ws-9", now=T0, parameters=FAST)
    assert (user.name, user.desk, user.role) == ("sato", "tokuryu", "analyst")
    [leaf] = _leaves(engine)
    assert leaf["action"] == "sign_in" and leaf["decision"] == {"effect": "allow", "reason": ""}
    assert leaf["actor"] == user.id and leaf["context"] == {"terminal": "ws-9"}


def test_every_refusal_says_the_same_and_the_log_says_why(
    engine: Engine, audit_log: AuditLog, officer: str
) -> None:
    for name, password in ((officer, "wrong password!!"), ("nobody", PASSWORD)):
        with pytest.raises(AuthError) as refused:
            sign_in(engine, audit_log, name, password, now=T0, parameters=FAST)
        assert str(refused.value) == REFUSED
    wrong, unknown = _leaves(engine)
    assert wrong["decision"]["reason"] == "wrong password or disabled"  # type: ignore[index]
    assert unknown["actor"] == "anonymous"
    assert unknown["decision"]["reason"] == "unknown user"  # type: ignore[index]
    # The name someone typed may be a mistyped password: it is personal data (hashed).
    assert set(unknown["personal"]) == {"name"}  # type: ignore[arg-type]


def test_repeated_failures_lock_the_account_then_it_opens_again(
    engine: Engine, audit_log: AuditLog, officer: str
) -> None:
    for i in range(MAX_FAILURES):
        with pytest.raises(AuthError):
            sign_in(
                engine,
                audit_log,
                officer,
                "wrong password!!",
                now=T0 + timedelta(seconds=i),
                parameters=FAST,
            )
    # Locked: even the right password is refused, and the log says it was the lock.
    with pytest.raises(AuthError):
        sign_in(
            engine, audit_log, officer, PASSWORD, now=T0 + timedelta(minutes=1), parameters=FAST
        )
    assert "locked" in str(_leaves(engine)[-1]["decision"])
    later = T0 + LOCKOUT + timedelta(seconds=10)
    assert sign_in(engine, audit_log, officer, PASSWORD, now=later, parameters=FAST).name == officer


def test_a_success_resets_the_failure_count(
    engine: Engine, audit_log: AuditLog, officer: str
) -> None:
    for round_ in range(2):
        for _ in range(MAX_FAILURES - 1):
            with pytest.raises(AuthError):
                sign_in(engine, audit_log, officer, "nope nope nope", now=T0, parameters=FAST)
        assert sign_in(engine, audit_log, officer, PASSWORD, now=T0, parameters=FAST), round_


def test_changed_parameters_rehash_on_sign_in(
    engine: Engine, audit_log: AuditLog, officer: str
) -> None:
    with engine.connect() as c:
        before = password_hash_of(c, officer)
    sign_in(engine, audit_log, officer, PASSWORD, now=T0, parameters=NEW)
    with engine.connect() as c:
        after = password_hash_of(c, officer)
    assert before != after and after is not None and "m=2048,t=2" in after


class BrokenLog(AuditLog):
    def append_many(self, entries):  # type: ignore[no-untyped-def]
        raise AuditWriteError("disk full")


def test_nobody_signs_in_unlogged(engine: Engine, signer, officer: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(AuditWriteError):
        sign_in(engine, BrokenLog(engine, signer), officer, PASSWORD, now=T0, parameters=FAST)


def test_sessions_are_short_lived_and_revocable(
    engine: Engine, audit_log: AuditLog, officer: str
) -> None:
    user = sign_in(engine, audit_log, officer, PASSWORD, now=T0, parameters=FAST)
    start = T0
    token, expires = open_session(
        engine, user, terminal="ws-9", now=start, ttl=timedelta(minutes=30)
    )
    assert token.startswith("kzs_") and expires == start + timedelta(minutes=30)
    with engine.connect() as c:
        assert session_user(c, token, now=start + timedelta(minutes=29)).id == user.id
        with pytest.raises(AuthError):  # an API session is no web session
            session_user(c, token, now=start, surface="web")
        with pytest.raises(AuthError):
            session_user(c, token, now=expires)
        with pytest.raises(AuthError):
            session_user(c, "kzs_forged", now=start)
    assert end_session(engine, audit_log, token, now=start)
    assert not end_session(engine, audit_log, token, now=start)  # once
    with engine.connect() as c, pytest.raises(AuthError):
        session_user(c, token, now=start)
    assert _leaves(engine)[-1]["action"] == "sign_out"
