"""Finding: twelve places outside the guard built audit entries by hand, with effect "allow",
without asking the guard. Now entries are built in ``guard/audit`` alone (``events.py``: a
policy decision or an identity event), and every access is a decision of the policy."""

from __future__ import annotations

import re
from pathlib import Path

import kizashi

SOURCE = Path(kizashi.__file__).parent
AUDIT_PACKAGE = SOURCE / "guard" / "audit"


def test_audit_entries_are_built_only_in_the_audit_package() -> None:
    built = re.compile(r"\bAuditEntry\(")
    outside = [
        f"{path.relative_to(SOURCE)}:{number}"
        for path in sorted(SOURCE.rglob("*.py"))
        if AUDIT_PACKAGE not in path.parents
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if built.search(line)
    ]
    assert outside == []


def test_nothing_outside_the_guard_appends_to_the_log_directly() -> None:
    appended = re.compile(r"\baudit\.append(_many)?\(|\.audit\.append(_many)?\(")
    guard = SOURCE / "guard"
    outside = [
        f"{path.relative_to(SOURCE)}:{number}"
        for path in sorted(SOURCE.rglob("*.py"))
        if guard not in path.parents
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if appended.search(line)
    ]
    assert outside == []
