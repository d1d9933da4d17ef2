"""Build the demo workspace and push the scenario through the real pipeline.

Demo steps run in order over one context: ingest every channel through the same intake
service as `kizashi ingest` (each stored report is queued for the pipeline by the store
itself), set up users, then let the live pipeline's worker (`kizashi.pipeline`, the same
worker `kizashi serve` runs) take every report through detection, linkage, purchase rules,
triage and routing — the order is the pipeline's, not the demo's — then insider analytics
and leak tracing, then sharing (an advisory and a platform request, each released by a
second person). The demo only reads back what the pipeline concluded, to report on it.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select, tuple_

from kizashi.clock import aware_utc
from kizashi.config import Settings
from kizashi.demo.clock import PERIOD_END
from kizashi.demo.context import DemoContext, Stage
from kizashi.demo.credentials import DEMO_ANALYST, DEMO_PARTNER, OVERSIGHT_OFFICER
from kizashi.demo.partner_scopes import API_TOKEN_CHANNELS
from kizashi.demo.scenario import build_scenario, write_scenario
from kizashi.demo.workspace import fresh_workspace
from kizashi.guard.identity import create_user, issue_token, sync_desks
from kizashi.intake import RecordSource, ingest_rows, partner_scope
from kizashi.keyfiles import write_secret
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
    "company_consultation",
    "research_request",
    "seized_message",
)


def _now() -> datetime:
    """When the demo's tokens are issued: the end of the scenario, not the wall clock."""
    return PERIOD_END


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
    """Demo users: a command-centre analyst, and the API's partner token, which sees only its
    own reports. That token is scoped like every partner (PARTNER-6) to
    :data:`API_TOKEN_CHANNELS`: the association's own channels and ``sns_post``, which docs
    and earlier evaluations post a platform's SNS posts through the API with."""
    with transaction(context.engine) as connection:
        sync_desks(connection)
        create_user(connection, DEMO_ANALYST, role="command_centre", desk="lone-offender")
        context.tokens[DEMO_ANALYST] = issue_token(connection, DEMO_ANALYST, "demo", now=_now())
        create_user(
            connection,
            DEMO_PARTNER,
            role="partner_submitter",
            organisation="partner:otsuka-housing",
            channels=partner_scope(API_TOKEN_CHANNELS),
        )
        context.tokens[DEMO_PARTNER] = issue_token(connection, DEMO_PARTNER, "demo", now=_now())


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


def pipeline_stage(context: DemoContext) -> None:
    """The live pipeline's worker drains the queue of every ingested report (risk decayed to
    the end of the demo's period); then the demo reads back what each stage concluded."""
    from kizashi.demo.clock import PERIOD_END
    from kizashi.pipeline import Worker

    settings = context.settings.model_copy(update={"pipeline_batch_size": 512})
    worker = Worker(context.engine, settings, as_of=PERIOD_END, name="demo", hooks=())
    result = worker.drain()
    context.pipeline = {"moved": result.moved, "parked": result.parked, "seconds": result.seconds}
    _read_detection(context)
    _read_resolution(context)
    _read_purchases_and_triage(context, PERIOD_END)


def _read_detection(context: DemoContext) -> None:
    """Count planted finds and other flags among the signals the pipeline stored."""
    from kizashi.detect.store import model_version
    from kizashi.store import signals

    version = model_version()
    planted: dict[tuple[str, str], list[str]] = {}  # a record may belong to several cases
    for case in context.scenario.manifest.get("cases", []):
        for record in case.get("records", []):
            if record["channel"] in FLAGGED_CHANNELS:
                planted.setdefault((record["source"], record["external_id"]), []).append(case["id"])
    query = (
        select(reports.c.source, reports.c.external_id, signals.c.flagged)
        .join(signals, signals.c.report_id == reports.c.id)
        .where(signals.c.model_version == version)
    )
    scanned: Counter[str] = Counter()
    found: Counter[str] = Counter()
    others = scored = 0
    with context.engine.connect() as connection:
        for row in connection.execute(query):
            scored += 1
            case_ids = planted.get((row.source, row.external_id), [])
            scanned.update(case_ids)
            if row.flagged:
                found.update(case_ids)
                others += not case_ids
    context.detection = {
        "scored": scored,
        "stored": scored,
        "model_version": version,
        "planted": scanned,
        "found": found,
        "other_flags": others,
    }


def _read_resolution(context: DemoContext) -> None:
    """Entities as linked; check the planted offender is one entity, the decoy apart."""
    from kizashi.resolve.demo_check import check_lone_offender
    from kizashi.store.tables_resolve import entities, resolve_records

    with context.engine.connect() as connection:
        records = connection.execute(select(func.count()).select_from(resolve_records)).scalar()
        kinds: Counter[str] = Counter(
            dict(
                connection.execute(
                    select(entities.c.kind, func.count()).group_by(entities.c.kind)
                ).all()
            )
        )
    context.resolution = {
        "summary": {
            "records": int(records or 0),
            "entities": sum(kinds.values()),
            "person_entities": kinds.get("person", 0),
        },
        **check_lone_offender(context.engine, context.scenario.manifest),
    }


