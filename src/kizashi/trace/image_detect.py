"""Detection: which recipients' patterns does a leaked image carry, and how surely?

After registration the copy's luminance is compared with the original's: a cubic tone
curve fitted over the covered pixels absorbs brightness, contrast and gamma; what is left
(the residual) is band-passed to the pattern's frequencies, clipped at 4 robust standard
deviations (so that misregistered edges and burnt-in overlays do not dominate), and
correlated with each candidate's pattern. The same correlation with ``phantoms`` keyed
patterns that no recipient was given estimates the null distribution, so each candidate
gets a z-score with a calibrated one-sided p-value (see :mod:`kizashi.trace.scoring`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from kizashi.trace.image_mark import Float, as_bgr, carrier, luminance, texture_mask
from kizashi.trace.image_register import Registration, register
from kizashi.trace.params import ImageParams
from kizashi.trace.scoring import Candidate, Verdict, verdict_from_scores

PHANTOM = "phantom"


def _work_size(shape: tuple[int, int], side: int) -> tuple[int, int]:
    h, w = shape
    scale = min(1.0, side / max(h, w))
    return max(8, round(h * scale)), max(8, round(w * scale))


def _tone_fit(source: Float, target: Float, valid: NDArray[Any]) -> Float:
    """`source` mapped by the cubic that best predicts `target` over the valid pixels."""
    xs, ys = source[valid], target[valid]
    if xs.size > 200_000:
        step = xs.size // 200_000 + 1
        xs, ys = xs[::step], ys[::step]
    if xs.size < 16:
        return source

    def basis(values: Float) -> NDArray[np.float64]:
        centred = values.astype(np.float64) / 127.5 - 1.0
        return np.stack([np.ones_like(centred), centred, centred**2, centred**3], axis=-1)

    coefficients, *_ = np.linalg.lstsq(basis(xs), ys.astype(np.float64), rcond=None)
    fitted: Float = (basis(source) @ coefficients).astype(np.float32)
    return fitted


def residual(
    registration: Registration, original: NDArray[np.generic], params: ImageParams
) -> tuple[Float, NDArray[Any], Float]:
    """The band-passed, clipped residual at working size, its mask, and the texture mask."""
    original_bgr = as_bgr(np.asarray(original))
    full = (original_bgr.shape[0], original_bgr.shape[1])
    h, w = _work_size(full, params.work_side)
    luma_o = luminance(original_bgr)
    mask = cv2.resize(texture_mask(luma_o), (w, h), interpolation=cv2.INTER_AREA)
    small_o = cv2.resize(luma_o, (w, h), interpolation=cv2.INTER_AREA)
    small_l = cv2.resize(luminance(registration.aligned), (w, h), interpolation=cv2.INTER_AREA)
    valid = (
        cv2.resize(registration.valid.astype(np.uint8), (w, h), interpolation=cv2.INTER_NEAREST) > 0
    )
    fitted = _tone_fit(small_o, small_l, valid)
    diff = np.where(valid, small_l - fitted, 0).astype(np.float32)
    sigma = params.lowcut_sigma * w / full[1]
    band = cv2.GaussianBlur(diff, (0, 0), 0.6) - cv2.GaussianBlur(diff, (0, 0), sigma)
    spread = float(np.median(np.abs(band[valid]))) * 1.4826 if valid.any() else 1.0
    band = np.clip(band, -4 * spread, 4 * spread) * valid
    return band.astype(np.float32), valid, mask


def scores(
    band: Float,
    mask: Float,
    key: bytes,
    product: str,
    labels: Sequence[str],
    full_shape: tuple[int, int],
    params: ImageParams,
) -> list[float]:
    shape = (band.shape[0], band.shape[1])
    return [
        float(
            np.sum(band * mask * carrier(key, product, label, shape, params, full_shape=full_shape))
        )
        for label in labels
    ]


def detect(
    leaked: NDArray[np.generic],
    original: NDArray[np.generic],
    key: bytes,
    product: str,
    labels: Sequence[str],
    params: ImageParams,
) -> Verdict:
    """Rank the copies `labels` of `product` by the evidence that `leaked` carries them."""
    registration = register(leaked, original, params)
    full = (np.asarray(original).shape[0], np.asarray(original).shape[1])
    band, valid, mask = residual(registration, original, params)
    phantoms = [f"{PHANTOM}:{i}" for i in range(params.phantoms)]
    null = scores(band, mask, key, product, phantoms, full, params)
    observed = scores(band, mask, key, product, labels, full, params)
    candidates = [Candidate(label, value) for label, value in zip(labels, observed, strict=True)]
    return verdict_from_scores(
        candidates,
        null,
        name_z=params.name_z,
        evidence={
            "scheme": params.id,
            "registration": registration.evidence(),
            "work_size": list(band.shape),
            "compared_pixels": int(valid.sum()),
        },
    )
