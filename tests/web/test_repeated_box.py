"""The repeated-activity box (templates/_repeated.html) says, in the officer's language, which
repeat rule opened an alert, how many signals of which category within which window, each
signal counted (with its report), that it bypassed the threshold, and that it is a lead."""

from __future__ import annotations

from functools import partial

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from kizashi.api import create_app
from kizashi.clock import FixedClock
from kizashi.config import Settings
from kizashi.guard.identity import create_user
from kizashi.pipeline import Worker
from kizashi.store import alerts
from kizashi.web.explain import label
from kizashi.web.i18n import translate
from kizashi.web.render import environment
from tests.pipeline.helpers import NOW, history, lure
from tests.web.conftest import sign_in
from tests.web.seeding import FAST, PASSWORD


def _box(repeated: dict[str, object], score: float) -> str:
    """The box drawn in Japanese for an alert of ``score`` whose explanation holds ``repeated``."""
    t = partial(translate, lang="ja")
    return (
        environment()
        .get_template("_repeated.html")
        .render(
            a={"score": score, "explanation": {"threshold": 40.0, "repeated": repeated}},
            t=t,
            lang="ja",
            when=lambda value: str(value)[:10],
            label=lambda prefix, code: label(t, prefix, code),
        )
    )


def test_the_box_names_the_rule_the_count_and_every_lure_counted() -> None:
    counted = [
        {
            "report_id": f"r{n}",
            "category": "recruitment",
            "observed_at": f"2026-10-{n:02d}T12:00:00+00:00",
        }
        for n in (5, 8, 14)
    ]
    repeated = {
        "rule": "repeat-recruitment-lures",
        "categories": ["recruitment"],
        "count": 3,
        "min_count": 3,
        "window_days": 30.0,
        "counted": counted,
        "bypassed_threshold": True,
    }
    html = _box(repeated, 19.1)
    assert "同一の対象による闇バイト等の勧誘投稿の繰り返し" in html
    assert "<code>repeat-recruitment-lures</code>" in html
    assert "30日以内に犯罪への勧誘（闇バイト等）の検知 3件（規則は3件以上）" in html
    assert all(f'href="/ui/reports/r{n}"' in html for n in (5, 8, 14))
    assert "リスク 19.1 はしきい値 40 未満" in html
    assert "確認と判断は担当者が行います" in html
    assert "[repeated_" not in html and "[category_" not in html


def test_an_installations_own_repeat_rule_reads_as_its_id_not_a_missing_message() -> None:
    """urgent.yaml is data an installation edits: a rule the catalogue does not know showed
    ``[repeated_rule_…]``."""
    repeated = {
        "rule": "repeat-local-casings",
        "categories": ["prohibited_listing"],
        "count": 4,
        "min_count": 3,
        "window_days": 14.0,
        "counted": [],
        "bypassed_threshold": False,
    }
    html = _box(repeated, 55.0)
    assert "[repeated_rule_" not in html and "repeat-local-casings" in html


def test_signals_counted_that_have_since_expired_are_said() -> None:
    repeated = {
        "rule": "repeat-recruitment-lures",
        "categories": ["recruitment"],
        "count": 2,
        "min_count": 3,
        "window_days": 30.0,
        "counted": [],
        "expired_counted": 1,
        "bypassed_threshold": True,
    }
    html = _box(repeated, 20.0)
    assert "数えた検知のうち 1 件は保存期間の満了で消去済み" in html


def test_the_alert_page_and_the_queue_say_it_in_japanese(
    sqlite_engine: Engine, sqlite_settings: Settings
) -> None:
    """Three lures through the worker; the Tokuryu analyst's queue and the alert's page."""
    engine, settings = sqlite_engine, sqlite_settings
    history(engine, settings)
    worker = Worker(engine, settings, clock=FixedClock(NOW), hooks=(), name="test")
    for n, days in enumerate((20, 12, 3)):
        lure(engine, settings, n, days)
    assert worker.drain().parked == 0
    with engine.begin() as connection:
        create_user(
            connection, "tok", role="analyst", desk="tokuryu", password=PASSWORD, parameters=FAST
        )
        alert_id = connection.execute(select(alerts.c.id)).scalar_one()
    client = TestClient(
        create_app(settings, engine=engine, clock=FixedClock(NOW)), base_url="http://127.0.0.1"
    )
    sign_in(client, "tok")
    queue = client.get("/ui/alerts")
    assert alert_id in queue.text and "【繰り返し】" in queue.text
    page = client.get(f"/ui/alerts/{alert_id}")
    assert page.status_code == 200 and 'data-testid="repeated-box"' in page.text
    assert "同一の対象による闇バイト等の勧誘投稿の繰り返し" in page.text
    assert "検知 3件（規則は3件以上）" in page.text and "しきい値 40 未満" in page.text
    assert 'data-testid="urgent-box"' not in page.text  # a lead, not an urgent alert
