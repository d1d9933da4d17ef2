"""Registration: bring a leaked copy back into the geometry of the kept original.

A leaked still has usually been cropped, scaled, framed by an app, or photographed off a
screen at an angle. ORB features matched between the copy and the original give a
homography (RANSAC); the copy is warped into the original's frame, with a mask of the
pixels it actually covers. Fewer than ``min_inliers`` consistent matches (a featureless
image, say) fall back to stretching the copy to the original's size.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from kizashi.trace.image_mark import Float, Image, as_bgr
from kizashi.trace.params import ImageParams

DETECT_SIDE = 1400  # features are found at most at this size (speed; enough for RANSAC)


@dataclass(frozen=True)
class Registration:
    aligned: Float  # BGR float32 in the original's frame
    valid: NDArray[Any]  # pixels the leaked copy covers
    method: str  # homography or resize
    inliers: int
    matches: int

    def evidence(self) -> dict[str, object]:
        return {
            "method": self.method,
            "inliers": self.inliers,
            "matches": self.matches,
            "coverage": round(float(self.valid.mean()), 3),
        }


def _grey_small(image: Image) -> tuple[Image, float]:
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    scale = min(1.0, DETECT_SIDE / max(grey.shape))
    if scale < 1.0:
        grey = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return grey, scale


def _homography(
    leaked: Image, original: Image, params: ImageParams
) -> tuple[NDArray[Any] | None, int, int]:
    small_leaked, s_leaked = _grey_small(leaked)
    small_original, s_original = _grey_small(original)
    orb = cv2.ORB.create(nfeatures=5000, fastThreshold=10)
    kp_l, des_l = orb.detectAndCompute(small_leaked, None)
    kp_o, des_o = orb.detectAndCompute(small_original, None)
    if des_l is None or des_o is None or len(kp_l) < 4 or len(kp_o) < 4:
        return None, 0, 0
    pairs = cv2.BFMatcher(cv2.NORM_HAMMING).knnMatch(des_l, des_o, k=2)
    good = [
        p[0] for p in pairs if len(p) == 2 and p[0].distance < params.match_ratio * p[1].distance
    ]
    if len(good) < 4:
        return None, 0, len(good)
    src = np.array([kp_l[m.queryIdx].pt for m in good], np.float32) / s_leaked
    dst = np.array([kp_o[m.trainIdx].pt for m in good], np.float32) / s_original
    matrix, inlier_mask = cv2.findHomography(src, dst, cv2.RANSAC, 3.0 / s_original)
    inliers = int(inlier_mask.sum()) if inlier_mask is not None else 0
    if matrix is None or inliers < params.min_inliers:
        return None, inliers, len(good)
    # Refit on the inliers only, least squares: sub-pixel accuracy matters to the detector.
    keep = inlier_mask.ravel().astype(bool)
    refined, _ = cv2.findHomography(src[keep], dst[keep], 0)
    return (refined if refined is not None else matrix), inliers, len(good)


def register(
    leaked: NDArray[np.generic], original: NDArray[np.generic], params: ImageParams
) -> Registration:
    leaked_bgr, original_bgr = as_bgr(np.asarray(leaked)), as_bgr(np.asarray(original))
    h, w = original_bgr.shape[:2]
    matrix, inliers, matches = _homography(leaked_bgr, original_bgr, params)
    source = leaked_bgr.astype(np.float32)
    if matrix is None:
        aligned = cv2.resize(source, (w, h), interpolation=cv2.INTER_LINEAR)
        return Registration(aligned, np.ones((h, w), bool), "resize", inliers, matches)
    aligned = cv2.warpPerspective(source, matrix, (w, h), flags=cv2.INTER_LINEAR)
    cover = np.ones(leaked_bgr.shape[:2], np.uint8)
    covered = cv2.warpPerspective(cover, matrix, (w, h), flags=cv2.INTER_NEAREST)
    # Drop a rim: interpolation at the copy's edges mixes in the black outside.
    valid = cv2.erode(covered, np.ones((5, 5), np.uint8)) > 0
    return Registration(aligned, valid, "homography", inliers, matches)
