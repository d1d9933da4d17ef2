"""Intake: channel schemas, readers, grading, validation, idempotent ingest and quarantine.

Other contexts use intake through these names only.
"""

from kizashi.intake.models import channel_model, json_schema, model_name
from kizashi.intake.queries import (
    ReportFilter,
    get_report,
    list_quarantine,
    list_reports,
    list_runs,
)
from kizashi.intake.readers import Format, RawRow, RecordSource, detect_format
from kizashi.intake.service import IngestSummary, ingest_batch, ingest_rows
from kizashi.intake.spec import ChannelSpec, channel_ids, channels, get_channel

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
]
