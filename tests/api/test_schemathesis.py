"""Property-based tests of the whole API from its own OpenAPI document (bounded in time).

Schemathesis generates valid and invalid requests for every operation; the API must never
answer 5xx, and every response must match the documented status codes and schemas.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings

from kizashi.api import create_app
from kizashi.config import load_settings
from kizashi.guard.identity_service import create_user, sync_desks
from kizashi.principals import issue_token
from kizashi.store import make_engine, upgrade

_workspace = Path(tempfile.mkdtemp(prefix="kizashi-schemathesis-"))
_settings = load_settings(data_dir=_workspace, database_url=None)
_engine = make_engine(_settings)
upgrade(_engine)
with _engine.begin() as _connection:
    sync_desks(_connection)
    create_user(_connection, "fuzzer", role="command_centre", desk="lone-offender")
    _TOKEN = issue_token(_connection, "fuzzer")
app = create_app(_settings, engine=_engine)

schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@schema.parametrize()
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_openapi(case: schemathesis.Case) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {_TOKEN}"})
