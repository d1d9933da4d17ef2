"""`kizashi demo` as a newcomer runs it: a real process that builds the workspace and prints
where to go next.

A build takes half a minute or more, so this runs in the deep run only (`tests/depth.py`'s
`only_deep`). The default run covers the same ground in-process: `small_demo` is built by
`run_demo`, the function the command calls, and the browser tests serve a copy of it and sign
in with what `print_summary` (the command's own printing) says for it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.depth import only_deep

pytestmark = [pytest.mark.deep, only_deep]


def _kizashi() -> list[str]:
    script = Path(sys.executable).with_name("kizashi")
    return (
        [str(script)]
        if script.exists()
        else [sys.executable, "-c", "from kizashi.cli import main; main()"]
    )


def test_kizashi_demo_builds_a_workspace_and_prints_whom_to_sign_in_as(tmp_path: Path) -> None:
    workspace = tmp_path / "demo"
    built = subprocess.run(
        [*_kizashi(), "demo", "--scale", "0.05", "--workspace", str(workspace)],
        env={
            **os.environ,
            "KIZASHI_DATA_DIR": str(tmp_path),
            "KIZASHI_DATABASE_URL": "",
            "KIZASHI_LOG_LEVEL": "WARNING",
            "PYTHONPATH": os.pathsep.join(sys.path),
            "COLUMNS": "200",
        },
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    printed = built.stdout
    assert re.search(r"web UI: http://[\w.]+:\d+/ui\b", printed), printed[-1500:]
    credentials = re.search(r"sign in as (\S+) \(.*?\) with password (\S+):", printed)
    assert credentials, printed[-1500:]
    assert "sign in as ogawa" in printed
    users = json.loads((workspace / "users.json").read_text("utf-8"))
    assert users[credentials.group(1)] == credentials.group(2)
    assert (workspace / "kizashi.db").exists() and (workspace / "tokens.json").exists()
