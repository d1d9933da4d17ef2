"""Leak attribution benchmark: fingerprints under attack, collusion, text retyping, speed.

    nice python benchmarks/trace.py [--quick]

Images: scikit-image's sample images that ship inside its wheel (astronaut, coffee,
chelsea, camera, rocket, ihc) and a synthetic 1080p CCTV frame with a burnt-in timestamp.
Every image is issued to 50 recipients; for each attack one recipient's copy (a different
one each time) is attacked and traced against all 50. Reported: how often the right
recipient is ranked first, how often they are *named* (false-accusation figure at most
name_below), innocents named,
PSNR, and 1080p embed time (median of 5). The same run measures invisible-watermark's
dwtDct and blind-watermark with a 32-bit recipient id each (decoded after aligning the
leak to the original, the same help our scheme gets; recipient = nearest id), if installed
(`pip install -e .[bench]`); otherwise they are skipped with the reason.
Text: the demo raid plan (ja) and an English advisory, retyped (invisible marks gone,
spacing and punctuation normalised), partly retyped, and mixed by three colluders.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import skimage.data

sys.path.insert(0, str(Path(__file__).resolve().parent))
from trace_attacks import SINGLE, jpeg

from kizashi.trace.image_detect import detect
from kizashi.trace.image_mark import embed, psnr
from kizashi.trace.image_register import register
from kizashi.trace.params import default_params
from kizashi.trace.synthetic import cctv_frame
from kizashi.trace.text_code import render_copy
from kizashi.trace.text_template import parse
from kizashi.trace.text_trace import trace_text

KEY = bytes(range(32))
RECIPIENTS = [f"r{i:02d}" for i in range(50)]
PARAMS = default_params()
ROOT = Path(__file__).resolve().parent.parent
ADVISORY = """---
title: Advisory on courier recruitment
lang: en
---
# Advisory ({{restricted|limited distribution}})

On {{date:2026-10-22}} at {{time:06:00}} officers will {{search|enter}} the flat. The team of
{{num:12}} will {{assemble|gather}} at the {{decoy:north car park|south car park|station taxi rank}}
the {{evening before|night before}} with {{decoy:two vans|three vans|four vans}}.

<!-- trace:order -->
- Front door: team 1
- Balcony: team 2
- Fire escape: team 3

