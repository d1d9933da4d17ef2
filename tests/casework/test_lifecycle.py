"""Assign, hand over, close with an outcome, reopen: who may, what the file and the
timeline show, a closed case read-only, and retention running from the close."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from kizashi.casework import lifecycle
from kizashi.casework.domain import CaseClosedError
from kizashi.casework.outcomes import outcomes
from kizashi.errors import ForbiddenError, InputError, NotFoundError
from kizashi.guard.identity import create_user
from kizashi.store import transaction
from kizashi.store.tables_oversight import case_closures
from tests.casework.conftest import PURPOSE, World, audit_rows

CASE = "LO-2026-031"


def kinds(world: World) -> list[str]:
    found = world.work.file(world.user("lead"), CASE, PURPOSE)
    return [e["kind"] for e in found["timeline"]]


def test_the_lead_assigns_and_unassigns_with_reasons_on_the_timeline(world: World) -> None:
    lead = world.user("lead")
    names = lifecycle.assign_officer(world.work, lead, CASE, "kato", reason="応援", purpose=PURPOSE)
    assert names == ["ito", "kato", "sato"]
    names = lifecycle.unassign_officer(
        world.work, lead, CASE, "ito", reason="異動", purpose=PURPOSE
    )
    assert names == ["kato", "sato"]
    found = world.work.file(lead, CASE, PURPOSE)
    events = [e for e in found["timeline"] if e["kind"] in ("assigned", "unassigned")]
    assert [(e["kind"], e["detail"]["officer"], e["detail"]["reason"]) for e in events] == [
        ("assigned", "kato", "応援"),
        ("unassigned", "ito", "異動"),
    ]
    # ito, no longer on the case, no longer sees it.
    with pytest.raises(NotFoundError):
        world.work.file(world.user("ito"), CASE, PURPOSE)


def test_an_officer_may_not_assign_and_a_stranger_gets_not_found(world: World) -> None:
    with pytest.raises(ForbiddenError, match="MANAGE-5"):
        lifecycle.assign_officer(
            world.work, world.user("sato"), CASE, "kato", reason="応援", purpose=PURPOSE
        )
    with pytest.raises(NotFoundError):
        lifecycle.assign_officer(
            world.work, world.user("kato"), CASE, "kato", reason="応援", purpose=PURPOSE
        )
    refused = [r for r in audit_rows(world.work.engine) if r["effect"] == "deny"]
    assert {(r["resource_type"], r["purpose"]) for r in refused} == {
        ("case", PURPOSE),
        ("case_file", PURPOSE),
    }


def test_bad_officers_are_named(world: World) -> None:
    lead = world.user("lead")
    with pytest.raises(InputError, match="officer: other is not an officer of desk"):
        lifecycle.assign_officer(world.work, lead, CASE, "other", reason="応援", purpose=PURPOSE)
    with pytest.raises(InputError, match="officer: sato is assigned"):
        lifecycle.assign_officer(world.work, lead, CASE, "sato", reason="応援", purpose=PURPOSE)
    with pytest.raises(InputError, match="officer: no user named 'nobody'"):
        lifecycle.assign_officer(world.work, lead, CASE, "nobody", reason="応援", purpose=PURPOSE)
    with pytest.raises(InputError, match="reason"):
        lifecycle.assign_officer(world.work, lead, CASE, "kato", reason=" ", purpose=PURPOSE)
    lifecycle.unassign_officer(world.work, lead, CASE, "ito", reason="異動", purpose=PURPOSE)
    with pytest.raises(InputError, match="only officer"):
        lifecycle.unassign_officer(world.work, lead, CASE, "sato", reason="異動", purpose=PURPOSE)


def test_an_officer_hands_over_their_own_case_but_not_a_colleagues(world: World) -> None:
    sato = world.user("sato")
    names = lifecycle.hand_over_case(
        world.work,
        sato,
        CASE,
        from_officer="sato",
        to_officer="kato",
        reason="長期研修のため",
        purpose=PURPOSE,
    )
    assert names == ["ito", "kato"]
    with pytest.raises(ForbiddenError, match="MANAGE-5"):
        lifecycle.hand_over_case(
            world.work,
            world.user("ito"),
            CASE,
            from_officer="kato",
            to_officer="sato",
            reason="勝手に",
            purpose=PURPOSE,
        )
    event = [
        e
        for e in world.work.file(world.user("lead"), CASE, PURPOSE)["timeline"]
        if e["kind"] == "handed_over"
    ]
    assert [(e["actor"], e["detail"]["from"], e["detail"]["to"]) for e in event] == [
        ("sato", "sato", "kato")
    ]
    with pytest.raises(InputError, match="to_officer: ito is assigned"):
        lifecycle.hand_over_case(
            world.work,
            world.user("lead"),
            CASE,
            from_officer="kato",
            to_officer="ito",
            reason="再配置",
            purpose=PURPOSE,
        )


def test_an_officers_own_hand_over_is_logged_as_the_write_it_is(world: World) -> None:
    """Before: an officer handing over their own case left only the read of its file in the
    access log, while the lead's hand-over of someone's case is logged as a write (MANAGE-2
    on the case). The officer's own is a write of the case file (CASE-1)."""
    sato, lead = world.user("sato"), world.user("lead")
    lifecycle.hand_over_case(
        world.work,
        sato,
        CASE,
        from_officer="sato",
        to_officer="kato",
        reason="長期研修のため",
        purpose=PURPOSE,
    )
    lifecycle.hand_over_case(
        world.work,
        lead,
        CASE,
        from_officer="ito",
        to_officer="sato",
        reason="再配置",
        purpose=PURPOSE,
    )
    rows = sorted(audit_rows(world.work.engine), key=lambda r: r["seq"])
    by = {
        who.id: [
            (r["action"], r["resource_type"], r["effect"]) for r in rows if r["actor"] == who.id
        ]
        for who in (sato, lead)
    }
    assert by[sato.id][-2:] == [("read", "case_file", "allow"), ("write", "case_file", "allow")]
    assert by[lead.id][-2:] == [("read", "case_file", "allow"), ("write", "case", "allow")]
    own = [r for r in rows if r["actor"] == sato.id and r["action"] == "write"]
    assert [(r["purpose"], r["resource_id"]) for r in own] == [
        (PURPOSE, world.work.case(lead, CASE, "read", PURPOSE).id)
    ]


