"""Image fingerprints: a keyed spread-spectrum pattern per recipient, added to luminance.

Each copy gets its own pattern: Gaussian noise on a grid of ``cell``-pixel cells, stripped of
its lowest frequencies *on the grid* (which brightness, gamma and vignetting would swamp) and
bilinearly interpolated to the image (so it survives JPEG, halving and the blur of a phone
camera). Both steps are linear maps of the grid with explicit matrices (:func:`operators`),
which is what lets the detector compute the exact distribution of an innocent recipient's
score (see :mod:`kizashi.trace.image_detect`). The pattern is shaped by the image's local
texture (stronger where the eye does not see it, weaker on flat walls and sky) and scaled so
that every copy is exactly ``target_psnr`` dB from the original. Patterns of different
recipients are independent, so a copy averaged from or pieced together out of several copies
still correlates with each contributor's pattern.

The per-product work (texture mask) is done once in :func:`prepare`; a copy then costs one
grid, one small blur, one resize and one add, so issuing to many recipients is cheap.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
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


def grid_shape(full_shape: tuple[int, int], params: ImageParams) -> tuple[int, int]:
    return math.ceil(full_shape[0] / params.cell), math.ceil(full_shape[1] / params.cell)


def grid_of(
    key: bytes, product: str, label: str, full_shape: tuple[int, int], params: ImageParams
) -> Float:
    """The copy's keyed i.i.d. standard normal grid (the only random part of its pattern)."""
    shape = grid_shape(full_shape, params)
    grid: Float = rng_of(key, "image", product, label).standard_normal(shape, np.float32)
    return grid


def kernel_of(params: ImageParams) -> Float:
    sigma = params.lowcut_sigma / params.cell
    size = 2 * math.ceil(4 * sigma) + 1
    kernel: Float = cv2.getGaussianKernel(size, sigma).astype(np.float32)
    return kernel


@lru_cache(maxsize=32)
def blur_matrix(n: int, sigma: float, size: int) -> Float:
    kernel = cv2.getGaussianKernel(size, sigma).astype(np.float32)
    one = np.ones((1, 1), np.float32)
    eye = np.eye(n, dtype=np.float32)
    matrix: Float = cv2.sepFilter2D(eye, -1, one, kernel, borderType=cv2.BORDER_REFLECT_101)
    return matrix


@lru_cache(maxsize=32)
def resize_matrix(n: int, m: int) -> Float:
    """The m x n matrix of cv2's bilinear resize of n samples to m along one axis."""
    eye = np.eye(n, dtype=np.float32)
    matrix: Float = cv2.resize(eye, (n, m), interpolation=cv2.INTER_LINEAR)
    return matrix


@dataclass(frozen=True)
class Operators:
    """carrier = Uy (g - Gy g Gxᵀ) Uxᵀ for a grid g: the pattern as explicit linear maps."""

    uy: Float
    ux: Float
    gy: Float
    gx: Float


def operators(
    shape: tuple[int, int], full_shape: tuple[int, int], params: ImageParams
) -> Operators:
    gh, gw = grid_shape(full_shape, params)
    kernel = kernel_of(params)
    sigma, size = params.lowcut_sigma / params.cell, kernel.shape[0]
    return Operators(
        resize_matrix(gh, shape[0]),
        resize_matrix(gw, shape[1]),
        blur_matrix(gh, sigma, size),
        blur_matrix(gw, sigma, size),
    )


def highpass(grid: Float, params: ImageParams) -> Float:
    kernel = kernel_of(params)
    low = cv2.sepFilter2D(grid, -1, kernel, kernel, borderType=cv2.BORDER_REFLECT_101)
    out: Float = grid - low
    return out


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
    grid = grid_of(key, product, label, full_shape or shape, params)
    h, w = shape
    pattern: Float = cv2.resize(highpass(grid, params), (w, h), interpolation=cv2.INTER_LINEAR)
    return pattern


def texture_mask(luma: Float, scale: float = 1.0) -> Float:
    """Where a change hides: local contrast, normalised to mean 1, kept within [0.5, 2.5].

    `scale` < 1: `luma` is the picture reduced by that factor (the detector's working size);
    the blurs shrink with it (the result correlates at 0.996-0.999 with the full-size mask
    reduced, at a sixth of the cost). Copies are always made with the full-size mask."""
    detail = np.abs(luma - cv2.GaussianBlur(luma, (0, 0), 1.5 * scale))
    local = cv2.GaussianBlur(detail, (0, 0), 4.0 * scale)
    scaled = np.sqrt(local / max(float(local.mean()), 1e-3))
    mask: Float = np.clip(scaled, 0.5, 2.5).astype(np.float32)
    return mask


def psnr(a: NDArray[np.generic], b: NDArray[np.generic]) -> float:
    diff = np.asarray(a, np.float64) - np.asarray(b, np.float64)
    mse = float(np.mean(diff * diff))
    return float("inf") if mse == 0 else 10 * math.log10(255.0**2 / mse)


@dataclass(frozen=True)
class Host:
    """An original prepared once for issuing many copies."""

    bgr: Image
    mask: Float

    @property
    def shape(self) -> tuple[int, int]:
        return int(self.bgr.shape[0]), int(self.bgr.shape[1])


def prepare(image: NDArray[np.generic]) -> Host:
    bgr = as_bgr(np.asarray(image))
    return Host(bgr, texture_mask(luminance(bgr)))


def embed_prepared(
    host: Host,
    key: bytes,
    product: str,
    label: str,
    params: ImageParams,
    *,
    base: Image | None = None,
) -> Image:
    """The copy of `host` for `label`; `base` replaces the original if given (the original
    with a blind layer already added)."""
    delta = carrier(key, product, label, host.shape, params) * host.mask
    rms = 255.0 / 10 ** (params.target_psnr / 20)
    # Rounding to 8 bits adds 1/12 of a grey level of variance: leave room for it.
    delta *= math.sqrt(max(rms * rms - 1 / 12, 0.1)) / max(float(delta.std()), 1e-6)
    # The original is integer, so rounding the delta first is rounding the sum; adding the
    # positive and subtracting the negative part with OpenCV's saturating uint8 arithmetic
    # is then exactly clip(original + delta), at a fraction of the cost of float arrays.
    start = host.bgr if base is None else base
    step = np.rint(delta)
    up = cv2.cvtColor(np.clip(step, 0, 255).astype(np.uint8), cv2.COLOR_GRAY2BGR)
    down = cv2.cvtColor(np.clip(-step, 0, 255).astype(np.uint8), cv2.COLOR_GRAY2BGR)
    result: Image = cv2.subtract(cv2.add(start, up), down)
    return result


def embed(
    image: NDArray[np.generic], key: bytes, product: str, label: str, params: ImageParams
) -> Image:
    """The copy of `image` for `label`: same size, ~``target_psnr`` dB from the original."""
    return embed_prepared(prepare(image), key, product, label, params)
