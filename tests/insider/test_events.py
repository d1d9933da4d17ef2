"""The audit-entry adapter: access events read from the guard's own log."""

from __future__ import annotations

from datetime import UTC, datetime

from kizashi.guard import AuditEntry
from kizashi.insider.events import AccessEvent, from_audit_entries, from_audit_entry


def test_an_audit_entry_maps_to_an_access_event() -> None:
    when = datetime(2025, 4, 1, 1, 30, tzinfo=UTC)
    entry = AuditEntry(
        actor="u042",
        action="export",
        resource_type="surveillance_media",
        resource_id="M-77",
        purpose="investigation",
        effect="allow",
        personal={"subject_name": "山田太郎"},
        context={
            "device": "T-u042-1",
            "case_id": "C-1",
            "subject_id": "S-5",
            "assigned": False,
            "count": 12,
        },
        time=when,
    )
    got = from_audit_entry(entry, 7)
    assert got == AccessEvent(
        "audit-7",
        when,
        "u042",
        "T-u042-1",
        "export",
        "surveillance_media",
        "C-1",
        "S-5",
        False,
        True,
        "investigation",
        12,
    )


def test_denials_are_kept_and_non_access_entries_are_skipped() -> None:
    when = datetime(2025, 4, 1, tzinfo=UTC)
    entries = [
        AuditEntry(
            "u1",
            "read",
            "case",
            "C-9",
            "investigation",
            "deny",
            time=when,
            context={"terminal": "T-9"},
        ),
        AuditEntry("u1", "write", "case", "C-9", "investigation", "allow", time=when),
        AuditEntry("u1", "decide", "case", "C-9", "investigation", "allow", time=when),
    ]
    events = from_audit_entries(entries)
    assert len(events) == 1
    assert events[0].allowed is False
    assert events[0].case_id == "C-9" and events[0].device == "T-9"
    assert events[0].kind == ""  # "case" is not a kind analytics knows


def test_a_json_round_trip_keeps_every_field() -> None:
    e = AccessEvent(
        "e1",
        datetime(2025, 4, 1, tzinfo=UTC),
        "u1",
        "T",
        "print",
        "raid_plan",
        "C",
        "S",
        True,
        False,
        "court_preparation",
        3,
    )
    assert AccessEvent.from_json(e.to_json()) == e
