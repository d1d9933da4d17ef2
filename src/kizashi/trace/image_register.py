"""Registration: bring a leaked copy back into the geometry of the kept original.

A leaked still has usually been cropped, scaled, framed by an app, photographed off a screen
at an angle — or mirrored or turned by a quarter, one tap in most chat apps. ORB features
matched between the copy and the original give a homography (RANSAC); the copy is warped
into the original's frame, with a mask of the pixels it actually covers. ORB descriptors
survive rotation but not a mirror, so the copy is also tried flipped (and in the other
quarter turns) when the first try is weak; the orientation with the most consistent matches
wins. The choice depends on geometry only, never on any recipient's fingerprint, so trying
several orientations does not bias the detector's statistics. With fewer than
``min_inliers`` matches in every orientation (a featureless image), the copy is stretched to
the original's size in the orientation the shortlist suggested.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from kizashi.trace.image_mark import Float, Image, as_bgr
from kizashi.trace.params import ImageParams

DETECT_SIDE = 1400  # features are found at most at this size (speed; enough for RANSAC)
STRONG_INLIERS = 60  # this many consistent matches: no need to try other orientations
SURE_INLIERS = 150  # ... and this many in the first orientation: not even its mirror
FEATURES = 3000
# The coarse pass (which shortlisted original, which orientation) before the full one: a
# sixth of the features on a smaller picture, so matching costs ~1/36 of a full match.
COARSE_SIDE = 640
COARSE_FEATURES = 500
COARSE_SURE = 80  # the coarse counterparts of SURE_INLIERS and STRONG_INLIERS
COARSE_STRONG = 20

# The eight symmetries of a rectangle, as functions of an image (and their names).
ORIENTATIONS: tuple[str, ...] = (
    "identity",
    "mirror",
    "rotate90",
    "rotate180",
    "rotate270",
    "flip",
    "transpose",
    "transverse",
)


def orient(image: NDArray[Any], orientation: str) -> NDArray[Any]:
    """`image` as seen after undoing `orientation` (each is its own kind of inverse here:
    the returned image is the leak turned back the way the original faces)."""
    match orientation:
        case "identity":
            out = image
        case "mirror":
            out = image[:, ::-1]
        case "flip":
            out = image[::-1]
        case "rotate180":
            out = image[::-1, ::-1]
        case "rotate90":  # the leak was turned 90° clockwise: turn it back
            out = np.rot90(image, 1)
        case "rotate270":
            out = np.rot90(image, -1)
        case "transpose":
            out = np.swapaxes(image, 0, 1)
        case "transverse":
            out = np.rot90(image, 2).swapaxes(0, 1)
        case _:
            raise ValueError(f"unknown orientation {orientation!r}")
    return np.ascontiguousarray(out)


@dataclass(frozen=True)
class Registration:
    """The leak brought into the original's frame. The pictures are warped on demand: the
    detector needs only the luminance (a third of the work of warping colour), the blind
    layer the colour."""

    source: Image  # the leak (uint8 BGR), turned back the way the original faces
    matrix: NDArray[Any] | None  # leak -> original homography; None: stretched to size
    size: tuple[int, int]  # the original's (h, w)
    valid: NDArray[Any]  # pixels the leaked copy covers
    method: str  # homography or resize
    inliers: int
    matches: int
    orientation: str = "identity"

    def _warp(self, picture: Float) -> Float:
        h, w = self.size
        if self.matrix is None:
            out: Float = cv2.resize(picture, (w, h), interpolation=cv2.INTER_LINEAR)
        else:
            out = cv2.warpPerspective(picture, self.matrix, (w, h), flags=cv2.INTER_LINEAR)
        return out

    @cached_property
    def aligned(self) -> Float:
        """BGR float32 in the original's frame."""
        return self._warp(self.source.astype(np.float32))

    @cached_property
    def aligned_luma(self) -> Float:
        """Luminance (float32) in the original's frame: the luminance of :attr:`aligned`,
        warped after the conversion (both are linear)."""
        grey = cv2.cvtColor(self.source.astype(np.float32), cv2.COLOR_BGR2GRAY)
        return self._warp(grey)

    def evidence(self) -> dict[str, object]:
        return {
            "method": self.method,
            "orientation": self.orientation,
            "inliers": self.inliers,
            "matches": self.matches,
            "coverage": round(float(self.valid.mean()), 3),
        }


