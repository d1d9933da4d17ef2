"""Reading kizashi's versioned YAML data files (labels, parameters, desks, routing rules).

Every such file is a mapping with ``version: 1`` at the top; a file that cannot be read or
parsed, or is of another shape or version, is a :class:`~kizashi.errors.SchemaError` that
names the file, so a broken deployment says which file to fix.
"""

from __future__ import annotations

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
