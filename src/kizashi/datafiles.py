"""Reading kizashi's versioned YAML data files (labels, parameters, desks, routing rules).

Every such file is a mapping with ``version: 1`` at the top; a file that cannot be read or
parsed, or is of another shape or version, is a :class:`~kizashi.errors.SchemaError` that
names the file, so a broken deployment says which file to fix.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from pathlib import Path
from typing import Any

import yaml

from kizashi.errors import SchemaError

# libyaml's loader when PyYAML was built with it (several times faster at start-up); both
# are safe loaders.
_SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_yaml(text: str | bytes) -> Any:
    """``yaml.safe_load``, through libyaml when PyYAML was built with it."""
    return yaml.load(text, Loader=_SAFE_LOADER)  # _SAFE_LOADER is a safe loader


def cache_root() -> Path:
    """Where kizashi keeps artefacts it derives deterministically from files it ships (parsed
    rule files, the sentence encoder's tables): ``<data dir>/cache``. The data directory is
    ``KIZASHI_DATA_DIR`` (the settings' ``data_dir``; ``var`` when unset), read from the
    environment here because the commands that need it (``kizashi scan``) never load the
    settings, whose import costs more than the cache saves."""
    return Path(os.environ.get("KIZASHI_DATA_DIR") or "var") / "cache"


_YAML_KEY = f"{yaml.__version__}:{_SAFE_LOADER.__name__}:{marshal.version}:".encode()


def cached_yaml(text: str) -> Any:
    """:func:`safe_yaml`, remembered by the SHA-256 of the text under ``cache_root()/yaml``.

    Building Python objects from a large YAML file costs far more than reading them back
    with :mod:`marshal` (the detector's rule files: 0.13 CPU-s against 0.004, at every
    ``kizashi scan``). The key is the text itself (and the parser's version), so an edited
    file is parsed again, never read stale; marshal holds plain data only (loading it runs
    no code) and gives back the same values, types and key order. A document marshal cannot
    hold (a YAML timestamp), or a cache that cannot be read or written, is simply parsed.
    """
    digest = hashlib.sha256(_YAML_KEY + text.encode("utf-8")).hexdigest()[:32]
    path = cache_root() / "yaml" / f"{digest}.marshal"
    found = read_marshalled(path)
    if found is not None:
        return found
    data = safe_yaml(text)
    write_marshalled(path, data)
    return data


def read_marshalled(path: Path) -> Any:
    """The value :func:`write_marshalled` left at ``path``; None when there is none (or the
    file is torn): the caller then builds the value itself."""
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None


def write_marshalled(path: Path, value: Any) -> None:
    """Keep ``value`` (plain data) at ``path`` for later processes, atomically (a reader sees
    the whole file or none); a value marshal cannot hold, or a folder that cannot be
    written, is left uncached."""
    try:
        blob = marshal.dumps(value)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
        with os.fdopen(handle, "wb") as out:
            out.write(blob)
        # mkstemp makes the file private (0600); the cache is derived from shipped files,
        # and the service's user must read what an operator's command wrote, and back.
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except (OSError, ValueError):
        pass


def read_versioned(path: Path, *, what: str = "", version: int = 1) -> dict[str, Any]:
    """The mapping in ``path``; SchemaError names the file and says what is wrong.

    ``what`` names the content in the message of a file that cannot be read ("the desk
    list"); without it the reader's own message follows the file name.
    """
    try:
        data = safe_yaml(path.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        reason = f"cannot read {what}: {exc}" if what else str(exc)
        raise SchemaError(f"{path}: {reason}") from exc
    if not isinstance(data, dict) or data.get("version") != version:
        raise SchemaError(f"{path}: expected a mapping with version: {version}")
    return data
