"""The collector's settings for one batch linkage (kizashi.resolve.heap)."""

from __future__ import annotations

import gc
import weakref

import pytest

from kizashi.resolve.heap import batch_heap


class _Node:
    """A container that can sit in a reference cycle and be watched by a weak reference."""

    def __init__(self) -> None:
        self.other: _Node | None = None


def _cycle() -> weakref.ref[_Node]:
    first, second = _Node(), _Node()
    first.other, second.other = second, first
    return weakref.ref(first)


@pytest.fixture(autouse=True)
def _collector_as_found() -> object:
    """Each test starts and ends with nothing frozen and the usual thresholds."""
    threshold = gc.get_threshold()
    gc.unfreeze()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


def test_objects_alive_on_entry_are_frozen_and_thawed_on_exit() -> None:
    threshold = gc.get_threshold()
    with batch_heap():
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold()[:2] == threshold[:2]
        assert gc.get_threshold()[2] >= 100
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == threshold


def test_settings_are_restored_when_the_block_raises() -> None:
    threshold = gc.get_threshold()
    with pytest.raises(RuntimeError), batch_heap():
        raise RuntimeError("linkage failed")
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == threshold


def test_cycles_made_inside_the_block_are_still_collected() -> None:
    with batch_heap():
        watched = _cycle()
        assert watched() is not None
        gc.collect()  # what every step's release_memory does
        assert watched() is None


def test_a_callers_own_frozen_objects_stay_frozen() -> None:
    gc.freeze()  # as a pre-forking server does at start
    frozen = gc.get_freeze_count()
    kept = _Node()  # made after the caller's freeze: freezing again would take it in
    # A frozen object whose last reference goes (another thread's, say) leaves the count, so
    # the count may fall; freezing again would have added every object made since, ``kept`` too.
    with batch_heap():
        assert gc.get_freeze_count() <= frozen  # nothing more frozen for the caller
    assert 0 < gc.get_freeze_count() <= frozen  # and the caller's stay frozen
    del kept
