from __future__ import annotations

import re
from datetime import UTC, datetime

import orjson
from sqlalchemy import Engine, func, insert, select

from kizashi.ids import new_id
from kizashi.store.tables import audit_entries, users
from kizashi.store.tables_guard import insider_alerts
from tests.web.conftest import csrf_of
from tests.web.seeding import Seeded


def test_inspection_shows_accesses_and_a_verified_proof(as_user, seeded: Seeded) -> None:  # type: ignore[no-untyped-def]
    as_user("analyst").get(f"/ui/alerts/{seeded.main_alert}")
    client = as_user("inspector")
    page = client.get("/ui/inspection")
    assert page.status_code == 200 and 'data-testid="insider"' in page.text
    seq = re.search(r'href="/ui/inspection/audit/(\d+)"', page.text).group(1)  # type: ignore[union-attr]
    entry = client.get(f"/ui/inspection/audit/{seq}")
    assert entry.status_code == 200
    assert 'data-testid="proof-verified" class="ok"' in entry.text and "kizashi/audit" in entry.text
    assert client.get("/ui/inspection/audit/999999999").status_code == 404


def test_inspection_is_for_inspection(as_user) -> None:  # type: ignore[no-untyped-def]
    for name in ("analyst", "lead-a"):
        client = as_user(name)
        assert client.get("/ui/inspection").status_code == 404
        assert client.get("/ui/inspection/audit/0").status_code == 404


def _insider_alert(engine: Engine, about: str, now: datetime) -> str:
    alert_id = new_id()
    with engine.begin() as connection:
        user_id = connection.execute(select(users.c.id).where(users.c.name == about)).scalar()
        connection.execute(
            insert(insider_alerts).values(
                id=alert_id,
                user_id=user_id,
                day=now.date().isoformat(),
                raised_at=now,
                score=0.93,
                peer_group="desk:lone-offender",
                rules=[],
                features=[],
                explanation="looked up 40 subjects outside their cases\nz-score 6.1 on reads",
                status="new",
                run_id=new_id(),
                created_at=now,
            )
        )
    return alert_id


def test_insider_alerts_come_from_the_guard_queue(as_user, engine: Engine, now: datetime) -> None:  # type: ignore[no-untyped-def]
    alert_id = _insider_alert(engine, "analyst", now)
    client = as_user("inspector")
    page = client.get("/ui/inspection")
    assert f'href="/ui/inspection/insider/{alert_id}"' in page.text
    assert "looked up 40 subjects outside their cases" in page.text
    one = client.get(f"/ui/inspection/insider/{alert_id}")
    assert one.status_code == 200 and "z-score 6.1 on reads" in one.text
    # Anyone else: the same 404 as for an alert that does not exist.
    analyst = as_user("analyst")
    assert analyst.get(f"/ui/inspection/insider/{alert_id}").status_code == 404
    with engine.connect() as connection:
        reads = connection.execute(
            select(audit_entries.c.actor, audit_entries.c.effect).where(
                audit_entries.c.resource_type == "insider_alert",
                audit_entries.c.resource_id == alert_id,
            )
        ).all()
    assert {r.effect for r in reads} == {"allow", "deny"}


def test_the_decisions_of_one_page_share_its_request_id(
    as_user, engine: Engine, seeded: Seeded
) -> None:  # type: ignore[no-untyped-def]
    client = as_user("analyst")

    def requests_since(seq: int) -> list[str]:
        with engine.connect() as connection:
            rows = connection.execute(
                select(audit_entries.c.leaf).where(audit_entries.c.seq > seq)
            ).all()
        return [orjson.loads(r.leaf).get("context", {}).get("request", "") for r in rows]

    def last_seq() -> int:
        with engine.connect() as connection:
            return int(connection.execute(select(func.max(audit_entries.c.seq))).scalar() or 0)

    before = last_seq()
    first = client.get("/ui/")
    middle = last_seq()
    second = client.get(f"/ui/alerts/{seeded.main_alert}")
    ids_first, ids_second = requests_since(before)[: middle - before], requests_since(middle)
    assert ids_first and ids_second
    assert set(ids_first) == {first.headers["X-Request-Id"]}
    assert set(ids_second) == {second.headers["X-Request-Id"]}
    assert first.headers["X-Request-Id"] != second.headers["X-Request-Id"]


