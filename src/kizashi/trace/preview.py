"""An author's preview of a text product: its slots and a few sample copies."""

from __future__ import annotations

import math

from kizashi.trace.keyed import KEY_BYTES
from kizashi.trace.params import default_params
from kizashi.trace.text_code import render_copy
from kizashi.trace.text_template import parse


def preview_text(text: str, name: str, copies: int = 3) -> str:
    template = parse(text, name)
    lines = [f"{name}: {len(template.slots)} variant slots ({template.lang})"]
    bits = sum(math.log2(len(s.variants)) for s in template.slots)
    lines.append(
        f"about {bits:.0f} bits of variation: enough to tell apart ~{min(2**bits, 1e9):.0f} "
        "copies, fewer when several recipients mix theirs (see docs/trace.md)"
    )
    for slot in template.slots:
        described = slot.describe()
        lines.append(
            f"  slot {slot.index:>2} line {slot.line:>3} {slot.kind:<6} "
            + " | ".join(str(v) for v in described["variants"])
        )
    params = default_params().text
    # A throwaway key: the real copies use the installation's key and their own copy ids.
    key = bytes(KEY_BYTES)
    for number in range(copies):
        rendered, _ = render_copy(key, "preview", f"sample-{number}", template, params)
        lines.append(f"\n--- sample copy {number + 1} " + "-" * 40)
        lines.append(rendered.replace("\u2060", "").replace("\u200b", "").replace("\u200c", ""))
    return "\n".join(lines) + "\n"
