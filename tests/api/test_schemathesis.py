"""Property-based tests of the whole API from its own OpenAPI document (bounded in time).

Schemathesis generates valid and invalid requests for every operation; the API must never
answer 5xx (but /readyz's documented 503), and every response must match the documented status codes and schemas.

The default run draws `DEFAULT_EXAMPLES` fuzzed requests per operation, without the coverage
phase (`quick_schema`: building its cases is most of the cost of collecting this module); the
same test runs in depth, coverage phase included, in `test_schemathesis_fuzz.py` (the `fuzz`
suite, its own bounded CI step: `scripts/test -m fuzz`). See docs/testing.md.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings

# Imported as `_conforms` so the test's source, and so the examples hypothesis derives from it
# when derandomised (CI), stay those of the one-module version: a new seed is a new CI run.
from tests.api.fuzzing import conforms as _conforms
from tests.api.fuzzing import quick_schema

DEFAULT_EXAMPLES = 6


@quick_schema.parametrize()
@settings(max_examples=DEFAULT_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_openapi(case: schemathesis.Case) -> None:
    _conforms(case)
