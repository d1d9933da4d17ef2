"""The exports of each context are pinned: changing them is a deliberate act."""

import pytest

import kizashi.api
import kizashi.store
import kizashi.web


def test_store_exports() -> None:
    assert sorted(kizashi.store.__all__) == [
        "alert_events",
        "alert_outcomes",
        "alerts",
        "api_tokens",
        "current_revision",
        "downgrade",
        "entities",
        "entity_members",
        "head_revision",
        "ingest_runs",
        "is_sqlite",
        "is_up_to_date",
        "link_judgements",
        "make_engine",
        "mentions",
        "metadata",
        "normalise_url",
        "payload_keys",
        "pipeline_queue",
        "purchase_firings",
        "quarantine",
        "report_payloads",
        "reports",
        "risk_contributions",
        "signals",
        "trace_copies",
        "trace_findings",
        "trace_index",
        "trace_products",
        "trace_text_index",
        "transaction",
        "triage_runs",
        "upgrade",
        "webhook_deliveries",
    ]


def test_api_exports() -> None:
    assert kizashi.api.__all__ == ["create_app"]


def test_intake_exports() -> None:
    import kizashi.intake

    assert sorted(kizashi.intake.__all__) == [
        "ChannelSpec",
        "Format",
        "IngestSummary",
        "RawRow",
        "RecordSource",
        "ReportFilter",
        "channel_ids",
        "channel_model",
        "channels",
        "detect_format",
        "get_channel",
        "get_report",
        "ingest_batch",
        "ingest_rows",
        "json_schema",
        "list_quarantine",
        "list_reports",
        "list_runs",
        "model_name",
        "new_report",
        "partner_scope",
        "report_as_seen_by",
    ]


def test_detect_service_exports() -> None:
    """What the triage room and the demo call to score stored reports into signals."""
    import inspect

    from kizashi.detect import SignalSummary, model_version, store_signals

    assert list(inspect.signature(store_signals).parameters) == [
        "engine",
        "channels",
        "batch_size",
        "limit",
        "progress",
        "clock",
    ]
    assert {"model_version", "scored", "stored", "flagged", "categories"} <= set(
        SignalSummary.__dataclass_fields__
    )
    assert callable(model_version)


def test_purchases_exports() -> None:
    import kizashi.purchases

    assert sorted(kizashi.purchases.__all__) == [
        "Firing",
        "Match",
        "Purchase",
        "PurchaseRunSummary",
        "UnitError",
        "Watchlist",
        "buyer_purchases",
        "default_watchlist",
        "evaluate",
        "list_firings",
        "load_watchlist",
        "parse_amount",
        "purchase_rules_for_entities",
        "purchase_rules_for_reports",
        "run_purchase_rules",
        "to_grams",
    ]


def test_triage_exports() -> None:
    import kizashi.triage

    assert sorted(kizashi.triage.__all__) == [
        "AlertFeed",
        "AlertFilter",
        "AlertQuery",
        "AlertRouting",
        "Finding",
        "RiskConfig",
        "TransitionError",
        "TriageSummary",
        "assign_alert",
        "decide_alerts",
        "default_alert_routing",
        "default_risk",
        "entity_evidence",
        "entity_refusal",
        "entity_view",
        "folded_alerts",
        "follow_feed",
        "get_alert",
        "list_alerts",
        "load_alert_routing",
        "load_risk",
        "outcome_report",
        "raise_finding",
        "record_alert_action",
        "review_alert",
        "risk_ranking",
        "run_triage",
        "triage_entities",
        "triage_reports",
        "visible_alerts",
        "withdraw_finding",
    ]


def test_web_exports() -> None:
    assert kizashi.web.__all__ == ["mount_web"]


def test_resolve_exports() -> None:
    import kizashi.resolve

    assert sorted(kizashi.resolve.__all__) == [
        "Address",
        "JudgementError",
        "LinkConfig",
        "LinkResult",
        "LinkedReport",
        "Model",
        "NameKey",
        "Phone",
        "RecordError",
        "ResolveSummary",
        "account_key",
        "address_key",
        "email_key",
        "entity_flags",
        "entity_members_of",
        "feature_rows",
        "has_linkage_model",
        "judgements_of",
        "link_new_report",
        "link_report",
        "link_reports",
        "link_rows",
        "name_key",
        "phone_key",
        "recluster",
        "record_judgement",
        "resolve_store",
        "undo_judgement",
    ]


