"""The authors' probe sentences (``detect/data/probes.yaml``) through the shipped scorer.

    .venv/bin/python benchmarks/detect_probes.py [--split tune|hold|all] [--show]
    .venv/bin/python benchmarks/detect_probes.py --blind     # pass 5's blind set, totals only
    .venv/bin/python benchmarks/detect_probes.py --file probes_pass6.yaml [--show]
                                         # pass 6's set: tune families may be shown, blind never

Prints, per probe split and family-grouped functionality, how many items pass (a positive
when flagged with its own category, a negative when nothing is flagged), recall and FPR.
``--show`` lists every failing item of the *tune* families only: hold families are read as
totals. These are probes written by the same session that writes the rules — a figure
from them says what the authors thought of, not how the detector generalises.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from importlib import resources
from typing import Any

import yaml

from kizashi.detect.scorer import Scorer


def probe_items(name: str = "probes.yaml") -> list[dict[str, Any]]:
    text = resources.files("kizashi.detect.data").joinpath(name).read_text("utf-8")
    items = []
    for family in yaml.safe_load(text)["families"]:
        for n, sentence in enumerate(family["texts"]):
            items.append(
                {
                    "id": f"{family['id']}-{n}",
                    "family": family["id"],
                    "functionality": family["functionality"],
                    "label": family["label"],
                    "split": family["split"],
                    "text": sentence,
                }
            )
    return items


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", choices=("tune", "hold", "blind", "all"), default="all")
    parser.add_argument("--show", action="store_true", help="list failing tune items")
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--blind",
        action="store_true",
        help="probes_blind.yaml (pass 5): measured once, per functionality, never item by item",
    )
    parser.add_argument(
        "--file",
        help="another probe file under detect/data (probes_pass6.yaml: tune and blind families)",
    )
    args = parser.parse_args()
    if args.file:
        items = [i for i in probe_items(args.file) if args.split in ("all", i["split"])]
    elif args.blind:
        items = probe_items("probes_blind.yaml")
    else:
        items = [i for i in probe_items() if args.split in ("all", i["split"])]
    scored = Scorer(cache_size=0).score([i["text"] for i in items])
    table: dict[tuple[str, str], list[bool]] = defaultdict(list)
    totals: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    failures = []
    for item, s in zip(items, scored, strict=True):
        ok = s.category == item["label"] if item["label"] else not s.flagged
        table[(item["split"], item["functionality"])].append(ok)
        t = totals[item["split"]]
        kind = "pos" if item["label"] else "neg"
        t[kind] += 1
        t[f"{kind}_pass"] += ok
        if not ok and item["split"] == "tune":
            failures.append((item["id"], item["text"], s.category, round(s.score, 3), s.stage))
    if args.json:
        print(
            json.dumps(
                {
                    "totals": totals,
                    "functionality": {
                        f"{k[0]}/{k[1]}": [sum(v), len(v)] for k, v in sorted(table.items())
                    },
                },
                indent=1,
            )
        )
        return
    print("| split | functionality | pass |")
    print("|---|---|---|")
    for (split, name), oks in sorted(table.items()):
        print(f"| {split} | {name} | {sum(oks)}/{len(oks)} |")
    print()
    for split, t in sorted(totals.items()):
        recall = t["pos_pass"] / t["pos"] if t["pos"] else float("nan")
        fpr = 1 - t["neg_pass"] / t["neg"] if t["neg"] else float("nan")
        print(f"{split}: positives {t['pos_pass']}/{t['pos']} (recall {recall:.3f}), "
              f"negatives flagged {t['neg'] - t['neg_pass']}/{t['neg']} (FPR {fpr:.3f})")  # fmt: skip
    if args.show:
        print()
        for row in failures:
            print(*row, sep="\t")


if __name__ == "__main__":
    main()
