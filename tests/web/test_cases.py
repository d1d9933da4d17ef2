"""Casework in the command centre: promote from the alert page and the queue, then the
case's notes, tasks, attachments, timeline and its PDF (fingerprinted per recipient)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from kizashi.guard.identity import assign_case, create_case, create_user
from kizashi.store import transaction
from kizashi.store.tables import audit_entries
from kizashi.trace import is_pdf
from tests.web.conftest import csrf_of
from tests.web.seeding import DESK_MAIN, FAST, PASSWORD, Seeded

CASE = "2026-101"


def _case(engine: Engine) -> None:
    with transaction(engine) as connection:
        create_user(
            connection,
            "analyst-2",
            role="analyst",
            desk=DESK_MAIN,
            password=PASSWORD,
            parameters=FAST,
            display_name="analyst-2",
        )
        create_case(connection, CASE, desk=DESK_MAIN, title="演説会場への爆破予告")
        for name in ("analyst", "analyst-2"):
            assign_case(connection, CASE, name)


def _promoted(client: TestClient, seeded: Seeded) -> None:
    page = client.get(f"/ui/alerts/{seeded.main_alert}")
    assert 'data-testid="promote-form"' in page.text
    done = client.post(
        f"/ui/alerts/{seeded.main_alert}/promote",
        data={"case_ref": CASE, "reason": "同一人物による予告と購入", "csrf": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == f"/ui/cases/{CASE}?done=promoted"


def test_an_alert_promoted_from_its_page_becomes_case_material(
    as_user, seeded: Seeded, engine: Engine
) -> None:  # type: ignore[no-untyped-def]
    _case(engine)
    client = as_user("analyst")
    _promoted(client, seeded)
    page = client.get(f"/ui/cases/{CASE}?done=promoted")
    assert page.status_code == 200
    assert "アラートを事件に編入しました。" in page.text
    assert "同一人物による予告と購入" in page.text  # the why, in the alerts and the timeline
    assert "アラート編入" in page.text
    # The promoted alert is named in the reader's words: its category, not the code.
    promoted = re.search(r'data-testid="case-alerts">(.*?)</ul>', page.text, re.S)
    assert promoted is not None and "危害の予告（リスク 1.0）" in promoted.group(1)
    assert "threat" not in promoted.group(1)
    client.post("/ui/lang", data={"lang": "en", "csrf": csrf_of(page.text), "back": "/ui/"})
    english = client.get(f"/ui/cases/{CASE}").text
    promoted = re.search(r'data-testid="case-alerts">(.*?)</ul>', english, re.S)
    assert promoted is not None and "Threat (risk 1.0)" in promoted.group(1)
    # the desk's other officers no longer see it; a stranger gets the 404 of a missing case
    assert as_user("analyst-b").get(f"/ui/cases/{CASE}").status_code == 404


def test_notes_tasks_and_attachments_on_the_case_page(
    as_user, seeded: Seeded, engine: Engine, now: datetime
) -> None:  # type: ignore[no-untyped-def]
    _case(engine)
    client = as_user("analyst")
    page = client.get(f"/ui/cases/{CASE}")
    csrf = csrf_of(page.text)
    posted = client.post(f"/ui/cases/{CASE}/notes", data={"body": "現場確認済み", "csrf": csrf})
    assert posted.status_code == 200 and "メモを追加しました。" in posted.text
    assert "現場確認済み" in posted.text
    empty = client.post(f"/ui/cases/{CASE}/notes", data={"body": " ", "csrf": csrf})
    assert empty.status_code == 422 and "本文を入力してください" in empty.text
    task = client.post(
        f"/ui/cases/{CASE}/tasks",
        data={"title": "車両照会", "assignee": "analyst-2", "due_on": "2026-01-01", "csrf": csrf},
    )
    assert task.status_code == 200 and 'data-testid="task-overdue"' in task.text
    upload = client.post(
        f"/ui/cases/{CASE}/attachments",
        data={"csrf": csrf, "reason": "押収目録"},
        files={"file": ("目録.txt", "金属パイプ 3本".encode(), "text/plain")},
    )
    assert upload.status_code == 200 and "目録.txt" in upload.text
    refused = client.post(
        f"/ui/cases/{CASE}/attachments",
        data={"csrf": csrf},
        files={"file": ("x.exe", b"MZ\x00", "application/octet-stream")},
    )
    assert refused.status_code == 422 and "このファイルは受け付けられません" in refused.text


def test_the_case_pdf_is_a_fingerprinted_copy_for_the_named_recipient(
    as_user, seeded: Seeded, engine: Engine
) -> None:  # type: ignore[no-untyped-def]
    _case(engine)
    client = as_user("analyst")
    _promoted(client, seeded)
    page = client.get(f"/ui/cases/{CASE}")
    made = client.post(
        f"/ui/cases/{CASE}/report",
        data={"recipient": "analyst-2", "purpose": "捜査会議の資料", "csrf": csrf_of(page.text)},
    )
    assert made.status_code == 200 and made.headers["content-type"] == "application/pdf"
    assert is_pdf(made.content)
    copy = made.headers["x-kizashi-copy"]
    with engine.connect() as connection:
        logged = connection.execute(
            select(audit_entries.c.actor, audit_entries.c.purpose).where(
                audit_entries.c.resource_type == "copy", audit_entries.c.resource_id == copy
            )
        ).one()
    assert logged.purpose == "捜査会議の資料"
    stranger = client.post(
        f"/ui/cases/{CASE}/report",
        data={"recipient": "analyst-b", "purpose": "捜査会議の資料", "csrf": csrf_of(page.text)},
    )
    assert stranger.status_code == 422 and "交付先はこの資料を見られる人を" in stranger.text


def test_the_queue_merges_ticked_alerts_into_a_case(
    as_user, seeded: Seeded, engine: Engine
) -> None:  # type: ignore[no-untyped-def]
    _case(engine)
    client = as_user("analyst")
    queue = client.get("/ui/alerts")
    assert 'value="merge"' in queue.text
    merged = client.post(
        "/ui/alerts/bulk",
        data={
            "ids": [seeded.main_alert],
            "action": "merge",
            "case_ref": CASE,
            "reason": "同一事案",
            "csrf": csrf_of(queue.text),
        },
        follow_redirects=False,
    )
    assert merged.status_code == 303 and merged.headers["location"].startswith(f"/ui/cases/{CASE}")
    # a new case is the desk lead's to open
    refused = client.post(
        "/ui/alerts/bulk",
        data={
            "ids": [seeded.main_alert],
            "action": "merge",
            "case_ref": "2026-999",
            "reason": "同一事案",
            "csrf": csrf_of(queue.text),
        },
    )
    assert refused.status_code == 422 and "この操作は認められていません" in refused.text


def test_an_alert_report_is_a_fingerprinted_pdf_and_a_refused_recipient_is_said(
    as_user, seeded: Seeded, engine: Engine
) -> None:  # type: ignore[no-untyped-def]
    _case(engine)  # analyst-2 of the desk, analyst-b of another
    client = as_user("analyst")
    url = f"/ui/alerts/{seeded.main_alert}"
    page = client.get(url)
    made = client.post(
        f"{url}/report",
        data={"recipient": "analyst-2", "purpose": "捜査会議の資料", "csrf": csrf_of(page.text)},
    )
    assert made.status_code == 200 and is_pdf(made.content), re.sub(
        r"<[^>]+>", " ", made.text.split("<main", 1)[-1]
    )[:600]
    copy = made.headers["x-kizashi-copy"]
    assert made.headers["content-disposition"] == (
        f'attachment; filename="alert-{seeded.main_alert[:8]}-{copy[:8]}.pdf"'
    )
    stranger = client.post(
        f"{url}/report",
        data={"recipient": "analyst-b", "purpose": "捜査会議の資料", "csrf": csrf_of(page.text)},
    )
    assert stranger.status_code == 422 and "交付先はこの資料を見られる人を" in stranger.text
    assert f'href="{url}"' in stranger.text


def test_the_lead_assigns_and_closes_an_officer_hands_over_and_a_closed_case_is_read_only(
    as_user, seeded: Seeded, engine: Engine
) -> None:  # type: ignore[no-untyped-def]
    _case(engine)
    with transaction(engine) as connection:
        for name, role in (("lead-main", "desk_lead"), ("analyst-3", "analyst")):
            create_user(
                connection,
                name,
                role=role,
                desk=DESK_MAIN,
                password=PASSWORD,
                parameters=FAST,
                display_name=name,
            )
    officer = as_user("analyst")
    page = officer.get(f"/ui/cases/{CASE}")
    assert 'data-testid="case-hand-over"' in page.text
    assert 'data-testid="case-assign"' not in page.text  # the lead's, not the officer's
    assert 'data-testid="case-close"' not in page.text
    handed = officer.post(
        f"/ui/cases/{CASE}/officers",
        data={
            "action": "hand_over",
            "from_officer": "analyst",
            "to_officer": "analyst-3",
            "reason": "長期研修のため",
            "csrf": csrf_of(page.text),
        },
    )
    # The officer handed their own case over: it is no longer theirs to see, so the page
    # goes to their dashboard, not to the case (which would answer 404).
    assert handed.status_code == 200 and handed.url.path == "/ui/"
    lead = as_user("lead-main")
    page = lead.get(f"/ui/cases/{CASE}")
    assert "引継ぎ" in page.text and "analyst → analyst-3" in page.text
    csrf = csrf_of(page.text)
    refused = lead.post(
        f"/ui/cases/{CASE}/officers",
        data={"action": "assign", "officer": "analyst-b", "reason": "応援", "csrf": csrf},
    )
    assert (
        refused.status_code == 422 and "担当官はこのデスクの職員から選んでください" in refused.text
    )
    done = lead.post(
        f"/ui/cases/{CASE}/officers",
        data={"action": "assign", "officer": "analyst", "reason": "研修中止", "csrf": csrf},
    )
    assert done.status_code == 200 and "担当官を指定しました。" in done.text
    short = lead.post(
        f"/ui/cases/{CASE}/close", data={"outcome": "warned", "reason": "済", "csrf": csrf}
    )
    # The close form's summary has its own bounds (casework's constants), said as they are.
    assert (
        short.status_code == 422
        and "終結理由（要約）を10〜2000字で入力してください。" in short.text
    )
    assert "2字以上" not in short.text
    closed = lead.post(
        f"/ui/cases/{CASE}/close",
        data={
            "outcome": "handed_to_agency",
            "reason": "公安部へ引継ぎ、当デスクでは終結。",
            "csrf": csrf,
        },
    )
    assert closed.status_code == 200 and "事件を終結しました" in closed.text
    assert "関係機関へ引継ぎ" in closed.text and 'data-testid="case-reopen"' in closed.text
    # A second close (a stale form, a colleague's concurrent close): the page says why.
    again = lead.post(
        f"/ui/cases/{CASE}/close",
        data={"outcome": "warned", "reason": "警告の上、指導した。再発なし。", "csrf": csrf},
    )
    assert again.status_code == 422 and "この事件は終結しています" in again.text
    page = officer.get(f"/ui/cases/{CASE}")
    assert 'data-testid="note-body"' not in page.text  # read-only: no note form
    note = officer.post(
        f"/ui/cases/{CASE}/notes", data={"body": "追記", "csrf": csrf_of(page.text)}
    )
    assert note.status_code == 422 and "この事件は終結しています" in note.text
    reopened = lead.post(f"/ui/cases/{CASE}/reopen", data={"reason": "新証拠", "csrf": csrf})
    assert reopened.status_code == 200 and "事件を再開しました。" in reopened.text


def _lead_and_officers(engine: Engine) -> None:
    _case(engine)
    with transaction(engine) as connection:
        for name, role in (("lead-main", "desk_lead"), ("analyst-3", "analyst")):
            create_user(
                connection,
                name,
                role=role,
                desk=DESK_MAIN,
                password=PASSWORD,
                parameters=FAST,
                display_name=name,
            )


def test_a_disabled_officer_is_not_offered_and_refused_with_the_reason(
    as_user, seeded: Seeded, engine: Engine
) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import update

    from kizashi.store.tables import users

    _lead_and_officers(engine)
    lead = as_user("lead-main")
    offered = lead.get(f"/ui/cases/{CASE}").text
    assign_form = re.search(r'data-testid="case-assign">(.*?)</form>', offered, re.S)
    assert assign_form is not None and "<option>analyst-3</option>" in assign_form.group(1)
    with transaction(engine) as connection:
        connection.execute(update(users).where(users.c.name == "analyst-3").values(active=False))
    page = lead.get(f"/ui/cases/{CASE}")
    assign_form = re.search(r'data-testid="case-assign">(.*?)</form>', page.text, re.S)
    assert assign_form is not None and "analyst-3" not in assign_form.group(1)
    assert 'value="analyst-3"' not in page.text  # nor among the hand-over's choices
    refused = lead.post(
        f"/ui/cases/{CASE}/officers",
        data={
            "action": "assign",
            "officer": "analyst-3",
            "reason": "応援",
            "csrf": csrf_of(page.text),
        },
    )
    assert refused.status_code == 422
    assert "この職員のアカウントは無効です。" in refused.text


def test_a_reason_is_counted_as_the_textarea_counts_and_a_long_one_gets_the_bounds(
    as_user, seeded: Seeded, engine: Engine
) -> None:  # type: ignore[no-untyped-def]
    """A form sends a textarea's newlines as CRLF: 1,999 characters in 20 lines (2,018 on the
    wire) are within the bounds; 2,001 get the page's bounds message, not a generic 422."""
    _lead_and_officers(engine)
    lead = as_user("lead-main")
    csrf = csrf_of(lead.get(f"/ui/cases/{CASE}").text)
    reason = "\r\n".join(["あ" * 99] * 20)
    done = lead.post(
        f"/ui/cases/{CASE}/officers",
        data={"action": "assign", "officer": "analyst-3", "reason": reason, "csrf": csrf},
    )
    assert done.status_code == 200 and "担当官を指定しました。" in done.text
    long = lead.post(
        f"/ui/cases/{CASE}/officers",
        data={"action": "unassign", "officer": "analyst-3", "reason": "あ" * 2001, "csrf": csrf},
    )
    assert long.status_code == 422 and "理由を入力してください（2〜2000字）。" in long.text
    summary = lead.post(
        f"/ui/cases/{CASE}/close",
        data={"outcome": "warned", "reason": "あ" * 2001, "csrf": csrf},
    )
    assert summary.status_code == 422
    assert "終結理由（要約）を10〜2000字で入力してください。" in summary.text


