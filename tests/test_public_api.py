"""The exports of each context are pinned: changing them is a deliberate act."""

import kizashi.api
import kizashi.principals
import kizashi.store


def test_store_exports() -> None:
    assert sorted(kizashi.store.__all__) == [
        "alert_events",
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
        "quarantine",
        "reports",
        "risk_contributions",
        "signals",
        "transaction",
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
