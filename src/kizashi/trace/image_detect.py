"""Detection: which recipients' patterns does a leaked image carry, and how surely?

After registration the copy's luminance is compared with the original's: a cubic tone
curve fitted over the covered pixels absorbs brightness, contrast and gamma; what is left
(the residual) is band-passed to the pattern's frequencies, clipped at 4 robust standard
deviations (so that misregistered edges and burnt-in overlays do not dominate) and weighted
by the texture mask. A candidate's score is the correlation of that residual R with their
pattern, and the pattern is a linear map of their keyed grid g (:func:`image_mark.operators`):
score = <R, A g> = <Aᵀ R, g>. For an innocent recipient g is i.i.d. standard normal and
independent of the leak, so their score is *exactly* normal with mean 0 and variance
|Aᵀ R|². Dividing by |Aᵀ R| gives a z whose normal tail is an exact p-value, whatever the
attack did to the image: no fitted null, no tail that is overstated. Keyed *phantom*
patterns (given to nobody) are still scored and reported, as a visible check of that claim.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from kizashi.trace.image_mark import (
    Float,
    as_bgr,
    blur_matrix,
    grid_of,
    kernel_of,
    operators,
    resize_matrix,
    texture_mask,
)
from kizashi.trace.image_register import Features, Registration, register
from kizashi.trace.params import ImageParams
from kizashi.trace.scoring import Candidate, Verdict, normal_sf, verdict

PHANTOM = "phantom"


def _work_size(shape: tuple[int, int], side: int) -> tuple[int, int]:
    h, w = shape
    scale = min(1.0, side / max(h, w))
    return max(8, round(h * scale)), max(8, round(w * scale))


def _tone_fit(source: Float, target: Float, valid: NDArray[Any]) -> Float:
    """`source` mapped by the cubic that best predicts `target` over the valid pixels."""
    xs, ys = source[valid], target[valid]
    if xs.size > 50_000:  # four coefficients: a sample of 50,000 pixels fixes them
        step = xs.size // 50_000 + 1
        xs, ys = xs[::step], ys[::step]
    if xs.size < 16:
        return source

    def basis(values: Float) -> NDArray[np.float64]:
        centred = values.astype(np.float64) / 127.5 - 1.0
        return np.stack([np.ones_like(centred), centred, centred**2, centred**3], axis=-1)

    c0, c1, c2, c3 = np.linalg.lstsq(basis(xs), ys.astype(np.float64), rcond=None)[0]
    # Horner in float32 over the whole image (the fit itself used float64 on a sample).
    x = source * np.float32(1 / 127.5) - np.float32(1.0)
    fitted: Float = ((np.float32(c3) * x + np.float32(c2)) * x + np.float32(c1)) * x + np.float32(
        c0
    )
    return fitted


def residual(
    registration: Registration, original: NDArray[np.generic], params: ImageParams
) -> tuple[Float, NDArray[Any]]:
    """The band-passed, clipped, texture-weighted residual at working size, and its mask."""
    original_bgr = as_bgr(np.asarray(original))
    full = (original_bgr.shape[0], original_bgr.shape[1])
    h, w = _work_size(full, params.work_side)
    luma_o = cv2.cvtColor(original_bgr.astype(np.float32), cv2.COLOR_BGR2GRAY)  # one pass
    small_o = cv2.resize(luma_o, (w, h), interpolation=cv2.INTER_AREA)
    mask = texture_mask(small_o, w / full[1]) if w < full[1] else texture_mask(luma_o)
    small_l = cv2.resize(registration.aligned_luma, (w, h), interpolation=cv2.INTER_AREA)
    valid = (
        cv2.resize(registration.valid.astype(np.uint8), (w, h), interpolation=cv2.INTER_NEAREST) > 0
    )
    fitted = _tone_fit(small_o, small_l, valid)
    diff = np.where(valid, small_l - fitted, 0).astype(np.float32)
    sigma = params.lowcut_sigma * w / full[1]
    band = cv2.GaussianBlur(diff, (0, 0), 0.6) - cv2.GaussianBlur(diff, (0, 0), sigma)
    spread = float(np.median(np.abs(band[valid]))) * 1.4826 if valid.any() else 1.0
    band = np.clip(band, -4 * spread, 4 * spread) * valid * mask
    return band.astype(np.float32), valid


Plan = list[tuple[NDArray[Any], Float, NDArray[Any], NDArray[Any]]]


@lru_cache(maxsize=32)
def _adjoint_plan(n: int, m: int) -> Plan:
    """How to apply the transpose of cv2's bilinear resize of n samples to m (at most two
    non-zeros a row): per tap, the rows sorted by the column they add into, their weights,
    where each column's run starts, and the column."""
    matrix = resize_matrix(n, m)
    order = np.argsort(-np.abs(matrix), axis=1)[:, :2]
    rows = np.arange(m)
    plan: Plan = []
    for k in range(2):
        columns = order[:, k]
        sort = np.argsort(columns, kind="stable")
        ordered = columns[sort]
        starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
        weights: Float = matrix[rows[sort], ordered].astype(np.float32)[:, None]
        plan.append((sort, weights, starts, ordered[starts]))
    return plan