def test_a_hand_over_says_the_tasks_it_moved_and_oversight_s_closure_is_the_page_s_words(
    as_user, seeded: Seeded, engine: Engine, now: datetime
) -> None:  # type: ignore[no-untyped-def]
    from kizashi.store.tables import cases
    from kizashi.store.tables_oversight import case_closures

    _lead_and_officers(engine)
    officer = as_user("analyst")
    page = officer.get(f"/ui/cases/{CASE}")
    csrf = csrf_of(page.text)
    officer.post(
        f"/ui/cases/{CASE}/tasks",
        data={
            "title": "防犯カメラ映像の確認",
            "assignee": "analyst",
            "due_on": "2026-11-10",
            "csrf": csrf,
        },
    )
    officer.post(
        f"/ui/cases/{CASE}/officers",
        data={
            "action": "hand_over",
            "from_officer": "analyst",
            "to_officer": "analyst-3",
            "reason": "長期研修のため",
            "csrf": csrf,
        },
    )
    page = as_user("analyst-3").get(f"/ui/cases/{CASE}")
    assert "analyst → analyst-3; 未了のタスク1件も引継ぎ" in page.text
    task = re.search(
        r'<tr data-testid="case-task"><td>防犯カメラ映像の確認</td><td>([^<]*)<', page.text
    )
    assert task is not None and task.group(1) == "analyst-3"
    with transaction(engine) as connection:  # as `kizashi oversight close-case` writes it
        case_id = connection.execute(select(cases.c.id).where(cases.c.ref == CASE)).scalar_one()
        connection.execute(
            case_closures.insert().values(
                case_id=case_id, closed_at=now, closed_by="oversight", reason="保存期間の起算"
            )
        )
    page = as_user("lead-main").get(f"/ui/cases/{CASE}")
    outcome = re.search(r'data-testid="case-outcome">(.*?)</strong>', page.text, re.S)
    assert outcome is not None and outcome.group(1) == "監督機能による終結（結果未記録）"


