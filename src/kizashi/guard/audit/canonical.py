"""Canonical JSON for audit leaves, and salted hashes of personal data.

The canonical form (a subset of RFC 8785, JCS) is: UTF-8; no insignificant whitespace;
object keys sorted; strings escaped as JSON requires and nothing more (``"``, ``\\``, and
control characters below U+0020 as ``\\b \\t \\n \\f \\r`` or ``\\u00xx``; every other
character, including non-ASCII, written as itself); ``true``, ``false``, ``null``; integers in
decimal. Leaves are restricted so that this subset *is* JCS: keys are ASCII (so code-point
order equals JCS's UTF-16 order), integers fit in 53 bits, and there are no floats (JCS's
number formatting is the part implementations most often get wrong). orjson with sorted keys
writes exactly this form; the test suite checks it against the stdlib's json module.
"""

from __future__ import annotations

import hashlib
import os
from typing import Any

import orjson

MAX_SAFE_INTEGER = 2**53 - 1
SALT_BYTES = 16


def canonical_json(value: Any) -> bytes:
    """The canonical bytes of a JSON value made of dicts, lists, str, int, bool and None."""
    _check(value, "$")
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


def _check(value: Any, path: str) -> None:
    if value is None or isinstance(value, bool | str):
        return
    if isinstance(value, int):
        if abs(value) > MAX_SAFE_INTEGER:
            raise ValueError(f"{path}: integer {value} does not fit in 53 bits")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str) or not key.isascii():
                raise ValueError(f"{path}: keys must be ASCII strings, got {key!r}")
            _check(item, f"{path}.{key}")
        return
    if isinstance(value, list | tuple):
        for i, item in enumerate(value):
            _check(item, f"{path}[{i}]")
        return
    raise ValueError(f"{path}: {type(value).__name__} is not allowed in an audit leaf")


def is_canonical(line: bytes) -> bool:
    """Is this the exact canonical form of the JSON it holds?"""
    try:
        return canonical_json(orjson.loads(line)) == line
    except (orjson.JSONDecodeError, ValueError):
        return False


def new_salt() -> bytes:
    return os.urandom(SALT_BYTES)


def new_salts(count: int) -> list[bytes]:
    """`count` salts from one read of the system's random source."""
    pool = os.urandom(SALT_BYTES * count)
    return [pool[i : i + SALT_BYTES] for i in range(0, len(pool), SALT_BYTES)]


def personal_hash(salt: bytes, value: str) -> str:
    """SHA-256(salt || UTF-8(value)), hex: what a leaf holds instead of personal data.

    The salt is random per entry and field and kept outside the tree, so the hash reveals
    nothing by itself (no dictionary attack on names) and redaction, which deletes the salt
    and the value, leaves the leaf, and every proof over it, unchanged.
    """
    return hashlib.sha256(salt + value.encode("utf-8")).hexdigest()