def _rows_adjoint(n: int, values: Float) -> Float:
    """resize_matrix(n, len(values))ᵀ @ values without the zeros: each tap's weighted rows
    summed in runs of the column they add into."""
    out = np.zeros((n, values.shape[1]), np.float32)
    for sort, weights, starts, columns in _adjoint_plan(n, values.shape[0]):
        out[columns] += np.add.reduceat(weights * values[sort], starts, axis=0)
    return out


def adjoint(band: Float, full_shape: tuple[int, int], params: ImageParams) -> Float:
    """Aᵀ R on the grid: the vector every candidate's grid is correlated with."""
    ops = operators((band.shape[0], band.shape[1]), full_shape, params)
    a1 = _rows_adjoint(ops.ux.shape[1], _rows_adjoint(ops.uy.shape[1], band).T).T  # Uyᵀ R Ux
    back: Float = (a1 - _blur_adjoint(a1, params)).astype(np.float32)
    return back


def _blur_matrix_of(n: int, params: ImageParams) -> Float:
    kernel = kernel_of(params)
    return blur_matrix(n, params.lowcut_sigma / params.cell, kernel.shape[0])


def _blur_adjoint(values: Float, params: ImageParams) -> Float:
    """Gyᵀ values Gx for the grid's low-pass (a Gaussian with reflect-101 borders), without
    the dense matrices: the symmetric kernel over zero-padded values, then what fell outside
    folded back where reflect-101 fetched it from. Exact up to float rounding (checked
    against the matrices in the tests)."""
    kernel = kernel_of(params)
    radius = kernel.shape[0] // 2
    h, w = values.shape
    if radius >= min(h, w) - 1:  # tiny grids: the matrices are small anyway
        ops_y = _blur_matrix_of(h, params)
        ops_x = _blur_matrix_of(w, params)
        dense: Float = ops_y.T @ values @ ops_x
        return dense
    padded = cv2.copyMakeBorder(
        values.astype(np.float32), radius, radius, radius, radius, cv2.BORDER_CONSTANT, value=0
    )
    full = cv2.sepFilter2D(padded, -1, kernel, kernel, borderType=cv2.BORDER_CONSTANT)
    _fold(full, radius, h, axis=0)
    _fold(full, radius, w, axis=1)
    out: Float = full[radius : radius + h, radius : radius + w]
    return out


def _fold(full: Float, radius: int, n: int, *, axis: int) -> None:
    """Add the entries at -1..-radius and n..n+radius-1 (offset by `radius`) onto the
    positions reflect-101 maps them to (1..radius and n-2..n-1-radius), in place."""
    view = full if axis == 0 else full.T
    r = radius
    view[r + 1 : 2 * r + 1] += view[r - 1 :: -1][:r]
    view[n + r - 1 - r : n + r - 1][::-1] += view[n + r : n + 2 * r]