def test_closing_needs_the_lead_an_outcome_a_summary_and_no_open_tasks(world: World) -> None:
    lead, sato = world.user("lead"), world.user("sato")
    task = world.work.add_task(
        sato,
        CASE,
        title="防犯カメラ確認",
        assignee="ito",
        due_on=date(2026, 11, 30),
        purpose=PURPOSE,
    )
    summary = "被疑者を検挙し、地検に送致した。"
    with pytest.raises(ForbiddenError, match="MANAGE-5"):
        lifecycle.close_case(
            world.work, sato, CASE, outcome="warned", reason=summary, purpose=PURPOSE
        )
    with pytest.raises(InputError, match="outcome: 'solved' is not an outcome"):
        lifecycle.close_case(
            world.work, lead, CASE, outcome="solved", reason=summary, purpose=PURPOSE
        )
    with pytest.raises(InputError, match="reason: needs at least 10"):
        lifecycle.close_case(world.work, lead, CASE, outcome="warned", reason="済", purpose=PURPOSE)
    with pytest.raises(InputError, match="tasks: 1 task\\(s\\) still open: 防犯カメラ確認"):
        lifecycle.close_case(
            world.work, lead, CASE, outcome="arrested_referred", reason=summary, purpose=PURPOSE
        )
    world.clock.advance(timedelta(hours=2))
    done = lifecycle.close_case(
        world.work,
        lead,
        CASE,
        outcome="arrested_referred",
        reason=summary,
        purpose=PURPOSE,
        force=True,
    )
    assert done == {"status": "closed", "outcome": "arrested_referred", "cancelled_tasks": 1}
    found = world.work.file(sato, CASE, PURPOSE)
    assert found["status"] == "closed"
    closing = found["closing"]
    assert closing["outcome_label"] == "検挙・送致"
    assert closing["reason"] == summary
    assert closing["closed_by"] == "lead"
    assert closing["closed_at"] == world.clock()
    assert closing["outcomes_version"] == outcomes().version
    assert [t["status"] for t in found["tasks"] if t["id"] == task["id"]] == ["cancelled"]
    closed = [e for e in found["timeline"] if e["kind"] == "closed"]
    assert closed[0]["detail"]["cancelled_tasks"] == ["防犯カメラ確認"]
    # Retention of the case's material runs from the close (oversight's record).
    with world.work.engine.connect() as connection:
        row = connection.execute(select(case_closures)).one()
    assert row.closed_at == world.clock()


