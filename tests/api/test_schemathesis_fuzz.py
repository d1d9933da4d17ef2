"""The API fuzzing in depth (`fuzz`: its own bounded CI step, `scripts/test -m fuzz`): the
test of `test_schemathesis.py` with `FUZZ_EXAMPLES` fuzzed requests per operation."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from tests.api.fuzzing import conforms, schema

FUZZ_EXAMPLES = 20


@pytest.mark.fuzz
@schema.parametrize()
@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_openapi_in_depth(case: schemathesis.Case) -> None:
    conforms(case)