@dataclass(frozen=True)
class Evidence:
    """What one leaked image says about one product: Aᵀ R, its norm, and how it was got."""

    back: Float
    norm: float
    registration: Registration
    compared_pixels: int
    work_size: tuple[int, int]

    def z_scores(
        self,
        key: bytes,
        product: str,
        labels: Sequence[str],
        full_shape: tuple[int, int],
        params: ImageParams,
    ) -> list[float]:
        if self.norm <= 0:
            return [0.0] * len(labels)
        # One matrix-vector product for all candidates (grids drawn into one block).
        flat = self.back.ravel()
        grids = np.empty((len(labels), flat.size), np.float32)
        for row, label in enumerate(labels):
            grids[row] = grid_of(key, product, label, full_shape, params).ravel()
        scores = grids @ flat
        return [float(score) / self.norm for score in scores]


def evidence_of(
    leaked: NDArray[np.generic],
    original: NDArray[np.generic],
    params: ImageParams,
    *,
    original_features: Features | None = None,
    registration: Registration | None = None,
) -> Evidence:
    reg = registration or register(leaked, original, params, original_features=original_features)
    full = (np.asarray(original).shape[0], np.asarray(original).shape[1])
    band, valid = residual(reg, original, params)
    back = adjoint(band, full, params)
    norm = float(np.sqrt(np.vdot(back.astype(np.float64), back.astype(np.float64)).real))
    return Evidence(back, norm, reg, int(valid.sum()), (band.shape[0], band.shape[1]))


def phantom_check(
    evidence: Evidence,
    key: bytes,
    product: str,
    full_shape: tuple[int, int],
    params: ImageParams,
) -> dict[str, Any]:
    """Scores of patterns given to nobody: they must look standard normal."""
    labels = [f"{PHANTOM}:{i}" for i in range(params.phantoms)]
    zs = evidence.z_scores(key, product, labels, full_shape, params)
    mean = sum(zs) / len(zs) if zs else 0.0
    spread = math.sqrt(sum((z - mean) ** 2 for z in zs) / max(1, len(zs) - 1)) if zs else 0.0
    return {
        "phantoms": len(zs),
        "mean_z": round(mean, 3),
        "std_z": round(spread, 3),
        "max_z": round(max(zs), 2) if zs else None,
    }


def detect(
    leaked: NDArray[np.generic],
    original: NDArray[np.generic],
    key: bytes,
    product: str,
    labels: Sequence[str],
    params: ImageParams,
    *,
    original_features: Features | None = None,
    registration: Registration | None = None,
) -> Verdict:
    """Rank the copies `labels` of `product` by the evidence that `leaked` carries them."""
    evidence = evidence_of(
        leaked, original, params, original_features=original_features, registration=registration
    )
    full = (np.asarray(original).shape[0], np.asarray(original).shape[1])
    return verdict_of(evidence, key, product, labels, full, params)


def verdict_of(
    evidence: Evidence,
    key: bytes,
    product: str,
    labels: Sequence[str],
    full_shape: tuple[int, int],
    params: ImageParams,
) -> Verdict:
    zs = evidence.z_scores(key, product, labels, full_shape, params)
    candidates = [Candidate(label, z, normal_sf(z)) for label, z in zip(labels, zs, strict=True)]
    return verdict(
        candidates,
        family=len(labels),
        name_below=params.name_below,
        z_of=dict(zip(labels, zs, strict=True)),
        evidence={
            "scheme": params.id,
            "registration": evidence.registration.evidence(),
            "work_size": list(evidence.work_size),
            "compared_pixels": evidence.compared_pixels,
            "null": {
                "kind": "exact",
                "what": "an innocent's score is normal(0, 1) given the leak",
                **phantom_check(evidence, key, product, full_shape, params),
            },
        },
    )
