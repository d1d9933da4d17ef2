"""The app and schema the schemathesis tests fuzz (`test_schemathesis.py`, and in depth
`test_schemathesis_fuzz.py`): one store per process, one signed-in user.

The two runs are separate modules because schemathesis builds every operation's coverage-phase
cases while collecting the in-depth one (about 30 s of CPU): `tests/api/conftest.py` skips
collecting the module whose tests `-m` deselects anyway, and the default run's module uses
`quick_schema`, which has no coverage phase.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig

from kizashi.api import create_app
from kizashi.config import load_settings
from kizashi.guard.identity import create_user, issue_token, sync_desks
from kizashi.store import make_engine, upgrade
from tests.conftest import frozen_now

_workspace = Path(tempfile.mkdtemp(prefix="kizashi-schemathesis-"))
_settings = load_settings(data_dir=_workspace, database_url=None)
_engine = make_engine(_settings)
upgrade(_engine)
with _engine.begin() as _connection:
    sync_desks(_connection)
    create_user(_connection, "fuzzer", role="command_centre", desk="lone-offender")
    _TOKEN = issue_token(_connection, "fuzzer", now=frozen_now())
app = create_app(_settings, engine=_engine)

schema = schemathesis.openapi.from_asgi("/openapi.json", app)

# The same schema without schemathesis's coverage phase, for the default run. That phase builds
# every operation's boundary and invalid cases while the module is collected: about 30 s of
# CPU on each pytest worker, four fifths of the module's collection (cProfile, 2026-12-04).
# The fuzz suite (`test_schemathesis_fuzz.py`, its own CI step) sends all of them.
quick_schema = schemathesis.openapi.from_dict(
    schema.raw_schema,
    config=SchemathesisConfig.from_dict({"phases": {"coverage": {"enabled": False}}}),
)
quick_schema.app = app
quick_schema.location = schema.location


def conforms(case: schemathesis.Case) -> None:
    # /readyz answers its documented 503 while fuzzed reports wait for a worker that this
    # test does not run: that is readiness working, not a server error.
    excluded = [not_a_server_error] if case.path == "/readyz" else []
    # An alert stream is read until 20 events or the request's timeout (schemathesis's default:
    # 10 s); the fuzzed store opens no alert, so every stream case would take the whole 10 s.
    # What the stream's first second holds (its opening and the guard's decision) is what the
    # checks read anyway; later seconds only repeat heartbeats.
    timeout = {"timeout": 1.0} if case.path.endswith("/alerts/stream") else {}
    case.call_and_validate(
        headers={"Authorization": f"Bearer {_TOKEN}"}, excluded_checks=excluded, **timeout
    )