def test_the_inspection_desk_acknowledges_assigns_and_closes_an_insider_alert(  # type: ignore[no-untyped-def]
    as_user, engine: Engine, now: datetime
) -> None:
    alert_id = _insider_alert(engine, "analyst", now)
    client = as_user("inspector")
    page = client.get(f"/ui/inspection/insider/{alert_id}")
    assert 'data-testid="insider-review"' in page.text
    token = csrf_of(page.text)
    url = f"/ui/inspection/insider/{alert_id}/review"
    steps = [
        {"step": "acknowledge", "reason": "seen, looking into it"},
        {"step": "assign", "reason": "to the inspector", "assignee": "inspector"},
        {"step": "dismiss", "reason": "the lookups were for an assigned case"},
    ]
    for form in steps:
        done = client.post(url, data={**form, "csrf": token})
        assert done.status_code == 200, (form, done.text[:400])
        assert 'data-testid="insider-done"' in done.text  # the redirect says what was recorded
    closed = client.get(f"/ui/inspection/insider/{alert_id}")
    assert 'data-testid="insider-review"' not in closed.text  # closed: no more steps
    history = re.search(r'data-testid="insider-history">(.*?)</ul>', closed.text, re.S)
    assert history and "the lookups were for an assigned case" in history.group(1)
    with engine.connect() as connection:
        status = connection.execute(
            select(insider_alerts.c.status).where(insider_alerts.c.id == alert_id)
        ).scalar_one()
    assert status == "dismissed"
    # The page's error and status are the review's own, never taken from the address.
    spoofed = client.get(f"/ui/inspection/insider/{alert_id}?error=forged&status=500")
    assert spoofed.status_code != 500 and "forged" not in spoofed.text


def test_an_insider_alerts_times_are_shown_in_local_time_with_the_zone(  # type: ignore[no-untyped-def]
    as_user, engine: Engine, now: datetime
) -> None:
    """Before: the explanation's lines carried the insider room's UTC ISO times
    (2026-10-21T12:36:00+00:00) on a page whose own times are local."""
    alert_id = _insider_alert(engine, "analyst", now)
    with engine.begin() as connection:
        connection.execute(
            insider_alerts.update()
            .where(insider_alerts.c.id == alert_id)
            .values(
                explanation="read 40 subjects, first at 2026-10-21T12:36:00+00:00",
                explanation_ja="2026-10-21T12:36:00+00:00 から 40 件の対象を閲覧 (audit-3)",
            )
        )
    client = as_user("inspector")
    for address in (f"/ui/inspection/insider/{alert_id}", "/ui/inspection"):
        text = client.get(address).text
        assert "2026-10-21T12:36" not in text, address
        assert "2026-10-21 21:36 JST" in text, address
    one = client.get(f"/ui/inspection/insider/{alert_id}").text
    assert 'href="/ui/inspection/audit/3"' in one  # audit references stay linked


def test_a_number_beyond_any_audit_entry_is_a_clear_refusal(as_user) -> None:  # type: ignore[no-untyped-def]
    client = as_user("inspector")
    huge = 2**64  # typed into the address bar: no store holds such a number
    assert client.get(f"/ui/inspection?before={huge}").status_code == 422
    assert client.get(f"/ui/inspection/audit/{huge}").status_code in (404, 422)


def test_a_sign_in_entry_opens_although_its_context_names_no_user(  # type: ignore[no-untyped-def]
    as_user, engine: Engine
) -> None:
    """Before: a sign-in's leaf (context: address and terminal only) was a server error."""
    client = as_user("inspector")  # signing in writes the entry
    with engine.connect() as connection:
        rows = connection.execute(select(audit_entries.c.seq, audit_entries.c.leaf)).all()
    seq, leaf = next(
        (seq, orjson.loads(leaf)) for seq, leaf in rows if orjson.loads(leaf)["action"] == "sign_in"
    )
    assert "user" not in leaf["context"]
    entry = client.get(f"/ui/inspection/audit/{seq}")
    assert entry.status_code == 200
    assert 'data-testid="proof-verified" class="ok"' in entry.text


def test_the_inspection_desk_lands_on_its_own_pages_and_is_refused_nothing(  # type: ignore[no-untyped-def]
    as_user, engine: Engine
) -> None:
    """Before: its home was the dashboard, whose counts are material it never reads
    (CONTENT-1): seventeen audited refusals a visit on the demo, each one counted as a
    refusal by insider analytics; its menu offered a queue, pipeline, share pages and a
    search that could only refuse it."""
    client = as_user("inspector")
    with engine.connect() as connection:
        before = connection.execute(select(func.max(audit_entries.c.seq))).scalar_one()
    landing = client.get("/ui/", follow_redirects=False)
    assert landing.status_code == 303 and landing.headers["location"] == "/ui/inspection"
    home = client.get("/ui/inspection")
    assert home.status_code == 200
    assert (
        'data-testid="nav-inspection"' in home.text and 'data-testid="nav-oversight"' in home.text
    )
    for refused_only in (
        'href="/ui/alerts"',
        'href="/ui/share"',
        'data-testid="search-box"',
        'data-testid="live-alerts"',  # the page's live queue opened the stream on every page
    ):
        assert refused_only not in home.text
    # The stream itself, asked for directly: no desk decided, so no refusal per desk.
    with client.stream("GET", "/ui/alerts/stream?timeout=1") as response:
        assert response.status_code == 200
        b"".join(response.iter_bytes())
    with engine.connect() as connection:
        leaves = connection.execute(
            select(audit_entries.c.leaf).where(audit_entries.c.seq > before)
        ).scalars()
        effects = [orjson.loads(leaf)["decision"]["effect"] for leaf in leaves]
    assert effects and "deny" not in effects


