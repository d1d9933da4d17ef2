"""Reading stored reports, their mentions, ingest runs and quarantined rows.

A report's content is sealed (:mod:`kizashi.store.payloads`): it is opened here, and a
report whose payload can no longer be read (expired, its key destroyed) is not listed and
reads as absent — nothing of it but the id the caller already had.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from kizashi.clock import iso
from kizashi.store import ingest_runs, mentions, quarantine, reports
from kizashi.store.payloads import Payload, is_readable, open_payloads
from kizashi.store.tables_oversight import report_corrections

PROVENANCE_COLUMNS = (
    "source",
    "external_id",
    "received_at",
    "occurred_at",
    "reliability",
    "credibility",
    "handling_code",
    "purpose",
    "legal_basis",
)


@dataclass(frozen=True)
class ReportFilter:
    channel: str | None = None
    source: str | None = None
    # Set for partners: only reports whose source is the partner itself, whether it sent them
    # over the API or the police loaded its file.
    organisation: str | None = None
    after: str | None = None  # keyset pagination: ids are time-ordered
    limit: int = 100


def _report_dict(row: Any, payload: Payload, with_raw: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": row.id,
        "channel": row.channel,
        "schema_version": row.schema_version,
        "provenance": {
            "source": row.source,
            "external_id": row.external_id,
            "received_at": iso(row.received_at),
            "occurred_at": iso(row.occurred_at),
            "reliability": row.reliability,
            "credibility": row.credibility,
            "handling_code": row.handling_code,
            "purpose": row.purpose,
            "legal_basis": row.legal_basis,
            "organisation": row.organisation,
            "ingest_run_id": row.ingest_run_id,
        },
        "language": row.language,
        "body": payload.body,
        "text": payload.text,
    }
    if with_raw:
        data["raw"] = payload.raw
        data["raw_sha256"] = row.raw_sha256
    return data


def get_report(
    connection: Connection, report_id: str, *, organisation: str | None = None
) -> dict[str, Any] | None:
    """One report with its provenance, raw payload and mentions; None if absent or not visible."""
    query = select(reports).where(reports.c.id == report_id)
    if organisation is not None:
        query = query.where(reports.c.source == organisation)
    row = connection.execute(query).first()
    payload = open_payloads(connection, [report_id]).get(report_id) if row is not None else None
    if row is None or payload is None:
        return None
    data = _report_dict(row, payload, with_raw=True)
    found = connection.execute(
        select(mentions).where(mentions.c.report_id == report_id).order_by(mentions.c.id)
    )
    data["mentions"] = [
        {
            "kind": m.kind,
            "path": m.path,
            "value": m.value,
            "normalized": m.normalized,
            "qualifier": m.qualifier,
            "quantity": m.quantity,
            "unit": m.unit,
        }
        for m in found
    ]
    data["corrections"] = corrections_of(connection, report_id)
    return data


def corrections_of(connection: Connection, report_id: str) -> list[dict[str, Any]]:
    """Correction notes attached to a report (oversight writes them; the report is unchanged)."""
    rows = connection.execute(
        select(report_corrections)
        .where(report_corrections.c.report_id == report_id)
        .order_by(report_corrections.c.created_at, report_corrections.c.id)
    )
    return [
        {
            "id": r.id,
            "note": r.note,
            "field": r.field,
            "reason": r.reason,
            "requested_by": r.requested_by,
            "author_id": r.author_id,
            "created_at": iso(r.created_at),
        }
        for r in rows
    ]


def list_reports(connection: Connection, where: ReportFilter) -> list[dict[str, Any]]:
    """Reports in id (time) order after a cursor, without raw payloads (expired ones left out)."""
    query = (
        select(reports).where(is_readable(reports.c.id)).order_by(reports.c.id).limit(where.limit)
    )
    if where.channel:
        query = query.where(reports.c.channel == where.channel)
    if where.source:
        query = query.where(reports.c.source == where.source)
    if where.organisation is not None:
        query = query.where(reports.c.source == where.organisation)
    if where.after:
        query = query.where(reports.c.id > where.after)
    rows = list(connection.execute(query))
    opened = open_payloads(connection, [r.id for r in rows], ("body", "text"))
    return [_report_dict(r, opened[r.id], with_raw=False) for r in rows if r.id in opened]


def _raw_bytes(raw: str, data: bytes | None, encoding: str | None) -> dict[str, Any]:
    """The row's bytes, base64 in JSON, unless the text already says exactly what they were.

    A row of a UTF-8 file that decoded cleanly is its text; a Shift_JIS or EUC-JP row, or
    one with bad bytes, is only faithful as bytes (``base64 -d`` gives them back).
    """
    out: dict[str, Any] = {"encoding": encoding}
    if data is not None and data != raw.encode("utf-8", "surrogatepass"):
        out["raw_base64"] = base64.b64encode(data).decode("ascii")
    return out


def list_quarantine(
    connection: Connection,
    *,
    channel: str | None = None,
    run_id: str | None = None,
    limit: int = 1000,
) -> list[dict[str, Any]]:
    query = select(quarantine).order_by(quarantine.c.id).limit(limit)
    if channel:
        query = query.where(quarantine.c.channel == channel)
    if run_id:
        query = query.where(quarantine.c.ingest_run_id == run_id)
    return [
        {
            "id": row.id,
            "channel": row.channel,
            "file": row.input_name,
            "row": row.row_number,
            "line": row.line_number,
            "field": row.field,
            "reason": row.reason,
            "errors": row.errors,
            "raw": row.raw,
            **_raw_bytes(row.raw, row.raw_bytes, row.encoding),
            "run_id": row.ingest_run_id,
            "created_at": iso(row.created_at),
        }
        for row in connection.execute(query)
    ]


def list_runs(connection: Connection, limit: int = 50) -> list[dict[str, Any]]:
    query = select(ingest_runs).order_by(ingest_runs.c.id.desc()).limit(limit)
    return [
        {
            "id": r.id,
            "channel": r.channel,
            "input": r.input_name,
            "status": r.status,
            "started_at": iso(r.started_at),
            "finished_at": iso(r.finished_at),
            "read": r.rows_read,
            "stored": r.rows_stored,
            "duplicates": r.rows_duplicate,
            "conflicts": r.rows_conflicting,
            "quarantined": r.rows_quarantined,
        }
        for r in connection.execute(query)
    ]
