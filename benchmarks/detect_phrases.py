"""What phrase matching in rules changes: rule hits with and without it, on ordinary text.

    .venv/bin/python benchmarks/detect_phrases.py

Every row of the ordinary text (``../shared/data``, all splits) that contains one of the
rules' multi-word entries is run through the shipped rules compiled with phrase matching (as
shipped since threat.yaml version 6) and without it (a multi-word entry compared with one
token only, as before); prints how many rows there are and how many have different hits, by
split and source. Counts only: no text is printed.
"""

from __future__ import annotations

import json
import re
from collections import Counter

from kizashi.detect.background import background_items
from kizashi.detect.lexicon import parse_lexicon, shipped_lexicon_files
from kizashi.detect.rules import run_rules
from kizashi.text import views


def main() -> None:
    files = shipped_lexicon_files()
    with_phrases, without = parse_lexicon(files), parse_lexicon(files, phrases=False)
    entries = sorted(
        {
            " ".join(p)
            for r in with_phrases.rules
            for pat in r.patterns
            for m in pat
            for p in m.phrases
        }
    )
    if not entries:
        print(json.dumps({"entries": [], "rows": 0, "differ": 0}))
        return
    found = re.compile(r"\b(?:" + "|".join(re.escape(e) for e in entries) + r")\b", re.I)
    rows = [r for r in background_items() if found.search(r["text"])]
    differ: Counter[str] = Counter()
    for row in rows:
        v = views(row["text"])
        a = {(h.rule, h.start, h.end) for h in run_rules(v, with_phrases)[0]}
        b = {(h.rule, h.start, h.end) for h in run_rules(v, without)[0]}
        if a != b:
            differ[f"{row['split']}/{row.get('source', '?')}"] += 1
    out = {"entries": entries, "rows": len(rows), "differ": sum(differ.values()), "by": differ}
    print(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
