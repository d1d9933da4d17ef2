"""The speed-ups of find: originals' features kept on disk, the coarse pass, one index table."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import skimage.data

from kizashi.trace.feature_cache import FeatureCache
from kizashi.trace.image_index import IndexTable, leak_views, nearest, original_views, pack, unpack
from kizashi.trace.image_register import (
    CoarseLeak,
    Features,
    coarse_features,
    coarse_orientation,
    features,
)
from kizashi.trace.params import default_params

IMAGE = default_params().image


def _counting(image: np.ndarray, calls: list[int]) -> Features:
    calls.append(1)
    return features(image)


def test_features_are_kept_and_read_back_unchanged(tmp_path: Path, photo: np.ndarray) -> None:
    cache, calls = FeatureCache(tmp_path / "cache"), []
    made = cache.get("p1", 0, "digest-a", "full", lambda: _counting(photo, calls))
    again = cache.get("p1", 0, "digest-a", "full", lambda: _counting(photo, calls))
    assert calls == [1]  # the second time from disk
    assert np.array_equal(made.points, again.points)
    assert np.array_equal(made.descriptors, again.descriptors)
    assert made.scale == again.scale


def test_a_changed_original_or_an_unreadable_file_is_recomputed(
    tmp_path: Path, photo: np.ndarray
) -> None:
    cache, calls = FeatureCache(tmp_path), []
    cache.get("p1", 0, "digest-a", "coarse", lambda: _counting(photo, calls))
    cache.get("p1", 0, "digest-b", "coarse", lambda: _counting(photo, calls))  # new original
    assert len(calls) == 2
    (tmp_path / "p1-0-coarse.npz").write_bytes(b"not an npz file")
    cache.get("p1", 0, "digest-b", "coarse", lambda: _counting(photo, calls))
    assert len(calls) == 3
    cache.get("p1", 0, "digest-b", "coarse", lambda: _counting(photo, calls))
    assert len(calls) == 3  # rewritten whole, read back
    assert not list(tmp_path.glob("*.tmp"))


def test_without_a_directory_nothing_is_kept(photo: np.ndarray) -> None:
    calls: list[int] = []
    for _ in range(2):
        FeatureCache(None).get("p1", 0, "d", "full", lambda: _counting(photo, calls))
    assert len(calls) == 2


def test_the_coarse_pass_tells_a_mirrored_leak(photo: np.ndarray) -> None:
    original = coarse_features(photo)
    mirrored = CoarseLeak.of(np.ascontiguousarray(photo[:, ::-1]))
    orientation, inliers = coarse_orientation(
        mirrored, original, IMAGE, ["identity", "mirror", "rotate90"]
    )
    assert orientation == "mirror"
    assert inliers >= IMAGE.min_inliers


def test_the_index_table_ranks_as_the_entries_do(photo: np.ndarray) -> None:
    images = {
        "whole": photo,
        "left": np.ascontiguousarray(photo[:, : photo.shape[1] // 2]),
        "other": np.ascontiguousarray(skimage.data.coffee()[..., ::-1]),
    }
    entries = [((name, 0), unpack(pack(original_views(image)))) for name, image in images.items()]
    rows = [
        SimpleNamespace(product_id=name, page=0, views=pack(original_views(image)))
        for name, image in images.items()
    ]
    leak = leak_views(np.ascontiguousarray(photo[:, ::-1]))
    from_rows = IndexTable.of(rows).nearest(leak, 4)
    from_entries = nearest(leak, entries, 4)
    assert [m.key for m in from_rows] == [m.key for m in from_entries]
    assert from_rows[0].key == ("whole", 0) and from_rows[0].orientation == "mirror"


def test_the_fast_adjoint_is_the_transpose_of_the_pattern_operator() -> None:
    """Aᵀ R by sorted runs and a folded blur equals the dense matrices' product (the exact
    null of the detector needs only *some* fixed vector, but its power needs this one)."""
    from kizashi.trace.image_detect import adjoint
    from kizashi.trace.image_mark import operators

    rng = np.random.default_rng(4)
    for full, work in (((1080, 1920), (576, 1024)), ((320, 481), (320, 481)), ((30, 9), (30, 9))):
        band = rng.standard_normal(work).astype(np.float32)
        ops = operators(work, full, IMAGE)
        dense = ops.uy.T.astype(np.float64) @ band @ ops.ux.astype(np.float64)
        dense = dense - ops.gy.T @ dense @ ops.gx
        got = adjoint(band, full, IMAGE)
        assert np.abs(got - dense).max() <= 1e-5 * np.abs(dense).max()
