"""Intake: channel schemas, readers, grading, validation, idempotent ingest and quarantine."""
