"""How many examples a property test draws: its full count in the deep run, a quarter of it in
the default run; which cases of a backend × seed grid run (`backend_grid`) or of a list of
checks that take seconds apiece (`sample`): all in the deep run, a named sample in the default
run; and what runs in the deep run only (`only_deep`).

The default run (`scripts/test`) must stay well under 15 minutes on 2 cores, and the
equivalence properties of `tests/resolve`, `tests/text` and `tests/intake` drew 150–400
examples each, some tens of seconds apiece under load (docs/testing.md, "How long the runs
take"). Each such test is marked `deep`; `.ci/run` runs them again with
`KIZASHI_TEST_DEEP=1` (`scripts/test -m deep`), at the count they always had. In CI both runs
are derandomised, so each is the same draw every time.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Sequence
from typing import Any

import pytest

DEEP = os.environ.get("KIZASHI_TEST_DEEP") == "1"
DEFAULT_SHARE = 4  # the default run draws 1/4 of the deep run's examples
FEWEST = 25


def examples(deep: int) -> int:
    """`deep` in the deep run; a quarter of it (at least `FEWEST`) in the default run."""
    return deep if DEEP else max(deep // DEFAULT_SHARE, FEWEST)


def sample(cases: Sequence[Any], default: Collection[Any]) -> list[Any]:
    """`cases` of a test parametrised over checks of one kind that take seconds apiece (a CLI
    run, a browser's round of pages): all of them in the deep run, in the default run only
    those in `default` — a sample that keeps each path the cases take. Mark the test `deep`."""
    unknown = [case for case in default if case not in cases]
    if unknown:
        raise ValueError(f"default cases outside the list: {unknown}")
    return [case for case in cases if DEEP or case in default]


# A test run in the deep run only: what the default run checks in its stead is named where it
# is used (e.g. `kizashi demo` as a real process: the default run serves and reads a demo
# built in-process by the function the command calls).
only_deep = pytest.mark.skipif(
    not DEEP, reason="in the deep run only: KIZASHI_TEST_DEEP=1 scripts/test -m deep"
)


BACKENDS = ("sqlite", "postgres")


def backend_grid(
    cases: Sequence[tuple[Any, ...]], default: Collection[tuple[Any, ...]]
) -> list[Any]:
    """Parameters `(settings, *case)` for a test over each backend and each of `cases` (seeded
    streams and the like, seconds apiece): the whole grid in the deep run, in the default run
    only the `(backend, *case)` in `default` — a sample with each backend and the cases that
    once found a bug. Parametrise with `indirect=["settings"]` (tests/conftest.py's `settings`
    takes the backend) and mark the test `deep`."""
    unknown = [case for case in default if case[0] not in BACKENDS or case[1:] not in cases]
    if unknown:
        raise ValueError(f"default cases outside the grid: {unknown}")
    chosen = [
        (backend, *case)
        for backend in BACKENDS
        for case in cases
        if DEEP or (backend, *case) in default
    ]
    return [
        pytest.param(
            *values,
            marks=[pytest.mark.postgres] if values[0] == "postgres" else [],
            id="-".join(_id(value) for value in values),
        )
        for values in chosen
    ]


def _id(value: Any) -> str:
    if isinstance(value, tuple):
        return "_".join(_id(part) for part in value)
    if isinstance(value, frozenset):  # e.g. the fields a query is refused for
        return "+".join(sorted(_id(part) for part in value))
    return str(value)