If the subject is {{absent|not at home}}, {{continue|keep up}} the {{watch|surveillance}} and
{{await|wait for}} the {{commander|officer in charge}}'s {{decision|call}}. {{Handle|Treat}} this
{{document|plan}} with {{great|particular}} {{care|caution}}.
"""


def images(quick: bool) -> dict[str, np.ndarray]:
    names = ("astronaut", "coffee", "chelsea", "camera", "rocket", "immunohistochemistry")
    found: dict[str, np.ndarray] = {}
    for name in names[:2] if quick else names:
        array = getattr(skimage.data, name)()
        found[name] = (
            cv2.cvtColor(array, cv2.COLOR_GRAY2BGR)
            if array.ndim == 2
            else cv2.cvtColor(array[..., :3], cv2.COLOR_RGB2BGR)
        )
    found["cctv1080"] = cctv_frame(seed=11)
    return found


# --- our scheme -----------------------------------------------------------------------------


def ours_single(images_: dict[str, np.ndarray], trials: int) -> dict[str, dict[str, Any]]:
    rng = np.random.default_rng(1)
    rows: dict[str, dict[str, Any]] = {}
    counter = 0
    for attack, function in SINGLE.items():
        repeats = trials if attack == "screen_photo" else 1
        stats = {"cases": 0, "first": 0, "named": 0, "innocent": 0, "z": []}
        for name, image in images_.items():
            for _ in range(repeats):
                who = RECIPIENTS[counter % len(RECIPIENTS)]
                counter += 1
                copy = embed(image, KEY, name, who, PARAMS.image)
                verdict = detect(function(copy, rng), image, KEY, name, RECIPIENTS, PARAMS.image)
                stats["cases"] += 1
                stats["first"] += verdict.ranked[0].label == who
                stats["named"] += any(r.label == who for r in verdict.named)
                stats["innocent"] += sum(r.label != who for r in verdict.named)
                stats["z"].append(next(r.z for r in verdict.ranked if r.label == who))
        rows[attack] = stats
        print(
            f"  ours {attack:<16} first {stats['first']}/{stats['cases']} "
            f"named {stats['named']} innocents {stats['innocent']} "
            f"median z {statistics.median(stats['z']):.1f}",
            flush=True,
        )
    return rows


def ours_collusion(images_: dict[str, np.ndarray], trials: int) -> dict[str, dict[str, int]]:
    rng = random.Random(3)
    rows: dict[str, dict[str, int]] = {}
    for kind in ("average", "collage"):
        stats = {"cases": 0, "colluders_named": 0, "colluders": 0, "any_named": 0, "innocent": 0}
        for name, image in images_.items():
            for _ in range(trials):
                size = rng.choice((2, 3))
                who = rng.sample(RECIPIENTS, size)
                copies = [embed(image, KEY, name, w, PARAMS.image).astype(np.float32) for w in who]
                if kind == "average":
                    mixed = np.mean(copies, axis=0)
                else:
                    strips = np.array_split(np.arange(image.shape[1]), size)
                    mixed = np.concatenate(
                        [c[:, s] for c, s in zip(copies, strips, strict=True)], 1
                    )
                leak = jpeg(np.clip(mixed.round(), 0, 255).astype(np.uint8), 85)
                verdict = detect(leak, image, KEY, name, RECIPIENTS, PARAMS.image)
                named = {r.label for r in verdict.named}
                stats["cases"] += 1
                stats["colluders"] += size
                stats["colluders_named"] += len(named & set(who))
                stats["any_named"] += bool(named & set(who))
                stats["innocent"] += len(named - set(who))
        rows[kind] = stats
        print(f"  ours collusion {kind}: {stats}", flush=True)
    return rows


# --- baselines --------------------------------------------------------------------------------


def _bits(label: str) -> np.ndarray:
    seed = int.from_bytes(label.encode().ljust(8, b"_")[:8], "big") ^ 0x9E3779B97F4A7C15
    return np.random.default_rng(seed).integers(0, 2, 32).astype(bool)


def _dwtdct() -> tuple[Callable[..., np.ndarray], Callable[..., np.ndarray]] | str:
    spec = importlib.util.find_spec("imwatermark")
    if spec is None or not spec.submodule_search_locations:
        return "invisible-watermark is not installed (pip install -e .[bench])"
    try:
        import pywt  # noqa: F401
    except ImportError:
        return "PyWavelets is not installed (pip install -e .[bench])"
    # The package's __init__ imports its rivaGan module, which needs torch; dwtDct lives in
    # maxDct.py and needs only numpy, cv2 and pywt, so that module is loaded on its own.
    path = Path(next(iter(spec.submodule_search_locations))) / "maxDct.py"
    module_spec = importlib.util.spec_from_file_location("imwatermark_maxdct", path)
    assert module_spec and module_spec.loader
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)

    def encode(image: np.ndarray, bits: np.ndarray) -> np.ndarray:
        coder = module.EmbedMaxDct(watermarks=[int(b) for b in bits], wmLen=32, scales=[0, 36, 36])
        return coder.encode(image)

    def decode(image: np.ndarray) -> np.ndarray:
        return np.asarray(
            module.EmbedMaxDct(watermarks=[], wmLen=32, scales=[0, 36, 36]).decode(image)
        )

    return encode, decode


def _blind() -> tuple[Callable[..., np.ndarray], Callable[..., np.ndarray]] | str:
    try:
        import io
        from contextlib import redirect_stdout

        with redirect_stdout(io.StringIO()):
            from blind_watermark import WaterMark
    except ImportError as exc:
        return f"blind-watermark is not installed ({exc}; pip install -e .[bench])"

    def quiet() -> Any:
        with redirect_stdout(io.StringIO()):
            return WaterMark(password_img=1, password_wm=1)

    def encode(image: np.ndarray, bits: np.ndarray) -> np.ndarray:
        mark = quiet()
        mark.read_img(img=image)
        mark.read_wm(bits, mode="bit")
        return np.clip(mark.embed(), 0, 255).round().astype(np.uint8)

    def decode(image: np.ndarray) -> np.ndarray:
        return np.asarray(quiet().extract(embed_img=image, wm_shape=32, mode="bit")) > 0.5

    return encode, decode


def baseline(name: str, coder: Any, images_: dict[str, np.ndarray], trials: int) -> dict[str, Any]:
    if isinstance(coder, str):
        print(f"  {name}: skipped: {coder}", flush=True)
        return {"skipped": coder}
    encode, decode = coder
    codes = {r: _bits(r) for r in RECIPIENTS}
    rng = np.random.default_rng(1)
    out: dict[str, Any] = {"psnr": [], "attacks": {}}
    counter = 0
    for attack, function in SINGLE.items():
        repeats = trials if attack == "screen_photo" else 1
        stats = {"cases": 0, "first": 0, "bit_acc": []}
        for image_name, image in images_.items():
            for _ in range(repeats):
                who = RECIPIENTS[counter % len(RECIPIENTS)]
                counter += 1
                try:
                    marked = encode(image, codes[who])
                    if attack == "none":
                        out["psnr"].append(psnr(marked, image))
                    leak = function(marked, rng)
                    aligned = register(leak, image, PARAMS.image).aligned
                    bits = decode(np.clip(aligned, 0, 255).astype(np.uint8))
                except Exception as exc:  # a baseline failing on one image is a result too
                    print(f"    {name} {attack} {image_name}: error {exc}", flush=True)
                    stats["cases"] += 1
                    stats["bit_acc"].append(0.5)
                    continue
                distances = {r: int(np.sum(c != bits)) for r, c in codes.items()}
                stats["cases"] += 1
                stats["first"] += min(distances, key=lambda r: (distances[r], r)) == who
                stats["bit_acc"].append(1 - distances[who] / 32)
        out["attacks"][attack] = stats
        print(
            f"  {name} {attack:<16} first {stats['first']}/{stats['cases']} "
            f"bit accuracy {statistics.mean(stats['bit_acc']):.2f}",
            flush=True,
        )
    return out


# --- text -------------------------------------------------------------------------------------


def retype(text: str, rng: random.Random) -> str:
    text = re.sub("[\u200b\u200c\u2060]", "", text)
    text = re.sub(r"[ \u3000]+", " ", text)
    swaps = {"、": ",", "。": ". ", "：": ": ", "（": "(", "）": ")", "・": "-", "—": "-"}
    for a, b in swaps.items():
        text = text.replace(a, b)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if rng.random() < 0.5:
        lines = [re.sub(r"^[-*] ", "・", line) for line in lines]
    return "\n".join(lines)


def text_bench(trials: int) -> dict[str, dict[str, Any]]:
    rng = random.Random(5)
    products = {
        "raid-plan-ja": (ROOT / "src/kizashi/demo/data/raid_plan_oyama.md").read_text("utf-8"),
        "advisory-en": ADVISORY,
    }
    rows: dict[str, dict[str, Any]] = {}
    for name, source in products.items():
        template = parse(source, name)
        copies = {r: render_copy(KEY, name, r, template, PARAMS.text)[0] for r in RECIPIENTS}
        full = {"first": 0, "named": 0, "innocent": 0}
        half = {"first": 0, "named": 0, "innocent": 0}
        for who in RECIPIENTS:
            for stats, keep in ((full, 1.0), (half, 0.5)):
                lines = copies[who].splitlines()
                start = rng.randrange(0, max(1, int(len(lines) * (1 - keep))))
                excerpt = "\n".join(lines[start : start + max(1, int(len(lines) * keep))])
                verdict = trace_text(
                    retype(excerpt, rng), template, KEY, name, RECIPIENTS, PARAMS.text
                )
                stats["first"] += verdict.ranked[0].label == who
                stats["named"] += any(r.label == who for r in verdict.named)
                stats["innocent"] += sum(r.label != who for r in verdict.named)
        mix = {"cases": 0, "colluders_named": 0, "any_named": 0, "innocent": 0}
        for _ in range(trials):
            who = rng.sample(RECIPIENTS, rng.choice((2, 3)))
            lines = [copies[w].splitlines() for w in who]
            mixed = "\n".join(rng.choice(group) for group in zip(*lines, strict=True))
            verdict = trace_text(retype(mixed, rng), template, KEY, name, RECIPIENTS, PARAMS.text)
            named = {r.label for r in verdict.named}
            mix["cases"] += 1
            mix["colluders_named"] += len(named & set(who))
            mix["any_named"] += bool(named & set(who))
            mix["innocent"] += len(named - set(who))
        rows[name] = {
            "slots": len(template.slots),
            "retyped": full,
            "half_retyped": half,
            "mix": mix,
        }
        print(f"  text {name}: {rows[name]}", flush=True)
    return rows


def embed_time(image: np.ndarray) -> float:
    runs = []
    for i in range(5):
        started = time.perf_counter()
        embed(image, KEY, "timing", f"r{i}", PARAMS.image)
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="Two natural images, fewer trials.")
    args = parser.parse_args()
    trials = 2 if args.quick else 5
    found = images(args.quick)
    print(f"images: {', '.join(f'{k} {v.shape[1]}x{v.shape[0]}' for k, v in found.items())}")
    cctv = found["cctv1080"]
    seconds = embed_time(cctv)
    psnrs = {k: psnr(embed(v, KEY, k, "r00", PARAMS.image), v) for k, v in found.items()}
    print(
        f"ours: 1080p embed median {seconds:.3f} s; PSNR min {min(psnrs.values()):.2f} dB "
        f"max {max(psnrs.values()):.2f} dB",
        flush=True,
    )
    started = time.perf_counter()
    verdict = detect(
        jpeg(embed(cctv, KEY, "cctv1080", "r01", PARAMS.image), 70),
        cctv,
        KEY,
        "cctv1080",
        RECIPIENTS,
        PARAMS.image,
    )
    print(
        f"ours: 1080p trace against 50 recipients {time.perf_counter() - started:.2f} s "
        f"(top {verdict.ranked[0].label} z={verdict.ranked[0].z:.1f})",
        flush=True,
    )
    ours_single(found, trials)
    ours_collusion({"astronaut": found["astronaut"], "cctv1080": cctv}, 2 * trials)
    text_bench(20 * trials)
    for name, coder in (("dwtDct", _dwtdct()), ("blind-watermark", _blind())):
        if not isinstance(coder, str):
            started = time.perf_counter()
            coder[0](cctv, _bits("r00"))
            print(f"  {name}: 1080p embed {time.perf_counter() - started:.2f} s", flush=True)
        result = baseline(name, coder, found, trials)
        if result.get("psnr"):
            print(f"  {name}: PSNR median {statistics.median(result['psnr']):.2f} dB", flush=True)


if __name__ == "__main__":
    main()
