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
    purchases: dict[str, Any] = field(default_factory=dict)
    triage: dict[str, Any] = field(default_factory=dict)
    insider: Any = None  # kizashi.guard.demo_insider.InsiderDemo, after insider_stage
    trace: dict[str, Any] = field(default_factory=dict)
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


# Every channel with text is scored; a planted record is expected to be flagged in these (a
# purchase line, one message of a seized chat or a company's approach is not a signal alone).
FLAGGED_CHANNELS = ("sns_post", "listing", "partner_report", "patrol_note", "public_tip")


def detect_stage(context: DemoContext) -> None:
    """Score every stored report with text into ``signals``; count planted finds and others."""
    from kizashi.detect import store_signals
    from kizashi.store import signals

    summary = store_signals(context.engine)
    planted: dict[tuple[str, str], list[str]] = {}  # a record may belong to several cases
    for case in context.scenario.manifest.get("cases", []):
        for record in case.get("records", []):
            if record["channel"] in FLAGGED_CHANNELS:
                planted.setdefault((record["source"], record["external_id"]), []).append(case["id"])
    query = (
        select(reports.c.source, reports.c.external_id, signals.c.flagged)
        .join(signals, signals.c.report_id == reports.c.id)
        .where(signals.c.model_version == summary.model_version)
    )
    scanned: Counter[str] = Counter()
    found: Counter[str] = Counter()
    others = 0
    with context.engine.connect() as connection:
        for row in connection.execute(query):
            case_ids = planted.get((row.source, row.external_id), [])
            scanned.update(case_ids)
            if row.flagged:
                found.update(case_ids)
                others += not case_ids
    context.detection = {
        "scored": summary.scored,
        "stored": summary.stored,
        "model_version": summary.model_version,
        "planted": scanned,
        "found": found,
        "other_flags": others,
    }


def resolve_stage(context: DemoContext) -> None:
    """Link every report's people; check the planted offender is one entity, the decoy apart."""
    from kizashi.resolve.demo_check import check_lone_offender
    from kizashi.resolve.service import resolve_store

    summary = resolve_store(context.engine)
    context.resolution = {
        "summary": summary.__dict__,
        **check_lone_offender(context.engine, context.scenario.manifest),
    }


def purchases_stage(context: DemoContext) -> None:
    """Precursor rules over every resolved buyer's purchases (needs entities from resolve)."""
    from kizashi.purchases import run_purchase_rules

    context.purchases = run_purchase_rules(context.engine).as_dict()


def triage_stage(context: DemoContext) -> None:
    """Score every entity as at the end of the demo's period and open routed alerts."""
    from kizashi.demo.clock import PERIOD_END
    from kizashi.triage import run_triage

    context.triage = run_triage(context.engine, as_of=PERIOD_END, run_purchases=False).as_dict()


def insider_stage(context: DemoContext) -> None:
    """Officers on several desks, four weeks of access through the guard, one insider; then
    insider analytics over the audit log (see kizashi.guard.demo_insider)."""
    from kizashi.guard.audit_setup import open_audit_log
    from kizashi.guard.demo_insider import simulate
    from kizashi.guard.routing import route_reports

    route_reports(context.engine)  # desks by the rules in guard/data/routing.yaml
    audit = open_audit_log(context.settings, context.engine)
    context.insider = simulate(context.engine, audit, seed=context.scenario.seed)
    users = {name: info["password"] for name, info in context.insider.users.items()}
    (context.workspace.root / "users.json").write_text(json.dumps(users, indent=2), "utf-8")


def trace_stage(context: DemoContext) -> None:
    """Issue a still and a raid plan to officers; trace the copies that leak into the chat."""
    from kizashi.demo.stage_trace import trace_stage as run_trace

    run_trace(context)


STAGES: list[Stage] = [
    ingest_stage,
    tokens_stage,
    verify_cases_stage,
    detect_stage,
    resolve_stage,
    purchases_stage,
    triage_stage,
    insider_stage,
    trace_stage,
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