@dataclass(frozen=True)
class Features:
    points: NDArray[np.float32]  # (n, 2) keypoint positions in the reduced picture
    descriptors: Any  # (n, 32) uint8 ORB descriptors, or None
    scale: float  # reduced / full size

    def to_arrays(self) -> dict[str, NDArray[Any]]:
        descriptors = self.descriptors if self.descriptors is not None else np.zeros((0, 32))
        return {
            "points": self.points,
            "descriptors": np.asarray(descriptors, np.uint8),
            "scale": np.array([self.scale], np.float64),
        }

    @classmethod
    def from_arrays(cls, arrays: Any) -> Features:
        descriptors = np.asarray(arrays["descriptors"], np.uint8)
        return cls(
            np.asarray(arrays["points"], np.float32),
            descriptors if len(descriptors) else None,
            float(arrays["scale"][0]),
        )


def _reduced(image: Image, side: int) -> tuple[NDArray[Any], float]:
    grey = cv2.cvtColor(as_bgr(image), cv2.COLOR_BGR2GRAY)
    scale = min(1.0, side / max(grey.shape))
    if scale < 1.0:
        grey = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return grey, scale


def _orb(grey: NDArray[Any], scale: float, count: int) -> Features:
    orb = cv2.ORB.create(nfeatures=count, fastThreshold=10)
    keypoints, descriptors = orb.detectAndCompute(grey, None)
    points = np.array([k.pt for k in keypoints], np.float32).reshape(-1, 2)
    return Features(points, descriptors, scale)


def features(image: Image) -> Features:
    return _orb(*_reduced(image, DETECT_SIDE), FEATURES)


def coarse_features(image: Image) -> Features:
    """Few features on a small picture: enough to tell which original and orientation."""
    return _orb(*_reduced(image, COARSE_SIDE), COARSE_FEATURES)


@dataclass
class CoarseLeak:
    """The leak reduced once for the coarse pass, with its features per orientation (the
    picture is turned after reducing, so each orientation costs only its ORB pass)."""

    grey: NDArray[Any]
    scale: float
    seen: dict[str, Features]

    @classmethod
    def of(cls, image: Image) -> CoarseLeak:
        grey, scale = _reduced(image, COARSE_SIDE)
        return cls(grey, scale, {})

    def features(self, orientation: str) -> Features:
        if orientation not in self.seen:
            turned = orient(self.grey, orientation)
            self.seen[orientation] = _orb(turned, self.scale, COARSE_FEATURES)
        return self.seen[orientation]


def coarse_orientation(
    leak: CoarseLeak, original: Features, params: ImageParams, order: Sequence[str]
) -> tuple[str, int]:
    """The orientation in which the leak matches `original` best, and its inlier count, from
    the coarse features (the same rule as :func:`best_orientation`, at coarse thresholds)."""
    best = (order[0], -1)
    for position, orientation in enumerate(order):
        if (position == 1 and best[1] >= COARSE_SURE) or (
            position >= 2 and best[1] >= COARSE_STRONG
        ):
            break
        matrix, inliers, _ = homography(leak.features(orientation), original, params)
        if matrix is not None and inliers > best[1]:
            best = (orientation, inliers)
    return best[0], max(best[1], 0)