def test_http_exports() -> None:
    import kizashi.http

    assert sorted(kizashi.http.__all__) == [
        "BodyLimits",
        "CallerDep",
        "EngineDep",
        "FieldProblemOut",
        "GUARDED_PROBLEMS",
        "GuardDep",
        "PURPOSE_HEADER",
        "PrincipalDep",
        "ProblemOut",
        "PurposeDep",
        "REQUEST_ID_HEADER",
        "RequestScope",
        "SettingsDep",
        "TERMINAL_HEADER",
        "TerminalDep",
        "bearer",
        "client_address",
        "decided",
        "decided_many",
        "document_problem_responses",
        "failing_closed",
        "install_error_handlers",
        "no_unknown_query_parameters",
        "query_problems",
        "refuse",
        "stated_purpose",
        "user_of",
    ]


def test_registry_exports() -> None:
    import kizashi.registry
    import kizashi.rooms

    assert kizashi.registry.__all__ == ["Command", "Expiry", "Room", "load"]
    assert kizashi.rooms.__all__ == ["APP", "ROOMS", "commands"]


@pytest.mark.parametrize("room", ["detect", "insider", "pipeline", "resolve", "trace"])
def test_lazy_exports_resolve(room: str) -> None:
    """Rooms whose names are imported on first use still export every name they list."""
    import importlib

    package = importlib.import_module(f"kizashi.{room}")
    missing = [name for name in package.__all__ if getattr(package, name, None) is None]
    assert missing == []


def test_trace_exports() -> None:
    import kizashi.trace

    assert sorted(kizashi.trace.__all__) == [
        "IssuedCopy",
        "Ranked",
        "SLOT_PATTERN",
        "Template",
        "TraceParams",
        "TraceService",
        "Verdict",
        "default_params",
        "detect",
        "embed",
        "false_accusation",
        "find",
        "is_pdf",
        "leaks",
        "load_params",
        "open_trace",
        "parse",
        "psnr",
        "render_copy",
        "trace_text",
        "written_slot",
    ]


def test_pipeline_exports() -> None:
    import kizashi.pipeline

    assert kizashi.pipeline.__all__ == [
        "STAGES",
        "STAGE_NAMES",
        "DeadLetters",
        "Hook",
        "PassResult",
        "Stage",
        "StageContext",
        "Worker",
        "deliver_due",
        "describe",
        "load_hooks",
        "retry_dead_letters",
        "retry_parked_judgements",
        "run_backfill",
        "start_in_background",
        "status",
        "visible_dead_letters",
        "visible_lag",
        "visible_parked_judgements",
    ]
    assert kizashi.pipeline.STAGE_NAMES == (
        "detect",
        "resolve",
        "purchases",
        "triage",
        "outreach",
        "route",
        "search",
    )


def test_search_exports() -> None:
    import kizashi.search

    assert kizashi.search.__all__ == [
        "KINDS",
        "PurposeRequiredError",
        "SearchPage",
        "SearchQuery",
        "alternatives",
        "any_saved",
        "delete_saved",
        "fold",
        "forget_reports",
        "index_entities",
        "index_reports",
        "list_saved",
        "list_search_notices",
        "notify_saved",
        "reindex_all",
        "save_search",
        "search",
    ]


def test_casework_exports() -> None:
    import kizashi.casework

    assert sorted(kizashi.casework.__all__) == [
        "Casework",
        "MAX_ATTACHMENT_BYTES",
        "MEDIA_TYPES",
        "Outcome",
        "Promotion",
        "Upload",
        "WORKING_ROLES",
        "alert_report",
        "assign_officer",
        "assign_task",
        "case_outcomes",
        "case_report",
        "check_upload",
        "close_case",
        "hand_over_case",
        "issue_alert_report",
        "issue_case_report",
        "overdue",
        "render_pdf",
        "reopen_case",
        "unassign_officer",
    ]
    for name in kizashi.casework.__all__:
        assert getattr(kizashi.casework, name) is not None