def test_the_oversight_closure_label_is_the_same_in_both_catalogues() -> None:
    from kizashi.casework.outcomes import labels
    from kizashi.web.i18n import catalogue

    assert catalogue()["case_outcome_oversight_closure"] == labels()["outcome_oversight_closure"]


def test_an_unassign_lists_the_officers_open_tasks_for_re_assignment_on_the_page(
    as_user, seeded: Seeded, engine: Engine
) -> None:  # type: ignore[no-untyped-def]
    """The lead takes analyst-2 off the case: their open task says 未割当（再割当待ち） with a
    form to give it to an officer on the case, and the timeline says the task was left."""
    _lead_and_officers(engine)
    officer = as_user("analyst")
    csrf = csrf_of(officer.get(f"/ui/cases/{CASE}").text)
    officer.post(
        f"/ui/cases/{CASE}/tasks",
        data={
            "title": "関係者への聴取",
            "assignee": "analyst-2",
            "due_on": "2026-11-10",
            "csrf": csrf,
        },
    )
    lead = as_user("lead-main")
    csrf = csrf_of(lead.get(f"/ui/cases/{CASE}").text)
    lead.post(
        f"/ui/cases/{CASE}/officers",
        data={"action": "unassign", "officer": "analyst-2", "reason": "異動", "csrf": csrf},
    )
    page = lead.get(f"/ui/cases/{CASE}")
    assert "(analyst-2; 未了のタスク1件は担当者なし（再割当待ち）)" in page.text
    row = re.search(
        r'<tr data-testid="case-task"><td>関係者への聴取</td>(.*?)</tr>', page.text, re.S
    )
    assert row is not None and 'data-testid="task-unassigned"' in row.group(1)
    action = re.search(r'action="(/ui/cases/[^"]+/assign)"', row.group(1))
    assert action is not None
    # Since mend20 the form asks a reason (bounded as the others); none is refused naming it.
    assert 'name="reason"' in row.group(1) and "required" in row.group(1)
    refused = lead.post(
        action.group(1),
        data={"assignee": "analyst", "csrf": csrf_of(page.text)},
        follow_redirects=True,
    )
    assert refused.status_code == 422
    assert "理由を入力してください（2〜2000字）。" in refused.text
    assert 'data-testid="task-unassigned"' in refused.text  # nothing was written
    answer = lead.post(
        action.group(1),
        data={"assignee": "analyst", "reason": "聴取は analyst が担当", "csrf": csrf_of(page.text)},
        follow_redirects=True,
    )
    assert "タスクの担当者を指定しました。" in answer.text
    row = re.search(r'<tr data-testid="case-task"><td>関係者への聴取</td><td>([^<]*)<', answer.text)
    assert row is not None and row.group(1) == "analyst"
    assert "タスク再割当 (関係者への聴取 → analyst) (聴取は analyst が担当)" in answer.text
    lead.post("/ui/lang", data={"lang": "en", "csrf": csrf_of(answer.text), "back": "/ui/"})
    english = lead.get(f"/ui/cases/{CASE}")
    assert "Task re-assigned (関係者への聴取 → analyst) (聴取は analyst が担当)" in english.text


def test_a_task_re_assignment_recorded_before_reasons_shows_as_before(
    as_user, seeded: Seeded, engine: Engine
) -> None:  # type: ignore[no-untyped-def]
    """Review of mend20: a ``task_assigned`` event written before mend20 has no reason; the
    timeline printed its title twice, ``(聴取 → sato) (聴取)``. It shows as before mend20,
    ``(assignee) (title)``; the title → assignee form is a reasoned event's, with its reason."""
    from kizashi.casework import repository as repo
    from kizashi.guard.identity import get_user
    from kizashi.store.tables import cases

    _case(engine)
    with transaction(engine) as connection:
        case_id = connection.execute(select(cases.c.id).where(cases.c.ref == CASE)).scalar_one()
        actor = get_user(connection, "analyst").id
        at = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
        detail = {"title": "聴取", "assignee": "analyst-2", "from": None}
        repo.event(connection, case_id, "task_assigned", actor, at, None, detail)
    page = as_user("analyst").get(f"/ui/cases/{CASE}").text
    line = re.search(r"<li>[^<]*タスク再割当[^<]*</li>", page)
    assert line is not None and line.group(0).endswith("タスク再割当 (analyst-2) (聴取)</li>")
