"""The API fuzzing in depth (`fuzz`: its own bounded CI step, `scripts/test -m fuzz`): the
test of `test_schemathesis.py` with `FUZZ_EXAMPLES` fuzzed requests per operation."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

# Imported as `_conforms` so the test's source, and so the examples hypothesis derives from it
# when derandomised (CI), stay those of the one-module version: a new seed is a new CI run.
from tests.api.fuzzing import conforms as _conforms
from tests.api.fuzzing import schema

FUZZ_EXAMPLES = 20


@pytest.mark.fuzz
@schema.parametrize()
@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_openapi_in_depth(case: schemathesis.Case) -> None:
    _conforms(case)
