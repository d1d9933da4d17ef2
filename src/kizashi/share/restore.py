"""Restoring one over-removed span of a tear-line: the approver's correction (pure rules).

The tear-line over-removes (an ordinary word read as a name, a town, a product number); the
second person who approves a product may put back *one* removal at a time, with a reason.
Which removals may come back is data (``restore:`` per level in ``tearline.yaml``): only
personal-data and sweep kinds, never a source-identifying or compartment removal, and never
a person's name at TLP:AMBER+STRICT or TLP:RED. The tear-line is rebuilt from the full text
and the removals that still stand, so a restore changes exactly one span.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kizashi.errors import ForbiddenError, InputError
from kizashi.share.tear_line import default_rules, splice


class SpanRestoreRefusedError(ForbiddenError):
    """The handling code does not let this kind of removal be restored."""


def restore_span(
    body: str,
    tearline: str,
    removed: Sequence[dict[str, Any]],
    index: int,
    handling_code: str,
    record: dict[str, Any],
) -> tuple[str, list[dict[str, Any]]]:
    """(the new tear-line, the removals with `index` marked restored by `record`).

    Refuses an index that names no removal, a removal already restored, a kind the level
    does not let come back, and a stored tear-line that the removals do not rebuild (it was
    made by other rules: submit the product again)."""
    if not 0 <= index < len(removed):
        raise InputError(f"removal {index}: the tear-line has removals 0–{len(removed) - 1}")
    target = removed[index]
    if target.get("restored"):
        raise InputError(f"removal {index} was already restored")
    level = default_rules().levels[handling_code]
    if target["kind"] not in level.restore:
        raise SpanRestoreRefusedError(
            f"{handling_code} does not let a removed {target['kind']} be restored "
            f"(tearline.yaml restore: {', '.join(sorted(level.restore)) or 'nothing'})"
        )
    if splice(body, removed) != tearline:
        raise InputError("the tear-line does not match its removals: submit the product again")
    out = [dict(r) for r in removed]
    out[index]["restored"] = record
    return splice(body, out), out
