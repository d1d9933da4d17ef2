"""A CliRunner that gives `--as NAME` / `--user NAME` their user's credential.

The command line acts as a named user only with that user's credential (issue 14): tests
that drive commands as officers issue them tokens and let this runner put the right one in
``KIZASHI_TOKEN`` for each invocation, as an officer's shell would.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine
from typer.testing import CliRunner

from kizashi.guard.identity import issue_token
from tests.conftest import frozen_now


class CredentialRunner(CliRunner):
    def __init__(self) -> None:
        super().__init__()
        self.tokens: dict[str, str] = {}

    def issue(self, engine: Engine, *names: str) -> None:
        with engine.begin() as connection:
            for name in names:
                self.tokens[name] = issue_token(connection, name, "test", now=frozen_now())

    def invoke(self, app: Any, args: Sequence[str] | str | None = None, **kwargs: Any) -> Any:  # type: ignore[override]
        listed = [args] if isinstance(args, str) else list(args or [])
        for flag in ("--as", "--user"):
            if flag in listed:
                name = listed[listed.index(flag) + 1]
                env = dict(kwargs.pop("env", None) or {})
                env["KIZASHI_TOKEN"] = self.tokens[name]
                kwargs["env"] = env
        return super().invoke(app, listed, **kwargs)
