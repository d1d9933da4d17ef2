"""The blind layer of a still: a keyed 32-bit word per copy, readable without the original.

The first layer (:mod:`kizashi.trace.image_mark`) is strong but needs the kept original and
a registration; when the leak cannot be registered (a featureless crop, an original that is
not at hand) this second layer still speaks. It is RivaGAN (Zhang et al. 2019), an encoder
and decoder trained to survive JPEG, scaling and cropping, shipped as ONNX inside this
package (``models/rivagan``, MIT, from the invisible-watermark wheel) and run with
onnxruntime: no download. The encoder works on the still shrunk to ``side`` pixels; its
change is enlarged back onto the full image, so the layer lives at low frequencies that
resizing and JPEG leave alone. Each copy's word is keyed randomness.

Reading gives 32 soft bits. A candidate's score is their agreement weighted by the bits'
confidence; an innocent's word is independent of the leak, so their score is a sum of
weights with random signs, whose tail is computed exactly (:func:`innocent_tail`): the
p-value is exact, as for the first layer, and the verdict is reported separately from it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from kizashi.errors import ConfigError
from kizashi.trace.image_mark import Image, as_bgr
from kizashi.trace.keyed import rng_of
from kizashi.trace.params import BlindParams
from kizashi.trace.scoring import Candidate, Verdict, verdict

MODEL_DIR = Path(__file__).parent / "models" / "rivagan"
BITS = 32
GRID = 400  # steps of the exact tail: the largest weight spans this many


@lru_cache(maxsize=1)
def _sessions() -> tuple[Any, Any]:
    try:
        import onnxruntime
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise ConfigError("the blind layer needs onnxruntime") from exc
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 2
    options.log_severity_level = 3
    made = []
    for name in ("rivagan_encoder.onnx", "rivagan_decoder.onnx"):
        path = MODEL_DIR / name
        if not path.exists():
            raise ConfigError(f"the blind layer's model is missing: {path}")
        made.append(
            onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        )
    return made[0], made[1]


def work_size(shape: tuple[int, int], side: int) -> tuple[int, int]:
    """(h, w) at most `side` long, multiples of 4 (the network halves twice)."""
    h, w = shape
    scale = side / max(h, w)
    return max(16, round(h * scale) // 4 * 4), max(16, round(w * scale) // 4 * 4)


def word(key: bytes, product: str, label: str) -> NDArray[np.float32]:
    """The copy's 32 keyed bits (0/1)."""
    bits: NDArray[np.float32] = (
        rng_of(key, "blind", product, label).integers(0, 2, BITS).astype(np.float32)
    )
    return bits


def _tensor(image: Image) -> NDArray[np.float32]:
    scaled = image.astype(np.float32) / 127.5 - 1.0
    out: NDArray[np.float32] = np.ascontiguousarray(scaled.transpose(2, 0, 1)[None, :, None])
    return out


def add_layer(
    image: NDArray[np.generic], key: bytes, product: str, label: str, params: BlindParams
) -> Image:
    """`image` with the copy's word embedded (same size, uint8 BGR)."""
    bgr = as_bgr(np.asarray(image))
    h, w = bgr.shape[:2]
    sh, sw = work_size((h, w), params.side)
    small = cv2.resize(bgr, (sw, sh), interpolation=cv2.INTER_AREA)
    encoder, _ = _sessions()
    bits = word(key, product, label)[None]
    out = encoder.run(None, {"frame": _tensor(small), "data": bits})[0]
    marked = (np.clip(out[0, :, 0], -1.0, 1.0).transpose(1, 2, 0) + 1.0) * 127.5
    delta = cv2.resize(marked - small.astype(np.float32), (w, h), interpolation=cv2.INTER_LINEAR)
    result: Image = np.clip(np.rint(bgr.astype(np.float32) + delta), 0, 255).astype(np.uint8)
    return result


def read(image: NDArray[np.generic], shape: tuple[int, int], params: BlindParams) -> NDArray[Any]:
    """The 32 soft bits of `image`, read at the blind size of an original of `shape`."""
    bgr = as_bgr(np.asarray(image))
    sh, sw = work_size(shape, params.side)
    small = cv2.resize(bgr, (sw, sh), interpolation=cv2.INTER_AREA)
    _, decoder = _sessions()
    logits: NDArray[Any] = np.asarray(decoder.run(None, {"frame": _tensor(small)})[0][0], float)
    return logits


def innocent_tail(weights: Sequence[float], score: float) -> float:
    """P(sum of weights with independent fair random signs >= score), never understated.

    Weights are rounded *down* to a grid; the rounding error is at most the sum of the
    remainders, which is subtracted from the score before reading the exact tail.
    """
    positive = [w for w in weights if w > 0]
    if not positive:
        return 1.0
    step = max(positive) / GRID
    units = [math.floor(w / step) for w in positive]
    slack = sum(w - u * step for w, u in zip(positive, units, strict=True))
    total = sum(units)
    dist = np.zeros(2 * total + 1)
    dist[total] = 1.0
    for unit in units:
        if unit == 0:
            continue
        moved = np.zeros_like(dist)
        moved[unit:] += 0.5 * dist[:-unit]
        moved[:-unit] += 0.5 * dist[unit:]
        dist = moved
    threshold = math.ceil((score - slack) / step - 1e-9) + total
    return float(min(1.0, dist[max(threshold, 0) :].sum()))


def blind_verdict(
    logits: NDArray[Any],
    key: bytes,
    product: str,
    labels: Sequence[str],
    params: BlindParams,
    *,
    tries: int = 1,
) -> Verdict:
    """Rank `labels` by how well their word matches the soft bits read from a leak.

    `tries` is the number of readings (orientations) the caller looked at and kept the best
    of; the family is multiplied by it, so that looking more often cannot accuse more.
    """
    soft = np.asarray(logits, float)
    cap = 2.0 * float(np.median(np.abs(soft))) or 1.0
    weights = np.minimum(np.abs(soft), cap)
    signs = np.sign(soft)
    candidates = []
    agreement = {}
    for label in labels:
        sign = 2.0 * word(key, product, label) - 1.0
        score = float(np.sum(weights * signs * sign))
        candidates.append(Candidate(label, score, innocent_tail(list(weights), score)))
        agreement[label] = int(np.sum(signs == sign))
    return verdict(
        candidates,
        family=len(labels) * max(1, tries),
        name_below=params.name_below,
        evidence={"scheme": params.id, "bits": BITS, "agreeing_bits": agreement},
    )