def test_the_audit_log_names_what_was_read_in_the_inspectors_words(as_user, seeded: Seeded) -> None:  # type: ignore[no-untyped-def]
    """Before: the resource's type was the log's own code (``alert desk:tokuryu``)."""
    as_user("analyst").get(f"/ui/alerts/{seeded.main_alert}")
    client = as_user("inspector")
    page = client.get("/ui/inspection")
    assert f'<td>アラート <code class="small">{seeded.main_alert}</code></td>' in page.text
    seq = re.search(r'href="/ui/inspection/audit/(\d+)"', page.text).group(1)  # type: ignore[union-attr]
    entry = client.get(f"/ui/inspection/audit/{seq}").text
    resource = re.search(r"<dt>対象資料</dt><dd>(.*?)</dd>", entry)
    assert resource is not None and not resource.group(1).startswith(("alert ", "report "))


def test_the_insider_queue_lists_each_explanation_in_the_readers_language(  # type: ignore[no-untyped-def]
    as_user, engine: Engine, now: datetime
) -> None:
    """Before: /ui/inspection, a Japanese page, listed the English explanation's first lines
    although the alert's own page puts the Japanese explanation first."""
    alert_id = _insider_alert(engine, "analyst", now)
    with engine.begin() as connection:
        connection.execute(
            insider_alerts.update()
            .where(insider_alerts.c.id == alert_id)
            .values(explanation_ja="担当外の事件の対象者を 40 件照会\n閲覧のzスコア 6.1")
        )
    client = as_user("inspector")
    listed = client.get("/ui/inspection").text
    assert "担当外の事件の対象者を 40 件照会" in listed
    assert "looked up 40 subjects outside their cases" not in listed
    client.post("/ui/lang", data={"lang": "en", "csrf": csrf_of(listed), "back": "/ui/inspection"})
    listed_en = client.get("/ui/inspection").text
    assert "looked up 40 subjects outside their cases" in listed_en
    assert "担当外の事件の対象者を 40 件照会" not in listed_en


def test_a_refused_review_step_is_said_in_the_readers_language(  # type: ignore[no-untyped-def]
    as_user, engine: Engine, now: datetime
) -> None:
    """qa18: the Japanese page showed the service's English (「to dismiss an insider alert,
    give a reason」); nothing is recorded."""
    alert_id = _insider_alert(engine, "analyst", now)
    client = as_user("inspector")
    token = csrf_of(client.get(f"/ui/inspection/insider/{alert_id}").text)
    url = f"/ui/inspection/insider/{alert_id}/review"
    for form, said in (
        ({"step": "dismiss"}, "問題なしとするには理由を書いてください。"),
        ({"step": "confirm"}, "不正と確認するには理由を書いてください。"),
        ({"step": "suppress", "reason": "休暇"}, "停止には、これから先の停止期限が必要です。"),
        ({"step": "suppress", "reason": "休暇", "until": "来月"}, "停止期限を日時として読めません"),
        ({"step": "assign", "assignee": "analyst"}, "analyst はこの兆候の対象の職員です。"),
        ({"step": "assign", "assignee": "lead-a"}, "lead-a は監察の在職職員ではありません。"),
        ({"step": "assign", "assignee": "nobody"}, "「nobody」という職員はいません。"),
    ):
        refused = client.post(url, data={**form, "csrf": token})
        assert refused.status_code == 422, form
        error = re.search(r'data-testid="insider-error">([^<]*)<', refused.text)
        assert error and said in error.group(1), (form, error and error.group(1))
        assert not re.search(r"[a-z]{3,} [a-z]{3,}", error.group(1)), error.group(1)
    with engine.connect() as connection:
        status = connection.execute(
            select(insider_alerts.c.status).where(insider_alerts.c.id == alert_id)
        ).scalar_one()
    assert status == "new"


def test_the_pages_expiry_is_the_readers_wall_time(  # type: ignore[no-untyped-def]
    as_user, engine: Engine, now: datetime, settings
) -> None:
    """The form's datetime-local is the installation's wall time (before: taken as UTC, so
    a suppression until 00:00 in Tokyo ran to 09:00)."""
    from datetime import timedelta

    from kizashi.store.tables_guard import insider_suppressions

    alert_id = _insider_alert(engine, "analyst", now)
    client = as_user("inspector")
    token = csrf_of(client.get(f"/ui/inspection/insider/{alert_id}").text)
    wall = (now.astimezone(settings.tz) + timedelta(days=3)).replace(second=0, microsecond=0)
    done = client.post(
        f"/ui/inspection/insider/{alert_id}/review",
        data={
            "step": "suppress",
            "reason": "休暇中の照会",
            "until": wall.strftime("%Y-%m-%dT%H:%M"),
            "csrf": token,
        },
    )
    assert done.status_code == 200 and 'data-testid="insider-done"' in done.text
    with engine.connect() as connection:
        until = connection.execute(
            select(insider_suppressions.c.until).where(insider_suppressions.c.alert_id == alert_id)
        ).scalar_one()
    if until.tzinfo is None:  # SQLite keeps UTC without its offset
        until = until.replace(tzinfo=UTC)
    assert until == wall
