"""The command centre's pipeline page: lag per stage and the dead letters with their stage,
reason and attempts, each decided as its report for the officer (logged); retry puts a
letter back at the stage that failed, only when the officer may write its report."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

from fastapi.testclient import TestClient
from sqlalchemy import Engine, insert, select

from kizashi.guard.identity import create_user, label_material
from kizashi.store import entities, pipeline_queue, transaction
from kizashi.store.tables import audit_entries
from kizashi.store.tables_pipeline import pipeline_rescore
from tests.pipeline.helpers import park
from tests.web.conftest import csrf_of
from tests.web.seeding import DESK_B, DESK_MAIN, FAST, PASSWORD, Seeded


def _park(engine: Engine, now: datetime) -> tuple[str, str]:
    """Two dead letters: one routed to the analyst's desk, one to another desk."""
    with transaction(engine) as connection:
        mine, theirs = connection.execute(
            select(pipeline_queue.c.report_id).order_by(pipeline_queue.c.seq).limit(2)
        ).scalars()
        label_material(connection, "report", mine, desk=DESK_MAIN)
        label_material(connection, "report", theirs, desk=DESK_B)
        create_user(
            connection,
            "watch",
            role="command_centre",
            desk=DESK_MAIN,
            password=PASSWORD,
            parameters=FAST,
        )
    park(engine, mine, now)
    park(engine, theirs, now)
    return mine, theirs


def _shown(html: str) -> list[str]:
    return re.findall(r'data-report-id="([^"]+)" data-testid="dead-letter"', html)


def _state(engine: Engine, report_id: str) -> tuple[str, str, int]:
    with engine.connect() as connection:
        row = connection.execute(
            select(pipeline_queue.c.state, pipeline_queue.c.stage, pipeline_queue.c.attempts).where(
                pipeline_queue.c.report_id == report_id
            )
        ).one()
    return row.state, row.stage, row.attempts


def test_an_analyst_sees_and_retries_the_dead_letters_of_their_desk(
    engine: Engine, seeded: Seeded, as_user: Callable[[str], TestClient], now: datetime
) -> None:
    mine, theirs = _park(engine, now)
    client = as_user("analyst")
    page = client.get("/ui/pipeline")
    assert page.status_code == 200
    assert _shown(page.text) == [mine]  # the other desk's letter is left out, only counted
    assert 'data-testid="dead-hidden"' in page.text
    assert "名寄せ" in page.text and "ValueError: no reading for slot 2" in page.text
    assert 'data-testid="lag"' not in page.text  # the queue as a whole is the command centre's
    with engine.connect() as connection:
        logged = set(
            connection.execute(
                select(audit_entries.c.action, audit_entries.c.effect).where(
                    audit_entries.c.resource_id == mine
                )
            )
        )
    assert ("list", "allow") in logged

    refused = client.post(
        "/ui/pipeline/retry",
        data={"csrf": csrf_of(page.text), "one": theirs},
        follow_redirects=False,
    )
    assert refused.headers["location"] == "/ui/pipeline?error=refused"
    assert _state(engine, theirs)[0] == "failed"

    done = client.post(
        "/ui/pipeline/retry",
        data={"csrf": csrf_of(page.text), "one": mine},
        follow_redirects=False,
    )
    assert done.headers["location"] == "/ui/pipeline?done=1"
    assert _state(engine, mine) == ("pending", "resolve", 0)  # back where it failed
    after = client.get("/ui/pipeline?done=1")
    assert _shown(after.text) == [] and 'data-testid="done"' in after.text


def test_the_command_centre_sees_the_lag_and_a_partner_nothing(
    engine: Engine, seeded: Seeded, as_user: Callable[[str], TestClient], now: datetime
) -> None:
    mine, _ = _park(engine, now)
    page = as_user("watch").get("/ui/pipeline")
    assert 'data-testid="lag"' in page.text
    assert re.search(
        r'data-stage="resolve">.*?<td class="num">\d+</td>.*?<td class="num">2</td>',
        page.text,
        re.S,
    )
    assert _shown(page.text) == [mine]
    without_csrf = as_user("watch").post("/ui/pipeline/retry", data={"one": mine})
    assert without_csrf.status_code == 403 and _state(engine, mine)[0] == "failed"
    assert as_user("partner-otsuka").get("/ui/pipeline").status_code == 404


def _park_judgements(engine: Engine, now: datetime) -> tuple[str, str]:
    """Two analysts' judgements whose re-score was parked: one re-grouped an entity of the
    analyst's desk, the other one of another desk's."""
    with transaction(engine) as connection:
        mine, theirs = connection.execute(
            select(entities.c.id).order_by(entities.c.id).limit(2)
        ).scalars()
        label_material(connection, "entity", mine, desk=DESK_MAIN)
        label_material(connection, "entity", theirs, desk=DESK_B)
        for request, entity in (("judgement-mine", mine), ("judgement-theirs", theirs)):
            connection.execute(
                insert(pipeline_rescore).values(
                    report_id=request,
                    entity_id=entity,
                    attempts=5,
                    error=f"RuntimeError: entity {entity}: cannot be re-scored",
                    parked_at=now,
                )
            )
    return mine, theirs


def _judgements_shown(html: str) -> list[str]:
    return re.findall(r'data-request-id="([^"]+)" data-testid="parked-judgement"', html)


def _parked(engine: Engine, request_id: str) -> bool:
    with engine.connect() as connection:
        row = connection.execute(
            select(pipeline_rescore.c.parked_at).where(pipeline_rescore.c.report_id == request_id)
        ).one()
    return row.parked_at is not None


def test_parked_judgements_are_listed_with_their_reason_and_retried_behind_the_guard(
    engine: Engine, seeded: Seeded, as_user: Callable[[str], TestClient], now: datetime
) -> None:
    mine, theirs = _park_judgements(engine, now)
    client = as_user("analyst")
    page = client.get("/ui/pipeline")
    assert page.status_code == 200
    assert _judgements_shown(page.text) == ["judgement-mine"]  # the other desk's: counted only
    assert 'data-testid="judgements-hidden"' in page.text
    assert f"RuntimeError: entity {mine}: cannot be re-scored" in page.text
    assert theirs not in page.text
    assert "再採点が保留になった分析官の判断" in page.text
    with engine.connect() as connection:
        logged = set(
            connection.execute(
                select(audit_entries.c.action, audit_entries.c.effect).where(
                    audit_entries.c.resource_id == mine
                )
            )
        )
    assert ("list", "allow") in logged

    refused = client.post(
        "/ui/pipeline/retry",
        data={"csrf": csrf_of(page.text), "judgement": "judgement-theirs"},
        follow_redirects=False,
    )
    assert refused.headers["location"] == "/ui/pipeline?error=refused"
    assert _parked(engine, "judgement-theirs")
    done = client.post(
        "/ui/pipeline/retry",
        data={"csrf": csrf_of(page.text), "judgement": "judgement-mine"},
        follow_redirects=False,
    )
    assert done.headers["location"] == "/ui/pipeline?done=1"
    assert not _parked(engine, "judgement-mine")  # back for the worker's next pass
    after = client.get("/ui/pipeline?done=1")
    assert _judgements_shown(after.text) == []
    without_csrf = client.post("/ui/pipeline/retry", data={"judgement": "judgement-theirs"})
    assert without_csrf.status_code == 403
