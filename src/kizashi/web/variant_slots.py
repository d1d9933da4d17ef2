"""A product's text with its variant slots shown as a reader reads them.

An author marks where each recipient's copy may differ (``{{兆候|様子}}``, ``{{decoy:2台|3台}}``,
``{{time:06:00}}``; see :mod:`kizashi.trace`). The author and the approver read the text the
recipients will read, not the markup: each slot shows its first wording, marked, and every
wording is in its title, so the page hides nothing the approver has to judge.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from kizashi.trace import SLOT_PATTERN, written_slot


def slot_wordings(spec: str) -> tuple[str, list[str]]:
    """What a slot shows first and every wording it may take in a copy (as written)."""
    _kind, wordings = written_slot(spec)
    return wordings[0], wordings


def shown_with_slots(text: str, label: str) -> Markup:
    """``text`` escaped, each slot as its first wording in a marked span titled with all."""
    parts: list[str] = []
    last = 0
    for slot in SLOT_PATTERN.finditer(text):
        parts.append(escape(text[last : slot.start()]))
        first, wordings = slot_wordings(slot.group(1))
        parts.append(
            Markup('<span class="variant-slot" title="{}">{}</span>').format(
                f"{label}: {' / '.join(wordings)}", first
            )
        )
        last = slot.end()
    parts.append(escape(text[last:]))
    return Markup("").join(parts)