def homography(
    leak: Features, original: Features, params: ImageParams
) -> tuple[NDArray[Any] | None, int, int]:
    """The leak-to-original homography, its inlier count and the number of good matches."""
    kp_l, des_l, kp_o, des_o = (
        leak.points,
        leak.descriptors,
        original.points,
        original.descriptors,
    )
    if des_l is None or des_o is None or len(kp_l) < 4 or len(kp_o) < 4:
        return None, 0, 0
    pairs = cv2.BFMatcher(cv2.NORM_HAMMING).knnMatch(des_l, des_o, k=2)
    good = [
        p[0] for p in pairs if len(p) == 2 and p[0].distance < params.match_ratio * p[1].distance
    ]
    if len(good) < 4:
        return None, 0, len(good)
    src = kp_l[[m.queryIdx for m in good]] / np.float32(leak.scale)
    dst = kp_o[[m.trainIdx for m in good]] / np.float32(original.scale)
    matrix, inlier_mask = cv2.findHomography(src, dst, cv2.RANSAC, 3.0 / original.scale)
    inliers = int(inlier_mask.sum()) if inlier_mask is not None else 0
    if matrix is None or inliers < params.min_inliers:
        return None, inliers, len(good)
    # Refit on the inliers only, least squares: sub-pixel accuracy matters to the detector.
    keep = inlier_mask.ravel().astype(bool)
    refined, _ = cv2.findHomography(src[keep], dst[keep], 0)
    return (refined if refined is not None else matrix), inliers, len(good)


def best_orientation(
    leaked: Image,
    original: Features,
    params: ImageParams,
    order: Sequence[str] = ORIENTATIONS,
    cache: dict[str, Features] | None = None,
) -> tuple[str, NDArray[Any] | None, int, int]:
    """The orientation with the most consistent matches.

    The first two of `order` (the shortlist's guess and the next, usually as shown and
    mirrored) are tried unless the first registers surely: a mirrored street matches itself
    in places (60 matches seen), so a fair number of matches proves nothing. The rest only
    when neither of those registers strongly.
    """
    best: tuple[str, NDArray[Any] | None, int, int] = (order[0], None, -1, 0)
    for position, orientation in enumerate(order):
        if (position == 1 and best[2] >= SURE_INLIERS) or (
            position >= 2 and best[2] >= STRONG_INLIERS
        ):
            break
        seen = cache if cache is not None else {}
        if orientation not in seen:
            seen[orientation] = features(orient(leaked, orientation))
        matrix, inliers, matches = homography(seen[orientation], original, params)
        if matrix is not None and inliers > best[2]:
            best = (orientation, matrix, inliers, matches)
    if best[1] is None:
        return order[0], None, max(best[2], 0), best[3]
    return best


def register(
    leaked: NDArray[np.generic],
    original: NDArray[np.generic],
    params: ImageParams,
    *,
    original_features: Features | None = None,
    order: Sequence[str] = ORIENTATIONS,
    leak_features: dict[str, Features] | None = None,
) -> Registration:
    """The leak in the original's frame; `leak_features` caches the leak's features per
    orientation across the originals of a shortlist."""
    original_bgr = as_bgr(np.asarray(original))
    h, w = original_bgr.shape[:2]
    reference = original_features or features(original_bgr)
    return register_to(leaked, (h, w), reference, params, order=order, leak_features=leak_features)


def register_to(
    leaked: NDArray[np.generic],
    shape: tuple[int, int],
    reference: Features,
    params: ImageParams,
    *,
    order: Sequence[str] = ORIENTATIONS,
    leak_features: dict[str, Features] | None = None,
) -> Registration:
    """:func:`register` against an original known only by its size (h, w) and its features:
    a find registers against originals it may never read, without decoding them."""
    leaked_bgr = as_bgr(np.asarray(leaked))
    h, w = shape
    orientation, matrix, inliers, matches = best_orientation(
        leaked_bgr, reference, params, order, leak_features
    )
    source = orient(leaked_bgr, orientation)
    if matrix is None:
        return Registration(
            source, None, (h, w), np.ones((h, w), bool), "resize", inliers, matches, orientation
        )
    cover = np.ones(source.shape[:2], np.uint8)
    covered = cv2.warpPerspective(cover, matrix, (w, h), flags=cv2.INTER_NEAREST)
    # Drop a rim: interpolation at the copy's edges mixes in the black outside.
    valid = cv2.erode(covered, np.ones((5, 5), np.uint8)) > 0
    return Registration(source, matrix, (h, w), valid, "homography", inliers, matches, orientation)
