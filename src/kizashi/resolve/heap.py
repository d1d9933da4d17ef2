"""Python's cyclic garbage collector set for one batch linkage.

A full collection walks every container object alive. When `kizashi link` starts, about
120,000 of them are alive (the imported modules: kizashi's rooms, splink, pandas) and
all of them live to the end of the process, yet each full collection walked them again
(with every feature row, edge and reason made since): the collector took 1.4-1.5 of the
command's ~14 CPU-s at 200,000 records and 3.7 of ~52 at a million (measured with
``gc.callbacks``; 16 and 24 full collections). Frozen (``gc.freeze``), they are skipped; with
full collections rarer, 1.0 CPU-s at a million (8 full collections). The young generations
still collect short-lived cycles as before, and every step of linkage ends with its own full
collection (``frame.release_memory``), so garbage cycles do not outlive their step.
The collector's settings are restored on the way out, so a long-running process (the API,
the live worker) that calls linkage keeps its own; one that froze its own objects before
(as pre-forking servers do) keeps them frozen, and nothing more is frozen for it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["batch_heap"]

# A full collection after this many collections of the middle generation (Python's default
# is 10); Python also waits until the objects promoted since the last one are a quarter of
# the long-lived ones.
_FULL_EVERY = 1000


@contextmanager
def batch_heap() -> Iterator[None]:
    """Within the block, the objects alive on entry are left out of every collection and
    full collections are rarer; on the way out both are undone."""
    threshold = gc.get_threshold()
    ours = gc.get_freeze_count() == 0  # unfreezing would also thaw a caller's own objects
    if ours:
        gc.freeze()
    gc.set_threshold(threshold[0], threshold[1], max(threshold[2], _FULL_EVERY))
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        if ours:
            gc.unfreeze()
