"""The originals' ORB features kept on disk between finds (the trace directory's ``cache``).

Registering a leak needs the features of each shortlisted original: decoding the original
and an ORB pass cost more than matching against them, and the originals never change, so
they are computed once per original and kept. A file holds one page's features of one kind
(coarse or full) with the SHA-256 of the original they were computed from and a scheme id
that names the feature parameters and the OpenCV version; a file whose digest or scheme
differs (an original re-registered under the same id, other parameters, another OpenCV) or
that cannot be read is recomputed and replaced. Only keypoint positions and binary
descriptors are kept, no picture. Files are written whole (temporary file, then rename), so
two finds at once never read half a file. Deleting the directory loses nothing but time.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from kizashi.trace.image_register import (
    COARSE_FEATURES,
    COARSE_SIDE,
    DETECT_SIDE,
    FEATURES,
    Features,
)

KINDS = {
    "full": f"orb{FEATURES}-{DETECT_SIDE}",
    "coarse": f"orb{COARSE_FEATURES}-{COARSE_SIDE}",
}
OPENCV = cv2.__version__


@dataclass(frozen=True)
class FeatureCache:
    directory: Path | None  # None: nothing kept (features recomputed every time)

    def get(
        self, product_id: str, page: int, digest: str, kind: str, make: Callable[[], Features]
    ) -> Features:
        """The `kind` features of page `page` of `product_id`, whose original has SHA-256
        `digest`: from the cache when it holds them for that original, else made and kept."""
        if self.directory is None:
            return make()
        scheme = f"{KINDS[kind]}-opencv{OPENCV}"
        path = self.directory / f"{product_id}-{page}-{kind}.npz"
        try:
            with np.load(path, allow_pickle=False) as data:
                if str(data["original_sha256"]) == digest and str(data["scheme"]) == scheme:
                    return Features.from_arrays(data)
        except (OSError, KeyError, ValueError, EOFError):
            pass  # absent, stale or unreadable: recompute
        made = make()
        self._write(path, made, digest, scheme)
        return made

    def _write(self, path: Path, features: Features, digest: str, scheme: str) -> None:
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            descriptor, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            arrays: dict[str, Any] = {
                "original_sha256": np.array(digest),
                "scheme": np.array(scheme),
                **features.to_arrays(),
            }
            with os.fdopen(descriptor, "wb") as out:
                np.savez(out, **arrays)
            os.replace(temporary, path)
        except OSError:
            pass  # a cache that cannot be written costs time, never a result
