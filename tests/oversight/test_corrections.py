"""A correction note sits beside a report: the report stays byte-identical, its read model
(the API's report, the web page) shows the note, and the note is decided and audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from kizashi.errors import InputError, NotFoundError
from kizashi.guard.identity.service import create_user
from kizashi.intake import get_report
from kizashi.oversight.corrections import add_correction
from kizashi.store.tables import audit_entries, report_payloads, reports
from tests.oversight.conftest import World


def _rows(world: World, report_id: str) -> tuple[object, object]:
    with world.guard.engine.connect() as connection:
        row = connection.execute(select(reports).where(reports.c.id == report_id)).one()
        payload = connection.execute(
            select(report_payloads).where(report_payloads.c.report_id == report_id)
        ).one()
    return tuple(row), tuple(payload)


def test_a_correction_leaves_the_report_unchanged_and_shows_in_its_read_model(
    world: World,
) -> None:
    report_id = world.seeded.reports["note"]
    with world.guard.engine.begin() as connection:
        centre = create_user(connection, "cc-abe", role="command_centre", desk="lone-offender")
    before = _rows(world, report_id)
    note = add_correction(
        world.guard,
        centre,
        report_id,
        note="The pipe was a tent pole (confirmed on 2026-10-30).",
        reason="the officer's follow-up check",
        field="text",
        requested_by="SAR-2026-001",
    )
    assert _rows(world, report_id) == before
    with world.guard.engine.connect() as connection:
        shown = get_report(connection, report_id)
        entry = connection.execute(
            select(
                audit_entries.c.action, audit_entries.c.resource_id, audit_entries.c.effect
            ).where(audit_entries.c.seq == note["audit_seq"])
        ).one()
    assert shown is not None
    [correction] = shown["corrections"]
    assert correction["note"].startswith("The pipe was a tent pole")
    assert correction["reason"] == "the officer's follow-up check"
    assert correction["author_id"] == centre.id and correction["field"] == "text"
    assert correction["created_at"] == world.guard.now().isoformat()
    assert tuple(entry) == ("write", report_id, "allow")


def test_who_may_not_work_on_the_report_may_not_correct_it(world: World) -> None:
    report_id = world.seeded.reports["note"]
    # Oversight never works on material: the report is concealed from it (CONTENT-1).
    with pytest.raises(NotFoundError):
        add_correction(world.guard, world.users["overseer"], report_id, note="x", reason="y")
    with world.guard.engine.begin() as connection:
        centre = create_user(connection, "cc-abe", role="command_centre", desk="lone-offender")
    with pytest.raises(InputError, match="reason"):
        add_correction(world.guard, centre, report_id, note="x", reason=" ")
    with world.guard.engine.connect() as connection:
        shown = get_report(connection, report_id)
    assert shown is not None and shown["corrections"] == []
