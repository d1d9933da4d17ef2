"""The rules alone against the rules with GiNZA's recogniser beside them (thirteenth round).

    KIZASHI_SHARED_DATA=../shared/data .venv/bin/python benchmarks/share_pii_ginza.py \\
        [--splits ABC,...,AF] [--ordinary 20000] [--show-misses AF] [--samples 40]

Every text of every chosen split (the same texts as ``share_pii.py`` at the same seed) is torn
twice in a row, once by the rules alone (``statistical=False``) and once with GiNZA
(``statistical=True``), so both see the same machine load; CPU time is summed per mode and
given as a ratio. Ordinary text: the same four corpora as ``share_pii.py --more-ordinary``
(``--ordinary`` sentences each); the removals GiNZA adds (a removed span the rules-only run
does not have) are counted by kind and rule and ``--samples`` of them printed.
``--show-misses`` lists the combined recogniser's misses of the named splits (codes).
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections import Counter

import share_pii
from share_pii import SHARED, SPLITS, _load, _texts

from kizashi.share.tear_line import TearLine, leftovers, tearline


def _both(text: str, cpu: list[float]) -> tuple[TearLine, TearLine]:
    """The text torn by the rules alone and with GiNZA; which runs first alternates, so that
    neither is always the one that finds the caches warm."""
    _both.calls = getattr(_both, "calls", 0) + 1  # type: ignore[attr-defined]
    out: dict[bool, TearLine] = {}
    for statistical in (False, True) if _both.calls % 2 else (True, False):  # type: ignore[attr-defined]
        c0 = time.process_time()
        out[statistical] = tearline(text, "TLP:GREEN", statistical=statistical)
        cpu[statistical] += time.process_time() - c0
    return out[False], out[True]


def _recall(texts: list[tuple[str, list[str]]], cpu: list[float], show: bool) -> dict[str, str]:
    seeded, kept, removed, true = 0, [0, 0], [0, 0], [0, 0]
    for text, values in texts:
        seeded += len(values)
        for i, torn in enumerate(_both(text, cpu)):
            left = leftovers(torn.text, values)
            kept[i] += len(left)
            for r in torn.removed:
                span = text[r["start"] : r["end"]]
                removed[i] += 1
                true[i] += any(v in span or span in v for v in values)
            if show and i == 1 and left:
                print("MISS", left, "|", text.replace("\n", " / "))
    return {
        "seeded values": str(seeded),
        "recall rules → +GiNZA": f"{1 - kept[0] / seeded:.3f} → {1 - kept[1] / seeded:.3f}",
        "precision rules → +GiNZA": (
            f"{true[0] / max(removed[0], 1):.3f} → {true[1] / max(removed[1], 1):.3f}"
        ),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-author", type=int, default=40)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--splits", default=",".join(SPLITS.values()))
    ap.add_argument("--ordinary", type=int, default=0, help="sentences of each ordinary corpus")
    ap.add_argument("--show-misses", default="", help="split codes whose misses are listed")
    ap.add_argument("--samples", type=int, default=40, help="GiNZA's new ordinary removals shown")
    args = ap.parse_args()
    wanted, show = set(args.splits.split(",")), set(filter(None, args.show_misses.split(",")))
    rng = random.Random(args.seed)
    people, towns, ordinary = _load(rng)
    results: dict[str, object] = {}
    cpu = [0.0, 0.0]
    tearline("山田花子さんに聞いた。", "TLP:GREEN")  # load the model before anything is timed
    for split, authors in SPLITS.items():
        texts = _texts(split, authors, rng, people, towns, args.per_author)
        if authors in wanted:
            results[split] = _recall(texts, cpu, authors in show)
    if cpu[0]:
        results["split texts' CPU s rules / +GiNZA"] = f"{cpu[0]:.1f} / {cpu[1]:.1f}"
        results["CPU ratio +GiNZA / rules"] = round(cpu[1] / cpu[0], 2)
    if args.ordinary:
        corpora = {"Tatoeba Japanese sentences": ordinary}
        for label, path in (
            ("Tatoeba English sentences", "tanaka_tatoeba_enja/en.jsonl"),
            ("RealPersonaChat Japanese utterances", "realpersonachat_ja/utterances.jsonl"),
            ("GoEmotions English Reddit comments", "goemotions_reddit_en/comments.jsonl"),
        ):
            with (SHARED / path).open(encoding="utf-8") as f:
                corpora[label] = [json.loads(line)["text"] for line in f]
        shown = 0
        for label, corpus in corpora.items():
            sample = random.Random(args.seed).sample(corpus, args.ordinary)
            touched = [0, 0]
            new: Counter[str] = Counter()
            ocpu = [0.0, 0.0]
            for text in sample:
                rules, both = _both(text, ocpu)
                touched[0] += bool(rules.removed)
                touched[1] += bool(both.removed)
                old = {(r["start"], r["end"]) for r in rules.removed}
                added = [r for r in both.removed if (r["start"], r["end"]) not in old]
                for r in added:
                    new[f"{r['kind']} {r['rule']}"] += 1
                if added and shown < args.samples:
                    shown += 1
                    print("NEW", [text[r["start"] : r["end"]] for r in added], "|", text)
            results[f"ordinary ({args.ordinary:,} {label})"] = {
                "sentences touched rules → +GiNZA": f"{touched[0]} → {touched[1]}",
                "new removals by kind and rule": dict(new.most_common()),
                "CPU ratio +GiNZA / rules": round(ocpu[1] / max(ocpu[0], 1e-9), 2),
            }
    print(json.dumps(results, ensure_ascii=False, indent=2))


share_pii.FIELDS.clear()  # the split texts' field names are not needed here

if __name__ == "__main__":
    main()
