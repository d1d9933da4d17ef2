"""Where an installation keeps its checkpoint key and witness, and how to open its log.

The signer key lives where the operator puts it (setting ``audit_signing_key``,
``KIZASHI_AUDIT_SIGNING_KEY``), mode 0600, with the public verifier key beside it
(``.vkey``); ``kizashi audit keygen`` makes them, or the first use does. It belongs
outside the data directory: whoever can write the data directory and read the key can
delete the newest entries, rebuild the head and re-sign it. Unset, it defaults to
``<data_dir>/audit/checkpoint.key`` for development, which the production profile
(``KIZASHI_PROFILE=production``) refuses before anything starts (its checks, in kizashi.ops)
(and ``kizashi doctor`` lists). The witness directory is the one ``witness_url`` names
(default ``<data_dir>/witness``, which production refuses too): a witness on the same
disk, under the same administrator, proves little.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from sqlalchemy import Engine

from kizashi.clock import Clock, system_clock
from kizashi.config import Settings
from kizashi.guard.audit.errors import AuditKeyError
from kizashi.guard.audit.log import AuditLog
from kizashi.guard.audit.notes import Signer, load_or_create_signer, read_verifier, verifier_path
from kizashi.guard.audit.notes import Verifier as Verifier

DEFAULT_ORIGIN = "kizashi/audit"


def key_path(settings: Settings) -> Path:
    """The checkpoint signing key's file. In the production profile a key inside data_dir
    is refused before anything starts by the profile's checks (``kizashi doctor``, serve and
    worker: kizashi.ops), which list it beside every other unsafe setting."""
    return settings.audit_signing_key or settings.data_dir / "audit" / "checkpoint.key"


def witness_path(settings: Settings) -> Path:
    """The witness directory: ``witness_url`` as a file: URL or a path, else the default."""
    url = settings.witness_url
    if not url:
        return settings.data_dir / "witness"
    if url.startswith("file://"):
        return Path(unquote(urlsplit(url).path))
    if "://" in url:
        raise AuditKeyError(
            f"witness_url {url!r}: this version keeps its witness in a directory "
            "(a file: URL or a path)"
        )
    return Path(url)


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
    clock: Clock = system_clock,
) -> AuditLog:
    """The installation's audit log, its key made on first use."""
    return AuditLog(
        engine,
        signer_for(settings),
        checkpoint_every=checkpoint_every,
        checkpoint_seconds=checkpoint_seconds,
        clock=clock,
    )
