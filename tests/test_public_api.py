"""The exports of each context are pinned: changing them is a deliberate act."""

import kizashi.api
import kizashi.principals
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
        "principals",
        "purchase_firings",
        "quarantine",
        "reports",
        "risk_contributions",
        "signals",
        "trace_copies",
        "trace_findings",
        "trace_products",
        "transaction",
        "triage_runs",
        "upgrade",
    ]


def test_api_exports() -> None:
    assert kizashi.api.__all__ == ["create_app"]


def test_principals_exports() -> None:
    assert sorted(kizashi.principals.__all__) == [
        "Principal",
        "authenticate",
        "create_principal",
        "issue_token",
        "list_principals",
        "revoke_tokens",
    ]


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
        "run_purchase_rules",
        "to_grams",
    ]


def test_triage_exports() -> None:
    import kizashi.triage

    assert sorted(kizashi.triage.__all__) == [
        "AlertFilter",
        "RiskConfig",
        "Routing",
        "TransitionError",
        "TriageSummary",
        "assign_alert",
        "default_risk",
        "default_routing",
        "entity_view",
        "get_alert",
        "list_alerts",
        "load_risk",
        "load_routing",
        "outcome_report",
        "review_alert",
        "run_triage",
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
        "NameKey",
        "Phone",
        "RecordError",
        "ResolveSummary",
        "account_key",
        "address_key",
        "email_key",
        "entity_members_of",
        "feature_rows",
        "judgements_of",
        "link_new_report",
        "link_rows",
        "name_key",
        "phone_key",
        "recluster",
        "record_judgement",
        "resolve_store",
        "undo_judgement",
    ]
