"""The demo's context: what every stage reads and adds to, in its own module so that stage
modules (``stage_trace``) and the runner (``run``) both use it without importing each other."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from kizashi.config import Settings
from kizashi.demo.scenario import Scenario
from kizashi.demo.workspace import Workspace
from kizashi.intake import IngestSummary


@dataclass
class DemoContext:
    settings: Settings
    workspace: Workspace
    engine: Engine
    scenario: Scenario
    files: dict[str, Path]
    # When the demo is built (the command's clock): what must outlast the scenario for the
    # officers who try the demo by hand afterwards is dated from it, never from the calendar.
    built_at: datetime
    summaries: list[IngestSummary] = field(default_factory=list)
    tokens: dict[str, str] = field(default_factory=dict)
    cases: list[dict[str, Any]] = field(default_factory=list)
    detection: dict[str, Any] = field(default_factory=dict)
    purchases: dict[str, Any] = field(default_factory=dict)
    triage: dict[str, Any] = field(default_factory=dict)
    insider: Any = None  # kizashi.insider.demo.InsiderDemo, after insider_stage
    trace: dict[str, Any] = field(default_factory=dict)
    share: dict[str, Any] = field(default_factory=dict)
    resolution: dict[str, Any] = field(default_factory=dict)
    pipeline: dict[str, Any] = field(default_factory=dict)
    outreach: dict[str, Any] = field(default_factory=dict)


Stage = Callable[[DemoContext], None]
