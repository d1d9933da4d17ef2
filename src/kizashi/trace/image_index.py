"""The shortlist: which kept originals could a leaked still come from, before any costly work.

Registering a leak against an original (features, RANSAC, warping) costs a tenth of a second
or more, so a find must not do it for every still ever issued. Each original (and each page
of a PDF product) gets a few global descriptors when it is registered: the low-frequency DCT
of a 32x32 grey thumbnail (a perceptual hash kept as real numbers, 63 values, unit length)
of the whole picture and of central crops. A leak gets the same descriptors for its whole
frame and for the frame with uniform borders trimmed and central crops, in all eight
orientations (a mirrored or turned leak matches its original turned back). The products
whose views are nearest (cosine) are registered first; the orientation that matched is
tried first by registration. Descriptors survive JPEG, scaling, brightness and grey; crops,
app frames and photos of a screen are why several crops are compared.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from kizashi.trace.image_mark import Image, as_bgr
from kizashi.trace.image_register import ORIENTATIONS, orient

SCHEME = "dct32-v1"
THUMB = 32
LOW = 8
ORIGINAL_CROPS = (1.0, 0.8, 0.64)
LEAK_CROPS = (1.0, 0.9, 0.8, 0.7)
Vectors = NDArray[np.float32]


def _crop(grey: NDArray[Any], share: float) -> NDArray[Any]:
    if share >= 1.0:
        return grey
    h, w = grey.shape
    dy, dx = int(h * (1 - share) / 2), int(w * (1 - share) / 2)
    return grey[dy : h - dy, dx : w - dx]


def _descriptor(grey: NDArray[Any]) -> NDArray[np.float32]:
    thumb = cv2.resize(grey, (THUMB, THUMB), interpolation=cv2.INTER_AREA).astype(np.float32)
    coefficients = cv2.dct(thumb)[:LOW, :LOW].ravel()[1:]
    norm = float(np.linalg.norm(coefficients)) or 1.0
    out: NDArray[np.float32] = (coefficients / norm).astype(np.float32)
    return out


def _grey(image: NDArray[Any]) -> NDArray[Any]:
    grey: NDArray[Any] = cv2.cvtColor(as_bgr(image), cv2.COLOR_BGR2GRAY)
    side = max(grey.shape)
    if side > 512:  # descriptors need little; shrinking first makes them cheap
        scale = 512 / side
        grey = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return grey


def original_views(image: Image) -> Vectors:
    """The descriptors kept for an original: whole frame and central crops."""
    grey = _grey(image)
    return np.stack([_descriptor(_crop(grey, share)) for share in ORIGINAL_CROPS])


def trim(grey: NDArray[Any], flat: float = 6.0) -> NDArray[Any]:
    """Drop uniform borders (an app's frame, the bezel of a photographed screen); sensor
    noise is smoothed away first so that a noisy bezel still counts as uniform."""
    smooth = cv2.GaussianBlur(grey.astype(np.float32), (0, 0), 3.0)
    rows = np.where(smooth.std(axis=1) > flat)[0]
    cols = np.where(smooth.std(axis=0) > flat)[0]
    if rows.size < 8 or cols.size < 8:
        return grey
    return grey[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]


@dataclass(frozen=True)
class LeakViews:
    vectors: Vectors  # (orientations x crops, 63)
    orientation_of: tuple[str, ...]  # the orientation of each row


def leak_views(image: NDArray[Any]) -> LeakViews:
    grey = _grey(image)
    frames = [grey]
    trimmed = trim(grey)
    if trimmed.shape != grey.shape:
        frames.append(trimmed)
    vectors, names = [], []
    for orientation in ORIENTATIONS:
        for frame in frames:
            turned = orient(frame, orientation)
            for share in LEAK_CROPS:
                vectors.append(_descriptor(_crop(turned, share)))
                names.append(orientation)
    return LeakViews(np.stack(vectors), tuple(names))


@dataclass(frozen=True)
class Match:
    key: tuple[str, int]  # (product id, page)
    similarity: float
    orientation: str


def pack(views: Vectors) -> bytes:
    return views.astype(np.float16).tobytes()


def unpack(data: bytes) -> Vectors:
    out: Vectors = np.frombuffer(data, np.float16).astype(np.float32).reshape(-1, LOW * LOW - 1)
    return out


@dataclass(frozen=True)
class IndexTable:
    """Every indexed page's views in one matrix, unpacked in one go (a store of 10,000
    products has 30,000 views: one ``frombuffer``, not 10,000)."""

    keys: list[tuple[str, int]]
    table: Vectors  # (all views, 63)
    starts: NDArray[np.int64]  # the first row of each key's views
    counts: NDArray[np.int64]

    @classmethod
    def of(cls, rows: Sequence[Any]) -> IndexTable:
        keys = [(row.product_id, row.page) for row in rows]
        row_bytes = 2 * (LOW * LOW - 1)
        counts = np.array([len(row.views) // row_bytes for row in rows], np.int64)
        blob = b"".join(bytes(row.views) for row in rows)
        table = unpack(blob)
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
        return cls(keys, table, starts, counts)

    @classmethod
    def from_entries(cls, entries: Iterable[tuple[tuple[str, int], Vectors]]) -> IndexTable:
        keys, blocks = [], []
        for key, views in entries:
            keys.append(key)
            blocks.append(np.asarray(views, np.float32))
        counts = np.array([len(b) for b in blocks], np.int64)
        table = np.concatenate(blocks) if blocks else np.zeros((0, LOW * LOW - 1), np.float32)
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
        return cls(keys, table, starts, counts)

    def nearest(self, leak: LeakViews, limit: int) -> list[Match]:
        """The `limit` indexed originals most like the leak, best first."""
        if not self.keys:
            return []
        similarity = leak.vectors @ self.table.T  # (leak views, all views)
        per_key = np.maximum.reduceat(similarity.max(axis=0), self.starts)
        ranked = np.argsort(-per_key, kind="stable")[:limit]
        matches = []
        for k in ranked:
            segment = similarity[:, self.starts[k] : self.starts[k] + self.counts[k]]
            view = int(np.unravel_index(int(segment.argmax()), segment.shape)[0])
            matches.append(Match(self.keys[k], float(per_key[k]), leak.orientation_of[view]))
        return matches


def nearest(
    leak: LeakViews, entries: Iterable[tuple[tuple[str, int], Vectors]], limit: int
) -> list[Match]:
    """The `limit` originals of `entries` most like the leak, best first."""
    return IndexTable.from_entries(entries).nearest(leak, limit)


def orientation_order(first: str) -> list[str]:
    """Registration's order: the shortlist's orientation, then as shown, then mirrored, ..."""
    return list(dict.fromkeys([first, *ORIENTATIONS]))
