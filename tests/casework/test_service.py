"""Casework through the guard: promote, notes, tasks, attachments, the file, refusals."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from kizashi.errors import ForbiddenError, InputError, NotFoundError
from kizashi.guard.identity import get_case
from kizashi.intake import get_report
from kizashi.store.tables import material_labels
from tests.casework.conftest import PURPOSE, World, audit_rows

CASE = "LO-2026-031"


def test_promoting_alerts_makes_their_reports_case_material_with_who_when_why(
    world: World,
) -> None:
    sato = world.user("sato")
    done = world.work.promote(
        sato, world.alerts, case_ref=CASE, reason="同一人物の連続した目撃", purpose=PURPOSE
    )
    assert done.alerts == world.alerts and done.reports == 2 and done.kept_elsewhere == 0
    with world.work.engine.connect() as connection:
        case_id = get_case(connection, CASE).id
        labelled = {
            (r.resource_type, r.resource_id)
            for r in connection.execute(
                select(material_labels).where(material_labels.c.case_id == case_id)
            )
        }
    assert {("report", r) for r in world.reports} <= labelled
    assert {("alert", a) for a in world.alerts} <= labelled
    found = world.work.file(sato, CASE, PURPOSE)
    assert [p["alert_id"] for p in found["promotions"]] == world.alerts
    assert found["promotions"][0]["reason"] == "同一人物の連続した目撃"
    assert found["promotions"][0]["promoted_at"] == world.clock()
    kinds = [e["kind"] for e in found["timeline"]]
    assert kinds == ["promoted", "promoted"]
    assert found["timeline"][0]["actor"] == "sato"
    # promoting again changes nothing and says so
    again = world.work.promote(
        sato, world.alerts[:1], case_ref=CASE, reason="再度の編入", purpose=PURPOSE
    )
    assert again.alerts == [] and again.already == world.alerts[:1]


def test_case_material_is_now_need_to_know(world: World) -> None:
    world.work.promote(
        world.user("sato"), world.alerts, case_ref=CASE, reason="同一人物", purpose=PURPOSE
    )
    # kato is on the desk but not on the case: the report is no longer theirs to read
    resource = world.work.guard.load("report", world.reports[0])
    assert not world.work.guard.decide(world.user("kato"), "read", resource, PURPOSE).allowed
    assert world.work.guard.decide(world.user("ito"), "read", resource, PURPOSE).allowed


def test_a_new_case_is_opened_by_the_desk_lead_who_is_assigned_to_it(world: World) -> None:
    lead = world.user("lead")
    done = world.work.promote(
        lead,
        world.alerts[:1],
        new_case_ref="LO-2026-040",
        title="新事案",
        reason="要捜査",
        purpose=PURPOSE,
    )
    assert done.created and done.case_ref == "LO-2026-040"
    with world.work.engine.connect() as connection:
        assert lead.id in get_case(connection, "LO-2026-040").assigned
    with pytest.raises(ForbiddenError, match="MANAGE-5"):
        world.work.promote(
            world.user("sato"),
            world.alerts[1:],
            new_case_ref="LO-2026-041",
            reason="要捜査",
            purpose=PURPOSE,
        )


def test_an_officer_not_on_the_case_gets_not_found_like_a_missing_case(world: World) -> None:
    for name in ("kato", "other"):
        with pytest.raises(NotFoundError):
            world.work.file(world.user(name), CASE, PURPOSE)
        with pytest.raises(NotFoundError):
            world.work.add_note(world.user(name), CASE, "x", PURPOSE)
    with pytest.raises(NotFoundError):
        world.work.file(world.user("kato"), "NO-SUCH", PURPOSE)
    # the refusals are in the audit log, as denials of the case's file
    denied = [
        r
        for r in audit_rows(world.work.engine)
        if r["resource_type"] == "case_file" and r["effect"] == "deny"
    ]
    assert len(denied) == 5
    # the desk lead reads it without being assigned
    assert world.work.file(world.user("lead"), CASE, PURPOSE)["case"]["ref"] == CASE


def test_another_desks_alert_cannot_be_promoted(world: World) -> None:
    with pytest.raises(NotFoundError):
        world.work.promote(
            world.user("other"), world.alerts, case_ref=CASE, reason="同一人物", purpose=PURPOSE
        )


def test_notes_are_append_only_an_edit_is_a_new_version(world: World) -> None:
    sato, ito = world.user("sato"), world.user("ito")
    first = world.work.add_note(sato, CASE, "初動: 車庫を確認", PURPOSE)
    world.clock.advance(timedelta(hours=1))
    world.work.edit_note(ito, CASE, first["note_id"], "初動: 車庫と車両を確認", PURPOSE)
    notes = world.work.file(sato, CASE, PURPOSE)["notes"]
    assert len(notes) == 1
    assert notes[0]["body"] == "初動: 車庫と車両を確認" and notes[0]["version"] == 2
    assert [(v["version"], v["body"], v["author"]) for v in notes[0]["versions"]] == [
        (1, "初動: 車庫を確認", "sato"),
        (2, "初動: 車庫と車両を確認", "ito"),
    ]
    with pytest.raises(NotFoundError):
        world.work.edit_note(sato, CASE, "no-such-note", "x", PURPOSE)
    with pytest.raises(InputError, match="body: is required"):
        world.work.add_note(sato, CASE, "   ", PURPOSE)


def test_a_task_is_overdue_once_its_day_has_passed_by_the_injected_clock(world: World) -> None:
    sato = world.user("sato")
    today = world.clock().astimezone(world.work.settings.tz).date()
    task = world.work.add_task(
        sato, CASE, title="車両照会", assignee="ito", due_on=today, purpose=PURPOSE
    )
    assert not world.work.file(sato, CASE, PURPOSE)["tasks"][0]["overdue"]
    world.clock.advance(timedelta(days=1))
    assert world.work.file(sato, CASE, PURPOSE)["tasks"][0]["overdue"]
    world.work.finish_task(world.user("ito"), CASE, task["id"], PURPOSE)
    found = world.work.file(sato, CASE, PURPOSE)
    assert found["tasks"][0]["status"] == "done" and not found["tasks"][0]["overdue"]
    assert [e["kind"] for e in found["timeline"]] == ["task", "task_done"]
    with pytest.raises(InputError, match="assignee: kato is not assigned"):
        world.work.add_task(sato, CASE, title="x", assignee="kato", due_on=today, purpose=PURPOSE)
    with pytest.raises(InputError, match="due_on"):
        world.work.add_task(sato, CASE, title="x", assignee="ito", due_on="明日", purpose=PURPOSE)
    assert isinstance(found["tasks"][0]["due_on"], date)


def test_an_attachment_is_a_report_with_provenance(world: World) -> None:
    sato = world.user("sato")
    content = "押収品目録\n金属パイプ 3本\n".encode()
    made = world.work.attach(sato, CASE, "../目録.txt", content, purpose=PURPOSE, reason="押収")
    assert made["filename"] == "目録.txt" and made["media_type"] == "text/plain"
    with world.work.engine.connect() as connection:
        report = get_report(connection, made["report_id"])
    assert report is not None and report["channel"] == "case_attachment"
    assert report["provenance"]["source"] == "principal:sato"
    assert report["body"]["sha256"] == made["sha256"]
    assert "金属パイプ" in report["text"]
    data, media, name = world.work.attachment(sato, CASE, made["id"], PURPOSE)
    assert data == content and media == "text/plain" and name == "目録.txt"
    with pytest.raises(NotFoundError):
        world.work.attachment(world.user("kato"), CASE, made["id"], PURPOSE)
    with pytest.raises(InputError, match="attached to this case already"):
        world.work.attach(sato, CASE, "目録.txt", content, purpose=PURPOSE)
    kinds = [e["kind"] for e in world.work.file(sato, CASE, PURPOSE)["timeline"]]
    assert kinds == ["attached"]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("a.exe", b"MZ\x90\x00", "not kept"),
        ("a.pdf", b"not a pdf", "is not application/pdf"),
        ("a.png", b"%PDF-1.7\n", "is not image/png"),
        ("a.txt", b"\xff\xfe\x00bad", "must be UTF-8"),
        ("a.txt", b"", "is empty"),
        ("a.txt", b"x" * (5 * 1024 * 1024 + 1), "at most"),
        ("", b"x", "no usable name"),
    ],
)
def test_bad_files_are_refused_with_the_reason_and_nothing_is_written(
    world: World, name: str, content: bytes, reason: str
) -> None:
    with pytest.raises(InputError, match=f"file: .*{reason}"):
        world.work.attach(world.user("sato"), CASE, name, content, purpose=PURPOSE)
    assert world.work.file(world.user("sato"), CASE, PURPOSE)["attachments"] == []


def test_expiry_takes_an_attachments_bytes_and_its_name(world: World) -> None:
    from sqlalchemy import select as select_

    from kizashi.casework.expiry import forget_reports
    from kizashi.store import reports, transaction
    from kizashi.store.tables_casework import case_attachments

    sato = world.user("sato")
    made = world.work.attach(sato, CASE, "山田メモ.txt", "メモ".encode(), purpose=PURPOSE)
    expired = select_(reports.c.id).where(reports.c.id == made["report_id"])
    with transaction(world.work.engine) as connection:
        assert forget_reports(connection, expired, world.clock()) == {"attachments": 1}
        assert connection.execute(select_(case_attachments)).first() is None
    event = world.work.file(sato, CASE, PURPOSE)["timeline"][0]
    assert event["kind"] == "attached" and "filename" not in event["detail"]
    assert event["detail"]["report_id"] == made["report_id"]
