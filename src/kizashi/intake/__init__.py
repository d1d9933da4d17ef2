"""Intake: channel schemas, readers, grading, validation, idempotent ingest and quarantine.

Other contexts use intake through these names only.
"""

from typing import TYPE_CHECKING

from kizashi.lazy import lazy_exports

if TYPE_CHECKING:
    from kizashi.intake.models import channel_model, json_schema, model_name
    from kizashi.intake.partner_view import report_as_seen_by
    from kizashi.intake.queries import (
        ReportFilter,
        get_report,
        list_quarantine,
        list_reports,
        list_runs,
    )
    from kizashi.intake.readers import Format, RawRow, RecordSource, detect_format
    from kizashi.intake.resources import new_report, partner_scope
    from kizashi.intake.service import IngestSummary, ingest_batch, ingest_rows
    from kizashi.intake.spec import ChannelSpec, channel_ids, channels, get_channel

# Imported on first use, so that listing the commands does not load the room.
__getattr__ = lazy_exports(
    __name__,
    {
        "channel_model": "kizashi.intake.models",
        "json_schema": "kizashi.intake.models",
        "model_name": "kizashi.intake.models",
        "ReportFilter": "kizashi.intake.queries",
        "get_report": "kizashi.intake.queries",
        "list_quarantine": "kizashi.intake.queries",
        "list_reports": "kizashi.intake.queries",
        "list_runs": "kizashi.intake.queries",
        "report_as_seen_by": "kizashi.intake.partner_view",
        "Format": "kizashi.intake.readers",
        "RawRow": "kizashi.intake.readers",
        "RecordSource": "kizashi.intake.readers",
        "detect_format": "kizashi.intake.readers",
        "new_report": "kizashi.intake.resources",
        "partner_scope": "kizashi.intake.resources",
        "IngestSummary": "kizashi.intake.service",
        "ingest_batch": "kizashi.intake.service",
        "ingest_rows": "kizashi.intake.service",
        "ChannelSpec": "kizashi.intake.spec",
        "channel_ids": "kizashi.intake.spec",
        "channels": "kizashi.intake.spec",
        "get_channel": "kizashi.intake.spec",
    },
)

__all__ = [
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
