"""Keyed randomness: every fingerprint is derived from the installation's secret key.

A recipient's pattern or codeword is a pure function of (key, product, copy label), so
nothing but the key and the issue record needs keeping, and nobody without the key can
forge or strip a particular recipient's mark by knowing the scheme.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path

import numpy as np

from kizashi.errors import ConfigError

KEY_BYTES = 32


def seed_of(key: bytes, *parts: str) -> int:
    """A 64-bit seed from the key and the labelled parts (HMAC-SHA256)."""
    message = "\x1f".join(parts).encode("utf-8")
    return int.from_bytes(hmac.new(key, message, hashlib.sha256).digest()[:8], "big")


def rng_of(key: bytes, *parts: str) -> np.random.Generator:
    return np.random.default_rng(seed_of(key, *parts))


def load_or_create_key(path: Path) -> bytes:
    """The fingerprint key at `path` (mode 0600), made on first use."""
    try:
        if path.exists():
            key = path.read_bytes()
            if len(key) != KEY_BYTES:
                raise ConfigError(f"{path}: a fingerprint key is {KEY_BYTES} bytes, not {len(key)}")
            return key
        path.parent.mkdir(parents=True, exist_ok=True)
        key = os.urandom(KEY_BYTES)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            out.write(key)
        return key
    except OSError as exc:
        raise ConfigError(f"cannot read or create the fingerprint key {path}: {exc}") from exc
