"""Where an installation keeps its checkpoint key and witness, and how to open its log.

The signer key lives in ``<data_dir>/audit/checkpoint.key`` (mode 0600) with the public
verifier key beside it in ``checkpoint.vkey``; ``kizashi audit keygen`` makes them, or the
first use does. The default witness directory is ``<data_dir>/witness``: point it at other
storage in production (a witness on the same disk, under the same administrator, proves
little).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from kizashi.config import Settings
from kizashi.guard.audit import AuditLog
from kizashi.guard.notes import Signer, load_or_create_signer, read_verifier, verifier_path
from kizashi.guard.notes import Verifier as Verifier

DEFAULT_ORIGIN = "kizashi/audit"


def key_path(settings: Settings) -> Path:
    return settings.data_dir / "audit" / "checkpoint.key"


def witness_path(settings: Settings) -> Path:
    return settings.data_dir / "witness"


def signer_for(settings: Settings, origin: str = DEFAULT_ORIGIN) -> Signer:
    return load_or_create_signer(key_path(settings), origin)


def verifier_for(settings: Settings) -> Verifier:
    return read_verifier(verifier_path(key_path(settings)))


def open_audit_log(
    settings: Settings,
    engine: Engine,
    *,
    checkpoint_every: int = 1000,
    checkpoint_seconds: float = 60.0,
) -> AuditLog:
    """The installation's audit log, its key made on first use."""
    return AuditLog(
        engine,
        signer_for(settings),
        checkpoint_every=checkpoint_every,
        checkpoint_seconds=checkpoint_seconds,
    )
