"""Leak attribution under a leaker's attacks (issue 20): stills, texts, colluders, innocents.

    nice python benchmarks/trace_leaks.py [--trials 10] [--null-images 300] [--null-texts 1000]

Five stills (four natural photos upscaled to 1080p, one rendered CCTV frame) and a 10-line
raid plan are issued to 20 recipients each through ``TraceService.issue_file`` (what
``kizashi trace issue`` runs). For every attack, ``trials`` leaks (a different still and
recipient each time) are traced with ``find`` (what ``kizashi trace find`` runs) against
everything issued. Reported per attack: right recipient ranked first, right recipient named
(alone), and innocents named. Then null trials: leaks of copies given to nobody (stills under
a random attack of the list; retyped texts), traced the same way: every name there is a
false accusation of one of the 20 innocent recipients.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from trace_attacks import ISSUE_ATTACKS, jpeg
from trace_setup import INSPECT, PLAN, PURPOSE, open_bench, png, stills

from kizashi.ids import new_id
from kizashi.trace import find
from kizashi.trace.products import PictureMaker, load_template, text_copy

TEXT_ATTACKS = ("retype", "ocr_errors", "paraphrase", "three_lines", "two_colluders_lines")


def decode(data: bytes) -> np.ndarray[Any, Any]:
    return cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)


def retype(text: str) -> str:
    text = re.sub("[\u200b\u200c\u2060]", "", text)
    text = re.sub(r"[ \u3000]+", " ", text).replace("、", ",").replace("。", ". ")
    return text.replace("：", ": ").replace("（", "(").replace("）", ")")


def ocr_errors(text: str, rng: random.Random) -> str:
    """2 % of characters misread (dropped or replaced by a look-alike), as OCR of a photo."""
    alike = {"日": "曰", "口": "ロ", "力": "カ", "二": "ニ", "1": "l", "0": "O", "へ": "ヘ"}
    out = []
    for char in retype(text):
        roll = rng.random()
        if roll < 0.01:
            continue
        out.append(alike.get(char, char) if roll < 0.02 else char)
    return "".join(out)


def paraphrase(text: str, rng: random.Random) -> str:
    """Two numbered lines left out, the rest retyped with some fixed words changed."""
    lines = retype(text).splitlines()
    numbered = [i for i, line in enumerate(lines) if re.match(r"^\d+\. ", line)]
    drop = set(rng.sample(numbered, 2))
    kept = [line for i, line in enumerate(lines) if i not in drop]
    swaps = {"とし": "として", "に対する": "への", "を禁じる": "禁止", "の場合は": "なら"}
    joined = "\n".join(kept)
    for old, new in swaps.items():
        joined = joined.replace(old, new)
    return joined


def three_lines(text: str, rng: random.Random) -> str:
    lines = [line for line in retype(text).splitlines() if re.match(r"^\d+\. ", line)]
    start = rng.randrange(len(lines) - 2)
    return "\n".join(lines[start : start + 3])


def collusion(images: list[np.ndarray[Any, Any]], how: str) -> np.ndarray[Any, Any]:
    if how == "average":
        return np.mean([i.astype(np.float32) for i in images], 0).round().astype(np.uint8)
    out = images[0].copy()
    h, w = out.shape[:2]
    tile = 120
    for y in range(0, h, tile):  # a mosaic: each tile from one colluder
        for x in range(0, w, tile):
            out[y : y + tile, x : x + tile] = images[(y // tile + x // tile) % len(images)][
                y : y + tile, x : x + tile
            ]
    return out


def tally(rows: list[dict[str, Any]], name: str, truth: set[str], result: dict[str, Any]) -> None:
    ranked = result["products"][0]["candidates"] if result["products"] else []
    first = ranked[0]["recipient"] if ranked else None
    named = set(result["named"])
    rows.append(
        {
            "attack": name,
            "first": first in truth,
            "named": bool(named) and named <= truth,
            "all_named": truth <= named,
            "innocents_named": len(named - truth),
            "blind_named": sorted(result.get("named_blind", [])),
            "z": ranked[0]["z"] if ranked else None,
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--trials", type=int, default=10)
    parser.add_argument("--null-images", type=int, default=300)
    parser.add_argument("--null-texts", type=int, default=1000)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    rng_np = np.random.default_rng(20)
    rng = random.Random(20)
    with tempfile.TemporaryDirectory(prefix="kizashi-trace-") as tmp:
        bench = open_bench(Path(tmp), 20)
        service, lead, inspector = bench.service, bench.lead, bench.inspector
        issued: dict[str, dict[str, bytes]] = {}
        products: dict[str, dict[str, Any]] = {}
        for name, image in stills().items():
            product, copies = service.issue_file(
                lead,
                png(image),
                f"{name}.png",
                bench.recipients,
                purpose=PURPOSE,
                compartment="op-bench",
            )
            issued[name] = {c.recipient: c.content for c in copies}
            products[name] = product
        plan, plan_copies = service.issue_file(
            lead,
            PLAN.read_bytes(),
            PLAN.name,
            bench.recipients,
            purpose=PURPOSE,
            compartment="op-bench",
        )
        texts = {c.recipient: c.content.decode("utf-8") for c in plan_copies}
        names = list(issued)
        rows: list[dict[str, Any]] = []

        def trace(data: bytes, filename: str) -> dict[str, Any]:
            return find(service, inspector, data, filename, purpose=INSPECT)

        started = time.perf_counter()
        for attack, function in ISSUE_ATTACKS.items():
            for trial in range(args.trials):
                still, leaker = names[trial % len(names)], rng.choice(bench.recipients)
                leak = function(decode(issued[still][leaker]), rng_np)
                tally(rows, attack, {leaker}, trace(png(leak), "leak.png"))
            print(f"{attack}: done", file=sys.stderr, flush=True)
        for how in ("average", "mosaic"):
            for trial in range(args.trials):
                still = names[trial % len(names)]
                colluders = rng.sample(bench.recipients, 3)
                mixed = collusion([decode(issued[still][c]) for c in colluders], how)
                tally(
                    rows, f"collusion3_{how}", set(colluders), trace(png(jpeg(mixed, 85)), "l.png")
                )
        for attack in TEXT_ATTACKS:
            for _ in range(args.trials):
                leaker = rng.choice(bench.recipients)
                truth = {leaker}
                if attack == "retype":
                    text = retype(texts[leaker])
                elif attack == "ocr_errors":
                    text = ocr_errors(texts[leaker], rng)
                elif attack == "paraphrase":
                    text = paraphrase(texts[leaker], rng)
                elif attack == "three_lines":
                    text = three_lines(texts[leaker], rng)
                else:
                    pair = rng.sample(bench.recipients, 2)
                    truth = set(pair)
                    text = retype(
                        "\n".join(
                            rng.choice(lines)
                            for lines in zip(*(texts[c].splitlines() for c in pair), strict=True)
                        )
                    )
                tally(rows, f"text_{attack}", truth, trace(text.encode("utf-8"), "leak.txt"))
        attack_seconds = time.perf_counter() - started

        # Leaks of copies given to nobody: every name is a false accusation.
        null_rows: list[dict[str, Any]] = []
        makers = {
            name: PictureMaker(
                products[name] | {"original": png(image)}, service.key, service.params
            )
            for name, image in stills().items()
        }
        template = load_template(PLAN.read_bytes(), PLAN.name, service.params)
        attacks = list(ISSUE_ATTACKS.values())
        kinds = ["image"] * args.null_images + ["text"] * args.null_texts
        for trial, kind in enumerate(kinds):
            if kind == "image":
                still = names[trial % len(names)]
                phantom = makers[still].make(new_id()).content
                leak = rng.choice(attacks)(decode(phantom), rng_np)
                result = trace(png(leak), "null.png")
            else:
                phantom_text = text_copy(
                    template, service.key, plan["id"], new_id(), service.params
                )
                result = trace(retype(phantom_text.content.decode("utf-8")).encode(), "null.txt")
            null_rows.append(
                {
                    "kind": kind,
                    "named": len(result["named"]),
                    "named_blind": len(result.get("named_blind", [])),
                    "top_false_accusation": (
                        result["products"][0]["candidates"][0]["false_accusation"]
                        if result["products"]
                        else None
                    ),
                }
            )
    summary = summarise(rows, null_rows, attack_seconds)
    print(render(summary))
    if args.out:
        args.out.write_text(json.dumps({"summary": summary, "rows": rows}, indent=1), "utf-8")


def summarise(
    rows: list[dict[str, Any]], null_rows: list[dict[str, Any]], seconds: float
) -> dict[str, Any]:
    attacks: dict[str, dict[str, Any]] = {}
    for row in rows:
        entry = attacks.setdefault(
            row["attack"], {"trials": 0, "first": 0, "named": 0, "all_named": 0, "innocents": 0}
        )
        entry["trials"] += 1
        entry["first"] += row["first"]
        entry["named"] += row["named"]
        entry["all_named"] += row["all_named"]
        entry["innocents"] += row["innocents_named"]
    return {
        "attacks": attacks,
        "null_trials": len(null_rows),
        "null_image_trials": sum(r["kind"] == "image" for r in null_rows),
        "null_named": sum(r["named"] for r in null_rows),
        "null_named_blind": sum(r["named_blind"] for r in null_rows),
        "null_min_false_accusation": min(
            (r["top_false_accusation"] for r in null_rows if r["top_false_accusation"] is not None),
            default=None,
        ),
        "attack_seconds": round(seconds, 1),
    }


def render(summary: dict[str, Any]) -> str:
    lines = [
        "| attack | trials | right recipient first | named (alone, or only colluders) "
        "| all colluders named | innocents named |",
        "|---|---|---|---|---|---|",
    ]
    for name, e in summary["attacks"].items():
        lines.append(
            f"| {name} | {e['trials']} | {e['first']}/{e['trials']} | {e['named']}/{e['trials']}"
            f" | {e['all_named']}/{e['trials']} | {e['innocents']} |"
        )
    lines.append("")
    lines.append(
        f"null: {summary['null_trials']} leaks of copies given to nobody "
        f"({summary['null_image_trials']} stills, the rest texts): "
        f"{summary['null_named']} names (pattern/text), {summary['null_named_blind']} (blind); "
        f"smallest false-accusation figure shown {summary['null_min_false_accusation']}"
    )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
