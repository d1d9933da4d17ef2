"""What a finding left behind it (pii18): a phone's extension, an address's last number.

The structured rules stop at the first shape they know; the writer goes on:

- a phone followed by its extension (045-671-2231 内線408, 03-6261-4410 ext. 7203,
  ０４４－２１１－７７６０（内線２２５）) — the extension names the desk, so it goes with the number;
- an address whose block number runs on after the rule stopped (…22番地の3, …字稲川原28-4:
  the rule took 22番地 and 28 and left の3 and -4);
- a town whose name holds の (竹の塚5丁目, 関の沢, 三ツ木の里): the town rule started after the
  の and left 竹の in front.

Each returns the findings widened, spans still the original text's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kizashi.share.pii_base import Finding

_EXT = r"(?:内線|ext\.?|Ext\.?|EXT\.?|x)[ \u3000]*(?:は|:|：)?[ \u3000]*\d{1,5}(?!\d)"
_EXTENSION = re.compile(rf"[ \u3000、,]*(?:[（(][ \u3000]*{_EXT}[ \u3000]*[)）]|{_EXT})")
_BLOCK_TAIL = re.compile(r"(?:の|[-‐‑–−－])\d{1,4}(?:(?:の|[-‐‑–−－])\d{1,4})?(?![\d.])(?:号)?")
_TOWN_HEAD = re.compile(r"(?<![一-龥])[一-龥]{1,2}の$")


def widened(folded: str, found: Iterable[Finding]) -> list[Finding]:
    out = []
    for f in found:
        start, end = f.start, f.end
        if f.kind == "phone":
            m = _EXTENSION.match(folded, end)
            if m:
                end = m.end()
        elif f.kind == "address":
            if re.search(r"(?:\d|番地|番)$", folded[start:end]):
                m = _BLOCK_TAIL.match(folded, end)
                if m:
                    end = m.end()
            if f.rule == "PII-ADDRESS-TOWN":
                m = _TOWN_HEAD.search(folded, max(0, start - 3), start)
                if m:
                    start = m.start()
        if (start, end) == (f.start, f.end):
            out.append(f)
        else:
            out.append(Finding(start, end, f.kind, f.rule, folded[start:end]))
    return out
