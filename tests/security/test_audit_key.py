"""The audit signing key outside the data directory (issue 14: a data-directory thief who
also holds the key rewrites the log and re-signs it, and `audit verify` says OK)."""

from __future__ import annotations

from pathlib import Path

from kizashi.config import load_settings
from kizashi.guard.audit import open_audit_log
from kizashi.store import make_engine, upgrade


def test_the_key_is_kept_where_the_operator_says_not_in_the_data_dir(tmp_path: Path) -> None:
    data, secrets = tmp_path / "data", tmp_path / "secrets"
    config = load_settings(
        data_dir=data, database_url=None, audit_signing_key=secrets / "audit.key"
    )
    engine = make_engine(config)
    upgrade(engine)
    log = open_audit_log(config, engine)
    assert log.checkpoint()
    assert (secrets / "audit.key").stat().st_mode & 0o077 == 0
    assert (secrets / "audit.vkey").exists()
    assert not list(data.rglob("*.key")), "no signing key may be left in the data directory"
