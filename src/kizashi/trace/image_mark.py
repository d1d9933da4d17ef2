"""Image fingerprints: a keyed spread-spectrum pattern per recipient, added to luminance.

Each copy gets its own pattern: Gaussian noise on a grid of ``cell``-pixel cells, smoothly
interpolated (so it survives JPEG, halving and the blur of a phone camera) and stripped of
its lowest frequencies (which brightness, gamma and vignetting would swamp). The pattern is
shaped by the image's local texture (stronger where the eye does not see it, weaker on
flat walls and sky) and scaled so that every copy is exactly ``target_psnr`` dB from the
original. Patterns of different recipients are independent, so a copy averaged from or
pieced together out of several copies still correlates with each contributor's pattern
(the continuous analogue of a Tardos code; see docs/trace.md).
"""

from __future__ import annotations

import math
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from kizashi.trace.keyed import rng_of
from kizashi.trace.params import ImageParams

# cv2's stubs type arrays loosely; precise dtypes here would only add casts.
Float = NDArray[Any]  # float32
Image = NDArray[Any]  # uint8, BGR


def as_bgr(image: NDArray[np.generic]) -> Image:
    """Any 8-bit grey, BGR or BGRA image as BGR."""
    array = np.asarray(image)
    if array.dtype != np.uint8:
        raise ValueError(f"expected an 8-bit image, got {array.dtype}")
    if array.ndim == 2:
        return cv2.cvtColor(array, cv2.COLOR_GRAY2BGR)
    if array.ndim == 3 and array.shape[2] == 4:
        return cv2.cvtColor(array, cv2.COLOR_BGRA2BGR)
    if array.ndim == 3 and array.shape[2] == 3:
        return array
    raise ValueError(f"unsupported image shape {array.shape}")


def luminance(image: NDArray[np.generic]) -> Float:
    bgr = np.asarray(image, dtype=np.float32)
    if bgr.ndim == 2:
        return bgr
    luma: Float = np.asarray(
        0.114 * bgr[..., 0] + 0.587 * bgr[..., 1] + 0.299 * bgr[..., 2], np.float32
    )
    return luma


def carrier(
    key: bytes,
    product: str,
    label: str,
    shape: tuple[int, int],
    params: ImageParams,
    *,
    full_shape: tuple[int, int] | None = None,
) -> Float:
    """The unit pattern of copy `label`, rendered at `shape` (h, w).

    The grid is sized from `full_shape` (the original's size), so rendering the same
    pattern at a smaller working size gives a faithful downscaled version of it.
    """
    full_h, full_w = full_shape or shape
    grid_h, grid_w = math.ceil(full_h / params.cell), math.ceil(full_w / params.cell)
    grid = rng_of(key, "image", product, label).standard_normal((grid_h, grid_w), np.float32)
    h, w = shape
    pattern: Float = np.asarray(cv2.resize(grid, (w, h), interpolation=cv2.INTER_LINEAR))
    sigma = params.lowcut_sigma * w / full_w
    low: Float = np.asarray(cv2.GaussianBlur(pattern, (0, 0), sigma))
    return pattern - low


def texture_mask(luma: Float) -> Float:
    """Where a change hides: local contrast, normalised to mean 1, kept within [0.5, 2.5]."""
    detail = np.abs(luma - cv2.GaussianBlur(luma, (0, 0), 1.5))
    local = cv2.GaussianBlur(detail, (0, 0), 4.0)
    scaled = np.sqrt(local / max(float(local.mean()), 1e-3))
    mask: Float = np.clip(scaled, 0.5, 2.5).astype(np.float32)
    return mask


def psnr(a: NDArray[np.generic], b: NDArray[np.generic]) -> float:
    diff = np.asarray(a, np.float64) - np.asarray(b, np.float64)
    mse = float(np.mean(diff * diff))
    return float("inf") if mse == 0 else 10 * math.log10(255.0**2 / mse)


def embed(
    image: NDArray[np.generic], key: bytes, product: str, label: str, params: ImageParams
) -> Image:
    """The copy of `image` for `label`: same size, ~``target_psnr`` dB from the original."""
    bgr = as_bgr(np.asarray(image))
    luma = luminance(bgr)
    shape = (bgr.shape[0], bgr.shape[1])
    delta = carrier(key, product, label, shape, params) * texture_mask(luma)
    rms = 255.0 / 10 ** (params.target_psnr / 20)
    # Rounding to 8 bits adds 1/12 of a grey level of variance: leave room for it.
    delta *= math.sqrt(max(rms * rms - 1 / 12, 0.1)) / max(float(delta.std()), 1e-6)
    marked = bgr.astype(np.float32) + delta[..., None]
    result: Image = np.clip(np.rint(marked), 0, 255).astype(np.uint8)
    return result
