"""Build the demo workspace and push the scenario through the real pipeline.

Stages run in order over one context; the foundation ingests every channel through the same
intake service as `kizashi ingest`. Later capabilities append their stages here
(detection, linkage, triage) so the demo always shows the whole platform.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select, tuple_

from kizashi.config import Settings
from kizashi.demo.scenario import Scenario, build_scenario, write_scenario
from kizashi.demo.workspace import Workspace, fresh_workspace
from kizashi.guard.identity_service import create_user, sync_desks
from kizashi.intake import IngestSummary, RecordSource, ingest_rows
from kizashi.principals import issue_token
from kizashi.store import make_engine, reports, transaction, upgrade

# Channels are ingested in this order (the order an analyst would receive them does not
# matter to intake; a fixed order keeps the demo's store identical from run to run).
CHANNEL_ORDER = (
    "sns_post",
    "purchase",
    "partner_report",
    "patrol_note",
    "public_tip",
    "listing",
    "company_approach",
    "seized_message",
)


@dataclass
class DemoContext:
    settings: Settings
    workspace: Workspace
    engine: Engine
    scenario: Scenario
    files: dict[str, Path]
    summaries: list[IngestSummary] = field(default_factory=list)
    tokens: dict[str, str] = field(default_factory=dict)
    cases: list[dict[str, Any]] = field(default_factory=list)
    detection: dict[str, Any] = field(default_factory=dict)
    resolution: dict[str, Any] = field(default_factory=dict)


Stage = Callable[[DemoContext], None]


def ingest_stage(context: DemoContext) -> None:
    for channel in CHANNEL_ORDER:
        path = context.files.get(channel)
        if path is None:
            continue
        with RecordSource(path) as source:
            context.summaries.append(
                ingest_rows(context.engine, context.settings, channel, source, str(path.name))
            )


def tokens_stage(context: DemoContext) -> None:
    """Demo users: a command-centre analyst, and a real-estate partner who sees only its own."""
    with transaction(context.engine) as connection:
        sync_desks(connection)
        create_user(connection, "demo-analyst", role="command_centre", desk="lone-offender")
        context.tokens["demo-analyst"] = issue_token(connection, "demo-analyst", "demo")
        create_user(
            connection,
            "demo-partner",
            role="partner_submitter",
            organisation="partner:otsuka-housing",
        )
        context.tokens["demo-partner"] = issue_token(connection, "demo-partner", "demo")


def verify_cases_stage(context: DemoContext) -> None:
    """Find every planted record of the manifest in the store."""
    with context.engine.connect() as connection:
        for case in context.scenario.manifest.get("cases", []):
            keys = [(r["source"], r["external_id"]) for r in case.get("records", [])]
            found: set[tuple[str, str]] = set()
            for start in range(0, len(keys), 400):
                query = select(reports.c.source, reports.c.external_id).where(
                    tuple_(reports.c.source, reports.c.external_id).in_(keys[start : start + 400])
                )
                found.update((row.source, row.external_id) for row in connection.execute(query))
            channels = Counter(r["channel"] for r in case.get("records", []))
            context.cases.append(
                {
                    "id": case["id"],
                    "kind": case.get("kind"),
                    "records": len(keys),
                    "stored": len(found),
                    "channels": dict(sorted(channels.items())),
                }
            )


# Channels whose free text the detector scores in the demo.
SCANNED_CHANNELS = ("sns_post", "listing", "partner_report")


def detect_stage(context: DemoContext) -> None:
    """Score the demo's posts, listings and partner reports; count planted finds and others."""
    from kizashi.detect.scan import scan

    planted: dict[tuple[str, str], str] = {}
    for case in context.scenario.manifest.get("cases", []):
        for record in case.get("records", []):
            if record["channel"] in SCANNED_CHANNELS:
                planted.setdefault((record["channel"], record["external_id"]), case["id"])
    found: Counter[str] = Counter()
    others = scored = 0
    for channel in SCANNED_CHANNELS:
        records = context.scenario.records.get(channel, [])
        for result in scan(records):
            scored += 1
            case_id = planted.get((channel, str(result["id"])))
            if result["flagged"] and case_id:
                found[case_id] += 1
            elif result["flagged"]:
                others += 1
    context.detection = {
        "scored": scored,
        "planted": Counter(planted.values()),
        "found": found,
        "other_flags": others,
    }


def resolve_stage(context: DemoContext) -> None:
    """Link every report's people; check the planted offender is one entity, the decoy apart."""
    from kizashi.resolve.demo_check import check_lone_offender
    from kizashi.resolve.service import resolve_store

    summary = resolve_store(context.engine)
    context.resolution = {"summary": summary.__dict__,
                          **check_lone_offender(context.engine, context.scenario.manifest)}


STAGES: list[Stage] = [
    ingest_stage, tokens_stage, verify_cases_stage, detect_stage, resolve_stage
]


def run_demo(base: Settings, root: Path, *, seed: int, scale: float) -> DemoContext:
    workspace = fresh_workspace(root)
    settings = workspace.settings(base)
    scenario = build_scenario(seed, scale=scale)
    files = write_scenario(scenario, workspace.inputs)
    engine = make_engine(settings)
    upgrade(engine)
    context = DemoContext(settings, workspace, engine, scenario, files)
    for stage in STAGES:
        stage(context)
    (workspace.root / "tokens.json").write_text(json.dumps(context.tokens, indent=2), "utf-8")
    return context
