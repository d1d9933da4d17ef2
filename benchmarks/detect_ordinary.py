"""Ordinary text through the shipped scorer: how many sentences of one split are flagged.

    .venv/bin/python benchmarks/detect_ordinary.py --split dev [--show]
    .venv/bin/python benchmarks/detect_ordinary.py --split test        # counts only

Scores every unlabelled ``background_items()`` row of the split (the same rows
``kizashi detect eval`` reads) with ``Scorer(cache_size=0)`` and prints flags per source;
ThreatGram's level-2 threats are reported as recall. ``--show`` lists the flagged sentences
of the **dev** and **train** splits only: the test split is read as counts (issue 13's
protocol), so it keeps measuring sentences nobody tuned on.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter

from kizashi.detect.background import background_items
from kizashi.detect.scorer import Scorer


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", choices=("train", "dev", "test"), default="dev")
    parser.add_argument("--show", action="store_true", help="list flagged dev/train sentences")
    parser.add_argument("--batch", type=int, default=2000)
    args = parser.parse_args()
    if args.show and args.split == "test":
        parser.error("--show is for the dev and train splits; the test split is read as counts")
    items = [i for i in background_items() if i["split"] == args.split]
    scorer = Scorer(cache_size=0)
    total: Counter[str] = Counter()
    flagged: Counter[str] = Counter()
    threats: Counter[str] = Counter()
    shown = []
    for k in range(0, len(items), args.batch):
        batch = items[k : k + args.batch]
        for item, s in zip(batch, scorer.score([i["text"] for i in batch]), strict=True):
            source = item["functionality"].removeprefix("bg-")
            if item["label"]:
                threats["total"] += 1
                threats["flagged"] += s.category == item["label"]
                continue
            total[source] += 1
            if s.flagged:
                flagged[source] += 1
                if args.show:
                    shown.append((source, s.category, round(s.score, 3), item["text"]))
    langs = {"ja": ("realpersonachat_ja", "tatoeba_ja")}
    ja = sum(flagged[s] for s in langs["ja"]), sum(total[s] for s in langs["ja"])
    en_sources = [s for s in total if s not in langs["ja"] and s != "threatgram_en"]
    en = sum(flagged[s] for s in en_sources), sum(total[s] for s in en_sources)
    print(
        json.dumps(
            {
                "split": args.split,
                "ja": list(ja),
                "en": list(en),
                "per_source": {s: [flagged[s], total[s]] for s in sorted(total)},
                "threatgram_level2_recall": [threats["flagged"], threats["total"]],
            },
            indent=1,
        )
    )
    for row in shown:
        print(*row, sep="\t")


if __name__ == "__main__":
    main()
