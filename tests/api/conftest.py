from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from _pytest.mark.expression import Expression
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from kizashi.api import create_app
from kizashi.config import Settings
from kizashi.guard.identity import create_account, create_user, issue_token, sync_desks
from tests.conftest import frozen_now

# The schemathesis modules and the marks of their tests. Collecting the in-depth one costs about
# 30 s of CPU (schemathesis builds every operation's coverage-phase cases then), so a run whose
# `-m` deselects all of a module's tests does not collect it (tests/api/fuzzing.py).
_FUZZING_MODULES = {"test_schemathesis.py": set[str](), "test_schemathesis_fuzz.py": {"fuzz"}}


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    marks = _FUZZING_MODULES.get(collection_path.name)
    selection = config.getoption("markexpr")
    if marks is None or not selection:
        return None
    selected = Expression.compile(selection).evaluate(lambda name, **_: name in marks)
    return None if selected else True


@dataclass
class Tokens:
    officer: str
    partner_a: str
    partner_b: str


@pytest.fixture
def tokens(engine: Engine) -> Tokens:
    with engine.begin() as connection:
        sync_desks(connection)
        create_user(connection, "analyst", role="command_centre", desk="lone-offender")
        create_user(connection, "agent-a", role="partner_submitter", organisation="partner:agent-a")
        # A partner account (token only) acts for its organisation.
        create_account(connection, "agent-b", "partner", "partner:agent-b")
        return Tokens(
            officer=issue_token(connection, "analyst", now=frozen_now()),
            partner_a=issue_token(connection, "agent-a", now=frozen_now()),
            partner_b=issue_token(connection, "agent-b", now=frozen_now()),
        )


@pytest.fixture
def client(engine: Engine, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings, engine=engine)) as test_client:
        yield test_client


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
