"""Secret files (signing keys, session keys) written atomically, readable by their owner only.

A key file written in place and cut short (a full disk, a crash) leaves an empty or partial
key that every later start then refuses, or worse, accepts. So a secret is written to a
temporary file in the same directory (created 0600, never wider), flushed and fsynced,
renamed over the target (atomic on POSIX), and the directory fsynced: a reader sees the old
file or the whole new one. Reading refuses a file that others may read.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from kizashi.errors import ConfigError

MODE = 0o600


def write_secret(path: Path, data: bytes, *, replace: bool = False, mode: int = MODE) -> None:
    """Write `data` to `path` atomically with `mode` (default 0600; FileExistsError if the
    file exists, unless `replace`)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and not replace:
        raise FileExistsError(path)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if replace:
            os.replace(temporary, path)
        else:
            # link() fails if the target appeared meanwhile: two first starts race safely.
            os.link(temporary, path)
            os.unlink(temporary)
        _fsync_directory(path.parent)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def read_secret(path: Path) -> bytes:
    """The file's bytes; ConfigError if group or others may read it, or it is empty."""
    info = path.stat()
    if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigError(f"{path}: a secret must be readable by its owner only (chmod 600)")
    data = path.read_bytes()
    if not data.strip():
        raise ConfigError(f"{path}: the secret file is empty")
    return data


def _fsync_directory(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
