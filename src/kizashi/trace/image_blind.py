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
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from kizashi.errors import ConfigError
from kizashi.trace.blind_fft import IMPL as FFT_IMPL
from kizashi.trace.blind_fft import IMPL_V1 as FFT_IMPL_V1
from kizashi.trace.blind_fft import FftEncoder
from kizashi.trace.blind_fft import attention as fft_attention
from kizashi.trace.image_mark import Image, as_bgr
from kizashi.trace.keyed import rng_of
from kizashi.trace.params import BlindParams
from kizashi.trace.scoring import Candidate, Verdict, verdict

MODEL_DIR = Path(__file__).parent / "models" / "rivagan"
BITS = 32
Float = NDArray[Any]  # float32
GRID = 400  # steps of the exact tail: the largest weight spans this many


@lru_cache(maxsize=4)
def _session(name: str) -> Any:
    try:
        import onnxruntime
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise ConfigError("the blind layer needs onnxruntime") from exc
    options = onnxruntime.SessionOptions()
    # The per-copy half runs on the issuing pool's threads, one copy each: one thread and no
    # spinning (its pool would only wait on the other copies' work).
    options.intra_op_num_threads = 1 if name == APPLY else 2
    if name == APPLY:
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.log_severity_level = 3
    path = MODEL_DIR / name
    if not path.exists():
        raise ConfigError(f"the blind layer's model is missing: {path}")
    return onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


# The encoder cut in two (scripts/cut-rivagan-encoder): its attention reads only the frame, so
# it runs once per product; the per-copy part mixes in the word. Node for node the shipped
# encoder, so the copies are bit for bit what the whole encoder makes.
ENCODER = "rivagan_encoder.onnx"
ATTENTION = "rivagan_encoder_attention.onnx"
APPLY = "rivagan_encoder_apply.onnx"
DECODER = "rivagan_decoder.onnx"
CUT = "37"  # the attention tensor's name in the shipped encoder


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


# How a copy's blind layer was computed, recorded in its fingerprint (`blind_impl`): the same
# function to float32 rounding, not always the same bytes. None: the encoder in onnxruntime
# (copies made before 2026-12-04 night); "fft-v1": the attention in onnxruntime, the per-copy
# part by FFT convolutions (until 2026-12-05); "fft-v2": both by FFT convolutions.
IMPLS = (None, FFT_IMPL_V1, FFT_IMPL)


class BlindHost:
    """An original prepared once for the blind layers of many copies.

    The attention (frame-only) and the FFT encoder's per-product spectra are computed on first
    use for each implementation and kept; a lock makes that safe from the issuing threads."""

    def __init__(self, bgr: Image, small: Float, frame: Float) -> None:
        self.bgr = bgr
        self.small = small  # the still at the blind size, float32
        self.frame = frame  # the encoder's input tensor (1, 3, 1, h, w)
        self._lock = threading.Lock()
        self._onnx_attention: Float | None = None
        self._fft: dict[str, FftEncoder] = {}

    @property
    def attention(self) -> Float:
        """The attention as onnxruntime computes it, (1, 32, 1, h, w) (None and fft-v1)."""
        with self._lock:
            if self._onnx_attention is None:
                self._onnx_attention = _session(ATTENTION).run(None, {"frame": self.frame})[0]
            return self._onnx_attention

    def fft(self, impl: str) -> FftEncoder:
        """The per-copy part as FFT convolutions, with the attention `impl` computes it with."""
        if impl not in self._fft:
            onnx = self.attention[0, :, 0] if impl == FFT_IMPL_V1 else None
            with self._lock:
                if impl not in self._fft:
                    frame = self.frame[0, :, 0]
                    spread = onnx if onnx is not None else fft_attention(frame)
                    self._fft[impl] = FftEncoder(frame, spread)
        return self._fft[impl]


def prepare_layer(
    image: NDArray[np.generic], params: BlindParams, *, impl: str | None = FFT_IMPL
) -> BlindHost:
    """The original prepared for copies; the frame-only work of `impl` is done now."""
    bgr = as_bgr(np.asarray(image))
    sh, sw = work_size(bgr.shape[:2], params.side)
    small = cv2.resize(bgr, (sw, sh), interpolation=cv2.INTER_AREA)
    host = BlindHost(bgr, small.astype(np.float32), _tensor(small))
    _check(impl)
    if impl is None:
        host.attention  # noqa: B018 - computed now, not on the issuing threads
    else:
        host.fft(impl)
    return host


def _check(impl: str | None) -> None:
    if impl not in IMPLS:
        raise ConfigError(f"unknown blind-layer implementation {impl!r} (known: {IMPLS})")


def encoder_output(host: BlindHost, bits: NDArray[np.float32], impl: str | None) -> Float:
    """The encoder's output frame (3, h, w) for `bits`, computed the way `impl` names."""
    _check(impl)
    if impl is not None:
        return host.fft(impl).output(bits)
    feeds = {"frame": host.frame, CUT: host.attention, "data": bits[None]}
    out: Float = _session(APPLY).run(None, feeds)[0][0, :, 0]
    return out


def add_layer_prepared(
    host: BlindHost,
    key: bytes,
    product: str,
    label: str,
    params: BlindParams,
    *,
    impl: str | None = FFT_IMPL,
) -> Image:
    """The copy's word embedded in the prepared original (same size, uint8 BGR)."""
    h, w = host.bgr.shape[:2]
    out = encoder_output(host, word(key, product, label), impl)
    marked = (np.clip(out, -1.0, 1.0).transpose(1, 2, 0) + 1.0) * 127.5
    delta = cv2.resize(marked - host.small, (w, h), interpolation=cv2.INTER_LINEAR)
    # OpenCV's saturating conversion rounds half to even, as np.rint does: the same bytes as
    # clip(rint(original + delta)) in one pass instead of four.
    result: Image = cv2.add(host.bgr, delta, dtype=cv2.CV_8U)
    return result


def add_layer(
    image: NDArray[np.generic],
    key: bytes,
    product: str,
    label: str,
    params: BlindParams,
    *,
    impl: str | None = FFT_IMPL,
) -> Image:
    """`image` with the copy's word embedded (same size, uint8 BGR)."""
    host = prepare_layer(image, params, impl=impl)
    return add_layer_prepared(host, key, product, label, params, impl=impl)


def read(image: NDArray[np.generic], shape: tuple[int, int], params: BlindParams) -> NDArray[Any]:
    """The 32 soft bits of `image`, read at the blind size of an original of `shape`."""
    bgr = as_bgr(np.asarray(image))
    sh, sw = work_size(shape, params.side)
    small = cv2.resize(bgr, (sw, sh), interpolation=cv2.INTER_AREA)
    decoder = _session(DECODER)
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
