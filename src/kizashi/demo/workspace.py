"""The demo workspace: a directory of its own with inputs, a manifest and a SQLite store.

The demo never touches the configured store: it builds a fresh workspace (by default
``<data_dir>/demo``) and only ever deletes a directory that it made itself, recognised by
its marker file.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from kizashi.config import Settings
from kizashi.errors import ConfigError

MARKER = ".kizashi-demo"


@dataclass(frozen=True)
class Workspace:
    root: Path

    @property
    def inputs(self) -> Path:
        return self.root / "inputs"

    @property
    def manifest(self) -> Path:
        return self.inputs / "manifest.json"

    def settings(self, base: Settings, database_url: str | None = None) -> Settings:
        """Settings whose data directory (and, unless given, database) are the workspace's."""
        return base.model_copy(update={"data_dir": self.root, "database_url": database_url})


def fresh_workspace(root: Path) -> Workspace:
    """An empty workspace at `root`, wiping an earlier demo there but nothing else."""
    if root.exists():
        if not (root / MARKER).exists() and any(root.iterdir()):
            raise ConfigError(
                f"{root} exists and is not a kizashi demo workspace; choose another --workspace"
            )
        shutil.rmtree(root)
    try:
        (root / "inputs").mkdir(parents=True)
    except OSError as exc:
        raise ConfigError(f"cannot create demo workspace {root}: {exc}") from exc
    (root / MARKER).write_text("made by `kizashi demo`; deleted and rebuilt by it\n", "utf-8")
    return Workspace(root)
