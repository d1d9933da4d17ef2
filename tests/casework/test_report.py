"""The printed report: WeasyPrint PDF with Japanese text, issued through trace per recipient."""

from __future__ import annotations

import pypdfium2
import pytest
from sqlalchemy import select

from kizashi.casework import case_report, issue_alert_report, issue_case_report
from kizashi.errors import ForbiddenError, InputError, NotFoundError
from kizashi.store import trace_copies, trace_products
from kizashi.store.tables_casework import case_events
from kizashi.trace import is_pdf
from tests.casework.conftest import PURPOSE, World, audit_rows

CASE = "LO-2026-031"


def _text(data: bytes) -> str:
    document = pypdfium2.PdfDocument(data)
    try:
        return "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()


def _prepared(world: World) -> None:
    sato = world.user("sato")
    world.work.promote(
        sato, world.alerts, case_ref=CASE, reason="同一人物の連続目撃", purpose=PURPOSE
    )
    world.work.add_note(sato, CASE, "初動捜査: 車庫の賃借人を確認した。", PURPOSE)


def test_the_case_report_is_a_pdf_whose_japanese_text_can_be_read(world: World) -> None:
    _prepared(world)
    data, handling = case_report(world.work, world.user("sato"), CASE, purpose=PURPOSE, lang="ja")
    assert data.startswith(b"%PDF")
    text = _text(data)
    assert "事件報告書" in text and "LO-2026-031" in text
    assert "初動捜査: 車庫の賃借人を確認した。" in text
    assert "金属パイプ" in text  # the material's text
    assert handling == "TLP:AMBER"
    english = _text(
        case_report(world.work, world.user("sato"), CASE, purpose=PURPOSE, lang="en")[0]
    )
    assert "Case report" in english


def test_issuing_the_case_report_fingerprints_a_copy_for_the_recipient(world: World) -> None:
    _prepared(world)
    copy = issue_case_report(world.work, world.user("sato"), CASE, recipient="ito", purpose=PURPOSE)
    assert is_pdf(copy.content) and copy.recipient == "ito"
    engine = world.work.engine
    with engine.connect() as connection:
        row = connection.execute(
            select(trace_copies).where(trace_copies.c.id == copy.copy_id)
        ).one()
        product = connection.execute(
            select(trace_products.c.kind, trace_products.c.case_id).where(
                trace_products.c.id == row.product_id
            )
        ).one()
        exported = connection.execute(
            select(case_events.c.detail).where(case_events.c.kind == "exported")
        ).scalar_one()
    assert row.content_sha256 == copy.sha256 and product.kind == "pdf"
    assert exported["recipient"] == "ito" and exported["purpose"] == PURPOSE
    assert exported["audit_seq"] == copy.audit_seq
    issued = [r for r in audit_rows(engine) if r["resource_type"] == "copy"]
    assert [r["seq"] for r in issued] == [copy.audit_seq] and issued[0]["action"] == "export"
    timeline = world.work.file(world.user("sato"), CASE, PURPOSE)["timeline"]
    assert timeline[-1]["kind"] == "exported"


def test_a_recipient_not_on_the_case_gets_no_copy(world: World) -> None:
    _prepared(world)
    with pytest.raises(ForbiddenError, match="kato"):
        issue_case_report(world.work, world.user("sato"), CASE, recipient="kato", purpose=PURPOSE)
    with pytest.raises(NotFoundError):
        issue_case_report(world.work, world.user("kato"), CASE, recipient="sato", purpose=PURPOSE)
    with pytest.raises(InputError, match="purpose"):
        issue_case_report(world.work, world.user("sato"), CASE, recipient="ito", purpose="")


def test_an_alert_report_is_issued_through_trace(world: World) -> None:
    copy = issue_alert_report(
        world.work, world.user("kato"), world.alerts[0], recipient="sato", purpose=PURPOSE
    )
    assert is_pdf(copy.content) and copy.recipient == "sato"
    with pytest.raises(NotFoundError):
        issue_alert_report(
            world.work, world.user("other"), world.alerts[0], recipient="sato", purpose=PURPOSE
        )


def test_a_closed_cases_report_prints_its_outcome_summary_and_closing_officer(
    world: World,
) -> None:
    from kizashi.casework import close_case, hand_over_case

    _prepared(world)
    hand_over_case(
        world.work,
        world.user("ito"),
        CASE,
        from_officer="ito",
        to_officer="kato",
        reason="異動のため",
        purpose=PURPOSE,
    )
    close_case(
        world.work,
        world.user("lead"),
        CASE,
        outcome="arrested_referred",
        reason="被疑者を検挙し送致した。",
        purpose=PURPOSE,
    )
    data, _handling = case_report(world.work, world.user("sato"), CASE, purpose=PURPOSE, lang="ja")
    text = _text(data)
    assert "終結" in text and "検挙・送致" in text
    assert "被疑者を検挙し送致した。" in text
    assert "終結処理者" in text and "lead" in text
    assert "引継ぎ" in text and "ito → kato" in text


def test_a_task_re_assignment_recorded_before_reasons_prints_as_before(world: World) -> None:
    """Review of mend20: a ``task_assigned`` event written before mend20 has no reason; the
    PDF printed it ``title → assignee`` where it printed the title. It prints as before; a
    reasoned one prints ``title → assignee: reason``."""
    from datetime import UTC, datetime

    from kizashi.casework import repository as repo
    from kizashi.store import transaction
    from kizashi.store.tables import cases

    _prepared(world)
    sato = world.user("sato")
    with transaction(world.work.engine) as connection:
        case_id = connection.execute(select(cases.c.id).where(cases.c.ref == CASE)).scalar_one()
        at = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
        old = {"title": "旧聴取", "assignee": "ito", "from": None}
        repo.event(connection, case_id, "task_assigned", sato.id, at, None, old)
        new = {"title": "新聴取", "assignee": "ito", "from": None, "reason": "異動で引継ぎ"}
        repo.event(connection, case_id, "task_assigned", sato.id, at, None, new)
    data, _ = case_report(world.work, sato, CASE, purpose=PURPOSE, lang="ja")
    text = _text(data).replace("\r", "").replace("\n", "")
    assert "旧聴取" in text and "旧聴取 →" not in text
    assert "新聴取 → ito: 異動で引継ぎ" in text
