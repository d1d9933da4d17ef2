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
