"""Response shapes of intake's HTTP routes (request bodies come from the channel specs)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from kizashi.http import FieldProblemOut, ProblemOut


class ItemOut(BaseModel):
    index: int = Field(description="0-based position of the item in the submitted batch.")
    status: Literal["stored", "duplicate", "rejected", "valid"] = Field(
        description="valid: fine, but not stored because another item rejected the batch."
    )
    id: str | None = Field(
        default=None, description="Report id (for a duplicate: the stored report's)."
    )
    problems: list[FieldProblemOut] = Field(default_factory=list)


class IngestOut(BaseModel):
    run_id: str
    channel: str
    received: int
    stored: int
    duplicates: int
    items: list[ItemOut]


class SingleIngestOut(BaseModel):
    id: str
    status: Literal["stored", "duplicate"]
    run_id: str


class BatchProblemOut(ProblemOut):
    items: list[ItemOut] = Field(
        default_factory=list, description="Per item of a rejected batch: what was wrong, or valid."
    )


class ProvenanceOut(BaseModel):
    source: str
    external_id: str
    received_at: str | None
    occurred_at: str | None
    reliability: str | None = Field(
        description="Source reliability, A (completely reliable) to F (cannot be judged); "
        "null for a partner, who is never told the police's grading (as in the portal)."
    )
    credibility: str | None = Field(
        description="Information credibility, 1 (confirmed) to 6 (cannot be judged); "
        "null for a partner."
    )
    handling_code: str | None = Field(description="The TLP handling code; null for a partner.")
    purpose: str | None = Field(
        description="What the report was collected for; null for a partner (the police's "
        "record, not the partner's submission)."
    )
    legal_basis: str | None = Field(description="The legal basis; null for a partner.")
    organisation: str | None = Field(
        description="The partner organisation that submitted it over the API or the portal; "
        "null for a report the police loaded from a file."
    )
    ingest_run_id: str | None = Field(
        description="The ingest run; null for a partner reading a report the police loaded "
        "from its file (the police's run)."
    )


class MentionOut(BaseModel):
    kind: str
    path: str
    value: str
    normalized: str
    qualifier: str | None
    quantity: float | None
    unit: str | None


class ReportSummaryOut(BaseModel):
    id: str
    channel: str
    schema_version: int
    provenance: ProvenanceOut
    language: str | None
    body: dict[str, Any]
    text: str


class CorrectionOut(BaseModel):
    id: str
    note: str = Field(description="The corrected statement.")
    field: str | None = Field(description="The field the note is about, if one.")
    reason: str | None = Field(description="Why the correction was made.")
    requested_by: str | None = Field(description="e.g. the subject-access request it answers.")
    author_id: str
    created_at: str


class ReportOut(ReportSummaryOut):
    raw: str | None = Field(
        description="The payload exactly as submitted. For a partner: only its own submission "
        "over the API or the portal; null for a report the police loaded from its file (the "
        "police's row may carry the grading they typed)."
    )
    raw_sha256: str | None = Field(description="SHA-256 of `raw`; null when `raw` is.")
    mentions: list[MentionOut] = Field(
        description="What the platform extracted from the text; empty for a partner."
    )
    corrections: list[CorrectionOut] = Field(
        default=[],
        description="Correction notes attached to the report (it is never changed); empty "
        "for a partner (the police's notes).",
    )


class ReportPageOut(BaseModel):
    items: list[ReportSummaryOut]
    next_after: str | None = Field(
        description="Pass as `after` to get the next page; null at the end."
    )


class ChannelOut(BaseModel):
    id: str
    version: int
    title: str
    description: str
    schema_id: str
    partner_may_submit: bool
