"""The shortlist for texts: which text products could a leaked text come from?

Each text product keeps the hashes of the 3-character shingles of its fixed wording and of
every variant of its slots (normalised as a retyped leak is: a densely marked text has fixed
runs of a character or two between slots, so longer shingles would miss it); a leak's
shingles are hashed the same way and the products sharing the most are traced first. Sorted uint32 arrays make the
overlap a vectorised intersection, so ten thousand products cost a fraction of a second.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from kizashi.trace.text_normal import normalise
from kizashi.trace.text_template import Template

SCHEME = "shingle3-v1"
WIDTH = 3
Hashes = NDArray[np.uint32]


def _hashes(text: str) -> Hashes:
    flat = normalise(text)
    found = {zlib.crc32(flat[i : i + WIDTH].encode("utf-8")) for i in range(len(flat) - WIDTH + 1)}
    return np.array(sorted(found), np.uint32)


def shingles_of(template: Template) -> Hashes:
    """Shingles of each run of fixed text and of each slot variant, each on its own."""
    runs = [part for part in template.parts if isinstance(part, str)]
    runs += [variant for slot in template.slots for variant in slot.variants]
    found = [_hashes(run) for run in runs]
    merged = np.unique(np.concatenate(found)) if found else np.array([], np.uint32)
    return merged.astype(np.uint32)


def nearest(leak: str, rows: Sequence[Any], limit: int, *, minimum: int = 5) -> list[str]:
    """Ids of the products sharing the most shingles with `leak` (at least `minimum`)."""
    wanted = _hashes(leak)
    scored = []
    for row in rows:
        kept = np.frombuffer(row.shingles, np.uint32)
        shared = int(np.intersect1d(wanted, kept, assume_unique=True).size)
        if shared >= minimum:
            scored.append((shared, row.product_id))
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    return [product_id for _, product_id in scored[:limit]]