def _read_purchases_and_triage(context: DemoContext, as_of: datetime) -> None:
    from kizashi.purchases import list_firings
    from kizashi.store import alerts, risk_contributions
    from kizashi.triage import risk_ranking

    with context.engine.connect() as connection:
        firings = list_firings(connection)
        top = risk_ranking(connection, as_of, limit=10)
        contributions = connection.execute(
            select(func.count()).select_from(risk_contributions)
        ).scalar()
        states: dict[str, int] = dict(
            connection.execute(
                select(alerts.c.status, func.count()).group_by(alerts.c.status)
            ).all()
        )
    by_rule = Counter(str(f["rule_id"]) for f in firings)
    context.purchases = {"firings": len(firings), "by_rule": dict(sorted(by_rule.items()))}
    context.triage = {
        "as_of": as_of.isoformat(),
        "contributions": int(contributions or 0),
        "alerts": {str(k): int(v) for k, v in sorted(states.items())},
        "top": top,
    }


def insider_stage(context: DemoContext) -> None:
    """Officers on several desks, four weeks of access through the guard, one insider; then
    insider analytics over the audit log (see kizashi.insider.demo)."""
    from kizashi.guard import open_audit_log
    from kizashi.insider.demo import simulate

    audit = open_audit_log(context.settings, context.engine)
    context.insider = simulate(context.engine, audit, seed=context.scenario.seed)
    users = {name: info["password"] for name, info in context.insider.users.items()}
    write_secret(
        context.workspace.root / "users.json", json.dumps(users, indent=2).encode(), replace=True
    )
    # Every demo user gets an API token, so that the command line can act as them
    # (`KIZASHI_TOKEN=$(jq -r .NAME tokens.json)`): naming a user is not being them.
    with transaction(context.engine) as connection:
        for name in users:
            context.tokens[name] = issue_token(connection, name, "demo", now=_now())


def trace_stage(context: DemoContext) -> None:
    """Issue a still and a raid plan to officers; trace the copies that leak into the chat."""
    from kizashi.demo.stage_trace import trace_stage as run_trace

    run_trace(context)


def share_stage(context: DemoContext) -> None:
    """An advisory to the real-estate associations and a request to the SNS operator, each
    through four-eyes; a leaked copy of the advisory names its recipient."""
    from kizashi.demo.stage_share import share_stage as run_share

    run_share(context)


def outreach_setup(context: DemoContext) -> None:
    """The economic-security desk's register and visits, before the pipeline reads reports."""
    from kizashi.demo.stage_outreach import outreach_setup_stage

    outreach_setup_stage(context)


def outreach_read(context: DemoContext) -> None:
    """The approachers the pipeline's outreach stage found, and the desk's passwords."""
    from kizashi.demo.stage_outreach import outreach_read_stage

    outreach_read_stage(context)


def oversight_stage(context: DemoContext) -> None:
    """An oversight officer, who reads who looked at whom and why, never the material."""
    from kizashi.insider.demo import password_of

    with transaction(context.engine) as connection:
        create_user(
            connection,
            OVERSIGHT_OFFICER,
            role="oversight_officer",
            password=password_of(OVERSIGHT_OFFICER),
            display_name=OVERSIGHT_OFFICER,
        )
        context.tokens[OVERSIGHT_OFFICER] = issue_token(
            connection, OVERSIGHT_OFFICER, "demo", now=_now()
        )
    users_file = context.workspace.root / "users.json"
    known = json.loads(users_file.read_text("utf-8")) if users_file.exists() else {}
    passwords = {**known, OVERSIGHT_OFFICER: password_of(OVERSIGHT_OFFICER)}
    write_secret(users_file, json.dumps(passwords, indent=2).encode(), replace=True)


STAGES: list[Stage] = [
    ingest_stage,
    tokens_stage,
    verify_cases_stage,
    outreach_setup,
    pipeline_stage,
    insider_stage,
    outreach_read,
    trace_stage,
    share_stage,
    oversight_stage,
]


def run_demo(
    base: Settings, root: Path, *, seed: int, scale: float, built_at: datetime
) -> DemoContext:
    """Build the demo at `root`; `built_at` is when (the command passes the wall clock's now):
    the scenario's own timestamps are fixed, only what must stay usable afterwards (the
    operation compartment's end) is dated from it."""
    workspace = fresh_workspace(root)
    settings = workspace.settings(base)
    scenario = build_scenario(seed, scale=scale)
    files = write_scenario(scenario, workspace.inputs)
    engine = make_engine(settings)
    upgrade(engine)
    context = DemoContext(settings, workspace, engine, scenario, files, aware_utc(built_at))
    for stage in STAGES:
        stage(context)
    write_secret(
        workspace.root / "tokens.json", json.dumps(context.tokens, indent=2).encode(), replace=True
    )
    return context
