"""Casework: what officers do inside a case (issue 15), beside the guard's ``cases``.

Contract between ``casework`` (the only writer) and oversight's expiry (which removes what
was derived from expired reports through casework's hook):

- ``case_promotions``: an alert promoted into a case, by whom, when and why; its reports
  became the case's material (``material_labels``), and how many stayed with another case.
- ``case_notes``: append-only; an edit is a new row with the same ``note_id`` and the next
  ``version`` (the old text stays).
- ``case_tasks``: a task with an assignee and a due date, open or done; an open task
  whose officer was taken off the case has no assignee until re-assigned (0036).
- ``case_attachments``: an uploaded file kept as a report (intake's ``case_attachment``
  channel, ``report_id``) with the file's bytes, type, size and SHA-256.
- ``case_events``: the case's timeline, one row per thing done (promoted, noted, task
  added or done, attached, exported; assigned, unassigned, handed over, closed,
  reopened), with the actor and a JSON detail.
- ``case_closings``: a closed case's outcome, reason, closing officer and time (0035).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from kizashi.store.tables import ID, UTCDateTime, metadata

case_promotions = Table(
    "case_promotions",
    metadata,
    Column("id", ID, primary_key=True),
    Column("case_id", ID, ForeignKey("cases.id"), nullable=False),
    Column("alert_id", ID, nullable=False, comment="no foreign key: an alert may expire"),
    Column("promoted_by", ID, ForeignKey("users.id"), nullable=False),
    Column("promoted_at", UTCDateTime(), nullable=False),
    Column("reason", Text, nullable=False),
    Column("reports", Integer, nullable=False, comment="reports labelled into the case"),
    Column("kept_elsewhere", Integer, nullable=False, comment="reports left with another case"),
    UniqueConstraint("case_id", "alert_id", name="uq_case_promotions_case_alert"),
)

case_notes = Table(
    "case_notes",
    metadata,
    Column("id", ID, primary_key=True),
    Column("case_id", ID, ForeignKey("cases.id"), nullable=False),
    Column("note_id", ID, nullable=False, comment="the note; its versions share it"),
    Column("version", Integer, nullable=False),
    Column("body", Text, nullable=False),
    Column("author_id", ID, ForeignKey("users.id"), nullable=False),
    Column("written_at", UTCDateTime(), nullable=False),
    UniqueConstraint("note_id", "version", name="uq_case_notes_note_version"),
    Index("ix_case_notes_case", "case_id"),
)

case_tasks = Table(
    "case_tasks",
    metadata,
    Column("id", ID, primary_key=True),
    Column("case_id", ID, ForeignKey("cases.id"), nullable=False),
    Column("title", Text, nullable=False),
    # None: an open task whose officer was taken off the case, to be re-assigned (0036).
    Column("assignee_id", ID, ForeignKey("users.id")),
    Column("due_on", Date, nullable=False, comment="a day in the installation's time zone"),
    Column("status", String(10), nullable=False, comment="open or done"),
    Column("created_by", ID, ForeignKey("users.id"), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("done_by", ID, ForeignKey("users.id")),
    Column("done_at", UTCDateTime()),
    Index("ix_case_tasks_case", "case_id"),
)

case_attachments = Table(
    "case_attachments",
    metadata,
    Column("id", ID, primary_key=True),
    Column("case_id", ID, ForeignKey("cases.id"), nullable=False),
    Column("report_id", ID, ForeignKey("reports.id"), nullable=False, unique=True),
    Column("filename", String(255), nullable=False),
    Column("media_type", String(100), nullable=False),
    Column("size_bytes", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("content", LargeBinary(), nullable=False),
    Column("attached_by", ID, ForeignKey("users.id"), nullable=False),
    Column("attached_at", UTCDateTime(), nullable=False),
    Index("ix_case_attachments_case", "case_id"),
)

case_events = Table(
    "case_events",
    metadata,
    Column("id", ID, primary_key=True),
    Column("case_id", ID, ForeignKey("cases.id"), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("at", UTCDateTime(), nullable=False),
    Column("actor_id", ID, ForeignKey("users.id"), nullable=False),
    Column("ref", String(100), comment="the alert, note, task, attachment or copy it is about"),
    Column("detail", JSON, nullable=False),
    Index("ix_case_events_case_at", "case_id", "at"),
)

# A closed case (migration 0035): its outcome (casework/data/outcomes.yaml, by id, with
# the list's version), the closing officer's reason, who and when. Reopening deletes the
# row; the timeline (``case_events``: closed, reopened) keeps every closing and reopening.
case_closings = Table(
    "case_closings",
    metadata,
    Column("case_id", ID, ForeignKey("cases.id"), primary_key=True),
    Column("outcome", String(40), nullable=False, comment="an id of outcomes.yaml"),
    Column("outcomes_version", Integer, nullable=False),
    Column("reason", Text, nullable=False),
    Column("closed_by", ID, ForeignKey("users.id"), nullable=False),
    Column("closed_at", UTCDateTime(), nullable=False),
)
