"""How many examples a property test draws: its full count in the deep run, a quarter of it in
the default run.

The default run (`scripts/test`) must stay well under 15 minutes on 2 cores, and the
equivalence properties of `tests/resolve`, `tests/text` and `tests/intake` drew 150–400
examples each, some tens of seconds apiece under load (docs/testing.md, "How long the runs
take"). Each such test is marked `deep`; `.ci/run` runs them again with
`KIZASHI_TEST_DEEP=1` (`scripts/test -m deep`), at the count they always had. In CI both runs
are derandomised, so each is the same draw every time.
"""

from __future__ import annotations

import os

DEEP = os.environ.get("KIZASHI_TEST_DEEP") == "1"
DEFAULT_SHARE = 4  # the default run draws 1/4 of the deep run's examples
FEWEST = 25


def examples(deep: int) -> int:
    """`deep` in the deep run; a quarter of it (at least `FEWEST`) in the default run."""
    return deep if DEEP else max(deep // DEFAULT_SHARE, FEWEST)