def test_a_closed_case_is_read_only_until_the_lead_reopens_it(world: World) -> None:
    lead, sato = world.user("lead"), world.user("sato")
    lifecycle.close_case(
        world.work,
        lead,
        CASE,
        outcome="no_threat",
        reason="嫌疑なしと判断。記録のみ。",
        purpose=PURPOSE,
    )
    with pytest.raises(CaseClosedError, match="is closed"):
        world.work.add_note(sato, CASE, "追記", PURPOSE)
    with pytest.raises(CaseClosedError):
        world.work.add_task(
            sato, CASE, title="x", assignee="ito", due_on=date(2026, 12, 1), purpose=PURPOSE
        )
    with pytest.raises(CaseClosedError):
        world.work.attach(sato, CASE, "memo.txt", "メモ".encode(), purpose=PURPOSE)
    with pytest.raises(CaseClosedError):
        world.work.promote(sato, world.alerts, case_ref=CASE, reason="同一人物", purpose=PURPOSE)
    with pytest.raises(CaseClosedError):
        lifecycle.assign_officer(world.work, lead, CASE, "kato", reason="応援", purpose=PURPOSE)
    with pytest.raises(CaseClosedError):
        lifecycle.close_case(
            world.work, lead, CASE, outcome="other", reason="二度目の終結です。", purpose=PURPOSE
        )
    # A stranger learns nothing of the closing: still the 404.
    with pytest.raises(NotFoundError):
        world.work.add_note(world.user("kato"), CASE, "追記", PURPOSE)
    with pytest.raises(ForbiddenError, match="MANAGE-5"):
        lifecycle.reopen_case(world.work, sato, CASE, reason="新証拠", purpose=PURPOSE)
    assert lifecycle.reopen_case(world.work, lead, CASE, reason="新証拠", purpose=PURPOSE) == {
        "status": "open"
    }
    world.work.add_note(sato, CASE, "再開後の追記", PURPOSE)
    found = world.work.file(sato, CASE, PURPOSE)
    assert found["status"] == "open" and found["closing"] is None
    assert [k for k in kinds(world) if k in ("closed", "reopened")] == ["closed", "reopened"]
    with world.work.engine.connect() as connection:
        assert connection.execute(select(case_closures)).first() is None
    with pytest.raises(InputError, match="case: LO-2026-031 is not closed"):
        lifecycle.reopen_case(world.work, lead, CASE, reason="新証拠", purpose=PURPOSE)


def test_a_command_centre_officer_of_the_desk_may_be_assigned(world: World) -> None:
    from kizashi.guard.identity import create_user
    from kizashi.store import transaction

    with transaction(world.work.engine) as connection:
        create_user(connection, "cc", role="command_centre", desk="lone-offender")
    names = lifecycle.assign_officer(
        world.work, world.user("lead"), CASE, "cc", reason="当直", purpose=PURPOSE
    )
    assert "cc" in names


SUMMARY = "警告の上、指導した。再発なし。"


