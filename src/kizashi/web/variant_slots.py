"""A product's text with its variant slots shown as a reader reads them.

An author marks where each recipient's copy may differ (``{{兆候|様子}}``, ``{{decoy:2台|3台}}``,
``{{time:06:00}}``; see :mod:`kizashi.trace`). The author and the approver read the text the
recipients will read, not the markup: each slot shows its first wording, marked, and every
wording is in its title, so the page hides nothing the approver has to judge.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

# The trace room's slot syntax (trace/text_template.py): the shortest run between {{ and }}.
_SLOT = re.compile(r"\{\{(.+?)\}\}", re.S)
_FORMATTED = ("time", "date", "num")  # one value, written in a recipient's format


def slot_wordings(spec: str) -> tuple[str, list[str]]:
    """What a slot shows first and every wording it may take in a copy."""
    kind, _, rest = spec.partition(":")
    if kind in _FORMATTED:
        return rest.strip(), [rest.strip()]
    wordings = [w.strip() for w in (rest if kind == "decoy" else spec).split("|")]
    return wordings[0], wordings


def shown_with_slots(text: str, label: str) -> Markup:
    """``text`` escaped, each slot as its first wording in a marked span titled with all."""
    parts: list[str] = []
    last = 0
    for slot in _SLOT.finditer(text):
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