def test_a_close_past_a_stale_check_is_refused_as_closed(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check that decides runs inside the closing transaction: a second close that got
    past the early check (as a concurrent one does) is CaseClosedError, not a key error."""
    lead = world.user("lead")
    monkeypatch.setattr(lifecycle, "_not_closed", lambda work, info: None)
    lifecycle.close_case(world.work, lead, CASE, outcome="warned", reason=SUMMARY, purpose=PURPOSE)
    with pytest.raises(CaseClosedError, match="closed: case LO-2026-031 is closed"):
        lifecycle.close_case(
            world.work, lead, CASE, outcome="warned", reason=SUMMARY, purpose=PURPOSE
        )
    with pytest.raises(CaseClosedError):
        lifecycle.assign_officer(world.work, lead, CASE, "kato", reason="応援", purpose=PURPOSE)
    assert kinds(world).count("closed") == 1


def _race(count: int, act: Callable[[], object]) -> list[str]:
    """Run `act` in `count` threads released together; each one's result or error name."""
    gate = threading.Barrier(count)
    results: list[str] = []

    def one() -> None:
        gate.wait()
        try:
            act()
            results.append("ok")
        except Exception as exc:  # the test sorts the outcomes
            results.append(type(exc).__name__)

    threads = [threading.Thread(target=one) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(results)


def test_of_concurrent_closes_and_reopens_one_wins(world: World) -> None:
    lead = world.user("lead")
    closes = _race(
        4,
        lambda: lifecycle.close_case(
            world.work, lead, CASE, outcome="warned", reason=SUMMARY, purpose=PURPOSE
        ),
    )
    assert closes == ["CaseClosedError"] * 3 + ["ok"]
    reopens = _race(
        4, lambda: lifecycle.reopen_case(world.work, lead, CASE, reason="新証拠", purpose=PURPOSE)
    )
    assert reopens == ["InputError"] * 3 + ["ok"]
    assert [k for k in kinds(world) if k in ("closed", "reopened")] == ["closed", "reopened"]


def test_oversight_and_casework_agree_a_case_is_closed(world: World) -> None:
    from kizashi.oversight.service import close_case as oversight_close

    with transaction(world.work.engine) as connection:
        create_user(connection, "adm", role="admin")
    admin, lead, sato = world.user("adm"), world.user("lead"), world.user("sato")
    oversight_close(world.work.guard, admin, CASE, reason="保存期間の起算")
    found = world.work.file(sato, CASE, PURPOSE)
    assert found["status"] == "closed"
    assert found["closing"]["outcome_label"] == "監督機能による終結（結果未記録）"
    with pytest.raises(CaseClosedError):
        world.work.add_note(sato, CASE, "追記", PURPOSE)
    with pytest.raises(CaseClosedError):
        lifecycle.close_case(
            world.work, lead, CASE, outcome="warned", reason=SUMMARY, purpose=PURPOSE
        )
    with pytest.raises(InputError, match="closed already"):
        oversight_close(world.work.guard, admin, CASE, reason="二度目")
    lifecycle.reopen_case(world.work, lead, CASE, reason="監督の終結を取消", purpose=PURPOSE)
    lifecycle.close_case(world.work, lead, CASE, outcome="warned", reason=SUMMARY, purpose=PURPOSE)
    # After casework's close, oversight's close-case is the same clear refusal.
    with pytest.raises(InputError, match="case: LO-2026-031 is closed already"):
        oversight_close(world.work.guard, admin, CASE, reason="保存期間の起算")


def _disable(world: World, name: str) -> None:
    from sqlalchemy import update

    from kizashi.store.tables import users

    with transaction(world.work.engine) as connection:
        connection.execute(update(users).where(users.c.name == name).values(active=False))


def test_a_disabled_officer_is_neither_assigned_nor_handed_a_case(world: World) -> None:
    from kizashi.casework.domain import InactiveOfficerError

    _disable(world, "kato")
    lead, sato = world.user("lead"), world.user("sato")
    with pytest.raises(InactiveOfficerError, match="officer: kato's account is disabled") as got:
        lifecycle.assign_officer(world.work, lead, CASE, "kato", reason="応援", purpose=PURPOSE)
    assert got.value.status == 409
    for who in (lead, sato):  # the lead handing over, and the officer their own case
        with pytest.raises(InactiveOfficerError, match="to_officer: kato's account is disabled"):
            lifecycle.hand_over_case(
                world.work,
                who,
                CASE,
                from_officer="sato",
                to_officer="kato",
                reason="異動",
                purpose=PURPOSE,
            )
    assert world.work.file(lead, CASE, PURPOSE)["assigned"] == ["ito", "sato"]
    # A disabled officer already on the case may still be taken off it, or handed from.
    _disable(world, "ito")
    names = lifecycle.unassign_officer(
        world.work, lead, CASE, "ito", reason="退職", purpose=PURPOSE
    )
    assert names == ["sato"]


def test_a_hand_over_takes_the_outgoing_officers_open_tasks_to_the_new_officer(
    world: World,
) -> None:
    sato, lead = world.user("sato"), world.user("lead")
    due = date(2026, 11, 10)
    mine = world.work.add_task(
        sato, CASE, title="防犯カメラ映像の確認", assignee="sato", due_on=due, purpose=PURPOSE
    )
    done = world.work.add_task(
        sato, CASE, title="現場写真の整理", assignee="sato", due_on=due, purpose=PURPOSE
    )
    world.work.finish_task(sato, CASE, done["id"], PURPOSE)
    theirs = world.work.add_task(
        sato, CASE, title="関係者への聴取", assignee="ito", due_on=due, purpose=PURPOSE
    )
    lifecycle.hand_over_case(
        world.work,
        sato,
        CASE,
        from_officer="sato",
        to_officer="kato",
        reason="長期研修のため",
        purpose=PURPOSE,
    )
    found = world.work.file(lead, CASE, PURPOSE)
    by_id = {t["id"]: t for t in found["tasks"]}
    assert by_id[mine["id"]]["assignee"] == "kato"  # open: goes with the case
    assert by_id[done["id"]]["assignee"] == "sato"  # done: stays who did it
    assert by_id[theirs["id"]]["assignee"] == "ito"  # another officer's: untouched
    event = next(e for e in found["timeline"] if e["kind"] == "handed_over")
    assert event["detail"]["tasks"] == [{"id": mine["id"], "title": "防犯カメラ映像の確認"}]
    # The new officer works the task they were handed.
    world.work.finish_task(world.user("kato"), CASE, mine["id"], PURPOSE)


def test_unassign_leaves_the_officers_open_tasks_unassigned_for_re_assignment(
    world: World,
) -> None:
    """Before: an officer taken off a case kept its open tasks, held by someone who no longer
    sees the case. Now they lose their assignee (listed for re-assignment, and the
    ``unassigned`` event says which); done tasks keep who did them; another officer's are
    untouched; someone on the case gives the task to an officer again."""
    sato, lead = world.user("sato"), world.user("lead")
    due = date(2026, 11, 10)
    left = world.work.add_task(
        sato, CASE, title="関係者への聴取", assignee="ito", due_on=due, purpose=PURPOSE
    )
    done = world.work.add_task(
        sato, CASE, title="現場写真の整理", assignee="ito", due_on=due, purpose=PURPOSE
    )
    world.work.finish_task(world.user("ito"), CASE, done["id"], PURPOSE)
    mine = world.work.add_task(
        sato, CASE, title="防犯カメラ映像の確認", assignee="sato", due_on=due, purpose=PURPOSE
    )
    lifecycle.unassign_officer(world.work, lead, CASE, "ito", reason="異動", purpose=PURPOSE)
    found = world.work.file(lead, CASE, PURPOSE)
    by_id = {t["id"]: t for t in found["tasks"]}
    assert by_id[left["id"]]["assignee"] is None  # open: to be re-assigned
    assert by_id[left["id"]]["status"] == "open"
    assert by_id[done["id"]]["assignee"] == "ito"  # done: stays who did it
    assert by_id[mine["id"]]["assignee"] == "sato"  # another officer's: untouched
    event = next(e for e in found["timeline"] if e["kind"] == "unassigned")
    assert event["detail"]["tasks"] == [{"id": left["id"], "title": "関係者への聴取"}]
    # ito, off the case, cannot take it back; an officer on it gives it to a colleague.
    with pytest.raises(NotFoundError):
        lifecycle.assign_task(
            world.work, world.user("ito"), CASE, left["id"], "ito", reason="戻す", purpose=PURPOSE
        )
    with pytest.raises(InputError, match="assignee: ito is not assigned"):
        lifecycle.assign_task(
            world.work, sato, CASE, left["id"], "ito", reason="引継ぎ", purpose=PURPOSE
        )
    with pytest.raises(InputError, match="task: is done already"):
        lifecycle.assign_task(
            world.work, sato, CASE, done["id"], "sato", reason="再開", purpose=PURPOSE
        )
    given = lifecycle.assign_task(
        world.work, sato, CASE, left["id"], "sato", reason="聴取は私が担当", purpose=PURPOSE
    )
    assert given["assignee"] == "sato"
    found = world.work.file(lead, CASE, PURPOSE)
    assert {t["id"]: t["assignee"] for t in found["tasks"]}[left["id"]] == "sato"
    event = next(e for e in found["timeline"] if e["kind"] == "task_assigned")
    assert (event["actor"], event["detail"]["assignee"], event["detail"]["from"]) == (
        "sato",
        "sato",
        None,
    )
    world.work.finish_task(sato, CASE, left["id"], PURPOSE)


def test_a_done_task_is_not_given_again_and_an_unknown_task_is_named_first(world: World) -> None:
    """Review of mend19: the re-assignment updated the task by id only, so one racing a
    "mark done" (PostgreSQL, read before the other committed) gave the done task a new
    assignee and a ``task_assigned`` event. The store now gives only an open task (nothing
    written otherwise), and "mark done" locks the case as the re-assignment does. An
    unknown task is a 404 before an unknown assignee's 400."""
    from kizashi.casework import repository as repo
    from kizashi.store.tables_casework import case_tasks

    sato = world.user("sato")
    task = world.work.add_task(
        sato, CASE, title="現場写真の整理", assignee="sato", due_on=date(2026, 11, 10),
        purpose=PURPOSE,
    )  # fmt: skip
    world.work.finish_task(sato, CASE, task["id"], PURPOSE)
    ito = world.user("ito")
    with transaction(world.work.engine) as connection:
        # as the racing re-assignment would, having read the task open before
        assert repo.give_task(connection, task["id"], ito.id) is False
        held = connection.execute(
            select(case_tasks.c.assignee_id, case_tasks.c.status).where(
                case_tasks.c.id == task["id"]
            )
        ).one()
    assert (str(held.assignee_id), held.status) == (sato.id, "done")
    # The task's state before the reason: a done task is done already, whatever the reason.
    for reason in ("", "担当替え"):
        with pytest.raises(InputError, match=r"^task: is done already$"):
            lifecycle.assign_task(
                world.work, sato, CASE, task["id"], "sato", reason=reason, purpose=PURPOSE
            )
    with pytest.raises(NotFoundError):
        lifecycle.assign_task(
            world.work, sato, CASE, "00000000-0000-4000-8000-000000000000", "nobody",
            reason="", purpose=PURPOSE,
        )  # fmt: skip


def test_the_service_holds_no_user_facing_words() -> None:
    """Casework's page words are the web catalogue's, its data's words its labels.yaml:
    no Japanese string is written into the service's code (docstrings and comments aside)."""
    import ast
    from pathlib import Path

    from kizashi.casework import service

    tree = ast.parse(Path(service.__file__).read_text("utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    words = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and not node.value.isascii()
    ]
    assert words == []


def test_a_case_only_oversight_closed_is_labelled_from_casework_s_words(world: World) -> None:
    from kizashi.casework.outcomes import labels, outcome_labels

    word = labels()["outcome_oversight_closure"]
    assert outcome_labels("oversight_closure") == (word["ja"], word["en"])
    assert outcome_labels("warned") == ("警告・指導", outcomes().get("warned").en)  # type: ignore[union-attr]
    assert outcome_labels("dropped_later") == ("dropped_later", "dropped_later")


def _meanwhile(monkeypatch: pytest.MonkeyPatch, act: Callable[[], object]) -> None:
    """Run `act` (another request, on its own connection, committed) once, just before the
    next write takes the case's lock: after every check the write made before its
    transaction, as a concurrent request lands. Deterministic: no threads, no timing."""
    from kizashi.casework import repository

    real = repository.lock_case
    armed = [True]

    def lock_case(connection: object, case_id: str) -> None:
        if armed[0]:
            armed[0] = False
            act()
        real(connection, case_id)  # type: ignore[arg-type]

    monkeypatch.setattr(repository, "lock_case", lock_case)


def test_a_task_for_an_officer_handed_off_meanwhile_is_refused_under_the_lock(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hand-over moves the outgoing officer's open tasks under the case's lock; a task
    added for that officer while it runs is decided under the same lock, so it is never
    left with someone off the case."""
    sato, lead = world.user("sato"), world.user("lead")
    _meanwhile(
        monkeypatch,
        lambda: lifecycle.hand_over_case(
            world.work,
            lead,
            CASE,
            from_officer="ito",
            to_officer="kato",
            reason="異動",
            purpose=PURPOSE,
        ),
    )
    with pytest.raises(InputError, match="assignee: ito is not assigned to case"):
        world.work.add_task(
            sato, CASE, title="関係者への聴取", assignee="ito", due_on="2026-11-10", purpose=PURPOSE
        )
    found = world.work.file(lead, CASE, PURPOSE)
    assert found["assigned"] == ["kato", "sato"]
    assert [t["assignee"] for t in found["tasks"]] == []


def test_a_task_is_not_given_to_a_disabled_account(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kizashi.casework.domain import InactiveOfficerError

    sato = world.user("sato")
    _disable(world, "ito")
    with pytest.raises(InactiveOfficerError, match="assignee: ito's account is disabled"):
        world.work.add_task(
            sato, CASE, title="聴取", assignee="ito", due_on="2026-11-10", purpose=PURPOSE
        )
    _meanwhile(monkeypatch, lambda: _disable(world, "sato"))  # disabled after the check
    with pytest.raises(InactiveOfficerError, match="assignee: sato's account is disabled"):
        world.work.add_task(
            sato, CASE, title="聴取", assignee="sato", due_on="2026-11-10", purpose=PURPOSE
        )


def test_assign_and_hand_over_decide_the_officers_again_under_the_lock(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The officers and their accounts are read again after the case's lock: a concurrent
    ``users disable``, or another hand-over of the same officer, is not written past."""
    from kizashi.casework.domain import InactiveOfficerError

    lead, sato = world.user("lead"), world.user("sato")
    _meanwhile(monkeypatch, lambda: _disable(world, "kato"))
    with pytest.raises(InactiveOfficerError, match="officer: kato's account is disabled"):
        lifecycle.assign_officer(world.work, lead, CASE, "kato", reason="応援", purpose=PURPOSE)
    with transaction(world.work.engine) as connection:
        create_user(connection, "kudo", role="analyst", desk="lone-offender")
        create_user(connection, "mori", role="analyst", desk="lone-offender")
    _meanwhile(
        monkeypatch,
        lambda: lifecycle.hand_over_case(
            world.work,
            lead,
            CASE,
            from_officer="sato",
            to_officer="kudo",
            reason="異動",
            purpose=PURPOSE,
        ),
    )
    with pytest.raises(InputError, match="from_officer: sato is not assigned to case"):
        lifecycle.hand_over_case(
            world.work,
            sato,
            CASE,
            from_officer="sato",
            to_officer="mori",
            reason="研修",
            purpose=PURPOSE,
        )
    _meanwhile(monkeypatch, lambda: _disable(world, "mori"))
    with pytest.raises(InactiveOfficerError, match="to_officer: mori's account is disabled"):
        lifecycle.hand_over_case(
            world.work,
            lead,
            CASE,
            from_officer="ito",
            to_officer="mori",
            reason="異動",
            purpose=PURPOSE,
        )
    assert world.work.file(lead, CASE, PURPOSE)["assigned"] == ["ito", "kudo"]


def test_a_disabled_user_of_another_desk_is_refused_for_the_desk(world: World) -> None:
    """Enabling the account would not make them eligible: the desk is the refusal."""
    _disable(world, "other")
    with pytest.raises(InputError, match="officer: other is not an officer of desk") as got:
        lifecycle.assign_officer(
            world.work, world.user("lead"), CASE, "other", reason="応援", purpose=PURPOSE
        )
    assert got.value.status != 409


def test_a_reason_s_crlf_newlines_count_as_one_character(world: World) -> None:
    """As a browser's textarea counts them (a form sends each newline as CRLF)."""
    from kizashi.casework.domain import MAX_REASON_CHARS

    lead = world.user("lead")
    lines = ["あ" * 99] * 20  # 1,980 characters and 19 newlines: 1,999 (2,018 on the wire)
    reason = "\r\n".join(lines)
    assert len(reason.replace("\r\n", "\n")) == MAX_REASON_CHARS - 1
    names = lifecycle.assign_officer(world.work, lead, CASE, "kato", reason=reason, purpose=PURPOSE)
    assert "kato" in names
    event = next(
        e for e in world.work.file(lead, CASE, PURPOSE)["timeline"] if e["kind"] == "assigned"
    )
    assert event["detail"]["reason"] == "\n".join(lines)


def test_giving_a_task_to_an_officer_needs_a_reason_kept_on_the_timeline(world: World) -> None:
    """Before mend20 a task was re-assigned with no reason, where every other hand-over of
    work in casework (assign, unassign, hand over, promote, reopen) asks for one. The reason
    is bounded as the others (MIN_REASON_CHARS to MAX_REASON_CHARS), refused naming
    ``reason`` with nothing written, kept in the ``task_assigned`` event and returned; the
    step is logged as the write of the case's file it is, with the purpose, as the others."""
    from kizashi.casework.domain import MAX_REASON_CHARS, MIN_REASON_CHARS

    sato, lead = world.user("sato"), world.user("lead")
    task = world.work.add_task(
        sato, CASE, title="関係者への聴取", assignee="ito", due_on=date(2026, 11, 10),
        purpose=PURPOSE,
    )  # fmt: skip
    lifecycle.unassign_officer(world.work, lead, CASE, "ito", reason="異動", purpose=PURPOSE)
    for bad in ("", " ", "x" * (MIN_REASON_CHARS - 1), "x" * (MAX_REASON_CHARS + 1)):
        with pytest.raises(InputError, match=r"^reason: "):
            lifecycle.assign_task(
                world.work, sato, CASE, task["id"], "sato", reason=bad, purpose=PURPOSE
            )
    found = world.work.file(lead, CASE, PURPOSE)
    assert [t["assignee"] for t in found["tasks"] if t["id"] == task["id"]] == [None]
    assert not [e for e in found["timeline"] if e["kind"] == "task_assigned"]
    start = max(r["seq"] for r in audit_rows(world.work.engine))
    given = lifecycle.assign_task(
        world.work,
        sato,
        CASE,
        task["id"],
        "sato",
        reason=" 伊藤の異動により引継ぎ \r\n",
        purpose=PURPOSE,
    )
    assert given == {
        "id": task["id"],
        "title": "関係者への聴取",
        "assignee": "sato",
        "status": "open",
        "reason": "伊藤の異動により引継ぎ",
    }
    found = world.work.file(lead, CASE, PURPOSE)
    event = next(e for e in found["timeline"] if e["kind"] == "task_assigned")
    assert event["detail"]["reason"] == "伊藤の異動により引継ぎ"
    assert event["detail"]["title"] == "関係者への聴取" and event["actor"] == "sato"
    steps = [
        (r["action"], r["resource_type"], r["effect"], r["purpose"])
        for r in sorted(audit_rows(world.work.engine), key=lambda r: r["seq"])
        if r["seq"] > start and r["actor"] == sato.id
    ]
    assert ("write", "case_file", "allow", PURPOSE) in steps
